"""The stable codes of import errors, and one refused row or file as the error report says it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

MAX_REPORTED_VALUE = 200  # how much of a bad value the error report repeats


class ImportErrorCode(StrEnum):
    """Why a row (or the whole file) was refused; clients and users may rely on these."""

    # A cell of a row.
    REQUIRED = "REQUIRED"
    INVALID_VALUE = "INVALID_VALUE"
    TOO_LONG = "TOO_LONG"
    # References the graph does not hold (or the importing principal may not see).
    UNKNOWN_INDUSTRY = "UNKNOWN_INDUSTRY"
    UNKNOWN_REGION = "UNKNOWN_REGION"
    UNKNOWN_TAG = "UNKNOWN_TAG"
    UNKNOWN_CUSTOMER = "UNKNOWN_CUSTOMER"
    UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT"
    UNKNOWN_PARENT = "UNKNOWN_PARENT"
    # What the row would do conflicts with the file or the graph.
    DUPLICATE_IN_FILE = "DUPLICATE_IN_FILE"
    DUPLICATE_NAME = "DUPLICATE_NAME"
    EXISTS = "EXISTS"  # --on-duplicate refuse, and the id exists
    CYCLE = "CYCLE"
    CATEGORY_MISMATCH = "CATEGORY_MISMATCH"
    PATH_CONFLICT = "PATH_CONFLICT"
    EXCLUSIVE_CONFLICT = "EXCLUSIVE_CONFLICT"
    TAG_DEPRECATED = "TAG_DEPRECATED"
    TAG_RETIRED = "TAG_RETIRED"
    FORBIDDEN = "FORBIDDEN"
    # The shape of the file.
    RAGGED_ROW = "RAGGED_ROW"
    MALFORMED_ROW = "MALFORMED_ROW"
    LINE_TOO_LONG = "LINE_TOO_LONG"
    ENCODING = "ENCODING"
    EMPTY_FILE = "EMPTY_FILE"
    NO_HEADER = "NO_HEADER"
    NO_ROWS = "NO_ROWS"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    # The batch could not be written (the graph went away); a re-run completes the import.
    INTERRUPTED = "INTERRUPTED"


@dataclass(frozen=True, slots=True)
class RowError:
    """One refused row: where (line, column as the file names it), what, why."""

    line: int
    column: str
    value: str
    code: ImportErrorCode
    message: str


class FileRefused(Exception):
    """The whole file (from `line` on) cannot be read: wrong encoding, no header, nothing in it."""

    def __init__(self, code: ImportErrorCode, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


def shorten(value: object) -> str:
    """A value as the error report repeats it: text, at most MAX_REPORTED_VALUE characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_REPORTED_VALUE else text[: MAX_REPORTED_VALUE - 1] + "…"
