"""Tags and categories as clients send them to create or change."""

from __future__ import annotations

import strawberry

from api.enums import TagStatus
from graph.taxonomy.model import NewTag, NewTagCategory, TagChanges


@strawberry.input
class CreateTagCategoryInput:
    name: str
    description: str | None = None
    exclusive: bool = False
    color: str | None = strawberry.field(default=None, description="#RGB or #RRGGBB")

    def to_model(self) -> NewTagCategory:
        """The graph layer's new category."""
        return NewTagCategory(
            name=self.name,
            description=self.description,
            exclusive=self.exclusive,
            color=self.color,
        )


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

    def to_model(self) -> NewTag:
        """The graph layer's new tag."""
        return NewTag(
            name=self.name,
            category_id=str(self.category_id) if self.category_id is not None else None,
            parent_id=str(self.parent_id) if self.parent_id is not None else None,
            color=self.color,
            description=self.description,
            aliases=tuple(self.aliases),
        )


@strawberry.input(description="Fields to change; omitted fields stay as they are.")
class UpdateTagInput:
    id: strawberry.ID
    name: str | None = None
    color: str | None = None
    description: str | None = None
    aliases: list[str] | None = strawberry.field(default=None, description="Replaces the list.")
    status: TagStatus | None = strawberry.field(
        default=None, description="ACTIVE or DEPRECATED (deprecated tags cannot be assigned)."
    )

    def to_model(self) -> TagChanges:
        """The graph layer's changes (the tag is `id`)."""
        return TagChanges(
            name=self.name,
            color=self.color,
            description=self.description,
            aliases=tuple(self.aliases) if self.aliases is not None else None,
            status=self.status.value if self.status is not None else None,
        )
