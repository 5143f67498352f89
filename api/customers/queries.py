"""Customer queries: one by id, or a filtered, ordered page of them."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.nodes.types import Customer
from api.pagination import Connection, connection
from api.segments.inputs import CustomerFilterInput, CustomerOrderInput
from graph.segments.model import CURSOR_ARITY


@strawberry.type
class CustomerQueries:
    @strawberry.field(description="The customer with this id, or null.")
    async def customer(self, info: Info[Context, None], id: strawberry.ID) -> Customer | None:
        found = await info.context.loaders.customer().load(str(id))
        return Customer.from_model(found) if found else None

    @strawberry.field(
        description="Customers matching the filter, by id or by `orderBy` (missing values last)."
    )
    async def customers(
        self,
        info: Info[Context, None],
        filter: CustomerFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
        order_by: CustomerOrderInput | None = None,
    ) -> Connection[Customer]:
        ctx = info.context
        segment = filter.to_model() if filter is not None else None
        order = order_by.to_model() if order_by is not None else None
        arity = 1 if order is None or order.is_default else CURSOR_ARITY
        page = await ctx.segments.page(ctx.viewer, ctx.page(first, after, arity), segment, order)

        async def count() -> int:
            return await ctx.segments.count(ctx.viewer, segment)

        return connection(page, Customer.from_model, count)
