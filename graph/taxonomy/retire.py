"""Retiring tags: merge them into another, or delete them, atomically and with history kept."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from neo4j import AsyncManagedTransaction

from graph import locks
from graph.audit import Change, record_audit
from graph.changes import record_changes
from graph.cypher import Queries
from graph.database import Database, run
from graph.errors import ErrorCode, UserInputError
from graph.taxonomy import guards
from graph.taxonomy.model import (
    DEPRECATED,
    DeleteResult,
    MergeResult,
)
from graph.taxonomy.tags import tag_from_record
from graph.text import normalize_name
from graph.viewer import Viewer

query = Queries("taxonomy")


async def merge_tags(
    db: Database, viewer: Viewer, *, source_ids: list[str], target_id: str
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
    *,
    tag_id: str,
    reassign_to: str | None = None,
    delete_subtree: bool = False,
) -> DeleteResult:
    """Delete a tag; IN_USE while it has children (unless `delete_subtree`), while a tag rule
    assigns or removes it, or while it has assignments (unless `reassign_to` names the tag
    that takes them over)."""
    work = partial(
        _delete,
        tag_id=tag_id,
        reassign_to=reassign_to,
        delete_subtree=delete_subtree,
        now=datetime.now(UTC),
    )
    return await db.write_transaction(work, viewer)


async def _merge(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    source_ids: list[str],
    target_id: str,
    now: datetime,
) -> MergeResult:
    placements = await guards.lock_placements(
        tx, viewer, ids=[*source_ids, target_id], at=("sourceIds",)
    )
    await locks.lock_tags(tx, tag_ids=[*source_ids, target_id])
    for tag_id, placement in placements.items():
        guards.require_live(placement, ("targetId",) if tag_id == target_id else ("sourceIds",))
    target = placements[target_id]
    descendants: list[str] = []  # of the sources: they move under the target, into its category
    for source_id in source_ids:
        subtree = (await run(tx, query("find_subtree_ids"), id=source_id))[0]["ids"]
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
        query("find_child_names"),
        parentIds=[*source_ids, target_id],
        categoryId=target["categoryId"],
        includeRoots=False,
    )
    guards.check_child_names_after_merge(children, source_ids)
    sources = [placements[s] for s in source_ids]
    aliases = guards.merged_aliases(target, sources)
    await guards.check_free_names(
        tx,
        names=aliases,
        parent_id=target["parentId"],
        category_id=target["categoryId"],
        except_id=target_id,
        ignore=source_ids,
    )
    rules = await run(tx, query("find_rule_actions"), ids=source_ids)
    guards.check_rules_can_follow(rules, target)
    if target["exclusive"]:
        groups = [[*source_ids, target_id], *([tag] for tag in descendants)]
        await guards.check_exclusive(
            tx, groups=groups, category_id=target["categoryId"], at=("targetId",)
        )
    moved = await run(
        tx,
        query("move_assignments"),
        fromIds=source_ids,
        targetId=target_id,
        now=now,
        by=viewer.user,
        reason="MERGED",
        note="merged from " + ", ".join(s["name"] for s in sources),
    )
    children_moved = await run(tx, query("move_children"), fromIds=source_ids, targetId=target_id)
    # A rule that assigned a source goes on with the tag its customers now hold.
    await run(tx, query("move_rule_actions"), fromIds=source_ids, targetId=target_id, now=now)
    await run(
        tx,
        query("retire_merged_tags"),
        sourceIds=source_ids,
        targetId=target_id,
        aliases=aliases,
        normalizedAliases=[normalize_name(alias) for alias in aliases],
        now=now,
        by=viewer.user,
    )
    rows = await run(tx, query("find_tags_by_ids"), ids=[target_id], visibleCategoryIds=None)
    await record_changes(tx, tag_ids=[*source_ids, *descendants, target_id], taxonomy=True)
    await record_audit(tx, viewer, Change("MERGE_TAGS", "Tag", target_id, f"from {source_ids}"))
    return MergeResult(
        target=tag_from_record(rows[0]["tag"]),
        customers=int(moved[0]["customers"]),
        added=int(moved[0]["added"]),
        children_moved=int(children_moved[0]["moved"]),
    )


async def _delete(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    *,
    tag_id: str,
    reassign_to: str | None,
    delete_subtree: bool,
    now: datetime,
) -> DeleteResult:
    ids = [tag_id] + ([reassign_to] if reassign_to else [])
    placements = await guards.lock_placements(tx, viewer, ids=ids, at=("id",))
    guards.require_live(placements[tag_id], ("id",))
    subtree: list[str] = (await run(tx, query("find_subtree_ids"), id=tag_id))[0]["ids"]
    await locks.lock_tags(tx, tag_ids=[*subtree, *ids])
    doomed = subtree if delete_subtree else [tag_id]
    usage = (await run(tx, query("count_assignments"), ids=doomed))[0]
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
                tx,
                groups=[[*doomed, reassign_to]],
                category_id=target["categoryId"],
                at=("reassignTo",),
            )
        moved = await run(
            tx,
            query("move_assignments"),
            fromIds=doomed,
            targetId=reassign_to,
            now=now,
            by=viewer.user,
            reason="DELETED",
            note=f"reassigned from deleted tag {placements[tag_id]['name']}",
        )
        reassigned = int(moved[0]["customers"])
    await run(tx, query("delete_tags"), ids=doomed, now=now, by=viewer.user)
    await record_changes(
        tx, tag_ids=[*doomed, *([reassign_to] if reassign_to else [])], taxonomy=True
    )
    await record_audit(tx, viewer, Change("DELETE_TAG", "Tag", tag_id, f"deleted {doomed}"))
    return DeleteResult(deleted_ids=tuple(doomed), reassigned_customers=reassigned)
