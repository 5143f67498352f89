"""Changing the tag taxonomy: create, update, move, merge and delete tags, atomically.

Every change locks the categories whose trees it touches (in id order, see
graph/locks.py) before it reads what it checks, so the checks (no
cycle, unique sibling names, exclusive categories) always see the committed state.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from neo4j import AsyncManagedTransaction

from graph import locks
from graph.audit import Change, record_audit
from graph.changes import record_changes
from graph.cypher import Queries
from graph.database import Database, run
from graph.errors import ErrorCode, FieldError, NotFound, UserInputError
from graph.taxonomy import guards
from graph.taxonomy.model import (
    LIVE,
    NewTag,
    Tag,
    TagChanges,
)
from graph.taxonomy.tags import tag_from_record
from graph.text import (
    clean_name,
    color_errors,
    description_errors,
    name_errors,
    normalize_color,
    normalize_name,
)
from graph.viewer import Viewer

query = Queries("taxonomy")


async def create_tag(db: Database, viewer: Viewer, *, new: NewTag) -> Tag:
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


async def update_tag(db: Database, viewer: Viewer, *, tag_id: str, changes: TagChanges) -> Tag:
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
            FieldError(
                ErrorCode.INVALID_INPUT,
                f"status is one of {', '.join(LIVE)}; mergeTags and deleteTag retire tags",
                ("input", "status"),
            )
        )
    if errors:
        raise UserInputError(errors)
    return await db.write_transaction(_update, viewer, tag_id, changes, datetime.now(UTC))


async def move_tag(
    db: Database,
    viewer: Viewer,
    *,
    tag_id: str,
    parent_id: str | None,
    category_id: str | None = None,
) -> Tag:
    """Move a tag with its subtree under `parent_id`, or to the top of a category; CYCLE when
    the new parent is the tag itself or one of its descendants."""
    return await db.write_transaction(
        _move, viewer, tag_id, parent_id, category_id, datetime.now(UTC)
    )


async def _create(
    tx: AsyncManagedTransaction, viewer: Viewer, new: NewTag, tag_id: str, now: datetime
) -> Tag:
    if new.parent_id is not None:
        at = ("input", "parentId")
        parent = (await guards.lock_placements(tx, viewer, ids=[new.parent_id], at=at))[
            new.parent_id
        ]
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
        if not await locks.lock_categories(tx, viewer, category_ids=[new.category_id]):
            raise NotFound("tag category", new.category_id, ("input", "categoryId"))
        category_id = new.category_id
    await guards.check_free_names(
        tx,
        names=[new.name, *new.aliases],
        parent_id=new.parent_id,
        category_id=category_id,
        except_id=None,
    )
    aliases = [clean_name(alias) for alias in new.aliases]
    rows = await run(
        tx,
        query("create_tag"),
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
    await record_audit(tx, viewer, Change("CREATE_TAG", "Tag", tag_id, clean_name(new.name)))
    return tag_from_record(rows[0]["tag"])


async def _update(
    tx: AsyncManagedTransaction, viewer: Viewer, tag_id: str, changes: TagChanges, now: datetime
) -> Tag:
    tag = (await guards.lock_placements(tx, viewer, ids=[tag_id], at=("id",)))[tag_id]
    guards.require_live(tag, ("id",))
    names = [changes.name] if changes.name is not None else []
    names += list(changes.aliases or ())
    await guards.check_free_names(
        tx, names=names, parent_id=tag["parentId"], category_id=tag["categoryId"], except_id=tag_id
    )
    aliases = [clean_name(a) for a in changes.aliases] if changes.aliases is not None else None
    rows = await run(
        tx,
        query("update_tag"),
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
    await record_audit(tx, viewer, Change(_update_action(changes), "Tag", tag_id, str(changes)))
    return tag_from_record(rows[0]["tag"])


def _update_action(changes: TagChanges) -> str:
    return f"SET_STATUS_{changes.status}" if changes.status is not None else "UPDATE_TAG"


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
        tx,
        viewer,
        ids=[tag_id, *([parent_id] if parent_id else [])],
        at=("id",),
        extra_categories=extra,
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
    subtree = (await run(tx, query("find_subtree_ids"), id=tag_id))[0]["ids"]
    await locks.lock_tags(tx, tag_ids=subtree)
    if parent_id is not None and parent_id in subtree:
        raise UserInputError.single(
            ErrorCode.CYCLE,
            "a tag cannot move under itself or one of its descendants",
            ("parentId",),
        )
    names = [settled_tag["name"], *settled_tag["aliases"]]
    await guards.check_free_names(
        tx, names=names, parent_id=parent_id, category_id=target, except_id=tag_id
    )
    locked = {
        row["id"]: row for row in await locks.lock_categories(tx, viewer, category_ids=[target])
    }
    if target not in locked:
        raise NotFound("tag category", target, ("categoryId",))
    if target != settled_tag["categoryId"] and locked[target]["exclusive"]:
        await guards.check_exclusive(
            tx, groups=[[tag] for tag in subtree], category_id=target, at=("parentId",)
        )
    rows = await run(
        tx,
        query("move_tag"),
        id=tag_id,
        parentId=parent_id,
        categoryId=target,
        now=now,
        by=viewer.user,
    )
    await record_changes(tx, taxonomy=True)
    summary = f"under {parent_id}" if parent_id else f"to the top of {target}"
    await record_audit(tx, viewer, Change("MOVE_TAG", "Tag", tag_id, summary))
    return tag_from_record(rows[0]["tag"])
