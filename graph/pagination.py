"""Relay-style pagination: opaque cursors over sort keys, evaluated in Cypher."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from graph.errors import ErrorCode, UserInputError

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 20
_CURSOR_VERSION = "v1"


def encode_cursor(*keys: Any) -> str:
    """An opaque cursor for a position given by its sort keys."""
    payload = json.dumps([_CURSOR_VERSION, *keys], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> tuple[Any, ...]:
    """The sort keys inside a cursor made by `encode_cursor`; INVALID_CURSOR otherwise."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError, binascii.Error):
        payload = None
    if (
        not isinstance(payload, list)
        or len(payload) != arity + 1
        or payload[0] != _CURSOR_VERSION
        or not all(key is None or isinstance(key, str | int | float) for key in payload[1:])
    ):
        raise UserInputError.single(
            ErrorCode.INVALID_CURSOR,
            "the cursor is malformed or belongs to another list",
            ("after",),
        )
    return tuple(payload[1:])


@dataclass(frozen=True, slots=True)
class PageRequest:
    """A validated `first` / `after` pair; `after` holds the decoded sort keys."""

    first: int
    after: tuple[Any, ...] | None

    @classmethod
    def parse(
        cls, first: int | None, after: str | None, *, arity: int, maximum: int
    ) -> PageRequest:
        """Validated page arguments; PAGE_SIZE_EXCEEDED over the cap, INVALID_INPUT below 0."""
        size = DEFAULT_PAGE_SIZE if first is None else first
        if size > maximum:
            raise UserInputError.single(
                ErrorCode.PAGE_SIZE_EXCEEDED,
                f"first must be at most {maximum}, got {size}",
                ("first",),
            )
        if size < 0:
            raise UserInputError.single(
                ErrorCode.INVALID_INPUT, "first must not be negative", ("first",)
            )
        keys = None if after is None else decode_cursor(after, arity)
        return cls(first=min(size, maximum), after=keys)

    @property
    def limit(self) -> int:
        """Rows to fetch: one more than asked, to know whether a next page exists."""
        return self.first + 1


@dataclass(frozen=True, slots=True)
class Edge(Generic[T]):
    """One item of a page with its cursor."""

    cursor: str
    node: T


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """A page of items; the total is counted only when a caller asks for it."""

    edges: list[Edge[T]]
    has_next_page: bool
    has_previous_page: bool

    @classmethod
    def from_rows(cls, rows: list[tuple[str, T]], request: PageRequest) -> Page[T]:
        """Build a page from up to `request.limit` (cursor, item) rows."""
        edges = [Edge(cursor, node) for cursor, node in rows[: request.first]]
        return cls(
            edges=edges,
            has_next_page=len(rows) > request.first,
            has_previous_page=request.after is not None,
        )
