"""Interactions and products as clients send them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.enums import InteractionType
from graph.interactions import model as interactions_model


@strawberry.input(description="One interaction; its id is yours, so a retried batch is safe.")
class InteractionInput:
    id: strawberry.ID
    customer_id: strawberry.ID
    type: InteractionType
    at: datetime
    amount: float | None = None
    product_id: strawberry.ID | None = None
    channel: str | None = None

    def to_model(self) -> interactions_model.Interaction:
        """The graph layer's interaction."""
        return interactions_model.Interaction(
            id=str(self.id),
            customer_id=str(self.customer_id),
            type=self.type,
            at=self.at,
            amount=self.amount,
            product_id=str(self.product_id) if self.product_id else None,
            channel=self.channel,
        )


@strawberry.input
class ProductInput:
    id: strawberry.ID
    name: str
    line: str | None = None
    tier: str | None = None

    def to_model(self) -> interactions_model.Product:
        """The graph layer's product."""
        return interactions_model.Product(str(self.id), self.name, self.line, self.tier)
