"""Tags: hierarchical trees of tags inside tag categories (行为轨迹 › 购买行为 › 高频购买)."""

from __future__ import annotations

from typing import Any

from graph.cypher import Queries
from graph.database import Database, as_datetime
from graph.errors import NotFound
from graph.pagination import Page, PageRequest, encode_cursor
from graph.taxonomy.model import ACTIVE, Tag
from graph.text import normalize_name
from graph.viewer import Viewer

query = Queries("taxonomy")


def tag_from_record(props: dict[str, Any]) -> Tag:
    """A Tag from its property map projected with `categoryId` and `parentId`."""
    return Tag(
        id=props["id"],
        name=props["name"],
        normalized_name=props["normalizedName"],
        color=props.get("color"),
        description=props.get("description"),
        status=props.get("status", ACTIVE),
        aliases=tuple(props.get("aliases") or ()),
        category_id=props["categoryId"],
        parent_id=props.get("parentId"),
        created_at=as_datetime(props.get("createdAt")),
        updated_at=as_datetime(props.get("updatedAt")),
    )


async def find_tags_by_ids(db: Database, viewer: Viewer, *, ids: list[str]) -> dict[str, Tag]:
    """The visible tags among these ids, by id (missing ids are absent)."""
    rows = await db.read(
        query("find_tags_by_ids"),
        ids=ids,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return {row["tag"]["id"]: tag_from_record(row["tag"]) for row in rows}


async def find_merge_targets_by_ids(
    db: Database, viewer: Viewer, *, ids: list[str]
) -> dict[str, Tag]:
    """For each merged tag among these ids, the visible tag it was merged into (others absent)."""
    rows = await db.read(
        query("find_merge_targets_by_ids"),
        ids=ids,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    # Rows come oldest merge first: should a tag ever be merged twice, the latest one wins.
    return {row["id"]: tag_from_record(row["tag"]) for row in rows}


async def get_tag(db: Database, viewer: Viewer, *, tag_id: str) -> Tag:
    """The tag with this id; NotFound when it does not exist or the viewer may not see it."""
    found = await find_tags_by_ids(db, viewer, ids=[tag_id])
    if tag_id not in found:
        raise NotFound("tag", tag_id)
    return found[tag_id]


async def find_tags(
    db: Database,
    viewer: Viewer,
    *,
    page: PageRequest,
    search: str | None = None,
    category_id: str | None = None,
) -> Page[Tag]:
    """One page of tags by name; `search` matches names and aliases after normalization."""
    after_name, after_id = page.after if page.after else (None, None)
    rows = await db.read(
        query("find_tags"),
        search=normalize_name(search) if search else None,
        categoryId=category_id,
        afterName=after_name,
        afterId=after_id,
        limit=page.limit,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    tags = [tag_from_record(row["tag"]) for row in rows]
    return Page.from_rows([(encode_cursor(t.normalized_name, t.id), t) for t in tags], page)


async def count_tags(
    db: Database, viewer: Viewer, *, search: str | None = None, category_id: str | None = None
) -> int:
    """How many tags `find_tags` pages through."""
    rows = await db.read(
        query("count_tags"),
        search=normalize_name(search) if search else None,
        categoryId=category_id,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return int(rows[0]["total"])


async def find_children_by_parent_ids(
    db: Database, viewer: Viewer, *, parent_ids: list[str]
) -> dict[str, list[Tag]]:
    """The direct children of each parent, by name; parents without children map to []."""
    rows = await db.read(
        query("find_children_by_parent_ids"),
        ids=parent_ids,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    children: dict[str, list[Tag]] = {parent_id: [] for parent_id in parent_ids}
    for row in rows:
        children[row["parentId"]].append(tag_from_record(row["tag"]))
    return children


async def find_root_tags_by_category_ids(
    db: Database, viewer: Viewer, *, category_ids: list[str]
) -> dict[str, list[Tag]]:
    """The top-level tags of each category, by name."""
    rows = await db.read(
        query("find_root_tags_by_category_ids"),
        ids=category_ids,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    roots: dict[str, list[Tag]] = {category_id: [] for category_id in category_ids}
    for row in rows:
        roots[row["categoryId"]].append(tag_from_record(row["tag"]))
    return roots


async def find_paths_by_ids(
    db: Database, viewer: Viewer, *, ids: list[str]
) -> dict[str, list[Tag]]:
    """For each visible tag, the path of tags from its root down to itself."""
    rows = await db.read(
        query("find_paths_by_ids"),
        ids=ids,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return {row["id"]: [tag_from_record(node) for node in row["path"]] for row in rows}


async def count_customers_by_tag_ids(
    db: Database, viewer: Viewer, *, ids: list[str], include_descendants: bool
) -> dict[str, int]:
    """Customers holding each tag (directly, or also through a descendant tag); 0 for a tag
    the viewer cannot see."""
    rows = await db.read(
        query("count_customers_by_tag_ids"),
        ids=ids,
        includeDescendants=include_descendants,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    counts = {tag_id: 0 for tag_id in ids}
    counts.update({row["id"]: int(row["customers"]) for row in rows})
    return counts
