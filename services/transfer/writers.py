"""File writers of exports: CSV, XLSX and JSONL from rows of typed cells, chunk by chunk.

A writer takes the header once, then batches of rows, and gives back bytes as it goes, so an
export never holds more than one batch. CSV is UTF-8 with a BOM (Excel then opens Chinese
correctly), `,`-separated, RFC 4180 quoted, CRLF line ends; a text cell that a spreadsheet
would run as a formula (it begins with `= + - @`, a tab or a CR) is prefixed with `'`, the
OWASP CSV-injection rule. XLSX is written with openpyxl's write-only workbook into a temporary
file (openpyxl cannot stream a zip), which is streamed once complete: memory stays flat, the
first byte waits for the last row. Its text cells are typed as strings, never formulas.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Generator, Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as SheetCell

from services.transfer.paths import join_paths

Cell = str | int | float | bool | datetime | date | list[str] | tuple[str, ...] | None
Row = Sequence[Cell]

BOM = "\ufeff"
# What makes a spreadsheet read a cell as a formula (OWASP: CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
XLSX_CHUNK = 64 * 1024
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


class ExportFormat(StrEnum):
    """The file formats an export can be written in."""

    CSV = "csv"
    XLSX = "xlsx"
    JSONL = "jsonl"


MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.JSONL: "application/x-ndjson",
}


def escape_formula(text: str) -> str:
    """The text as a CSV cell no spreadsheet runs: `'` before a formula trigger.

    Text that already begins with quotes followed by a trigger gets one more quote, so that
    `unescape_formula` gives back exactly the original text."""
    return ESCAPE + text if text.lstrip(ESCAPE).startswith(FORMULA_TRIGGERS) else text


def unescape_formula(text: str) -> str:
    """The original text of a cell written by `escape_formula` (what importers strip)."""
    rest = text[1:]
    if text.startswith(ESCAPE) and rest.lstrip(ESCAPE).startswith(FORMULA_TRIGGERS):
        return rest
    return text


def text_of(value: Cell) -> str:
    """A cell as text: lists joined as tag paths are (`;`, escaped), ISO 8601 moments,
    `true`/`false`, empty for a missing value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return join_paths(list(value))
    return str(value)


class RowWriter(Protocol):
    """Writes one file: `begin` with the header, `write` each batch, `end` once."""

    def begin(self, columns: Sequence[str]) -> bytes:
        """The bytes of the file's start (the header)."""
        ...

    def write(self, rows: Iterable[Row]) -> bytes:
        """The bytes of these rows."""
        ...

    def end(self) -> Generator[bytes, None, None]:
        """The rest of the file (close it to stop early)."""
        ...


class CsvWriter:
    """UTF-8 with BOM, RFC 4180, formula cells escaped."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def _take(self) -> bytes:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text.encode("utf-8")

    def begin(self, columns: Sequence[str]) -> bytes:
        """The BOM and the header line."""
        self._buffer.write(BOM)
        self._csv.writerow(columns)
        return self._take()

    def write(self, rows: Iterable[Row]) -> bytes:
        """These rows as CSV lines."""
        for row in rows:
            self._csv.writerow([_csv_cell(value) for value in row])
        return self._take()

    def end(self) -> Generator[bytes, None, None]:
        """Nothing: CSV has no trailer."""
        yield from ()


def _csv_cell(value: Cell) -> str:
    text = text_of(value)
    # Numbers are written by us (a negative one is not a formula); text comes from users.
    if isinstance(value, str | list | tuple):
        return escape_formula(text)
    return text


class JsonlWriter:
    """One JSON object per line, the column names as keys, lists as arrays."""

    def __init__(self) -> None:
        self._columns: Sequence[str] = ()

    def begin(self, columns: Sequence[str]) -> bytes:
        """Nothing yet: every line carries its keys."""
        self._columns = list(columns)
        return b""

    def write(self, rows: Iterable[Row]) -> bytes:
        """These rows as JSON lines."""
        lines = [
            json.dumps(
                {
                    column: _json_value(value)
                    for column, value in zip(self._columns, row, strict=True)
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            for row in rows
        ]
        # Line separators other than \n are escaped, so that any line splitter reads one
        # object per line (they can only occur inside strings).
        return "".join(line + "\n" for line in lines).translate(_LINE_BREAKS).encode("utf-8")

    def end(self) -> Generator[bytes, None, None]:
        """Nothing: JSONL has no trailer."""
        yield from ()


_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _json_value(value: Cell) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


class XlsxWriter:
    """One worksheet written by openpyxl's write-only workbook into a temporary file."""

    def __init__(self, title: str = "export") -> None:
        self._workbook = Workbook(write_only=True)
        # A sheet title has at most 31 characters and none of []:*?/\ (a segment's name may).
        clean = _SHEET_UNSAFE.sub("_", title).strip("' ")[:31]
        self._sheet = self._workbook.create_sheet(clean or "export")

    def begin(self, columns: Sequence[str]) -> bytes:
        """The header row (bytes come at the end)."""
        self._sheet.append([self._cell(column) for column in columns])
        return b""

    def write(self, rows: Iterable[Row]) -> bytes:
        """These rows into the worksheet (bytes come at the end)."""
        for row in rows:
            self._sheet.append([self._cell(value) for value in row])
        return b""

    def end(self) -> Generator[bytes, None, None]:
        """The finished workbook, read back from its temporary file in chunks (closing the
        generator early removes the file)."""
        handle, name = tempfile.mkstemp(prefix="taggraph-export-", suffix=".xlsx")
        os.close(handle)
        try:
            self._workbook.save(name)
            with open(name, "rb") as file:
                while chunk := file.read(XLSX_CHUNK):
                    yield chunk
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)

    def _cell(self, value: Cell) -> SheetCell:
        if isinstance(value, bool) or not isinstance(value, int | float):
            # Text (dates as ISO 8601, keeping their offset): typed as a string, so that
            # `=…` or `#N/A` stay text; XML 1.0 cannot hold most control characters.
            cell = WriteOnlyCell(self._sheet, value=None)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", text_of(value))
            cell.data_type = "s"
            return cell
        return WriteOnlyCell(self._sheet, value=value)


def writer_for(export_format: ExportFormat, title: str = "export") -> RowWriter:
    """A new writer of this format."""
    if export_format is ExportFormat.CSV:
        return CsvWriter()
    if export_format is ExportFormat.JSONL:
        return JsonlWriter()
    return XlsxWriter(title)
