"""History mutations: erase a customer with its history."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import payload
from api.history.types import EraseCustomerPayload
from graph.customers import service as customers


@strawberry.type
class HistoryMutations:
    @strawberry.mutation(
        description="Delete a customer with its assignments and history (right to erasure)."
    )
    async def erase_customer(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> EraseCustomerPayload:
        return await payload(
            EraseCustomerPayload,
            customers.erase_customer(info.context.db, info.context.viewer, customer_id=str(id)),
            lambda removed: EraseCustomerPayload(
                erased_customer_id=id, removed_relationships=removed
            ),
        )
