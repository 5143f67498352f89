"""The longest text every String and ID input of the schema accepts: one table, read by the
request check (api.input_guard) and by the test that walks the schema, so that a new input
field cannot go without a bound.

These bounds cap the raw text a client sends. The domain rules still apply after it: a tag
name has at most 64 characters once cleaned (NAME_TOO_LONG, graph.text), a customer name 200.
"""

from __future__ import annotations

from collections.abc import Mapping

from graph import text

MAX_ID_LENGTH = 128  # every ID: customers', tags', codes, clients' interaction ids
MAX_NAME_INPUT_LENGTH = 256  # names and aliases before cleaning (white space, invisibles)
MAX_DESCRIPTION_LENGTH = text.MAX_DESCRIPTION_LENGTH
MAX_NOTE_LENGTH = 1000  # the note of an assignment
MAX_SEARCH_LENGTH = 200  # search text: tag search, nameContains
MAX_CURSOR_LENGTH = 1024  # an opaque cursor: base64 of a sort key and an id
MAX_EMAIL_LENGTH = 254  # RFC 5321 path limit
MAX_PHONE_LENGTH = 64
MAX_COLOR_LENGTH = 16  # #RGB or #RRGGBB, with room for a clear INVALID_COLOR
MAX_LABEL_LENGTH = 64  # short labels: an interaction's channel, a product's line and tier

# String inputs by their field or argument name, wherever they appear.
STRING_BOUNDS: Mapping[str, int] = {
    "name": MAX_NAME_INPUT_LENGTH,
    "aliases": MAX_NAME_INPUT_LENGTH,
    "description": MAX_DESCRIPTION_LENGTH,
    "note": MAX_NOTE_LENGTH,
    "search": MAX_SEARCH_LENGTH,
    "nameContains": MAX_SEARCH_LENGTH,
    "after": MAX_CURSOR_LENGTH,
    "email": MAX_EMAIL_LENGTH,
    "phone": MAX_PHONE_LENGTH,
    "color": MAX_COLOR_LENGTH,
    "channel": MAX_LABEL_LENGTH,
    "line": MAX_LABEL_LENGTH,
    "tier": MAX_LABEL_LENGTH,
    "by": MAX_ID_LENGTH,  # the audit log's principal filter: a user id or a JWT subject
}


def bound_of(scalar: str, name: str) -> int | None:
    """The longest text an input of this scalar (String or ID) and name accepts; None when
    the table has no bound for it (the schema test fails then) or the scalar is not text."""
    if scalar == "ID":
        return MAX_ID_LENGTH
    if scalar == "String":
        return STRING_BOUNDS.get(name)
    return None
