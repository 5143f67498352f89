"""Validation and normalization of names and colours, shared by every domain module."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Literal

from graph.errors import ErrorCode, FieldError

MAX_NAME_LENGTH = 64
MAX_DESCRIPTION_LENGTH = 1000
_WHITESPACE = re.compile(r"\s+")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


# Characters a name never keeps: controls (C0, C1, NUL: "Cc"), format characters such as the
# zero-width space, joiners, the word joiner, the BOM and bidi overrides ("Cf"), surrogates
# ("Cs"). Unassigned code points stay: a newer Unicode may assign them (a new emoji). White
# space among the controls (tab, newline) becomes a space first, so that it separates words.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})
# Removing a character can bring a base letter and a combining mark together, and NFKC can
# produce white space (U+00A8 is " \u0308"): the steps repeat until nothing changes, which
# takes at most a few rounds.
_MAX_ROUNDS = 4
# Characters outside those categories that still show as nothing: Unicode's
# Default_Ignorable_Code_Point letters and marks (the combining grapheme joiner, Hangul fillers,
# Mongolian and other variation selectors) and the blank Braille pattern.
_SHOWS_AS_NOTHING = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef]"
)


def _clean_once(text: str, form: Literal["NFC", "NFKC"] = "NFKC") -> str:
    normalized = _SHOWS_AS_NOTHING.sub("", unicodedata.normalize(form, text))
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in normalized
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )
    return _WHITESPACE.sub(" ", kept).strip()


def _fixpoint(text: str, step: Callable[[str], str]) -> str:
    for _ in range(_MAX_ROUNDS):
        again = step(text)
        if again == text:
            break
        text = again
    return text


def clean_name(name: str) -> str:
    """The stored form of a name: NFKC, without control or zero-width characters, trimmed,
    inner white space collapsed to one space."""
    return _fixpoint(name, _clean_once)


def clean_text(text: str) -> str:
    """A customer's or product's own name: like `clean_name` but NFC, so that full-width
    letters and brackets stay as the CRM wrote them (nothing compares these names as unique)."""
    return _fixpoint(text, lambda step: _clean_once(step, "NFC"))


def normalize_name(name: str) -> str:
    """The comparison form of a name: its stored form (`clean_name`), case-folded."""
    return _fixpoint(name, lambda text: _clean_once(text).casefold())


def name_errors(
    name: str, field: tuple[str, ...], limit: int = MAX_NAME_LENGTH
) -> list[FieldError]:
    """What is wrong with a name: empty, or longer than the limit."""
    cleaned = clean_name(name)
    if not cleaned:
        message = "the name is empty once white space, control and zero-width characters go"
        return [FieldError(ErrorCode.INVALID_INPUT, message, field)]
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
