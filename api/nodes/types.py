"""Customers, tags, tag categories, tag usage and tag events: they refer to each other (a
customer's tags, a tag's customers), so they live in one module and need no lazy references."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from api.context import Context
from api.enums import CustomerKind, TagAction, TagStatus
from api.nodes.trees import Industry, Region
from api.pagination import Connection, connection
from graph.classification.model import Classification
from graph.customers import model as customers_model
from graph.history import model as history_model
from graph.history import service as history
from graph.taxonomy import model as taxonomy_model


@strawberry.type(description="A company or person the CRM knows.")
class Customer:
    id: strawberry.ID
    name: str
    kind: CustomerKind
    employees: int | None
    annual_revenue: float | None
    email: str | None
    phone: str | None
    created_at: datetime | None
    updated_at: datetime | None
    last_interaction_at: datetime | None
    industry_code: strawberry.Private[str | None]
    region_code: strawberry.Private[str | None]

    # Before industry and region: the printed schema (the contract) lists them in this order.
    @strawberry.field(description="Every tag added to or removed from this customer, newest first.")
    async def tag_history(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Connection[TagEvent]:
        ctx = info.context
        customer_id = str(self.id)
        page = await history.find_tag_history(
            ctx.db, ctx.viewer, customer_id=customer_id, page=ctx.page(first, after, arity=3)
        )

        async def count() -> int:
            return await history.count_tag_history(ctx.db, ctx.viewer, customer_id=customer_id)

        return connection(page, TagEvent.from_model, count)

    @strawberry.field(description="The tags this customer held at that moment.")
    async def tags_as_of(self, info: Info[Context, None], at: datetime) -> list[Tag]:
        held = await info.context.loaders.tags_as_of().load((str(self.id), at))
        return [Tag.from_model(tag) for tag in held]

    @strawberry.field
    async def industry(self, info: Info[Context, None]) -> Industry | None:
        if self.industry_code is None:
            return None
        node = await info.context.loaders.tree_node(Classification.INDUSTRY).load(
            self.industry_code
        )
        return Industry.from_model(node) if node else None

    @strawberry.field
    async def region(self, info: Info[Context, None]) -> Region | None:
        if self.region_code is None:
            return None
        node = await info.context.loaders.tree_node(Classification.REGION).load(self.region_code)
        return Region.from_model(node) if node else None

    @strawberry.field(description="The tags this customer holds directly.")
    async def tags(self, info: Info[Context, None]) -> list[Tag]:
        held = await info.context.loaders.customer_tags().load(self.id)
        return [Tag.from_model(tag) for tag in held]

    @classmethod
    def from_model(cls, model: customers_model.Customer) -> Customer:
        """The GraphQL view of a customer."""
        return cls(
            id=strawberry.ID(model.id),
            name=model.name,
            kind=CustomerKind(model.kind),
            employees=model.employees,
            annual_revenue=model.annual_revenue,
            email=model.email,
            phone=model.phone,
            created_at=model.created_at,
            updated_at=model.updated_at,
            last_interaction_at=model.last_interaction_at,
            industry_code=model.industry_code,
            region_code=model.region_code,
        )


@strawberry.type(description="A category of tags, e.g. 行为轨迹 or 生命周期.")
class TagCategory:
    id: strawberry.ID
    name: str
    description: str | None
    exclusive: bool = strawberry.field(
        description="A customer holds at most one tag of an exclusive category."
    )
    color: str | None
    created_at: datetime | None

    @strawberry.field(description="The top-level tags of this category, by name.")
    async def tags(self, info: Info[Context, None]) -> list[Tag]:
        roots = await info.context.loaders.category_roots().load(self.id)
        return [Tag.from_model(tag) for tag in roots]

    @classmethod
    def from_model(cls, model: taxonomy_model.TagCategory) -> TagCategory:
        """The GraphQL view of a category."""
        return cls(
            id=strawberry.ID(model.id),
            name=model.name,
            description=model.description,
            exclusive=model.exclusive,
            color=model.color,
            created_at=model.created_at,
        )


@strawberry.type(description="A tag; tags form trees inside their category.")
class Tag:
    id: strawberry.ID
    name: str
    color: str | None
    description: str | None
    status: TagStatus
    aliases: list[str]
    created_at: datetime | None
    updated_at: datetime | None
    category_id: strawberry.Private[str]
    parent_id: strawberry.Private[str | None]

    @strawberry.field
    async def category(self, info: Info[Context, None]) -> TagCategory:
        found = await info.context.loaders.category().load(self.category_id)
        assert found is not None, "a visible tag is in a visible category"
        return TagCategory.from_model(found)

    @strawberry.field(description="The parent tag; null for a top-level tag.")
    async def parent(self, info: Info[Context, None]) -> Tag | None:
        if self.parent_id is None:
            return None
        found = await info.context.loaders.tag().load(self.parent_id)
        return Tag.from_model(found) if found else None

    @strawberry.field(
        description="For a MERGED tag, the tag it was merged into (which holds its assignments "
        "now); null for any other status."
    )
    async def merged_into(self, info: Info[Context, None]) -> Tag | None:
        if self.status != TagStatus.MERGED:
            return None
        found = await info.context.loaders.merge_target().load(str(self.id))
        return Tag.from_model(found) if found else None

    @strawberry.field(description="The direct children, by name.")
    async def children(self, info: Info[Context, None]) -> list[Tag]:
        return [Tag.from_model(t) for t in await info.context.loaders.tag_children().load(self.id)]

    @strawberry.field(description="The tags from the root of the tree down to this one.")
    async def path(self, info: Info[Context, None]) -> list[Tag]:
        return [Tag.from_model(t) for t in await info.context.loaders.tag_path().load(self.id)]

    @strawberry.field(description="Customers holding this tag (or, by default, a descendant).")
    async def customer_count(
        self, info: Info[Context, None], *, include_descendants: bool = True
    ) -> int:
        return await info.context.loaders.tag_customer_count().load((self.id, include_descendants))

    @strawberry.field(
        description="Governance figures: customers directly and with descendants, last assignment."
    )
    async def usage(self, info: Info[Context, None]) -> TagUsage:
        found = await info.context.loaders.tag_usage().load(self.id)
        assert found is not None, "a visible tag has usage figures"
        return TagUsage.from_model(found)

    @strawberry.field(description="Customers holding this tag (or a descendant), by id.")
    async def customers(
        self,
        info: Info[Context, None],
        *,
        include_descendants: bool = True,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Customer]:
        page = info.context.page(first, after)
        result = await info.context.loaders.tag_customers().load(
            (self.id, include_descendants, page)
        )

        async def count() -> int:
            return await info.context.loaders.tag_customer_count().load(
                (self.id, include_descendants)
            )

        return connection(result, Customer.from_model, count)

    @classmethod
    def from_model(cls, model: taxonomy_model.Tag) -> Tag:
        """The GraphQL view of a tag."""
        return cls(
            id=strawberry.ID(model.id),
            name=model.name,
            color=model.color,
            description=model.description,
            status=TagStatus(model.status),
            aliases=list(model.aliases),
            created_at=model.created_at,
            updated_at=model.updated_at,
            category_id=model.category_id,
            parent_id=model.parent_id,
        )


async def visible_tag(info: Info[Context, None], tag_id: str) -> Tag:
    """A tag that a report or an answer names: one the viewer may see, read a moment before."""
    found = await info.context.loaders.tag().load(tag_id)
    assert found is not None, f"tag {tag_id!r} of a report is not visible"
    return Tag.from_model(found)


@strawberry.type(description="How much a tag is used.")
class TagUsage:
    direct_customers: int = strawberry.field(description="Customers holding the tag itself.")
    customers_with_descendants: int = strawberry.field(
        description="Distinct customers holding the tag or any of its descendants."
    )
    last_assigned_at: datetime | None = strawberry.field(
        description="The latest start of a current or past assignment; null if never assigned."
    )
    tag_id: strawberry.Private[str]

    @strawberry.field
    async def tag(self, info: Info[Context, None]) -> Tag:
        return await visible_tag(info, self.tag_id)

    @classmethod
    def from_model(cls, model: taxonomy_model.TagUsage) -> TagUsage:
        """The GraphQL view of a tag's usage."""
        return cls(
            direct_customers=model.direct_customers,
            customers_with_descendants=model.customers_with_descendants,
            last_assigned_at=model.last_assigned_at,
            tag_id=model.tag_id,
        )


@strawberry.type(description="A tag was added to or removed from a customer.")
class TagEvent:
    action: TagAction
    at: datetime
    tag: Tag
    by: str | None = strawberry.field(description="Who made the change.")
    source: str | None = strawberry.field(description="MANUAL, RULE, IMPORT, API or MERGE.")
    reason: str | None = strawberry.field(
        description="Why an assignment ended: REMOVED, REPLACED, EXPIRED, MERGED or DELETED."
    )
    note: str | None
    rule_id: str | None

    @classmethod
    def from_model(cls, event: history_model.TagEvent) -> TagEvent:
        """The GraphQL view of an event."""
        return cls(
            action=TagAction(event.action),
            at=event.at,
            tag=Tag.from_model(event.tag),
            by=event.by,
            source=event.source,
            reason=event.reason,
            note=event.note,
            rule_id=event.rule_id,
        )
