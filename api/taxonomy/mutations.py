"""Taxonomy mutations: create, update, move, merge and delete tags; mark duplicates distinct.

Two classes because the schema lists Mutation fields in merge order and markTagsDistinct comes
after the tagging and history mutations (see api.schema)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import payload
from api.taxonomy.inputs import CreateTagCategoryInput, CreateTagInput, UpdateTagInput
from api.taxonomy.types import (
    CreateTagCategoryPayload,
    CreateTagPayload,
    DeleteTagPayload,
    MarkTagsDistinctPayload,
    MergeTagsPayload,
    TagPayload,
)
from graph.taxonomy import categories, duplicates, edits, retire


@strawberry.type
class TaxonomyMutations:
    @strawberry.mutation
    async def create_tag_category(
        self, info: Info[Context, None], input: CreateTagCategoryInput
    ) -> CreateTagCategoryPayload:
        return await payload(
            CreateTagCategoryPayload,
            categories.create_tag_category(
                info.context.db, info.context.viewer, new=input.to_model()
            ),
            CreateTagCategoryPayload.from_model,
        )

    @strawberry.mutation
    async def create_tag(
        self, info: Info[Context, None], input: CreateTagInput
    ) -> CreateTagPayload:
        return await payload(
            CreateTagPayload,
            edits.create_tag(info.context.db, info.context.viewer, new=input.to_model()),
            CreateTagPayload.from_model,
        )

    @strawberry.mutation(description="Rename, recolour, describe, alias or (de)activate a tag.")
    async def update_tag(self, info: Info[Context, None], input: UpdateTagInput) -> TagPayload:
        return await payload(
            TagPayload,
            edits.update_tag(
                info.context.db, info.context.viewer, tag_id=str(input.id), changes=input.to_model()
            ),
            TagPayload.from_model,
        )

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
        return await payload(
            TagPayload,
            edits.move_tag(
                info.context.db,
                info.context.viewer,
                tag_id=str(id),
                parent_id=str(parent_id) if parent_id is not None else None,
                category_id=str(category_id) if category_id is not None else None,
            ),
            TagPayload.from_model,
        )

    @strawberry.mutation(
        description="Merge tags into a target: assignments and children move to it, the "
        "source names become its aliases, the sources are retired (status MERGED)."
    )
    async def merge_tags(
        self, info: Info[Context, None], source_ids: list[strawberry.ID], target_id: strawberry.ID
    ) -> MergeTagsPayload:
        return await payload(
            MergeTagsPayload,
            retire.merge_tags(
                info.context.db,
                info.context.viewer,
                source_ids=[str(s) for s in source_ids],
                target_id=str(target_id),
            ),
            MergeTagsPayload.from_model,
        )

    @strawberry.mutation(
        description="Delete a tag. IN_USE while it has children (unless deleteSubtree), while "
        "a tag rule assigns or removes it, or while it has assignments (unless reassignTo "
        "names the tag that takes them over)."
    )
    async def delete_tag(
        self,
        info: Info[Context, None],
        *,
        id: strawberry.ID,
        reassign_to: strawberry.ID | None = None,
        delete_subtree: bool = False,
    ) -> DeleteTagPayload:
        return await payload(
            DeleteTagPayload,
            retire.delete_tag(
                info.context.db,
                info.context.viewer,
                tag_id=str(id),
                reassign_to=str(reassign_to) if reassign_to is not None else None,
                delete_subtree=delete_subtree,
            ),
            DeleteTagPayload.from_model,
        )


@strawberry.type
class GovernanceMutations:
    @strawberry.mutation(
        description="Record that two tags are not duplicates: the pair is never proposed again."
    )
    async def mark_tags_distinct(
        self, info: Info[Context, None], tag_a_id: strawberry.ID, tag_b_id: strawberry.ID
    ) -> MarkTagsDistinctPayload:
        return await payload(
            MarkTagsDistinctPayload,
            duplicates.mark_tags_distinct(
                info.context.db, info.context.viewer, tag_a_id=str(tag_a_id), tag_b_id=str(tag_b_id)
            ),
            lambda _: MarkTagsDistinctPayload(),
        )
