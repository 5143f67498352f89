"""GraphQL mutations that change the taxonomy: update, move, merge and delete tags."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import UserError, user_errors
from api.tags import TagStatus, TagType
from graph.errors import UserInputError
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.model import TagChanges
from graph.taxonomy.retire import delete_tag, merge_tags


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


@strawberry.type
class TagPayload:
    tag: TagType | None
    user_errors: list[UserError]


@strawberry.type
class MergeTagsPayload:
    tag: TagType | None = strawberry.field(description="The target, with the merged aliases.")
    customer_count: int = strawberry.field(description="Customers whose assignments moved.")
    added_count: int = strawberry.field(description="Of those, customers new to the target.")
    moved_children_count: int
    user_errors: list[UserError]


@strawberry.type
class DeleteTagPayload:
    deleted_tag_ids: list[strawberry.ID]
    reassigned_customer_count: int
    user_errors: list[UserError]


@strawberry.type
class TaxonomyMutations:
    @strawberry.mutation(description="Rename, recolour, describe, alias or (de)activate a tag.")
    async def update_tag(self, info: Info[Context, None], input: UpdateTagInput) -> TagPayload:
        changes = TagChanges(
            name=input.name,
            color=input.color,
            description=input.description,
            aliases=tuple(input.aliases) if input.aliases is not None else None,
            status=input.status.value if input.status is not None else None,
        )
        try:
            tag = await taxonomy.update_tag(
                info.context.db, info.context.viewer, str(input.id), changes
            )
        except UserInputError as error:
            return TagPayload(tag=None, user_errors=user_errors(error))
        return TagPayload(tag=TagType.from_model(tag), user_errors=[])

    @strawberry.mutation(
        description="Move a tag with its subtree under another tag (parentId), or to the top "
        "of its category or of another one (parentId null, categoryId). CYCLE when the new "
        "parent is inside the subtree."
    )
    async def move_tag(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        parent_id: strawberry.ID | None = None,
        category_id: strawberry.ID | None = None,
    ) -> TagPayload:
        try:
            tag = await taxonomy.move_tag(
                info.context.db,
                info.context.viewer,
                str(id),
                str(parent_id) if parent_id is not None else None,
                str(category_id) if category_id is not None else None,
            )
        except UserInputError as error:
            return TagPayload(tag=None, user_errors=user_errors(error))
        return TagPayload(tag=TagType.from_model(tag), user_errors=[])

    @strawberry.mutation(
        description="Merge tags into a target: assignments and children move to it, the "
        "source names become its aliases, the sources are retired (status MERGED)."
    )
    async def merge_tags(
        self, info: Info[Context, None], source_ids: list[strawberry.ID], target_id: strawberry.ID
    ) -> MergeTagsPayload:
        try:
            result = await merge_tags(
                info.context.db, info.context.viewer, [str(s) for s in source_ids], str(target_id)
            )
        except UserInputError as error:
            return MergeTagsPayload(
                tag=None,
                customer_count=0,
                added_count=0,
                moved_children_count=0,
                user_errors=user_errors(error),
            )
        return MergeTagsPayload(
            tag=TagType.from_model(result.target),
            customer_count=result.customers,
            added_count=result.added,
            moved_children_count=result.children_moved,
            user_errors=[],
        )

    @strawberry.mutation(
        description="Delete a tag. IN_USE while it has children (unless deleteSubtree), while "
        "a tag rule assigns or removes it, or while it has assignments (unless reassignTo "
        "names the tag that takes them over)."
    )
    async def delete_tag(
        self,
        info: Info[Context, None],
        id: strawberry.ID,
        reassign_to: strawberry.ID | None = None,
        delete_subtree: bool = False,
    ) -> DeleteTagPayload:
        try:
            result = await delete_tag(
                info.context.db,
                info.context.viewer,
                str(id),
                str(reassign_to) if reassign_to is not None else None,
                delete_subtree,
            )
        except UserInputError as error:
            return DeleteTagPayload(
                deleted_tag_ids=[], reassigned_customer_count=0, user_errors=user_errors(error)
            )
        return DeleteTagPayload(
            deleted_tag_ids=[strawberry.ID(i) for i in result.deleted_ids],
            reassigned_customer_count=result.reassigned_customers,
            user_errors=[],
        )
