"""Interaction queries: a customer's latest interactions, and every product."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.interactions.types import Interaction, Product
from graph.interactions import products
from graph.interactions import service as interactions

MAX_INTERACTIONS_READ = 100


@strawberry.type
class InteractionQueries:
    @strawberry.field(description="A customer's latest interactions, newest first (≤ 100).")
    async def interactions(
        self, info: Info[Context, None], customer_id: strawberry.ID, first: int = 20
    ) -> list[Interaction]:
        found = await interactions.find_interactions_by_customer_ids(
            info.context.db,
            customer_ids=[str(customer_id)],
            limit=max(0, min(first, MAX_INTERACTIONS_READ)),
        )
        return [Interaction.from_model(i) for i in found[str(customer_id)]]

    @strawberry.field(description="Every product, by line and tier.")
    async def products(self, info: Info[Context, None]) -> list[Product]:
        return [Product.from_model(p) for p in await products.find_products(info.context.db)]
