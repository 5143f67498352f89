"""GraphQL view of tag history: customer timelines, snapshots, flows and moves, erasure."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import UserError, user_errors
from api.pagination import Connection, connection
from api.tags import TagType
from graph.customers import service as customers
from graph.errors import UserInputError
from graph.history import model as history_model
from graph.history import service as history


@strawberry.enum
class TagAction(Enum):
    ADDED = "ADDED"
    REMOVED = "REMOVED"


@strawberry.type(description="A tag was added to or removed from a customer.")
class TagEvent:
    action: TagAction
    at: datetime
    tag: TagType
    by: str | None = strawberry.field(description="Who made the change.")
    source: str | None = strawberry.field(description="MANUAL, RULE, IMPORT, API or MERGE.")
    reason: str | None = strawberry.field(
        description="Why an assignment ended: REMOVED, REPLACED, EXPIRED, MERGED or DELETED."
    )
    note: str | None
    rule_id: str | None

    @classmethod
    def from_model(cls, event: history_model.TagEvent) -> TagEvent:
        """The GraphQL view of an event."""
        return cls(
            action=TagAction(event.action),
            at=event.at,
            tag=TagType.from_model(event.tag),
            by=event.by,
            source=event.source,
            reason=event.reason,
            note=event.note,
            rule_id=event.rule_id,
        )


async def resolve_tag_history(
    root: strawberry.Parent[object],
    info: Info[Context, None],
    first: int | None = None,
    after: str | None = None,
) -> Connection[TagEvent]:
    """Customer.tagHistory: the customer's tag events, newest first."""
    ctx = info.context
    customer_id = str(getattr(root, "id"))  # noqa: B009 - root is CustomerType
    page = await history.find_tag_history(
        ctx.db, ctx.viewer, customer_id, ctx.page(first, after, arity=3)
    )

    async def count() -> int:
        return await history.count_tag_history(ctx.db, ctx.viewer, customer_id)

    return connection(page, TagEvent.from_model, count)


async def resolve_tags_as_of(
    root: strawberry.Parent[object], info: Info[Context, None], at: datetime
) -> list[TagType]:
    """Customer.tagsAsOf: the tags the customer held at that moment."""
    customer_id = str(getattr(root, "id"))  # noqa: B009
    held = await info.context.loaders.tags_as_of().load((customer_id, at))
    return [TagType.from_model(tag) for tag in held]


@strawberry.type(description="Customers who entered and left a tag in a period.")
class TagFlow:
    tag_id: strawberry.ID
    entered: int
    left: int


@strawberry.type(description="Customers who moved from one tag to another in a period.")
class TagMoves:
    count: int
    sample_customer_ids: list[strawberry.ID]


@strawberry.type
class EraseCustomerPayload:
    erased_customer_id: strawberry.ID | None
    removed_relationships: int
    user_errors: list[UserError]


@strawberry.type
class HistoryQueries:
    @strawberry.field(description="How many customers entered and left the tag in [since, until).")
    async def tag_flow(
        self, info: Info[Context, None], tag_id: strawberry.ID, since: datetime, until: datetime
    ) -> TagFlow:
        flow = await history.count_tag_flow(
            info.context.db, info.context.viewer, str(tag_id), since, until
        )
        return TagFlow(tag_id=strawberry.ID(flow.tag_id), entered=flow.entered, left=flow.left)

    @strawberry.field(
        description="Customers who left one tag for another (e.g. 潜在客户 → 已成交客户) "
        "in [since, until)."
    )
    async def tag_moves(
        self,
        info: Info[Context, None],
        from_tag_id: strawberry.ID,
        to_tag_id: strawberry.ID,
        since: datetime,
        until: datetime,
    ) -> TagMoves:
        moves = await history.find_tag_moves(
            info.context.db, info.context.viewer, str(from_tag_id), str(to_tag_id), since, until
        )
        return TagMoves(
            count=moves.customers,
            sample_customer_ids=[strawberry.ID(i) for i in moves.sample_ids],
        )


@strawberry.type
class HistoryMutations:
    @strawberry.mutation(
        description="Delete a customer with its assignments and history (right to erasure)."
    )
    async def erase_customer(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> EraseCustomerPayload:
        try:
            removed = await customers.erase_customer(info.context.db, info.context.viewer, str(id))
        except UserInputError as error:
            return EraseCustomerPayload(
                erased_customer_id=None, removed_relationships=0, user_errors=user_errors(error)
            )
        return EraseCustomerPayload(
            erased_customer_id=id, removed_relationships=removed, user_errors=[]
        )
