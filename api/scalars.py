"""Scalars with TagGraph's rules: a DateTime without a time zone is taken as UTC, and lies
between the years 1900 and 2100.

Neo4j stores a naive value as a LocalDateTime, which never compares equal, greater or smaller
than the zoned DateTime values in the graph; taking it as UTC keeps every comparison defined.
A value that is not a date and time, or one outside the range, is a client error with a code
(INVALID_VALUE, DATE_OUT_OF_RANGE), in a literal and in a variable alike: graphql-core keeps
the extensions of the GraphQLError a scalar raises.
"""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from graphql import GraphQLError

from api.enums import ErrorCode

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
# The longest ISO 8601 text worth parsing ("2026-01-01T00:00:00.000000+05:30" is 32).
MAX_DATETIME_LENGTH = 40


def _refused(code: ErrorCode, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code.value})


def _parse(value: object) -> datetime:
    if not isinstance(value, str) or len(value) > MAX_DATETIME_LENGTH:
        raise _refused(ErrorCode.INVALID_VALUE, "a DateTime is an ISO 8601 string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _refused(
            ErrorCode.INVALID_VALUE, "a DateTime is an ISO 8601 string like 2026-01-31T09:30:00Z"
        ) from None
    aware = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    try:
        year = aware.astimezone(UTC).year
    except OverflowError:  # e.g. 9999-12-31T23:00:00-05:00 is after the year 9999 in UTC
        year = LATEST_YEAR + 1
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise _refused(
            ErrorCode.DATE_OUT_OF_RANGE,
            f"a DateTime lies between the years {EARLIEST_YEAR} and {LATEST_YEAR} (UTC)",
        )
    return aware


AwareDateTime = strawberry.scalar(
    name="DateTime",
    description=f"ISO 8601 date and time; without a time zone it is taken as UTC. Years "
    f"{EARLIEST_YEAR} to {LATEST_YEAR}.",
    serialize=lambda value: value.isoformat(),
    parse_value=_parse,
)
