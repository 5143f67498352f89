"""Taxonomy queries: tags and categories, and governance reports.

Two classes because the schema lists Query fields in merge order and the governance fields come
after those of classification and history (see api.schema)."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.types import Info

from api.context import Context
from api.nodes.types import Tag, TagCategory
from api.pagination import Connection, connection
from api.taxonomy.types import CategoryDistribution, DuplicateCandidate, StaleTag
from graph.taxonomy import categories, duplicates, governance, tags


@strawberry.type
class TaxonomyQueries:
    @strawberry.field(description="The tag with this id, or null.")
    async def tag(self, info: Info[Context, None], id: strawberry.ID) -> Tag | None:
        found = await info.context.loaders.tag().load(str(id))
        return Tag.from_model(found) if found else None

    @strawberry.field(description="Tags by name; `search` matches names and aliases.")
    async def tags(
        self,
        info: Info[Context, None],
        search: str | None = None,
        category_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Tag]:
        ctx = info.context
        category = str(category_id) if category_id is not None else None
        page = await tags.find_tags(
            ctx.db, ctx.viewer, page=ctx.page(first, after, 2), search=search, category_id=category
        )

        async def count() -> int:
            return await tags.count_tags(ctx.db, ctx.viewer, search=search, category_id=category)

        return connection(page, Tag.from_model, count)

    @strawberry.field(description="Every tag category, by name.")
    async def tag_categories(self, info: Info[Context, None]) -> list[TagCategory]:
        found = await categories.find_tag_categories(info.context.db, info.context.viewer)
        return [TagCategory.from_model(category) for category in found]


@strawberry.type
class GovernanceQueries:
    @strawberry.field(
        description="Live tags not assigned in the last `unusedForDays` days (1-3650) or never: "
        "never-assigned first, then the longest unused."
    )
    async def stale_tags(
        self, info: Info[Context, None], unused_for_days: int, first: int = 50
    ) -> list[StaleTag]:
        ctx = info.context
        page = ctx.page(first, None)
        found = await governance.find_stale_tags(
            ctx.db,
            ctx.viewer,
            unused_for_days=unused_for_days,
            now=datetime.now(UTC),
            limit=page.first,
        )
        return [StaleTag.from_model(stale) for stale in found]

    @strawberry.field(description="How the customers spread over the live tags of a category.")
    async def tag_distribution(
        self, info: Info[Context, None], category_id: strawberry.ID
    ) -> CategoryDistribution:
        ctx = info.context
        found = await governance.tag_distribution(ctx.db, ctx.viewer, category_id=str(category_id))
        return CategoryDistribution.from_model(found)

    @strawberry.field(description="Pairs of live tags that are probably duplicates, best first.")
    async def tag_duplicate_candidates(
        self, info: Info[Context, None], first: int = 50
    ) -> list[DuplicateCandidate]:
        ctx = info.context
        page = ctx.page(first, None)
        found = await duplicates.find_duplicate_candidates(ctx.db, ctx.viewer, limit=page.first)
        return [DuplicateCandidate.from_model(candidate) for candidate in found]
