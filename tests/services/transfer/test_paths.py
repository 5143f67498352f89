"""The tag path codec: formatted paths and cells of paths read back as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.transfer.paths import format_path, join_paths, parse_path, split_paths

# Names as the graph stores them: non-empty, no surrounding white space.
names = st.text(min_size=1, max_size=12).filter(lambda name: name == name.strip() and name != "")
paths = st.lists(names, min_size=1, max_size=5)


@given(paths)
def test_parse_path_reads_back_what_format_path_wrote(names: list[str]) -> None:
    assert parse_path(format_path(names)) == names


@given(st.lists(paths, max_size=6))
def test_a_cell_of_several_paths_reads_back_in_order(cell_paths: list[list[str]]) -> None:
    cell = join_paths([format_path(names) for names in cell_paths])
    assert [parse_path(path) for path in split_paths(cell)] == cell_paths


def test_separators_inside_names_are_escaped() -> None:
    assert format_path(["行为", "a/b", "c\\d"]) == "行为/a\\/b/c\\\\d"
    assert join_paths(["a;b", "c"]) == "a\\;b;c"


def test_a_path_with_an_empty_name_or_a_dangling_escape_is_refused() -> None:
    with pytest.raises(ValueError, match="empty name"):
        parse_path("行为//高频")
    with pytest.raises(ValueError, match="dangling"):
        parse_path("行为\\")
    with pytest.raises(ValueError, match="dangling"):
        split_paths("a;b\\")


def test_a_path_is_the_category_then_the_tags_from_the_root() -> None:
    assert format_path(["行为", "购买", "高频购买"]) == "行为/购买/高频购买"
    assert parse_path("行为 / 购买/高频购买") == ["行为", "购买", "高频购买"]
    assert format_path(["A/B", "C\\D"]) == "A\\/B/C\\\\D"


@pytest.mark.parametrize("text", ["", "a//b", "a/", "a\\"])
def test_empty_names_and_dangling_escapes_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"empty name|dangling"):
        parse_path(text)
