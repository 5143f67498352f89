"""Reading import files: encodings, delimiters, BOMs, XLSX, JSONL, broken and hostile files."""

from __future__ import annotations

import csv
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from services.transfer.codes import FileRefused, ImportErrorCode
from services.transfer.headers import normalize_header, parse_mapping, resolve_columns
from services.transfer.readers import ReadOptions, SourceRow, open_source, unescape_cell
from services.transfer.report import escape_cell

HEADER = "id,name,industry\n"


def _read(path: Path, **options: str) -> tuple[list[str], list[SourceRow]]:
    with open_source(path, ReadOptions(**options)) as source:
        return source.header, list(source.rows)


def _refusal(path: Path, **options: str) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        _read(path, **options)
    return caught.value


def test_an_excel_csv_with_a_bom_and_semicolons_reads_like_a_plain_one(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffid;name;industry\r\nc1;华南;C\r\n".encode())
    header, rows = _read(path)
    assert header == ["id", "name", "industry"]
    assert rows[0].values == {"id": "c1", "name": "华南", "industry": "C"} and rows[0].line == 2


def test_tab_separated_files_are_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "export.tsv"
    path.write_text("id\tname\nc1\t一, 二\n", encoding="utf-8")
    assert _read(path)[1][0].values == {"id": "c1", "name": "一, 二"}


def test_gb18030_written_by_chinese_excel_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "c1,深圳市某某科技有限公司,C\n").encode("gb18030"))
    assert _read(path)[1][0].values["name"] == "深圳市某某科技有限公司"


def test_a_given_encoding_wins_over_detection(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "c1,客户,C\n").encode("gbk"))
    assert _read(path, encoding="GBK")[1][0].values["name"] == "客户"


def test_text_in_an_encoding_neither_utf8_nor_gb18030_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "c1,Café Müller\x80,C\n").encode("latin-1") + b"\xff\xfe\xff")
    refused = _refusal(path)
    assert refused.code is ImportErrorCode.ENCODING


def test_bytes_that_stop_decoding_late_in_the_file_name_their_line(tmp_path: Path) -> None:
    good = "".join(f"c{i},客户{i},C\n" for i in range(20_000))
    path = tmp_path / "late.csv"
    path.write_bytes((HEADER + good).encode() + b"c-bad,\xff\xfe,C\n")
    with open_source(path) as source, pytest.raises(FileRefused) as caught:
        for _ in source.rows:
            pass
    assert caught.value.code is ImportErrorCode.ENCODING and caught.value.line == 20_002


def test_ragged_rows_are_marked_and_trailing_empty_cells_are_not(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(HEADER + "c1,a,C,,\nc2,b\nc3,c,C,extra\n", encoding="utf-8")
    rows = _read(path)[1]
    assert rows[0].defect is None
    assert [row.defect[0] if row.defect else None for row in rows[1:]] == [
        ImportErrorCode.RAGGED_ROW,
        ImportErrorCode.RAGGED_ROW,
    ]
    assert [row.line for row in rows] == [2, 3, 4]


def test_line_numbers_count_the_lines_of_quoted_cells(tmp_path: Path) -> None:
    path = tmp_path / "multiline.csv"
    path.write_text(HEADER + 'c1,"two\nlines",C\n\nc2,b,C\n', encoding="utf-8")
    assert [row.line for row in _read(path)[1]] == [2, 5]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_an_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert _refusal(path).code is ImportErrorCode.EMPTY_FILE


def test_a_hundred_megabytes_of_random_bytes_are_refused_at_once_in_bounded_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "garbage.csv"
    with path.open("wb") as handle:
        for _ in range(100):
            handle.write(os.urandom(1024 * 1024))
    tracemalloc.start()
    try:
        refused = _refusal(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.code is ImportErrorCode.ENCODING
    assert peak < 8 * 1024 * 1024


def test_a_hundred_megabytes_of_text_without_line_breaks_are_refused_in_bounded_memory(
    tmp_path: Path,
) -> None:
    path = tmp_path / "one-line.csv"
    with path.open("w", encoding="ascii") as handle:
        handle.write("id,name\n")
        for _ in range(100):
            handle.write("x" * (1024 * 1024))
    tracemalloc.start()
    try:
        with open_source(path) as source, pytest.raises(FileRefused) as caught:
            list(source.rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code is ImportErrorCode.LINE_TOO_LONG and caught.value.line == 2
    assert peak < 32 * 1024 * 1024


def test_a_binary_file_with_nul_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert _refusal(path).code is ImportErrorCode.ENCODING


def test_the_injection_escape_is_stripped_once_and_other_cells_stay_data() -> None:
    assert unescape_cell("'=cmd|' /C calc'!A0") == "=cmd|' /C calc'!A0"
    assert unescape_cell("'+1") == "+1" and unescape_cell("''=x") == "''=x"
    assert unescape_cell("'quoted'") == "'quoted'" and unescape_cell("=SUM(A1)") == "=SUM(A1)"


def test_xlsx_reads_the_first_sheet_or_the_named_one(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "客户"
    first.append(["ID", "Name", "Employees"])
    first.append(["c1", "华南制造", 1200])
    first.append([None, None, None])
    first.append(["c2", '=HYPERLINK("x")', None])
    other = book.create_sheet("other")
    other.append(["id"])
    other.append(["o1"])
    path = tmp_path / "customers.xlsx"
    book.save(path)
    header, rows = _read(path)
    assert header == ["ID", "Name", "Employees"]
    assert rows[0].values == {"ID": "c1", "Name": "华南制造", "Employees": "1200"}
    assert [row.line for row in rows] == [2, 4]
    assert _read(path, sheet="other")[1][0].values == {"id": "o1"}


def test_jsonl_rows_keep_arrays_and_refuse_lines_that_are_not_objects(tmp_path: Path) -> None:
    path = tmp_path / "customers.jsonl"
    path.write_text(
        json.dumps({"id": "c1", "tags": ["a/b", "a/c"]})
        + "\n[1]\n{broken\n\n"
        + json.dumps({"id": "c2"})
        + "\n",
        encoding="utf-8",
    )
    rows = _read(path)[1]
    assert rows[0].values == {"id": "c1", "tags": ["a/b", "a/c"]}
    assert [row.defect[0] if row.defect else None for row in rows[1:3]] == [
        ImportErrorCode.MALFORMED_ROW,
        ImportErrorCode.MALFORMED_ROW,
    ]
    assert [row.line for row in rows] == [1, 2, 3, 5]


@pytest.mark.parametrize(
    ("header", "field"),
    [("Customer ID", "id"), ("customer_id", "id"), ("customerId", "id"), ("ＩＤ", "id"),
     (" Annual Revenue ", "annualRevenue"), ("EMAIL", "email"), ("\ufeffid", "id")],
)  # fmt: skip
def test_headers_match_whatever_their_case_width_and_separators(header: str, field: str) -> None:
    assert resolve_columns("customers", [header], {}) == [field]


def test_a_mapping_sends_other_headers_to_the_fields() -> None:
    mapping = parse_mapping(["Record ID=id", "Company name = name"])
    assert mapping == {normalize_header("Record ID"): "id", "companyname": "name"}
    assert resolve_columns("customers", ["Record ID", "Company name", "Owner"], mapping) == [
        "id",
        "name",
        None,
    ]


cells = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=20)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=8),
    st.sampled_from([",", ";", "\t"]),
)
def test_what_an_export_writes_the_reader_reads_back(
    tmp_path: Path, rows: list[tuple[str, str, str]], delimiter: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["id", "name", "industry"])
    kept = [row for row in rows if any(cell.strip() for cell in row)]
    for row in kept:
        writer.writerow([escape_cell(cell) for cell in row])
    path = tmp_path / "round.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    _, read = _read(path, delimiter=delimiter)
    assert [tuple(row.values.values()) for row in read] == kept
