"""The export writers, read back by plain readers: the csv module, openpyxl, json."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from services.transfer.paths import format_path, split_paths
from services.transfer.writers import (
    BOM,
    CsvWriter,
    ExportFormat,
    JsonlWriter,
    Row,
    XlsxWriter,
    escape_formula,
    unescape_formula,
    writer_for,
)

COLUMNS = ["id", "name", "employees", "tags"]
tricky = st.text(alphabet=st.sampled_from("=+-@'\t\r\n;,\"/\\ a中"), max_size=8)
any_text = st.one_of(st.text(max_size=20), tricky)
xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"), max_size=20
)


def _paths(text: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    name = text.filter(lambda n: n != "" and n == n.strip())
    return st.lists(st.lists(name, min_size=1, max_size=3).map(format_path), max_size=4)


def _rows(
    draw_text: st.SearchStrategy[str], names: st.SearchStrategy[str] = any_text
) -> st.SearchStrategy[list[list[Any]]]:
    numbers = st.one_of(st.none(), st.integers(-(10**9), 10**9))
    row = st.tuples(draw_text, draw_text, numbers, _paths(names))
    return st.lists(row.map(list), max_size=8)


def _file(writer: CsvWriter | JsonlWriter | XlsxWriter, rows: Sequence[Row]) -> bytes:
    return writer.begin(COLUMNS) + writer.write(rows) + b"".join(writer.end())


def _read_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:], newline="")))


@given(_rows(any_text))
def test_csv_reads_back_with_the_csv_module_after_unescaping(rows: list[list[Any]]) -> None:
    read = _read_csv(_file(CsvWriter(), rows))
    assert read[0] == COLUMNS
    assert len(read) == len(rows) + 1
    for written, back in zip(rows, read[1:], strict=True):
        ident, name, employees, tags = written
        assert unescape_formula(back[0]) == ident
        assert unescape_formula(back[1]) == name
        assert back[2] == ("" if employees is None else str(employees))
        assert split_paths(unescape_formula(back[3])) == tags


@given(any_text)
def test_no_csv_cell_begins_with_a_formula_trigger(text: str) -> None:
    (cell,) = _read_csv(CsvWriter().begin(["x"]) + CsvWriter().write([[text]]))[1]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unescape_formula(escape_formula(text)) == text


def test_formula_cells_are_prefixed_with_a_quote() -> None:
    data = _file(CsvWriter(), [["=cmd|' /C calc'!A0", "@SUM(1)", -5, ["+x"]]])
    assert _read_csv(data)[1] == ["'=cmd|' /C calc'!A0", "'@SUM(1)", "-5", "'+x"]


def test_csv_is_utf8_with_bom_and_crlf_lines() -> None:
    data = _file(CsvWriter(), [["C1", '华南, "制造"', 3, ["行为/购买"]]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert (
        data.decode("utf-8")
        == BOM + 'id,name,employees,tags\r\nC1,"华南, ""制造""",3,行为/购买\r\n'
    )


@given(_rows(any_text))
def test_jsonl_reads_back_with_json(rows: list[list[Any]]) -> None:
    lines = _file(JsonlWriter(), rows).decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        dict(zip(COLUMNS, row, strict=True)) for row in rows
    ]


def test_jsonl_writes_moments_as_iso_8601() -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    line = JsonlWriter()
    line.begin(["at"])
    assert json.loads(line.write([[at]])) == {"at": "2026-01-02T03:04:05+00:00"}


@settings(max_examples=40, deadline=None)
@given(_rows(st.one_of(xml_text, tricky.map(lambda t: t.replace("\r", ""))), xml_text))
def test_xlsx_reads_back_with_openpyxl_text_staying_text(rows: list[list[Any]]) -> None:
    data = _file(XlsxWriter(), rows)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    read = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert read[0] == COLUMNS
    assert len(read) == len(rows) + 1
    for written, back in zip(rows, read[1:], strict=True):
        ident, name, employees, tags = written
        assert (back[0] or "") == ident
        assert (back[1] or "") == name
        assert back[2] == employees
        assert split_paths(str(back[3] or "")) == tags


def test_xlsx_drops_characters_xml_cannot_hold() -> None:
    data = _file(XlsxWriter(), [["a\x00b\x07", "=1+1", 1, []]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A2"].value == "ab"
    assert sheet["B2"].value == "=1+1"
    assert sheet["B2"].data_type == "s"


def test_writer_for_gives_each_format_its_writer() -> None:
    assert isinstance(writer_for(ExportFormat.CSV), CsvWriter)
    assert isinstance(writer_for(ExportFormat.JSONL), JsonlWriter)
    assert isinstance(writer_for(ExportFormat.XLSX), XlsxWriter)


def test_any_name_makes_a_valid_sheet_title() -> None:
    data = _file(XlsxWriter("华南/高意向: [VIP]*? \\ a very long segment name indeed"), [])
    title = load_workbook(io.BytesIO(data)).worksheets[0].title
    assert len(title) <= 31 and not set(title) & set("[]:*?/\\")
