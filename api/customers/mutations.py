"""Customer mutations: upserts."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.customers.inputs import CustomerInput
from api.customers.types import UpsertCustomersPayload
from api.errors import payload
from graph.customers import service as customers


@strawberry.type
class CustomerMutations:
    @strawberry.mutation(description="Create or update customers, all or nothing (≤ 10,000).")
    async def upsert_customers(
        self, info: Info[Context, None], input: list[CustomerInput]
    ) -> UpsertCustomersPayload:
        items = [item.to_model() for item in input]
        return await payload(
            UpsertCustomersPayload,
            customers.upsert_customers(info.context.db, info.context.viewer, items=items),
            UpsertCustomersPayload.from_model,
        )
