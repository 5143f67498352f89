"""Customer fields packed by customer number read back exactly as they were put."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from setindex.profiles import TextColumn

texts = st.none() | st.text(max_size=12)


@given(st.lists(texts, max_size=30), st.lists(st.tuples(st.integers(0, 40), texts), max_size=20))
def test_a_text_column_returns_what_was_appended_and_later_set(
    appended: list[str | None], changes: list[tuple[int, str | None]]
) -> None:
    column = TextColumn()
    expected: list[str | None] = []
    for value in appended:
        column.append(value)
        expected.append(value)
    for number, value in changes:
        number = min(number, len(expected))  # a known number, or the next one
        column[number] = value
        if number == len(expected):
            expected.append(value)
        else:
            expected[number] = value
    assert len(column) == len(expected)
    assert [column[number] for number in range(len(expected))] == expected


def test_an_unknown_number_reads_as_missing() -> None:
    column = TextColumn()
    column.append("华南制造")
    assert column[0] == "华南制造"
    assert column[1] is None
