"""GraphQL view of the segment compiler: the exact Cypher a filter runs, for analysts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import Context
from api.customers import CustomerFilterInput
from api.tags import TagType
from graph.segments import compiler as segments
from graph.segments import explain
from graph.segments import model as segment_model
from graph.segments import planner as segment_planner
from graph.segments.model import FacetDimension


@strawberry.type(description="The Cypher of a customer filter, ready for Neo4j Browser.")
class SegmentCypher:
    cypher: str = strawberry.field(description="Lists the segment's customers (first 1,000).")
    parameters: JSON = strawberry.field(description="The parameters, datetimes as ISO strings.")
    browser_params: str = strawberry.field(
        description="A `:params` command to paste into Neo4j Browser before the query."
    )


strawberry.enum(FacetDimension, description="The tree a facet splits a segment over.")


@strawberry.type(description="A node of one tree level and the segment's customers under it.")
class Facet:
    key: strawberry.ID = strawberry.field(description="Region or industry code, or tag id.")
    name: str
    customers: int


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
    def from_model(cls, model: segment_model.ClauseExplanation) -> ClauseExplanation:
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
    async def tag(self, info: Info[Context, None]) -> TagType:
        found = await info.context.loaders.tag().load(self.tag_id)
        assert found is not None, "co-occurring tags are visible tags"
        return TagType.from_model(found)


@strawberry.type
class SegmentQueries:
    @strawberry.field(
        description="The tags most held together with `tagId` (or a descendant) by the "
        "filter's customers, with count and lift."
    )
    async def co_occurring_tags(
        self,
        info: Info[Context, None],
        tag_id: strawberry.ID,
        filter: CustomerFilterInput | None = None,
        first: int = 20,
    ) -> list[TagCoOccurrence]:
        ctx = info.context
        page = ctx.page(first, None)
        found = await ctx.segments.cooccurring_tags(
            ctx.viewer,
            str(tag_id),
            filter.to_filter() if filter is not None else None,
            page.first,
        )
        return [
            TagCoOccurrence(
                together=c.together,
                with_tag=c.with_tag,
                anchor_customers=c.anchor_customers,
                segment_customers=c.segment_customers,
                lift=c.lift,
                tag_id=c.tag_id,
            )
            for c in found
        ]

    @strawberry.field(
        description="Why a customer matches a filter or not, clause by clause, with the tree "
        "paths that satisfied each subtree predicate."
    )
    async def explain_membership(
        self, info: Info[Context, None], customer_id: strawberry.ID, filter: CustomerFilterInput
    ) -> ClauseExplanation:
        found = await explain.explain_membership(
            info.context.db, info.context.viewer, str(customer_id), filter.to_filter()
        )
        return ClauseExplanation.from_model(found)

    @strawberry.field(
        description="How the filter's customers spread over the children of `parent` (or the "
        "roots): regions (CN → areas → provinces → cities), industries (sections → "
        "divisions) or tags (a category's top level, or a tag's children). Drill down by "
        "passing a bucket's key as the next parent."
    )
    async def facets(
        self,
        info: Info[Context, None],
        dimension: FacetDimension,
        filter: CustomerFilterInput | None = None,
        parent: strawberry.ID | None = None,
    ) -> list[Facet]:
        buckets = await info.context.segments.facets(
            info.context.viewer,
            filter.to_filter() if filter is not None else None,
            dimension,
            str(parent) if parent is not None else None,
        )
        return [
            Facet(key=strawberry.ID(b.key), name=b.name, customers=b.customers) for b in buckets
        ]

    @strawberry.field(
        description="The one parameterized Cypher query a filter compiles to, anchored on its "
        "smallest required subtree when that is small; pasted into Neo4j Browser (after "
        "browserParams) it lists the same customers as the API."
    )
    async def segment_cypher(
        self, info: Info[Context, None], filter: CustomerFilterInput
    ) -> SegmentCypher:
        compiled = await segment_planner.plan_filter(info.context.db, filter.to_filter())
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
