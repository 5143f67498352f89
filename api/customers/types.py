"""Customer payloads (the Customer type itself is a shared node: api.nodes.types)."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from api.errors import UserError
from api.nodes.types import Customer
from graph.customers import model as customers_model


@strawberry.type
class UpsertCustomersPayload:
    customers: list[Customer] = strawberry.field(default_factory=list)
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, saved: Sequence[customers_model.Customer]) -> UpsertCustomersPayload:
        """The payload of the customers saved."""
        return cls(customers=[Customer.from_model(c) for c in saved])
