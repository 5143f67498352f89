"""The error report of an import: the refused rows as the file had them, plus where and why
(`error_line, error_column, error_code, error_message`), to fix and import again. CSV with a
BOM (Excel opens it), or JSONL for a JSONL file."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from services.transfer.codes import RowError

ERROR_COLUMNS = ("error_line", "error_column", "error_code", "error_message")
_INJECTION_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(text: str) -> str:
    """A cell as an export writes it: `'` before `= + - @` (and tab, CR) so that no
    spreadsheet evaluates it (OWASP CSV injection); the importer strips it again."""
    return "'" + text if text.startswith(_INJECTION_STARTS) else text


class ErrorReport:
    """Writes refused rows as they come (opened on the first one: no errors, no file)."""

    def __init__(self, path: Path, header: list[str], *, jsonl: bool = False) -> None:
        self.path = path
        self.header = header
        self.jsonl = jsonl
        self.rows = 0
        self._handle: IO[str] | None = None
        self._writer: Any = None

    def add(self, values: dict[str, Any], errors: list[RowError]) -> None:
        """One refused row with all its errors (the first in the error columns, the others
        joined into the message, so that each row appears once)."""
        if not errors:
            return
        first = errors[0]
        message = " | ".join(
            f"{e.column}: {e.message}" if e.column and e is not first else e.message for e in errors
        )
        extra = [str(first.line), first.column, first.code.value, message]
        self._open()
        self.rows += 1
        if self.jsonl:
            record = dict(values) | dict(zip(ERROR_COLUMNS, extra, strict=True))
            assert self._handle is not None
            self._handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        else:
            cells = [_text(values.get(name)) for name in self.header]
            self._writer.writerow([escape_cell(cell) for cell in [*cells, *extra]])

    def _open(self) -> None:
        if self._handle is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.jsonl:
            self._handle = self.path.open("w", encoding="utf-8")
            return
        self._handle = self.path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow([escape_cell(name) for name in [*self.header, *ERROR_COLUMNS]])

    def close(self) -> None:
        """Flush and close the file (if any row was refused)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> ErrorReport:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)
