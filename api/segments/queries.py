"""Segment queries: co-occurring tags, membership explanations, facets, compiled Cypher and
saved segments."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.enums import FacetDimension
from api.segments.inputs import CustomerFilterInput
from api.segments.types import ClauseExplanation, Facet, Segment, SegmentCypher, TagCoOccurrence
from graph.segments import explain, planner
from graph.segments import saved as saved_segments


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
            filter.to_model() if filter is not None else None,
            page.first,
        )
        return [TagCoOccurrence.from_model(c) for c in found]

    @strawberry.field(
        description="Why a customer matches a filter or not, clause by clause, with the tree "
        "paths that satisfied each subtree predicate."
    )
    async def explain_membership(
        self, info: Info[Context, None], customer_id: strawberry.ID, filter: CustomerFilterInput
    ) -> ClauseExplanation:
        found = await explain.explain_membership(
            info.context.db,
            info.context.viewer,
            customer_id=str(customer_id),
            customer_filter=filter.to_model(),
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
            filter.to_model() if filter is not None else None,
            dimension,
            str(parent) if parent is not None else None,
        )
        return [Facet.from_model(b) for b in buckets]

    @strawberry.field(
        description="The one parameterized Cypher query a filter compiles to, anchored on its "
        "smallest required subtree when that is small; pasted into Neo4j Browser (after "
        "browserParams) it lists the same customers as the API."
    )
    async def segment_cypher(
        self, info: Info[Context, None], filter: CustomerFilterInput
    ) -> SegmentCypher:
        compiled = await planner.plan_filter(
            info.context.db, info.context.viewer, customer_filter=filter.to_model()
        )
        return SegmentCypher.from_model(compiled)

    @strawberry.field(description="The saved segment with this id, or null.")
    async def segment(self, info: Info[Context, None], id: strawberry.ID) -> Segment | None:
        found = await saved_segments.find_segments_by_ids(
            info.context.db, info.context.viewer, ids=[str(id)]
        )
        return Segment.from_model(found[str(id)]) if str(id) in found else None

    @strawberry.field(description="Every saved segment, by name.")
    async def segments(self, info: Info[Context, None]) -> list[Segment]:
        found = await saved_segments.find_segments(info.context.db, info.context.viewer)
        return [Segment.from_model(segment) for segment in found]
