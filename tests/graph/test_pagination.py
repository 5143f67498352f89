"""Cursors and page arguments."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import ErrorCode, UserInputError
from graph.pagination import DEFAULT_PAGE_SIZE, PageRequest, decode_cursor, encode_cursor


@given(st.lists(st.text() | st.integers(), min_size=1, max_size=3))
def test_a_cursor_decodes_to_the_keys_it_was_made_of(keys: list[str | int]) -> None:
    assert decode_cursor(encode_cursor(*keys), len(keys)) == tuple(keys)


@pytest.mark.parametrize("cursor", ["", "not base64!", "bm90IGpzb24", encode_cursor("a", "b")])
def test_a_malformed_or_foreign_cursor_is_refused(cursor: str) -> None:
    with pytest.raises(UserInputError) as refused:
        decode_cursor(cursor, 1)
    assert refused.value.errors[0].code is ErrorCode.INVALID_CURSOR


def test_first_defaults_and_is_capped() -> None:
    assert PageRequest.parse(None, None, arity=1, maximum=100).first == DEFAULT_PAGE_SIZE
    assert PageRequest.parse(100, None, arity=1, maximum=100).limit == 101
    with pytest.raises(UserInputError) as refused:
        PageRequest.parse(101, None, arity=1, maximum=100)
    assert refused.value.errors[0].code is ErrorCode.PAGE_SIZE_EXCEEDED


def test_negative_first_is_refused() -> None:
    with pytest.raises(UserInputError) as refused:
        PageRequest.parse(-1, None, arity=1, maximum=100)
    assert refused.value.errors[0].code is ErrorCode.INVALID_INPUT
