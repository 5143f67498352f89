"""Saved segment mutations: create, refresh and delete."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import payload
from api.segments.inputs import CreateSegmentInput
from api.segments.types import DeleteSegmentPayload, SegmentPayload
from graph.segments import model as segments_model
from graph.segments import saved as saved_segments


@strawberry.type
class SegmentMutations:
    @strawberry.mutation(description="Save a filter under a name; a STATIC one is filled now.")
    async def create_segment(
        self, info: Info[Context, None], input: CreateSegmentInput
    ) -> SegmentPayload:
        ctx = info.context
        return await payload(
            SegmentPayload,
            saved_segments.create_segment(
                ctx.db,
                ctx.viewer,
                name=input.name,
                kind=input.kind,
                customer_filter=input.filter.to_model(),
            ),
            SegmentPayload.from_model,
        )

    @strawberry.mutation(description="Take a new membership snapshot of a STATIC segment.")
    async def refresh_segment(self, info: Info[Context, None], id: strawberry.ID) -> SegmentPayload:
        return await payload(
            SegmentPayload,
            _refreshed(info.context, str(id)),
            SegmentPayload.from_model,
        )

    @strawberry.mutation(description="Delete a saved segment (its customers stay).")
    async def delete_segment(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> DeleteSegmentPayload:
        return await payload(
            DeleteSegmentPayload,
            saved_segments.delete_segment(info.context.db, info.context.viewer, segment_id=str(id)),
            lambda _: DeleteSegmentPayload(deleted_segment_id=id),
        )


async def _refreshed(ctx: Context, segment_id: str) -> segments_model.Segment:
    # The refresh reports only the new size; the payload shows the whole segment.
    await saved_segments.refresh_segment(ctx.db, ctx.viewer, segment_id=segment_id)
    return await saved_segments.get_segment(ctx.db, ctx.viewer, segment_id=segment_id)
