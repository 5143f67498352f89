"""The tag-path codec of import and export files: what is written reads back the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.transfer.paths import format_path, join_paths, parse_path, split_paths

# Names as the graph stores them: trimmed, not empty (clean_name); any character inside.
names = st.text(min_size=1, max_size=12).map(str.strip).filter(bool)
paths = st.lists(names, min_size=1, max_size=5)


@given(paths)
def test_parse_path_reads_back_every_formatted_path(path: list[str]) -> None:
    assert parse_path(format_path(path)) == path


@given(st.lists(paths, max_size=5))
def test_split_paths_reads_back_every_joined_cell(cell_paths: list[list[str]]) -> None:
    cell = join_paths([format_path(path) for path in cell_paths])
    assert [parse_path(text) for text in split_paths(cell)] == cell_paths


def test_a_path_is_the_category_then_the_tags_from_the_root() -> None:
    assert format_path(["行为", "购买", "高频购买"]) == "行为/购买/高频购买"
    assert parse_path("行为 / 购买/高频购买") == ["行为", "购买", "高频购买"]
    assert format_path(["A/B", "C\\D"]) == "A\\/B/C\\\\D"


@pytest.mark.parametrize("text", ["", "a//b", "a/", "a\\"])
def test_empty_names_and_dangling_escapes_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"empty name|dangling"):
        parse_path(text)
