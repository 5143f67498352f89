"""Interaction and product outputs and their payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.enums import InteractionType
from api.errors import UserError
from graph.interactions import model as interactions_model


@strawberry.type(description="Something a customer did.")
class Interaction:
    id: strawberry.ID
    customer_id: strawberry.ID
    type: InteractionType
    at: datetime
    amount: float | None
    product_id: strawberry.ID | None
    channel: str | None

    @classmethod
    def from_model(cls, model: interactions_model.Interaction) -> Interaction:
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


@strawberry.type(description="A product of a line in one tier.")
class Product:
    id: strawberry.ID
    name: str
    line: str | None
    tier: str | None = strawberry.field(description="基础版, 专业版 or 旗舰版.")
    purchases: int = strawberry.field(description="PURCHASED relationships to it.")

    @classmethod
    def from_model(cls, model: interactions_model.Product) -> Product:
        """The GraphQL view of a product."""
        return cls(
            id=strawberry.ID(model.id),
            name=model.name,
            line=model.line,
            tier=model.tier,
            purchases=model.purchases,
        )


@strawberry.type
class RecordInteractionsPayload:
    recorded_count: int = strawberry.field(default=0, description="Interactions new to the graph.")
    duplicate_count: int = strawberry.field(default=0, description="Ids recorded before (a retry).")
    tags_added_count: int = strawberry.field(default=0, description="Assignments event rules made.")
    tags_removed_count: int = strawberry.field(
        default=0, description="Assignments event rules ended."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: interactions_model.RecordResult) -> RecordInteractionsPayload:
        """The payload of a recorded batch."""
        return cls(
            recorded_count=model.recorded,
            duplicate_count=model.duplicates,
            tags_added_count=model.tags_added,
            tags_removed_count=model.tags_removed,
        )


@strawberry.type
class UpsertProductsPayload:
    product_count: int = 0
    user_errors: list[UserError] = strawberry.field(default_factory=list)
