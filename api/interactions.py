"""GraphQL: record interactions in idempotent batches, read them, and manage products."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import UserError, user_errors
from graph.errors import UserInputError
from graph.interactions import products
from graph.interactions import service as interactions
from graph.interactions.model import Interaction, InteractionType, Product
from services.interactions import record_interactions

strawberry.enum(InteractionType, description="What a customer did.")
MAX_INTERACTIONS_READ = 100


@strawberry.input(description="One interaction; its id is yours, so a retried batch is safe.")
class InteractionInput:
    id: strawberry.ID
    customer_id: strawberry.ID
    type: InteractionType
    at: datetime
    amount: float | None = None
    product_id: strawberry.ID | None = None
    channel: str | None = None


@strawberry.type(name="Interaction", description="Something a customer did.")
class InteractionView:
    id: strawberry.ID
    customer_id: strawberry.ID
    type: InteractionType
    at: datetime
    amount: float | None
    product_id: strawberry.ID | None
    channel: str | None

    @classmethod
    def from_model(cls, model: Interaction) -> InteractionView:
        """The GraphQL view of an interaction."""
        return cls(
            id=strawberry.ID(model.id),
            customer_id=strawberry.ID(model.customer_id),
            type=model.type,
            at=model.at,
            amount=model.amount,
            product_id=strawberry.ID(model.product_id) if model.product_id else None,
            channel=model.channel,
        )


@strawberry.type(name="Product", description="A product of a line in one tier.")
class ProductType:
    id: strawberry.ID
    name: str
    line: str | None
    tier: str | None = strawberry.field(description="基础版, 专业版 or 旗舰版.")
    purchases: int = strawberry.field(description="PURCHASED relationships to it.")


@strawberry.input
class ProductInput:
    id: strawberry.ID
    name: str
    line: str | None = None
    tier: str | None = None


@strawberry.type
class RecordInteractionsPayload:
    recorded_count: int = strawberry.field(description="Interactions new to the graph.")
    duplicate_count: int = strawberry.field(description="Ids recorded before (a retry).")
    tags_added_count: int = strawberry.field(description="Assignments event rules made.")
    tags_removed_count: int = strawberry.field(description="Assignments event rules ended.")
    user_errors: list[UserError]


@strawberry.type
class UpsertProductsPayload:
    product_count: int
    user_errors: list[UserError]


@strawberry.type
class InteractionQueries:
    @strawberry.field(description="A customer's latest interactions, newest first (≤ 100).")
    async def interactions(
        self, info: Info[Context, None], customer_id: strawberry.ID, first: int = 20
    ) -> list[InteractionView]:
        found = await interactions.find_interactions_by_customer_ids(
            info.context.db, [str(customer_id)], max(0, min(first, MAX_INTERACTIONS_READ))
        )
        return [InteractionView.from_model(i) for i in found[str(customer_id)]]

    @strawberry.field(description="Every product, by line and tier.")
    async def products(self, info: Info[Context, None]) -> list[ProductType]:
        return [
            ProductType(
                id=strawberry.ID(p.id),
                name=p.name,
                line=p.line,
                tier=p.tier,
                purchases=p.purchases,
            )
            for p in await products.find_products(info.context.db)
        ]


@strawberry.type
class InteractionMutations:
    @strawberry.mutation(
        description="Record up to 10,000 interactions, all or nothing; ids seen before are "
        "skipped. Event rules of their types have run when this returns."
    )
    async def record_interactions(
        self, info: Info[Context, None], input: list[InteractionInput]
    ) -> RecordInteractionsPayload:
        items = [
            Interaction(
                id=str(item.id),
                customer_id=str(item.customer_id),
                type=item.type,
                at=item.at,
                amount=item.amount,
                product_id=str(item.product_id) if item.product_id else None,
                channel=item.channel,
            )
            for item in input
        ]
        try:
            result = await record_interactions(info.context.db, info.context.viewer, items)
        except UserInputError as error:
            return RecordInteractionsPayload(
                recorded_count=0,
                duplicate_count=0,
                tags_added_count=0,
                tags_removed_count=0,
                user_errors=user_errors(error),
            )
        return RecordInteractionsPayload(
            recorded_count=result.recorded,
            duplicate_count=result.duplicates,
            tags_added_count=result.tags_added,
            tags_removed_count=result.tags_removed,
            user_errors=[],
        )

    @strawberry.mutation(description="Create or update products by id.")
    async def upsert_products(
        self, info: Info[Context, None], input: list[ProductInput]
    ) -> UpsertProductsPayload:
        try:
            count = await products.merge_products(
                info.context.db,
                [Product(str(p.id), p.name, p.line, p.tier) for p in input],
            )
        except UserInputError as error:
            return UpsertProductsPayload(product_count=0, user_errors=user_errors(error))
        return UpsertProductsPayload(product_count=count, user_errors=[])
