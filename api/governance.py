"""GraphQL types, queries and mutations of taxonomy governance: tag usage, stale tags, how
customers spread over a category, and duplicate tags (R1)."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import UserError, user_errors
from api.tags import TagCategoryType, TagType
from graph.errors import UserInputError
from graph.taxonomy import duplicates, governance
from graph.taxonomy.model import (
    CategoryDistribution,
    DuplicateCandidate,
    StaleTag,
    TagShare,
    TagUsage,
)


async def _tag(info: Info[Context, None], tag_id: str) -> TagType:
    found = await info.context.loaders.tag().load(tag_id)
    # Reports list only tags the viewer may see, read a moment before.
    assert found is not None, f"tag {tag_id!r} of a report is not visible"
    return TagType.from_model(found)


@strawberry.type(name="TagUsage", description="How much a tag is used.")
class TagUsageType:
    direct_customers: int = strawberry.field(description="Customers holding the tag itself.")
    customers_with_descendants: int = strawberry.field(
        description="Distinct customers holding the tag or any of its descendants."
    )
    last_assigned_at: datetime | None = strawberry.field(
        description="The latest start of a current or past assignment; null if never assigned."
    )
    tag_id: strawberry.Private[str]

    @strawberry.field
    async def tag(self, info: Info[Context, None]) -> TagType:
        return await _tag(info, self.tag_id)

    @classmethod
    def from_model(cls, model: TagUsage) -> TagUsageType:
        """The GraphQL view of a tag's usage."""
        return cls(
            direct_customers=model.direct_customers,
            customers_with_descendants=model.customers_with_descendants,
            last_assigned_at=model.last_assigned_at,
            tag_id=model.tag_id,
        )


@strawberry.type(name="StaleTag", description="A live tag not assigned for a while, or never.")
class StaleTagType:
    direct_customers: int = strawberry.field(description="Customers holding it now.")
    last_assigned_at: datetime | None = strawberry.field(
        description="The latest start of a current or past assignment; null if never assigned."
    )
    tag_id: strawberry.Private[str]

    @strawberry.field
    async def tag(self, info: Info[Context, None]) -> TagType:
        return await _tag(info, self.tag_id)

    @classmethod
    def from_model(cls, model: StaleTag) -> StaleTagType:
        """The GraphQL view of a stale tag."""
        return cls(
            direct_customers=model.direct_customers,
            last_assigned_at=model.last_assigned_at,
            tag_id=model.tag_id,
        )


@strawberry.type(name="TagShare", description="One live tag of a category and its customers.")
class TagShareType:
    direct_customers: int = strawberry.field(description="Customers holding the tag itself.")
    customers_with_descendants: int = strawberry.field(
        description="Distinct customers holding the tag or any of its descendants."
    )
    share: float = strawberry.field(
        description="customersWithDescendants / all customers (0 when there are none)."
    )
    tag_id: strawberry.Private[str]

    @strawberry.field
    async def tag(self, info: Info[Context, None]) -> TagType:
        return await _tag(info, self.tag_id)

    @classmethod
    def from_model(cls, model: TagShare) -> TagShareType:
        """The GraphQL view of a tag's share."""
        return cls(
            direct_customers=model.direct_customers,
            customers_with_descendants=model.customers_with_descendants,
            share=model.share,
            tag_id=model.tag_id,
        )


@strawberry.type(
    name="CategoryDistribution",
    description="How the customers spread over the live tags of one category (every depth).",
)
class CategoryDistributionType:
    total_customers: int = strawberry.field(description="All customers of the graph.")
    customers_with_any_tag: int = strawberry.field(
        description="Distinct customers holding at least one tag of the category."
    )
    share_with_any_tag: float = strawberry.field(
        description="customersWithAnyTag / totalCustomers (0 when there are no customers)."
    )
    tags: list[TagShareType] = strawberry.field(
        description="Every live tag of the category, most customers first, then by name."
    )
    category_id: strawberry.Private[str]

    @strawberry.field
    async def category(self, info: Info[Context, None]) -> TagCategoryType:
        found = await info.context.loaders.category().load(self.category_id)
        assert found is not None, "the distribution of a category the viewer may see"
        return TagCategoryType.from_model(found)

    @classmethod
    def from_model(cls, model: CategoryDistribution) -> CategoryDistributionType:
        """The GraphQL view of a category's distribution."""
        return cls(
            total_customers=model.total_customers,
            customers_with_any_tag=model.customers_with_any_tag,
            share_with_any_tag=model.share_with_any_tag,
            tags=[TagShareType.from_model(share) for share in model.tags],
            category_id=model.category_id,
        )


@strawberry.type(
    name="DuplicateCandidate", description="Two live tags that may mean the same thing."
)
class DuplicateCandidateType:
    score: float = strawberry.field(description="How likely they are duplicates, in (0, 1].")
    reasons: list[str] = strawberry.field(
        description="SAME_NORMALIZED_NAME, ALIAS_COLLISION, SIMILAR_NAME, CONTAINS, "
        "CUSTOMER_OVERLAP."
    )
    tag_a_id: strawberry.Private[str]
    tag_b_id: strawberry.Private[str]

    @strawberry.field(description="The tag with the smaller id.")
    async def tag_a(self, info: Info[Context, None]) -> TagType:
        return await _tag(info, self.tag_a_id)

    @strawberry.field(description="The tag with the larger id.")
    async def tag_b(self, info: Info[Context, None]) -> TagType:
        return await _tag(info, self.tag_b_id)

    @classmethod
    def from_model(cls, model: DuplicateCandidate) -> DuplicateCandidateType:
        """The GraphQL view of a duplicate candidate."""
        return cls(
            score=model.score,
            reasons=list(model.reasons),
            tag_a_id=model.tag_a_id,
            tag_b_id=model.tag_b_id,
        )


@strawberry.type
class MarkTagsDistinctPayload:
    user_errors: list[UserError]


@strawberry.type
class GovernanceQueries:
    @strawberry.field(
        description="Live tags not assigned in the last `unusedForDays` days (1-3650) or never: "
        "never-assigned first, then the longest unused."
    )
    async def stale_tags(
        self, info: Info[Context, None], unused_for_days: int, first: int = 50
    ) -> list[StaleTagType]:
        ctx = info.context
        page = ctx.page(first, None)
        found = await governance.find_stale_tags(
            ctx.db, ctx.viewer, unused_for_days, datetime.now(UTC), page.first
        )
        return [StaleTagType.from_model(stale) for stale in found]

    @strawberry.field(description="How the customers spread over the live tags of a category.")
    async def tag_distribution(
        self, info: Info[Context, None], category_id: strawberry.ID
    ) -> CategoryDistributionType:
        ctx = info.context
        found = await governance.tag_distribution(ctx.db, ctx.viewer, str(category_id))
        return CategoryDistributionType.from_model(found)

    @strawberry.field(description="Pairs of live tags that are probably duplicates, best first.")
    async def tag_duplicate_candidates(
        self, info: Info[Context, None], first: int = 50
    ) -> list[DuplicateCandidateType]:
        ctx = info.context
        page = ctx.page(first, None)
        found = await duplicates.find_duplicate_candidates(ctx.db, ctx.viewer, page.first)
        return [DuplicateCandidateType.from_model(candidate) for candidate in found]


@strawberry.type
class GovernanceMutations:
    @strawberry.mutation(
        description="Record that two tags are not duplicates: the pair is never proposed again."
    )
    async def mark_tags_distinct(
        self, info: Info[Context, None], tag_a_id: strawberry.ID, tag_b_id: strawberry.ID
    ) -> MarkTagsDistinctPayload:
        try:
            await duplicates.mark_tags_distinct(
                info.context.db, info.context.viewer, str(tag_a_id), str(tag_b_id)
            )
        except UserInputError as error:
            return MarkTagsDistinctPayload(user_errors=user_errors(error))
        return MarkTagsDistinctPayload(user_errors=[])
