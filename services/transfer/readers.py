"""Reading import files as a stream of rows with their line numbers: CSV (`,` `;` tab; UTF-8
with or without BOM, UTF-16 with BOM, GB18030/GBK), XLSX and JSONL. Nothing here reads a
whole file into memory (an XLSX sheet is held by the reader's Rust core, not as Python rows)."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from python_calamine import CalamineError, CalamineWorkbook

from services.transfer.codes import FileRefused, ImportErrorCode

SAMPLE_BYTES = 64 * 1024  # what encoding and delimiter detection look at
MAX_LINE_CHARS = 1024 * 1024  # a longer line is not a CSV or JSONL a CRM wrote
MAX_CELL_CHARS = 128 * 1024
DELIMITERS = (",", ";", "\t")
FORMATS = ("csv", "xlsx", "jsonl")
_SUFFIXES = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".xls": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl",
}  # fmt: skip
# Names Chinese Excel and users give the same encoding (GB18030 is a superset of both).
_ENCODING_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030"}
_INJECTION_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read a file; None asks the reader to detect it."""

    file_format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row: its line (CSV, JSONL) or row number (XLSX), its cells by header name, and
    what is wrong with its shape (a ragged row, broken quoting, a JSON line not an object)."""

    line: int
    values: dict[str, Any]
    defect: tuple[ImportErrorCode, str] | None = None


@dataclass(slots=True)
class Source:
    """An open file: its format, header and rows (iterate `rows` once)."""

    file_format: str
    header: list[str]
    rows: Iterator[SourceRow]
    encoding: str | None = None
    delimiter: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    size: int = 0  # the file's bytes (XLSX: its rows), for progress
    position: Callable[[], int] = lambda: 0  # how far reading has got, in the same unit


def unescape_cell(text: str) -> str:
    """A cell without the `'` an export puts before `= + - @` (OWASP CSV injection)."""
    if len(text) > 1 and text[0] == "'" and text[1] in _INJECTION_STARTS:
        return text[1:]
    return text


def detect_format(path: Path, requested: str | None = None) -> str:
    """csv, xlsx or jsonl: as requested, else from the suffix, else from the first bytes."""
    if requested is not None:
        if requested not in FORMATS:
            raise FileRefused(
                ImportErrorCode.UNSUPPORTED_FORMAT, f"formats are {', '.join(FORMATS)}"
            )
        return requested
    if path.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[path.suffix.lower()]
    with path.open("rb") as handle:
        head = handle.read(8).lstrip(codecs.BOM_UTF8)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    return "jsonl" if head.lstrip().startswith(b"{") else "csv"


def detect_encoding(sample: bytes, *, complete: bool) -> str:
    """The encoding of a text file from its first bytes: a BOM, else strict UTF-8, else
    GB18030 (what Chinese Excel writes as "CSV"); ENCODING when neither decodes it."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise FileRefused(ImportErrorCode.ENCODING, "this is a binary file, not text", 1)
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=complete)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileRefused(
        ImportErrorCode.ENCODING,
        "the file is neither UTF-8 nor GB18030/GBK; save it as CSV UTF-8 or give --encoding",
        1,
    )


def sniff_delimiter(first_line: str) -> str:
    """`,`, `;` or tab: whichever the header line holds most of outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@contextmanager
def open_source(path: Path, options: ReadOptions | None = None) -> Iterator[Source]:
    """Open an import file for streaming; FileRefused when it cannot be read at all."""
    options = options or ReadOptions()
    if path.stat().st_size == 0:
        raise FileRefused(ImportErrorCode.EMPTY_FILE, "the file is empty", 1)
    file_format = detect_format(path, options.file_format)
    if file_format == "xlsx":
        yield _xlsx(path, options.sheet)
        return
    encoding = _encoding(path, options.encoding)
    with path.open("rb") as raw:
        counter = [0]
        lines = _lines(raw, encoding, counter)
        source = (
            _jsonl(lines, counter, encoding)
            if file_format == "jsonl"
            else _csv(lines, counter, encoding, options.delimiter)
        )
        source.size = path.stat().st_size
        source.position = raw.tell
        yield source


def _encoding(path: Path, requested: str | None) -> str:
    if requested is not None:
        name = _ENCODING_ALIASES.get(requested.lower(), requested)
        try:
            codecs.lookup(name)
        except LookupError as error:
            raise FileRefused(
                ImportErrorCode.ENCODING, f"unknown encoding {requested!r}"
            ) from error
        return "utf-8-sig" if codecs.lookup(name).name == "utf-8" else name
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES + 1)
    return detect_encoding(sample[:SAMPLE_BYTES], complete=len(sample) <= SAMPLE_BYTES)


def _lines(raw: IO[bytes], encoding: str, counter: list[int]) -> Iterator[str]:
    """The file's lines, refusing one longer than MAX_LINE_CHARS (garbage, not a CRM export)
    and a line that does not decode (named exactly); `counter[0]` is the last line's number."""
    if codecs.lookup(encoding).name.startswith("utf-16"):
        # Not ASCII-compatible: a newline is two bytes; let the text layer find the lines.
        wrapper = io.TextIOWrapper(raw, encoding=encoding, newline="")
        yield from _checked(iter(lambda: wrapper.readline(MAX_LINE_CHARS), ""), counter)
        return
    decoder = codecs.getincrementaldecoder(encoding)()
    for line in iter(lambda: raw.readline(MAX_LINE_CHARS * 4), b""):
        try:
            text = decoder.decode(line)
        except UnicodeDecodeError as error:
            raise FileRefused(
                ImportErrorCode.ENCODING,
                f"line {counter[0] + 1} is not valid {encoding}: save the file as "
                "CSV UTF-8 or give --encoding",
                counter[0] + 1,
            ) from error
        yield from _checked(iter([text]), counter)


def _checked(lines: Iterator[str], counter: list[int]) -> Iterator[str]:
    for line in lines:
        counter[0] += 1
        if len(line) >= MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise FileRefused(
                ImportErrorCode.LINE_TOO_LONG,
                f"line {counter[0]} is longer than {MAX_LINE_CHARS:,} characters; "
                "this is not a CSV or JSONL file",
                counter[0],
            )
        yield line


def _csv(lines: Iterator[str], counter: list[int], encoding: str, delimiter: str | None) -> Source:
    first = next(lines, None)
    while first is not None and not first.strip().lstrip("\ufeff"):
        first = next(lines, None)
    if first is None:
        raise FileRefused(ImportErrorCode.EMPTY_FILE, "the file holds no header and no rows", 1)
    chosen = delimiter or sniff_delimiter(first)
    if chosen == "\\t":
        chosen = "\t"
    header = [
        unescape_cell(cell.strip().lstrip("\ufeff"))
        for cell in next(csv.reader([first], delimiter=chosen))
    ]
    reader = csv.reader(lines, delimiter=chosen, strict=True)
    return Source("csv", header, _csv_rows(reader, header, counter), encoding, chosen)


def _csv_rows(reader: Any, header: list[str], counter: list[int]) -> Iterator[SourceRow]:
    previous = counter[0]
    while True:
        start = previous + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            previous = counter[0]
            yield SourceRow(start, {}, (ImportErrorCode.MALFORMED_ROW, f"broken quoting: {error}"))
            continue
        previous = counter[0]
        if not any(cell.strip() for cell in cells):
            continue  # blank lines (and Excel's rows of empty cells) are no rows
        yield _row(start, header, [unescape_cell(cell) for cell in cells])


def _row(line: int, header: list[str], cells: list[str]) -> SourceRow:
    values = dict(zip(header, cells, strict=False))
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
        message = f"the row has {len(cells)} cells, the header {len(header)}"
        return SourceRow(line, values, (ImportErrorCode.RAGGED_ROW, message))
    if len(cells) < len(header):
        message = f"the row has {len(cells)} cells, the header {len(header)}"
        return SourceRow(line, values, (ImportErrorCode.RAGGED_ROW, message))
    if any(len(cell) > MAX_CELL_CHARS for cell in cells):
        return SourceRow(line, values, (ImportErrorCode.TOO_LONG, "a cell is over 128 KiB"))
    return SourceRow(line, values)


def _jsonl(lines: Iterator[str], counter: list[int], encoding: str) -> Source:
    rows = _jsonl_rows(lines, counter)
    first = next(rows, None)
    if first is None:
        raise FileRefused(ImportErrorCode.EMPTY_FILE, "the file holds no JSON lines", 1)

    def all_rows() -> Iterator[SourceRow]:
        yield first
        yield from rows

    return Source("jsonl", list(first.values), all_rows(), encoding)


def _jsonl_rows(lines: Iterator[str], counter: list[int]) -> Iterator[SourceRow]:
    for text in lines:
        if not text.strip().lstrip("\ufeff"):
            continue
        try:
            record = json.loads(text.lstrip("\ufeff"))
        except json.JSONDecodeError as error:
            yield SourceRow(counter[0], {}, (ImportErrorCode.MALFORMED_ROW, f"not JSON: {error}"))
            continue
        if not isinstance(record, dict):
            message = "each line is one JSON object"
            yield SourceRow(counter[0], {}, (ImportErrorCode.MALFORMED_ROW, message))
            continue
        yield SourceRow(counter[0], record)


def _xlsx(path: Path, sheet: str | None) -> Source:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        name = sheet or workbook.sheet_names[0]
        if name not in workbook.sheet_names:
            raise FileRefused(
                ImportErrorCode.NO_HEADER,
                f"no sheet {name!r}; the workbook has {', '.join(workbook.sheet_names)}",
            )
        table = workbook.get_sheet_by_name(name)
        rows = table.iter_rows()
    except CalamineError as error:
        raise FileRefused(
            ImportErrorCode.ENCODING, f"not a readable workbook: {error}", 1
        ) from error
    start = (table.start or (0, 0))[0] + 1
    number = start - 1
    header: list[str] | None = None
    for cells in rows:
        number += 1
        if any(_cell_text(cell) for cell in cells):
            header = [_cell_text(cell).strip() for cell in cells]
            break
    if header is None:
        raise FileRefused(ImportErrorCode.EMPTY_FILE, f"sheet {name!r} is empty", 1)
    done = [number]
    return Source(
        "xlsx",
        header,
        _xlsx_rows(rows, header, done),
        extra={"sheet": name},
        size=int(table.height),
        position=lambda: done[0],
    )


def _xlsx_rows(
    rows: Iterator[list[Any]], header: list[str], done: list[int]
) -> Iterator[SourceRow]:
    for cells in rows:
        done[0] += 1
        number = done[0]
        texts = [unescape_cell(_cell_text(cell)) for cell in cells]
        while texts and not texts[-1].strip():
            texts.pop()  # a sheet's rows run to its widest column
        if texts:
            yield _row(number, header, texts + [""] * (len(header) - len(texts)))


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date | time):
        return cell.isoformat()
    return str(cell)
