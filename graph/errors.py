"""Errors the graph layer raises for expected failures; the API turns them into userErrors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable codes that clients may rely on."""

    NOT_FOUND = "NOT_FOUND"
    DUPLICATE_NAME = "DUPLICATE_NAME"
    INVALID_INPUT = "INVALID_INPUT"
    NAME_TOO_LONG = "NAME_TOO_LONG"
    INVALID_COLOR = "INVALID_COLOR"
    PAGE_SIZE_EXCEEDED = "PAGE_SIZE_EXCEEDED"
    INVALID_CURSOR = "INVALID_CURSOR"
    TOO_MANY_ITEMS = "TOO_MANY_ITEMS"
    TAG_DEPRECATED = "TAG_DEPRECATED"
    EXCLUSIVE_CONFLICT = "EXCLUSIVE_CONFLICT"
    FILTER_TOO_COMPLEX = "FILTER_TOO_COMPLEX"
    CYCLE = "CYCLE"
    IN_USE = "IN_USE"
    TAG_RETIRED = "TAG_RETIRED"
    EMPTY_CONDITION = "EMPTY_CONDITION"
    INVALID_WINDOW = "INVALID_WINDOW"
    INDEX_NOT_READY = "INDEX_NOT_READY"
    # Input hygiene: values of the wrong form, out of range, too long, or not valid Unicode.
    INVALID_VALUE = "INVALID_VALUE"
    DATE_OUT_OF_RANGE = "DATE_OUT_OF_RANGE"
    TOO_LONG = "TOO_LONG"
    INVALID_UNICODE = "INVALID_UNICODE"
    # Sign-in and permissions.
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"


class GraphUnavailable(Exception):
    """Neo4j cannot be reached now (down, restarting, unreachable); a retry later may succeed.
    The message names the driver's exception type, never a query or its values.

    `outcome_unknown`: the connection broke while a commit was under way, so the write may
    have been applied; the client must read before it retries."""

    def __init__(self, reason: str, *, outcome_unknown: bool = False) -> None:
        super().__init__(reason)
        self.outcome_unknown = outcome_unknown


@dataclass(frozen=True, slots=True)
class FieldError:
    """One expected failure: a stable code, a message for people, and the input field at fault."""

    code: ErrorCode
    message: str
    field: tuple[str, ...] | None = None


class UserInputError(Exception):
    """The request cannot be applied as given; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = errors

    @classmethod
    def single(
        cls, code: ErrorCode, message: str, field: tuple[str, ...] | None = None
    ) -> UserInputError:
        """An error with one FieldError."""
        return cls([FieldError(code, message, field)])


class NotFound(UserInputError):
    """A `get_` function found nothing with the given key."""

    def __init__(self, kind: str, key: str, field: tuple[str, ...] | None = None) -> None:
        super().__init__([FieldError(ErrorCode.NOT_FOUND, f"{kind} {key!r} does not exist", field)])
        self.kind = kind
        self.key = key
