"""Changing the tag taxonomy: create, update, move, merge and delete tags, atomically.

Every change locks the categories whose trees it touches (in id order, see
cypher/taxonomy/lock_categories.cypher) before it reads what it checks, so the checks (no
cycle, unique sibling names, exclusive categories) always see the committed state.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from neo4j import AsyncManagedTransaction

from graph import taxonomy_guards as guards
from graph.changes import record_changes
from graph.cypher import query
from graph.database import Database, run
from graph.errors import ErrorCode, FieldError, NotFound, UserInputError
from graph.tags import DEPRECATED, LIVE, Tag, tag_from_record
from graph.text import (
    clean_name,
    color_errors,
    description_errors,
    name_errors,
    normalize_color,
    normalize_name,
)
from graph.viewer import Viewer


@dataclass(frozen=True, slots=True)
class NewTag:
    """Input of `create_tag`: a top-level tag of a category, or a child of a parent tag."""

    name: str
    category_id: str | None = None
    parent_id: str | None = None
    color: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class TagChanges:
    """Input of `update_tag`: None leaves a field as it is."""

    name: str | None = None
    color: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What `merge_tags` did."""

    target: Tag
    customers: int
    added: int
    children_moved: int


@dataclass(frozen=True, slots=True)
class DeleteResult:
    """What `delete_tag` did."""

    deleted_ids: tuple[str, ...]
    reassigned_customers: int


async def create_tag(db: Database, viewer: Viewer, new: NewTag) -> Tag:
    """Create a tag; DUPLICATE_NAME when a sibling has the same normalized name or alias."""
    errors = [
        *name_errors(new.name, ("input", "name")),
        *color_errors(new.color, ("input", "color")),
        *description_errors(new.description, ("input", "description")),
    ]
    for index, alias in enumerate(new.aliases):
        errors += name_errors(alias, ("input", "aliases", str(index)))
    if new.category_id is None and new.parent_id is None:
        errors.append(
            FieldError(
                ErrorCode.INVALID_INPUT,
                "give categoryId for a top-level tag or parentId for a child tag",
                ("input", "categoryId"),
            )
        )
    if errors:
        raise UserInputError(errors)
    tag_id = f"tag-{uuid.uuid4().hex[:16]}"
    return await db.write_transaction(_create, viewer, new, tag_id, datetime.now(UTC))


async def update_tag(db: Database, viewer: Viewer, tag_id: str, changes: TagChanges) -> Tag:
    """Rename, recolour, describe, alias, deprecate or reactivate a live tag."""
    errors: list[FieldError] = []
    if changes.name is not None:
        errors += name_errors(changes.name, ("input", "name"))
    errors += color_errors(changes.color, ("input", "color"))
    errors += description_errors(changes.description, ("input", "description"))
    for index, alias in enumerate(changes.aliases or ()):
        errors += name_errors(alias, ("input", "aliases", str(index)))
    if changes.status is not None and changes.status not in LIVE:
        errors.append(
            FieldError(ErrorCode.INVALID_INPUT, f"status is one of {LIVE}", ("input", "status"))
        )
    if errors:
        raise UserInputError(errors)
    return await db.write_transaction(_update, viewer, tag_id, changes, datetime.now(UTC))


async def move_tag(
    db: Database,
    viewer: Viewer,
    tag_id: str,
    parent_id: str | None,
    category_id: str | None = None,
) -> Tag:
    """Move a tag with its subtree under `parent_id`, or to the top of a category; CYCLE when
    the new parent is the tag itself or one of its descendants."""
    return await db.write_transaction(
        _move, viewer, tag_id, parent_id, category_id, datetime.now(UTC)
    )


async def merge_tags(
    db: Database, viewer: Viewer, source_ids: list[str], target_id: str
) -> MergeResult:
    """Merge the sources into the target: assignments, children and names move to the target
    (names as aliases); the sources are retired as MERGED. One transaction."""
    sources = list(dict.fromkeys(source_ids))
    if not sources:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "give at least one source tag", ("sourceIds",)
        )
    if target_id in sources:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "a tag cannot be merged into itself", ("sourceIds",)
        )
    return await db.write_transaction(_merge, viewer, sources, target_id, datetime.now(UTC))


async def delete_tag(
    db: Database,
    viewer: Viewer,
    tag_id: str,
    reassign_to: str | None = None,
    delete_subtree: bool = False,
) -> DeleteResult:
    """Delete a tag; IN_USE while it has children (unless `delete_subtree`), while a tag rule
    assigns or removes it, or while it has assignments (unless `reassign_to` names the tag
    that takes them over)."""
    return await db.write_transaction(
        _delete, viewer, tag_id, reassign_to, delete_subtree, datetime.now(UTC)
    )


# -- transaction functions --------------------------------------------------------------


async def _create(
    tx: AsyncManagedTransaction, viewer: Viewer, new: NewTag, tag_id: str, now: datetime
) -> Tag:
    if new.parent_id is not None:
        at = ("input", "parentId")
        parent = (await guards.lock_placements(tx, viewer, [new.parent_id], at))[new.parent_id]
        guards.require_live(parent, ("input", "parentId"))
        category_id = parent["categoryId"]
        if new.category_id is not None and new.category_id != category_id:
            raise UserInputError.single(
                ErrorCode.INVALID_INPUT,
                f"the parent tag is in category {category_id!r}, not {new.category_id!r}; "
                "a child is always in its parent's category",
                ("input", "categoryId"),
            )
    else:
        assert new.category_id is not None
        if not await guards.lock_categories(tx, viewer, [new.category_id]):
            raise NotFound("tag category", new.category_id, ("input", "categoryId"))
        category_id = new.category_id
    await guards.check_free_names(
        tx, [new.name, *new.aliases], new.parent_id, category_id, except_id=None
    )
    aliases = [clean_name(alias) for alias in new.aliases]
    rows = await run(
        tx,
        query("taxonomy/create_tag"),
        id=tag_id,
        name=clean_name(new.name),
        normalizedName=normalize_name(new.name),
        color=normalize_color(new.color),
        description=new.description,
        aliases=aliases,
        normalizedAliases=[normalize_name(alias) for alias in aliases],
        categoryId=category_id,
        parentId=new.parent_id,
        by=viewer.user,
        now=now,
    )
    await record_changes(tx, taxonomy=True)
    return tag_from_record(rows[0]["tag"])


async def _update(
    tx: AsyncManagedTransaction, viewer: Viewer, tag_id: str, changes: TagChanges, now: datetime
) -> Tag:
    tag = (await guards.lock_placements(tx, viewer, [tag_id], ("id",)))[tag_id]
    guards.require_live(tag, ("id",))
    names = [changes.name] if changes.name is not None else []
    names += list(changes.aliases or ())
    await guards.check_free_names(tx, names, tag["parentId"], tag["categoryId"], except_id=tag_id)
    aliases = [clean_name(a) for a in changes.aliases] if changes.aliases is not None else None
    rows = await run(
        tx,
        query("taxonomy/update_tag"),
        id=tag_id,
        name=clean_name(changes.name) if changes.name is not None else None,
        normalizedName=normalize_name(changes.name) if changes.name is not None else None,
        color=normalize_color(changes.color),
        description=changes.description,
        status=changes.status,
        aliases=aliases,
        normalizedAliases=[normalize_name(a) for a in aliases] if aliases is not None else None,
        now=now,
        by=viewer.user,
    )
    await record_changes(tx, taxonomy=True)
    return tag_from_record(rows[0]["tag"])


async def _move(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    tag_id: str,
    parent_id: str | None,
    category_id: str | None,
    now: datetime,
) -> Tag:
    extra = [category_id] if category_id is not None and parent_id is None else []
    placements = await guards.lock_placements(
        tx, viewer, [tag_id, *([parent_id] if parent_id else [])], ("id",), extra
    )
    settled_tag = placements[tag_id]
    settled_parent = placements[parent_id] if parent_id else None
    target = (
        settled_parent["categoryId"]
        if settled_parent
        else (category_id or settled_tag["categoryId"])
    )
    guards.require_live(settled_tag, ("id",))
    if settled_parent is not None:
        guards.require_live(settled_parent, ("parentId",))
    if category_id is not None and category_id != target:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT,
            f"the new parent is in category {target!r}, not {category_id!r}",
            ("categoryId",),
        )
    subtree = (await run(tx, query("taxonomy/find_subtree_ids"), id=tag_id))[0]["ids"]
    await guards.lock_tags(tx, subtree)
    if parent_id is not None and parent_id in subtree:
        raise UserInputError.single(
            ErrorCode.CYCLE,
            "a tag cannot move under itself or one of its descendants",
            ("parentId",),
        )
    names = [settled_tag["name"], *settled_tag["aliases"]]
    await guards.check_free_names(tx, names, parent_id, target, except_id=tag_id)
    locked = {row["id"]: row for row in await guards.lock_categories(tx, viewer, [target])}
    if target not in locked:
        raise NotFound("tag category", target, ("categoryId",))
    if target != settled_tag["categoryId"] and locked[target]["exclusive"]:
        await guards.check_exclusive(tx, [[tag] for tag in subtree], target, ("parentId",))
    rows = await run(
        tx,
        query("taxonomy/move_tag"),
        id=tag_id,
        parentId=parent_id,
        categoryId=target,
        now=now,
        by=viewer.user,
    )
    await record_changes(tx, taxonomy=True)
    return tag_from_record(rows[0]["tag"])


async def _merge(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    source_ids: list[str],
    target_id: str,
    now: datetime,
) -> MergeResult:
    placements = await guards.lock_placements(tx, viewer, [*source_ids, target_id], ("sourceIds",))
    await guards.lock_tags(tx, [*source_ids, target_id])
    for tag_id, placement in placements.items():
        guards.require_live(placement, ("targetId",) if tag_id == target_id else ("sourceIds",))
    target = placements[target_id]
    descendants: list[str] = []  # of the sources: they move under the target, into its category
    for source_id in source_ids:
        subtree = (await run(tx, query("taxonomy/find_subtree_ids"), id=source_id))[0]["ids"]
        descendants += [tag for tag in subtree if tag not in source_ids]
        if target_id in subtree:
            raise UserInputError.single(
                ErrorCode.CYCLE,
                f"{placements[source_id]['name']!r} is an ancestor of the target; merge the "
                "other way round or move the target first",
                ("sourceIds",),
            )
    children = await run(
        tx,
        query("taxonomy/find_child_names"),
        parentIds=[*source_ids, target_id],
        categoryId=target["categoryId"],
        includeRoots=False,
    )
    guards.check_child_names_after_merge(children, source_ids)
    sources = [placements[s] for s in source_ids]
    aliases = guards.merged_aliases(target, sources)
    await guards.check_free_names(
        tx,
        aliases,
        target["parentId"],
        target["categoryId"],
        except_id=target_id,
        ignore=source_ids,
    )
    rules = await run(tx, query("taxonomy/find_rule_actions"), ids=source_ids)
    guards.check_rules_can_follow(rules, target)
    if target["exclusive"]:
        groups = [[*source_ids, target_id], *([tag] for tag in descendants)]
        await guards.check_exclusive(tx, groups, target["categoryId"], ("targetId",))
    moved = await run(
        tx,
        query("taxonomy/move_assignments"),
        fromIds=source_ids,
        targetId=target_id,
        now=now,
        by=viewer.user,
        reason="MERGED",
        note="merged from " + ", ".join(s["name"] for s in sources),
    )
    children_moved = await run(
        tx, query("taxonomy/move_children"), fromIds=source_ids, targetId=target_id
    )
    # A rule that assigned a source goes on with the tag its customers now hold.
    await run(
        tx, query("taxonomy/move_rule_actions"), fromIds=source_ids, targetId=target_id, now=now
    )
    await run(
        tx,
        query("taxonomy/retire_merged_tags"),
        sourceIds=source_ids,
        targetId=target_id,
        aliases=aliases,
        normalizedAliases=[normalize_name(alias) for alias in aliases],
        now=now,
        by=viewer.user,
    )
    rows = await run(tx, query("tags/find_tags_by_ids"), ids=[target_id], visibleCategoryIds=None)
    await record_changes(tx, tag_ids=[*source_ids, *descendants, target_id], taxonomy=True)
    return MergeResult(
        target=tag_from_record(rows[0]["tag"]),
        customers=int(moved[0]["customers"]),
        added=int(moved[0]["added"]),
        children_moved=int(children_moved[0]["moved"]),
    )


async def _delete(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    tag_id: str,
    reassign_to: str | None,
    delete_subtree: bool,
    now: datetime,
) -> DeleteResult:
    ids = [tag_id] + ([reassign_to] if reassign_to else [])
    placements = await guards.lock_placements(tx, viewer, ids, ("id",))
    guards.require_live(placements[tag_id], ("id",))
    subtree: list[str] = (await run(tx, query("taxonomy/find_subtree_ids"), id=tag_id))[0]["ids"]
    await guards.lock_tags(tx, [*subtree, *ids])
    doomed = subtree if delete_subtree else [tag_id]
    usage = (await run(tx, query("taxonomy/count_assignments"), ids=doomed))[0]
    if usage["children"]:
        raise UserInputError.single(
            ErrorCode.IN_USE,
            f"the tag has {len(subtree) - 1} descendant tags; move them first or delete the "
            "subtree explicitly (deleteSubtree: true)",
            ("id",),
        )
    if usage["rules"]:
        raise UserInputError.single(
            ErrorCode.IN_USE,
            f"{usage['rules']} tag rules assign or remove the tag; delete them or point them "
            "at another tag first",
            ("id",),
        )
    reassigned = 0
    if usage["assignments"]:
        if reassign_to is None:
            raise UserInputError.single(
                ErrorCode.IN_USE,
                f"{usage['assignments']} customers hold the tag; name a tag to reassign them "
                "to (reassignTo) or untag them first",
                ("id",),
            )
        if reassign_to in doomed:
            raise UserInputError.single(
                ErrorCode.INVALID_INPUT, "cannot reassign to a tag being deleted", ("reassignTo",)
            )
        target = placements[reassign_to]
        guards.require_live(target, ("reassignTo",))
        if target["status"] == DEPRECATED:
            raise UserInputError.single(
                ErrorCode.TAG_DEPRECATED,
                "cannot reassign to a deprecated tag",
                ("reassignTo",),
            )
        if target["exclusive"]:
            await guards.check_exclusive(
                tx, [[*doomed, reassign_to]], target["categoryId"], ("reassignTo",)
            )
        moved = await run(
            tx,
            query("taxonomy/move_assignments"),
            fromIds=doomed,
            targetId=reassign_to,
            now=now,
            by=viewer.user,
            reason="DELETED",
            note=f"reassigned from deleted tag {placements[tag_id]['name']}",
        )
        reassigned = int(moved[0]["customers"])
    await run(tx, query("taxonomy/delete_tags"), ids=doomed, now=now, by=viewer.user)
    await record_changes(
        tx, tag_ids=[*doomed, *([reassign_to] if reassign_to else [])], taxonomy=True
    )
    return DeleteResult(deleted_ids=tuple(doomed), reassigned_customers=reassigned)
