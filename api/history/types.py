"""History outputs: flows, moves and the erasure payload (TagEvent is a shared node:
api.nodes.types)."""

from __future__ import annotations

import strawberry

from api.errors import UserError
from graph.history import model as history_model


@strawberry.type(description="Customers who entered and left a tag in a period.")
class TagFlow:
    tag_id: strawberry.ID
    entered: int
    left: int

    @classmethod
    def from_model(cls, model: history_model.TagFlow) -> TagFlow:
        """The GraphQL view of a flow."""
        return cls(tag_id=strawberry.ID(model.tag_id), entered=model.entered, left=model.left)


@strawberry.type(description="Customers who moved from one tag to another in a period.")
class TagMoves:
    count: int
    sample_customer_ids: list[strawberry.ID]

    @classmethod
    def from_model(cls, model: history_model.TagMoves) -> TagMoves:
        """The GraphQL view of moves."""
        return cls(
            count=model.customers,
            sample_customer_ids=[strawberry.ID(i) for i in model.sample_ids],
        )


@strawberry.type
class EraseCustomerPayload:
    erased_customer_id: strawberry.ID | None = None
    removed_relationships: int = 0
    user_errors: list[UserError] = strawberry.field(default_factory=list)
