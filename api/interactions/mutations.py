"""Interaction mutations: record interactions, create or update products."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import payload
from api.interactions.inputs import InteractionInput, ProductInput
from api.interactions.types import RecordInteractionsPayload, UpsertProductsPayload
from graph.interactions import products
from services.interactions import record_interactions


@strawberry.type
class InteractionMutations:
    @strawberry.mutation(
        description="Record up to 10,000 interactions, all or nothing; ids seen before are "
        "skipped. Event rules of their types have run when this returns."
    )
    async def record_interactions(
        self, info: Info[Context, None], input: list[InteractionInput]
    ) -> RecordInteractionsPayload:
        items = [item.to_model() for item in input]
        return await payload(
            RecordInteractionsPayload,
            record_interactions(info.context.db, info.context.viewer, items),
            RecordInteractionsPayload.from_model,
        )

    @strawberry.mutation(description="Create or update products by id.")
    async def upsert_products(
        self, info: Info[Context, None], input: list[ProductInput]
    ) -> UpsertProductsPayload:
        return await payload(
            UpsertProductsPayload,
            products.merge_products(info.context.db, products=[p.to_model() for p in input]),
            lambda count: UpsertProductsPayload(product_count=count),
        )
