"""Taxonomy imports: a whole file applied in one transaction, all or nothing, audited; and
the visible taxonomy that customer and assignment imports resolve tag paths against."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph import locks
from graph.audit import Change, record_audit
from graph.changes import record_changes
from graph.cypher import Queries
from graph.database import Database, UniqueKey, duplicates_refused, run
from graph.errors import ErrorCode, UserInputError
from graph.imports.model import KnownCategory, KnownTag, TaxonomyEntry, TaxonomyPlan
from graph.imports.plan import plan_taxonomy
from graph.imports.snapshot import TaxonomySnapshot
from graph.text import normalize_name
from graph.viewer import Viewer

query = Queries("imports")


async def find_taxonomy(
    source: Database | AsyncManagedTransaction, viewer: Viewer
) -> TaxonomySnapshot:
    """The categories and tags the viewer may see (in a transaction or a read of its own)."""
    parameters = {
        "visibleCategoryIds": viewer.visible_categories_param(),
        "taggableCategoryIds": viewer.taggable_categories_param(),
    }
    if isinstance(source, Database):
        rows = await source.read(query("find_taxonomy"), **parameters)
    else:
        rows = await run(source, query("find_taxonomy"), **parameters)
    categories: list[KnownCategory] = []
    tags: list[KnownTag] = []
    for row in rows:
        cat = row["category"]
        categories.append(
            KnownCategory(
                id=cat["id"],
                name=cat["name"],
                exclusive=bool(cat["exclusive"]),
                taggable=bool(row["taggable"]),
                color=cat.get("color"),
                description=cat.get("description"),
            )
        )
        tags += [
            KnownTag(
                id=tag["id"],
                name=tag["name"],
                category_id=cat["id"],
                parent_id=tag.get("parentId"),
                status=tag["status"],
                color=tag.get("color"),
                description=tag.get("description"),
                aliases=tuple(tag.get("aliases") or ()),
            )
            for tag in row["tags"]
        ]
    return TaxonomySnapshot(categories, tags)


async def apply_taxonomy(
    db: Database, viewer: Viewer, *, entries: list[TaxonomyEntry], dry_run: bool = False
) -> TaxonomyPlan:
    """Apply a taxonomy file in one transaction; when any row is refused (or in a dry run)
    nothing is written and the plan says what would have been."""
    duplicate = UserInputError.single(
        ErrorCode.DUPLICATE_NAME,
        "a category of one of these names or ids exists in a category you cannot see",
        ("path",),
    )
    if dry_run:
        return await db.read_transaction(_plan, viewer, entries)
    with duplicates_refused(
        UniqueKey("TagCategory", "normalizedName", duplicate),
        UniqueKey("TagCategory", "id", duplicate),
        UniqueKey("Tag", "id", duplicate),
    ):
        return await db.write_transaction(_apply, viewer, entries)


async def _plan(
    tx: AsyncManagedTransaction, viewer: Viewer, entries: list[TaxonomyEntry]
) -> TaxonomyPlan:
    snapshot = await find_taxonomy(tx, viewer)
    given = sorted({entry.id for entry in entries if entry.id})
    taken = set((await run(tx, query("find_tag_ids"), ids=given))[0]["ids"]) if given else set()
    return plan_taxonomy(snapshot, entries, taken_ids=taken)


async def _apply(
    tx: AsyncManagedTransaction, viewer: Viewer, entries: list[TaxonomyEntry]
) -> TaxonomyPlan:
    # Lock the categories the file names first, so the plan sees every committed change.
    first = await find_taxonomy(tx, viewer)
    names = {normalize_name(entry.path[0]) for entry in entries}
    ids = [c.id for c in first.categories.values() if normalize_name(c.name) in names]
    await locks.lock_categories(tx, viewer, category_ids=ids)
    plan = await _plan(tx, viewer, entries)
    if plan.refused or not (plan.created or plan.updated):
        return plan
    now = datetime.now(UTC)
    common: dict[str, Any] = {"by": viewer.user, "now": now}
    if plan.new_categories:
        await run(tx, query("create_categories"), rows=plan.new_categories, **common)
    if plan.category_updates:
        await run(tx, query("update_categories"), rows=plan.category_updates, **common)
    if plan.new_tags:
        await run(tx, query("create_tags"), rows=plan.new_tags, **common)
        links = [{"id": t["id"], "parentId": t["parentId"]} for t in plan.new_tags if t["parentId"]]
        if links:
            await run(tx, query("link_tags"), rows=links)
    if plan.tag_updates:
        await locks.lock_tags(tx, tag_ids=[row["id"] for row in plan.tag_updates])
        await run(tx, query("update_tags"), rows=plan.tag_updates, **common)
    for change in _changes(plan):
        await record_audit(tx, viewer, change)
    await record_changes(tx, taxonomy=True)
    return plan


def _changes(plan: TaxonomyPlan) -> list[Change]:
    return [
        *(
            Change("CREATE_CATEGORY", "TagCategory", r["id"], f"import: {r['name']}")
            for r in plan.new_categories
        ),
        *(
            Change("UPDATE_CATEGORY", "TagCategory", r["id"], f"import: {r}")
            for r in plan.category_updates
        ),
        *(Change("CREATE_TAG", "Tag", r["id"], f"import: {r['name']}") for r in plan.new_tags),
        *(Change("UPDATE_TAG", "Tag", r["id"], f"import: {r}") for r in plan.tag_updates),
    ]
