"""Tagging mutations: assign tags to customers and remove them."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from api.context import Context
from api.enums import TagSource
from api.errors import payload
from api.segments.inputs import CustomerFilterInput
from api.tagging.types import TagCustomersPayload, UntagCustomersPayload
from graph.tagging import service as tagging
from graph.tagging.model import CustomerSelection, Provenance


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
        ctx = info.context
        provenance = Provenance(by=ctx.viewer.user, source=source, note=note, expires_at=expires_at)
        return await payload(
            TagCustomersPayload,
            tagging.tag_customers(
                ctx.db,
                ctx.viewer,
                selection=_selection(customer_ids, filter),
                tag_ids=[str(t) for t in tag_ids],
                provenance=provenance,
            ),
            TagCustomersPayload.from_model,
        )

    @strawberry.mutation(description="Remove tags from customers given by ids or by a filter.")
    async def untag_customers(
        self,
        info: Info[Context, None],
        tag_ids: list[strawberry.ID],
        customer_ids: list[strawberry.ID] | None = None,
        filter: CustomerFilterInput | None = None,
        source: TagSource = TagSource.API,
    ) -> UntagCustomersPayload:
        ctx = info.context
        return await payload(
            UntagCustomersPayload,
            tagging.untag_customers(
                ctx.db,
                ctx.viewer,
                selection=_selection(customer_ids, filter),
                tag_ids=[str(t) for t in tag_ids],
                provenance=Provenance(by=ctx.viewer.user, source=source),
            ),
            UntagCustomersPayload.from_model,
        )


def _selection(
    customer_ids: list[strawberry.ID] | None, filter: CustomerFilterInput | None
) -> CustomerSelection:
    return CustomerSelection(
        customer_ids=tuple(str(i) for i in customer_ids) if customer_ids is not None else None,
        customer_filter=filter.to_model() if filter is not None else None,
    )
