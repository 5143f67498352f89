"""GraphQL types, queries and mutations of the tag taxonomy."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import UserError, user_errors
from api.pagination import Connection, connection
from graph.errors import UserInputError
from graph.taxonomy import categories, tags
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.model import NewTag, NewTagCategory, Tag, TagCategory

if TYPE_CHECKING:
    from api.customers import CustomerType
    from api.governance import TagUsageType


@strawberry.enum(description="ACTIVE tags can be assigned; DEPRECATED ones keep assignments.")
class TagStatus(Enum):
    ACTIVE = "ACTIVE"
    DEPRECATED = "DEPRECATED"


@strawberry.type(name="TagCategory", description="A category of tags, e.g. 行为轨迹 or 生命周期.")
class TagCategoryType:
    id: strawberry.ID
    name: str
    description: str | None
    exclusive: bool = strawberry.field(
        description="A customer holds at most one tag of an exclusive category."
    )
    color: str | None
    created_at: datetime | None

    @strawberry.field(description="The top-level tags of this category, by name.")
    async def tags(self, info: Info[Context, None]) -> list[TagType]:
        roots = await info.context.loaders.category_roots().load(self.id)
        return [TagType.from_model(tag) for tag in roots]

    @classmethod
    def from_model(cls, model: TagCategory) -> TagCategoryType:
        """The GraphQL view of a category."""
        return cls(
            id=strawberry.ID(model.id),
            name=model.name,
            description=model.description,
            exclusive=model.exclusive,
            color=model.color,
            created_at=model.created_at,
        )


@strawberry.type(name="Tag", description="A tag; tags form trees inside their category.")
class TagType:
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
    async def category(self, info: Info[Context, None]) -> TagCategoryType:
        found = await info.context.loaders.category().load(self.category_id)
        assert found is not None, "a visible tag is in a visible category"
        return TagCategoryType.from_model(found)

    @strawberry.field(description="The parent tag; null for a top-level tag.")
    async def parent(self, info: Info[Context, None]) -> TagType | None:
        if self.parent_id is None:
            return None
        found = await info.context.loaders.tag().load(self.parent_id)
        return TagType.from_model(found) if found else None

    @strawberry.field(description="The direct children, by name.")
    async def children(self, info: Info[Context, None]) -> list[TagType]:
        return [
            TagType.from_model(t) for t in await info.context.loaders.tag_children().load(self.id)
        ]

    @strawberry.field(description="The tags from the root of the tree down to this one.")
    async def path(self, info: Info[Context, None]) -> list[TagType]:
        return [TagType.from_model(t) for t in await info.context.loaders.tag_path().load(self.id)]

    @strawberry.field(description="Customers holding this tag (or, by default, a descendant).")
    async def customer_count(
        self, info: Info[Context, None], include_descendants: bool = True
    ) -> int:
        return await info.context.loaders.tag_customer_count().load((self.id, include_descendants))

    @strawberry.field(
        description="Governance figures: customers directly and with descendants, last assignment."
    )
    async def usage(
        self, info: Info[Context, None]
    ) -> Annotated[TagUsageType, strawberry.lazy("api.governance")]:
        from api.governance import TagUsageType

        found = await info.context.loaders.tag_usage().load(self.id)
        assert found is not None, "a visible tag has usage figures"
        return TagUsageType.from_model(found)

    @strawberry.field(description="Customers holding this tag (or a descendant), by id.")
    async def customers(
        self,
        info: Info[Context, None],
        include_descendants: bool = True,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Annotated[CustomerType, strawberry.lazy("api.customers")]]:
        from api.customers import CustomerType

        page = info.context.page(first, after)
        result = await info.context.loaders.tag_customers().load(
            (self.id, include_descendants, page)
        )

        async def count() -> int:
            return await info.context.loaders.tag_customer_count().load(
                (self.id, include_descendants)
            )

        return connection(result, CustomerType.from_model, count)

    @classmethod
    def from_model(cls, model: Tag) -> TagType:
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


@strawberry.input
class CreateTagCategoryInput:
    name: str
    description: str | None = None
    exclusive: bool = False
    color: str | None = strawberry.field(default=None, description="#RGB or #RRGGBB")


@strawberry.input
class CreateTagInput:
    name: str = strawberry.field(description="Unique among its siblings after normalization.")
    category_id: strawberry.ID | None = strawberry.field(
        default=None, description="For a top-level tag: its category."
    )
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="For a child tag: its parent (the category follows)."
    )
    color: str | None = strawberry.field(default=None, description="#RGB or #RRGGBB")
    description: str | None = None
    aliases: list[str] = strawberry.field(default_factory=list)


@strawberry.type
class CreateTagCategoryPayload:
    category: TagCategoryType | None
    user_errors: list[UserError]


@strawberry.type
class CreateTagPayload:
    tag: TagType | None
    user_errors: list[UserError]


@strawberry.type
class TagQueries:
    @strawberry.field(description="The tag with this id, or null.")
    async def tag(self, info: Info[Context, None], id: strawberry.ID) -> TagType | None:
        found = await info.context.loaders.tag().load(str(id))
        return TagType.from_model(found) if found else None

    @strawberry.field(description="Tags by name; `search` matches names and aliases.")
    async def tags(
        self,
        info: Info[Context, None],
        search: str | None = None,
        category_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[TagType]:
        ctx = info.context
        category = str(category_id) if category_id is not None else None
        page = await tags.find_tags(ctx.db, ctx.viewer, ctx.page(first, after, 2), search, category)

        async def count() -> int:
            return await tags.count_tags(ctx.db, ctx.viewer, search, category)

        return connection(page, TagType.from_model, count)

    @strawberry.field(description="Every tag category, by name.")
    async def tag_categories(self, info: Info[Context, None]) -> list[TagCategoryType]:
        found = await categories.find_tag_categories(info.context.db, info.context.viewer)
        return [TagCategoryType.from_model(category) for category in found]


@strawberry.type
class TagMutations:
    @strawberry.mutation
    async def create_tag_category(
        self, info: Info[Context, None], input: CreateTagCategoryInput
    ) -> CreateTagCategoryPayload:
        new = NewTagCategory(
            name=input.name,
            description=input.description,
            exclusive=input.exclusive,
            color=input.color,
        )
        try:
            created = await categories.create_tag_category(
                info.context.db, info.context.viewer, new
            )
        except UserInputError as error:
            return CreateTagCategoryPayload(category=None, user_errors=user_errors(error))
        return CreateTagCategoryPayload(
            category=TagCategoryType.from_model(created), user_errors=[]
        )

    @strawberry.mutation
    async def create_tag(
        self, info: Info[Context, None], input: CreateTagInput
    ) -> CreateTagPayload:
        new = NewTag(
            name=input.name,
            category_id=str(input.category_id) if input.category_id is not None else None,
            parent_id=str(input.parent_id) if input.parent_id is not None else None,
            color=input.color,
            description=input.description,
            aliases=tuple(input.aliases),
        )
        try:
            created = await taxonomy.create_tag(info.context.db, info.context.viewer, new)
        except UserInputError as error:
            return CreateTagPayload(tag=None, user_errors=user_errors(error))
        return CreateTagPayload(tag=TagType.from_model(created), user_errors=[])
