"""Validation and normalization of names and colours, shared by every domain module."""

from __future__ import annotations

import re
import unicodedata

from graph.errors import ErrorCode, FieldError

MAX_NAME_LENGTH = 64
MAX_DESCRIPTION_LENGTH = 1000
_WHITESPACE = re.compile(r"\s+")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def normalize_name(name: str) -> str:
    """The comparison form of a name: NFKC (full-width to half-width), case-folded, one space."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()


def clean_name(name: str) -> str:
    """The display form of a name: trimmed, inner white space collapsed to one space."""
    return _WHITESPACE.sub(" ", name).strip()


def name_errors(
    name: str, field: tuple[str, ...], limit: int = MAX_NAME_LENGTH
) -> list[FieldError]:
    """What is wrong with a name: empty, or longer than the limit."""
    cleaned = clean_name(name)
    if not cleaned:
        return [FieldError(ErrorCode.INVALID_INPUT, "the name must not be empty", field)]
    if len(cleaned) > limit:
        return [
            FieldError(
                ErrorCode.NAME_TOO_LONG,
                f"the name has {len(cleaned)} characters; at most {limit} are allowed",
                field,
            )
        ]
    return []


def color_errors(color: str | None, field: tuple[str, ...]) -> list[FieldError]:
    """What is wrong with a colour: anything but #RGB or #RRGGBB."""
    if color is None or _COLOR.match(color):
        return []
    return [FieldError(ErrorCode.INVALID_COLOR, f"{color!r} is not a colour like #1E90FF", field)]


def normalize_color(color: str | None) -> str | None:
    """#rgb and #RRGGBB both stored as upper-case #RRGGBB."""
    if color is None:
        return None
    digits = color[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()


def description_errors(description: str | None, field: tuple[str, ...]) -> list[FieldError]:
    """What is wrong with a description: longer than the limit."""
    if description is not None and len(description) > MAX_DESCRIPTION_LENGTH:
        return [
            FieldError(
                ErrorCode.INVALID_INPUT,
                f"the description is longer than {MAX_DESCRIPTION_LENGTH} characters",
                field,
            )
        ]
    return []


def camel_case(snake: str) -> str:
    """A snake_case Python name as the camelCase name the graph and the API use."""
    head, *rest = snake.split("_")
    return head + "".join(part.title() for part in rest)
