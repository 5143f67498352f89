"""Segment outputs: facets, co-occurring tags, membership explanations, compiled Cypher and
saved segments with their payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import Context
from api.enums import SegmentKind
from api.errors import UserError
from api.nodes.types import Customer, Tag, visible_tag
from api.pagination import Connection, connection
from graph.segments import compiler
from graph.segments import model as segments_model
from graph.segments.serialization import filter_to_json


@strawberry.type(description="The Cypher of a customer filter, ready for Neo4j Browser.")
class SegmentCypher:
    cypher: str = strawberry.field(description="Lists the segment's customers (first 1,000).")
    parameters: JSON = strawberry.field(description="The parameters, datetimes as ISO strings.")
    browser_params: str = strawberry.field(
        description="A `:params` command to paste into Neo4j Browser before the query."
    )

    @classmethod
    def from_model(cls, compiled: compiler.CompiledFilter) -> SegmentCypher:
        """The analyst's view of a compiled filter."""
        return cls(
            cypher=compiler.listing_query(compiled),
            parameters=_jsonable(compiled.parameters),
            browser_params=compiler.browser_params(compiled),
        )


@strawberry.type(description="A node of one tree level and the segment's customers under it.")
class Facet:
    key: strawberry.ID = strawberry.field(description="Region or industry code, or tag id.")
    name: str
    customers: int

    @classmethod
    def from_model(cls, bucket: segments_model.FacetBucket) -> Facet:
        """The GraphQL view of a facet bucket."""
        return cls(key=strawberry.ID(bucket.key), name=bucket.name, customers=bucket.customers)


@strawberry.type(description="One clause of a filter for one customer: whether it holds and why.")
class ClauseExplanation:
    clause: str
    matched: bool
    detail: str | None
    path: list[str] = strawberry.field(
        description="For tag, industry and region clauses: the names from the clause's node "
        "down to the node the customer holds."
    )
    children: list[ClauseExplanation]

    @classmethod
    def from_model(cls, model: segments_model.ClauseExplanation) -> ClauseExplanation:
        """The GraphQL view of an explanation (recursively)."""
        return cls(
            clause=model.clause,
            matched=model.matched,
            detail=model.detail,
            path=list(model.path),
            children=[cls.from_model(child) for child in model.children],
        )


@strawberry.type(description="A tag held together with the anchor tag inside a segment.")
class TagCoOccurrence:
    together: int = strawberry.field(description="Customers holding both.")
    with_tag: int = strawberry.field(description="Customers of the segment holding this tag.")
    anchor_customers: int
    segment_customers: int
    lift: float = strawberry.field(description="P(tag | anchor) / P(tag); above 1: associated.")
    tag_id: strawberry.Private[str]

    @strawberry.field
    async def tag(self, info: Info[Context, None]) -> Tag:
        return await visible_tag(info, self.tag_id)

    @classmethod
    def from_model(cls, model: segments_model.CoOccurrence) -> TagCoOccurrence:
        """The GraphQL view of a co-occurring tag."""
        return cls(
            together=model.together,
            with_tag=model.with_tag,
            anchor_customers=model.anchor_customers,
            segment_customers=model.segment_customers,
            lift=model.lift,
            tag_id=model.tag_id,
        )


@strawberry.type(description="A saved, named customer filter.")
class Segment:
    id: strawberry.ID
    name: str
    kind: SegmentKind
    filter: JSON = strawberry.field(description="The CustomerFilter it was saved with.")
    created_at: datetime | None
    refreshed_at: datetime | None = strawberry.field(
        description="When a STATIC segment's membership was last taken."
    )
    model: strawberry.Private[segments_model.Segment]

    @strawberry.field(description="Its customers, by id (the snapshot for a STATIC segment).")
    async def customers(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[Customer]:
        ctx = info.context
        request = ctx.page(first, after)
        page = await ctx.segments.saved_page(ctx.viewer, self.model, request)

        async def count() -> int:
            return await ctx.segments.saved_count(ctx.viewer, self.model)

        return connection(page, Customer.from_model, count)

    @strawberry.field(description="How many customers it holds now.")
    async def count(self, info: Info[Context, None]) -> int:
        return await info.context.segments.saved_count(info.context.viewer, self.model)

    @classmethod
    def from_model(cls, model: segments_model.Segment) -> Segment:
        """The GraphQL view of a saved segment."""
        return cls(
            id=strawberry.ID(model.id),
            name=model.name,
            kind=model.kind,
            filter=JSON(filter_to_json(model.filter)),
            created_at=model.created_at,
            refreshed_at=model.refreshed_at,
            model=model,
        )


@strawberry.type
class SegmentPayload:
    segment: Segment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: segments_model.Segment) -> SegmentPayload:
        """The payload of a segment written."""
        return cls(segment=Segment.from_model(model))


@strawberry.type
class DeleteSegmentPayload:
    deleted_segment_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value
