"""Taxonomy outputs: governance reports and the payloads of taxonomy edits (Tag, TagCategory
and TagUsage are shared nodes: api.nodes.types)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import UserError
from api.nodes.types import Tag, TagCategory, visible_tag
from graph.taxonomy import model as taxonomy_model


@strawberry.type(description="A live tag not assigned for a while, or never.")
class StaleTag:
    direct_customers: int = strawberry.field(description="Customers holding it now.")
    last_assigned_at: datetime | None = strawberry.field(
        description="The latest start of a current or past assignment; null if never assigned."
    )
    tag_id: strawberry.Private[str]

    @strawberry.field
    async def tag(self, info: Info[Context, None]) -> Tag:
        return await visible_tag(info, self.tag_id)

    @classmethod
    def from_model(cls, model: taxonomy_model.StaleTag) -> StaleTag:
        """The GraphQL view of a stale tag."""
        return cls(
            direct_customers=model.direct_customers,
            last_assigned_at=model.last_assigned_at,
            tag_id=model.tag_id,
        )


@strawberry.type(description="One live tag of a category and its customers.")
class TagShare:
    direct_customers: int = strawberry.field(description="Customers holding the tag itself.")
    customers_with_descendants: int = strawberry.field(
        description="Distinct customers holding the tag or any of its descendants."
    )
    share: float = strawberry.field(
        description="customersWithDescendants / all customers (0 when there are none)."
    )
    tag_id: strawberry.Private[str]

    @strawberry.field
    async def tag(self, info: Info[Context, None]) -> Tag:
        return await visible_tag(info, self.tag_id)

    @classmethod
    def from_model(cls, model: taxonomy_model.TagShare) -> TagShare:
        """The GraphQL view of a tag's share."""
        return cls(
            direct_customers=model.direct_customers,
            customers_with_descendants=model.customers_with_descendants,
            share=model.share,
            tag_id=model.tag_id,
        )


@strawberry.type(
    description="How the customers spread over the live tags of one category (every depth)."
)
class CategoryDistribution:
    total_customers: int = strawberry.field(description="All customers of the graph.")
    customers_with_any_tag: int = strawberry.field(
        description="Distinct customers holding at least one tag of the category."
    )
    share_with_any_tag: float = strawberry.field(
        description="customersWithAnyTag / totalCustomers (0 when there are no customers)."
    )
    tags: list[TagShare] = strawberry.field(
        description="Every live tag of the category, most customers first, then by name."
    )
    category_id: strawberry.Private[str]

    @strawberry.field
    async def category(self, info: Info[Context, None]) -> TagCategory:
        found = await info.context.loaders.category().load(self.category_id)
        assert found is not None, "the distribution of a category the viewer may see"
        return TagCategory.from_model(found)

    @classmethod
    def from_model(cls, model: taxonomy_model.CategoryDistribution) -> CategoryDistribution:
        """The GraphQL view of a category's distribution."""
        return cls(
            total_customers=model.total_customers,
            customers_with_any_tag=model.customers_with_any_tag,
            share_with_any_tag=model.share_with_any_tag,
            tags=[TagShare.from_model(share) for share in model.tags],
            category_id=model.category_id,
        )


@strawberry.type(description="Two live tags that may mean the same thing.")
class DuplicateCandidate:
    score: float = strawberry.field(description="How likely they are duplicates, in (0, 1].")
    reasons: list[str] = strawberry.field(
        description="SAME_NORMALIZED_NAME, ALIAS_COLLISION, SIMILAR_NAME, CONTAINS, "
        "CUSTOMER_OVERLAP."
    )
    tag_a_id: strawberry.Private[str]
    tag_b_id: strawberry.Private[str]

    @strawberry.field(description="The tag with the smaller id.")
    async def tag_a(self, info: Info[Context, None]) -> Tag:
        return await visible_tag(info, self.tag_a_id)

    @strawberry.field(description="The tag with the larger id.")
    async def tag_b(self, info: Info[Context, None]) -> Tag:
        return await visible_tag(info, self.tag_b_id)

    @classmethod
    def from_model(cls, model: taxonomy_model.DuplicateCandidate) -> DuplicateCandidate:
        """The GraphQL view of a duplicate candidate."""
        return cls(
            score=model.score,
            reasons=list(model.reasons),
            tag_a_id=model.tag_a_id,
            tag_b_id=model.tag_b_id,
        )


@strawberry.type
class CreateTagCategoryPayload:
    category: TagCategory | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: taxonomy_model.TagCategory) -> CreateTagCategoryPayload:
        """The payload of a category created."""
        return cls(category=TagCategory.from_model(model))


@strawberry.type
class CreateTagPayload:
    tag: Tag | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: taxonomy_model.Tag) -> CreateTagPayload:
        """The payload of a tag created."""
        return cls(tag=Tag.from_model(model))


@strawberry.type
class TagPayload:
    tag: Tag | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: taxonomy_model.Tag) -> TagPayload:
        """The payload of a tag changed."""
        return cls(tag=Tag.from_model(model))


@strawberry.type
class MergeTagsPayload:
    tag: Tag | None = strawberry.field(
        default=None, description="The target, with the merged aliases."
    )
    customer_count: int = strawberry.field(
        default=0, description="Customers whose assignments moved."
    )
    added_count: int = strawberry.field(
        default=0, description="Of those, customers new to the target."
    )
    moved_children_count: int = 0
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: taxonomy_model.MergeResult) -> MergeTagsPayload:
        """The payload of a merge."""
        return cls(
            tag=Tag.from_model(model.target),
            customer_count=model.customers,
            added_count=model.added,
            moved_children_count=model.children_moved,
        )


@strawberry.type
class DeleteTagPayload:
    deleted_tag_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    reassigned_customer_count: int = 0
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: taxonomy_model.DeleteResult) -> DeleteTagPayload:
        """The payload of a deletion."""
        return cls(
            deleted_tag_ids=[strawberry.ID(i) for i in model.deleted_ids],
            reassigned_customer_count=model.reassigned_customers,
        )


@strawberry.type
class MarkTagsDistinctPayload:
    user_errors: list[UserError] = strawberry.field(default_factory=list)
