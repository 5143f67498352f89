"""GraphQL mutations that tag and untag customers."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from api.context import Context
from api.customers import CustomerFilterInput
from api.errors import UserError, user_errors
from graph.errors import UserInputError
from graph.tagging import service as tagging
from graph.tagging.model import CustomerSelection, Provenance, TaggingResult, TagSource

strawberry.enum(TagSource, description="Where an assignment came from.")


@strawberry.type(description="What a tagging mutation changed (all zero when it was refused).")
class TagCustomersPayload:
    customer_count: int = strawberry.field(description="Customers the call applied to.")
    added_count: int = strawberry.field(description="New assignments.")
    already_present_count: int = strawberry.field(description="Assignments that existed already.")
    replaced_count: int = strawberry.field(
        description="Assignments of exclusive categories replaced by the new tag."
    )
    user_errors: list[UserError]


@strawberry.type(description="What an untagging mutation changed.")
class UntagCustomersPayload:
    customer_count: int
    removed_count: int
    user_errors: list[UserError]


def _selection(
    customer_ids: list[strawberry.ID] | None, filter: CustomerFilterInput | None
) -> CustomerSelection:
    return CustomerSelection(
        customer_ids=tuple(str(i) for i in customer_ids) if customer_ids is not None else None,
        customer_filter=filter.to_filter() if filter is not None else None,
    )


@strawberry.type
class TaggingMutations:
    @strawberry.mutation(
        description="Assign tags to customers given by ids or by a filter (≤ 100,000), "
        "all or nothing and idempotent."
    )
    async def tag_customers(
        self,
        info: Info[Context, None],
        tag_ids: list[strawberry.ID],
        customer_ids: list[strawberry.ID] | None = None,
        filter: CustomerFilterInput | None = None,
        source: TagSource = TagSource.API,
        note: str | None = None,
        expires_at: datetime | None = None,
    ) -> TagCustomersPayload:
        provenance = Provenance(
            by=info.context.viewer.user, source=source, note=note, expires_at=expires_at
        )
        try:
            result = await tagging.tag_customers(
                info.context.db,
                info.context.viewer,
                _selection(customer_ids, filter),
                [str(t) for t in tag_ids],
                provenance,
            )
        except UserInputError as error:
            return TagCustomersPayload(
                customer_count=0,
                added_count=0,
                already_present_count=0,
                replaced_count=0,
                user_errors=user_errors(error),
            )
        return _tag_payload(result)

    @strawberry.mutation(description="Remove tags from customers given by ids or by a filter.")
    async def untag_customers(
        self,
        info: Info[Context, None],
        tag_ids: list[strawberry.ID],
        customer_ids: list[strawberry.ID] | None = None,
        filter: CustomerFilterInput | None = None,
        source: TagSource = TagSource.API,
    ) -> UntagCustomersPayload:
        try:
            result = await tagging.untag_customers(
                info.context.db,
                info.context.viewer,
                _selection(customer_ids, filter),
                [str(t) for t in tag_ids],
                Provenance(by=info.context.viewer.user, source=source),
            )
        except UserInputError as error:
            return UntagCustomersPayload(
                customer_count=0, removed_count=0, user_errors=user_errors(error)
            )
        return UntagCustomersPayload(
            customer_count=result.customers, removed_count=result.removed, user_errors=[]
        )


def _tag_payload(result: TaggingResult) -> TagCustomersPayload:
    return TagCustomersPayload(
        customer_count=result.customers,
        added_count=result.added,
        already_present_count=result.already_present,
        replaced_count=result.replaced,
        user_errors=[],
    )
