"""GraphQL view of the segment compiler: the exact Cypher a filter runs, for analysts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import Context
from api.customers import CustomerFilterInput
from graph import segments


@strawberry.type(description="The Cypher of a customer filter, ready for Neo4j Browser.")
class SegmentCypher:
    cypher: str = strawberry.field(description="Lists the segment's customers (first 1,000).")
    parameters: JSON = strawberry.field(description="The parameters, datetimes as ISO strings.")
    browser_params: str = strawberry.field(
        description="A `:params` command to paste into Neo4j Browser before the query."
    )


@strawberry.type
class SegmentQueries:
    @strawberry.field(
        description="The one parameterized Cypher query a filter compiles to; pasted into "
        "Neo4j Browser (after browserParams) it lists the same customers as the API."
    )
    def segment_cypher(
        self, info: Info[Context, None], filter: CustomerFilterInput
    ) -> SegmentCypher:
        del info
        compiled = segments.compile_filter(filter.to_filter())
        return SegmentCypher(
            cypher=segments.listing_query(compiled),
            parameters=_jsonable(compiled.parameters),
            browser_params=segments.browser_params(compiled),
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value
