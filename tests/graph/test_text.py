"""Name normalization and validation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph.errors import ErrorCode
from graph.text import MAX_NAME_LENGTH, color_errors, name_errors, normalize_color, normalize_name


def test_full_width_case_and_spaces_do_not_make_a_different_name() -> None:
    assert normalize_name("ＶＩＰ  客户 ") == normalize_name("vip 客户")


def test_different_chinese_names_stay_different() -> None:
    assert normalize_name("重要客户") != normalize_name("重点客户")


@given(st.text())
def test_normalization_is_idempotent(name: str) -> None:
    assert normalize_name(normalize_name(name)) == normalize_name(name)


def test_empty_and_over_long_names_are_errors() -> None:
    assert name_errors("   ", ("name",))[0].code is ErrorCode.INVALID_INPUT
    assert name_errors("客" * (MAX_NAME_LENGTH + 1), ("name",))[0].code is ErrorCode.NAME_TOO_LONG
    assert name_errors("客" * MAX_NAME_LENGTH, ("name",)) == []


def test_colours_are_hex_and_stored_in_long_upper_case_form() -> None:
    assert color_errors("#1e90ff", ("color",)) == []
    assert color_errors("red", ("color",))[0].code is ErrorCode.INVALID_COLOR
    assert color_errors("#12345", ("color",))[0].code is ErrorCode.INVALID_COLOR
    assert normalize_color("#abc") == "#AABBCC"
