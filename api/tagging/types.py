"""Tagging payloads."""

from __future__ import annotations

import strawberry

from api.errors import UserError
from graph.tagging.model import TaggingResult


@strawberry.type(description="What a tagging mutation changed (all zero when it was refused).")
class TagCustomersPayload:
    customer_count: int = strawberry.field(default=0, description="Customers the call applied to.")
    added_count: int = strawberry.field(default=0, description="New assignments.")
    already_present_count: int = strawberry.field(
        default=0, description="Assignments that existed already."
    )
    replaced_count: int = strawberry.field(
        default=0, description="Assignments of exclusive categories replaced by the new tag."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: TaggingResult) -> TagCustomersPayload:
        """The payload of a tagging call."""
        return cls(
            customer_count=model.customers,
            added_count=model.added,
            already_present_count=model.already_present,
            replaced_count=model.replaced,
        )


@strawberry.type(description="What an untagging mutation changed.")
class UntagCustomersPayload:
    customer_count: int = 0
    removed_count: int = 0
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: TaggingResult) -> UntagCustomersPayload:
        """The payload of an untagging call."""
        return cls(customer_count=model.customers, removed_count=model.removed)
