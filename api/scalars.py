"""Scalars with TagGraph's rules: a DateTime without a time zone is taken as UTC.

Neo4j stores a naive value as a LocalDateTime, which never compares equal, greater or smaller
than the zoned DateTime values in the graph; taking it as UTC keeps every comparison defined.
"""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry


def _parse(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError("DateTime must be an ISO 8601 string")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


AwareDateTime = strawberry.scalar(
    name="DateTime",
    description="ISO 8601 date and time; without a time zone it is taken as UTC.",
    serialize=lambda value: value.isoformat(),
    parse_value=_parse,
)
