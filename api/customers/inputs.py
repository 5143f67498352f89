"""Customers as clients send them to create or update."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.enums import CustomerKind
from graph.customers.model import UNSET, CustomerUpsert


@strawberry.input(description="A customer to create or update; omitted fields stay as they are.")
class CustomerInput:
    id: strawberry.ID
    name: str | None = strawberry.UNSET
    kind: CustomerKind | None = strawberry.UNSET
    employees: int | None = strawberry.UNSET
    annual_revenue: float | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    industry_code: strawberry.ID | None = strawberry.UNSET
    region_code: strawberry.ID | None = strawberry.UNSET
    last_interaction_at: datetime | None = strawberry.UNSET

    def to_model(self) -> CustomerUpsert:
        """The graph layer's upsert item (UNSET kept apart from null)."""

        def keep(value: object) -> object:
            return UNSET if value is strawberry.UNSET else value

        kind = keep(self.kind)
        return CustomerUpsert(
            id=str(self.id),
            name=keep(self.name),
            kind=kind.value if isinstance(kind, CustomerKind) else kind,
            employees=keep(self.employees),
            annual_revenue=keep(self.annual_revenue),
            email=keep(self.email),
            phone=keep(self.phone),
            industry_code=keep(self.industry_code),
            region_code=keep(self.region_code),
            last_interaction_at=keep(self.last_interaction_at),
        )
