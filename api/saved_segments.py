"""GraphQL types, queries and mutations of saved segments."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import Context
from api.customers import CustomerFilterInput, CustomerType
from api.errors import UserError, user_errors
from api.pagination import Connection, connection
from graph.errors import UserInputError
from graph.segments import saved as saved_segments
from graph.segments.model import Segment, SegmentKind
from graph.segments.serialization import filter_to_json

strawberry.enum(SegmentKind, description="DYNAMIC: evaluated when read; STATIC: a snapshot.")


@strawberry.type(name="Segment", description="A saved, named customer filter.")
class SegmentType:
    id: strawberry.ID
    name: str
    kind: SegmentKind
    filter: JSON = strawberry.field(description="The CustomerFilter it was saved with.")
    created_at: datetime | None
    refreshed_at: datetime | None = strawberry.field(
        description="When a STATIC segment's membership was last taken."
    )
    model: strawberry.Private[Segment]

    @strawberry.field(description="Its customers, by id (the snapshot for a STATIC segment).")
    async def customers(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[CustomerType]:
        ctx = info.context
        request = ctx.page(first, after)
        page = await ctx.segments.saved_page(ctx.viewer, self.model, request)

        async def count() -> int:
            return await ctx.segments.saved_count(ctx.viewer, self.model)

        return connection(page, CustomerType.from_model, count)

    @strawberry.field(description="How many customers it holds now.")
    async def count(self, info: Info[Context, None]) -> int:
        return await info.context.segments.saved_count(info.context.viewer, self.model)

    @classmethod
    def from_model(cls, model: Segment) -> SegmentType:
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


@strawberry.input
class CreateSegmentInput:
    name: str
    kind: SegmentKind = SegmentKind.DYNAMIC
    filter: CustomerFilterInput


@strawberry.type
class SegmentPayload:
    segment: SegmentType | None
    user_errors: list[UserError]


@strawberry.type
class DeleteSegmentPayload:
    deleted_segment_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class SavedSegmentQueries:
    @strawberry.field(description="The saved segment with this id, or null.")
    async def segment(self, info: Info[Context, None], id: strawberry.ID) -> SegmentType | None:
        found = await saved_segments.find_segments_by_ids(
            info.context.db, info.context.viewer, [str(id)]
        )
        return SegmentType.from_model(found[str(id)]) if str(id) in found else None

    @strawberry.field(description="Every saved segment, by name.")
    async def segments(self, info: Info[Context, None]) -> list[SegmentType]:
        found = await saved_segments.find_segments(info.context.db, info.context.viewer)
        return [SegmentType.from_model(segment) for segment in found]


@strawberry.type
class SavedSegmentMutations:
    @strawberry.mutation(description="Save a filter under a name; a STATIC one is filled now.")
    async def create_segment(
        self, info: Info[Context, None], input: CreateSegmentInput
    ) -> SegmentPayload:
        try:
            segment = await saved_segments.create_segment(
                info.context.db, info.context.viewer, input.name, input.kind,
                input.filter.to_filter(),
            )  # fmt: skip
        except UserInputError as error:
            return SegmentPayload(segment=None, user_errors=user_errors(error))
        return SegmentPayload(segment=SegmentType.from_model(segment), user_errors=[])

    @strawberry.mutation(description="Take a new membership snapshot of a STATIC segment.")
    async def refresh_segment(self, info: Info[Context, None], id: strawberry.ID) -> SegmentPayload:
        ctx = info.context
        try:
            await saved_segments.refresh_segment(ctx.db, ctx.viewer, str(id))
            segment = await saved_segments.get_segment(ctx.db, ctx.viewer, str(id))
        except UserInputError as error:
            return SegmentPayload(segment=None, user_errors=user_errors(error))
        return SegmentPayload(segment=SegmentType.from_model(segment), user_errors=[])

    @strawberry.mutation(description="Delete a saved segment (its customers stay).")
    async def delete_segment(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> DeleteSegmentPayload:
        try:
            await saved_segments.delete_segment(info.context.db, info.context.viewer, str(id))
        except UserInputError as error:
            return DeleteSegmentPayload(deleted_segment_id=None, user_errors=user_errors(error))
        return DeleteSegmentPayload(deleted_segment_id=id, user_errors=[])
