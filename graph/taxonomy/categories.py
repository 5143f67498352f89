"""Tag categories: 基础属性, 行为轨迹, 生命周期 … Some are exclusive (one tag per customer)."""

from __future__ import annotations

import uuid
from typing import Any

from graph.audit import Change, write_audited
from graph.cypher import Queries
from graph.database import Database, UniqueKey, as_datetime, duplicates_refused
from graph.errors import ErrorCode, UserInputError
from graph.taxonomy.model import NewTagCategory, TagCategory
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


def category_from_record(props: dict[str, Any]) -> TagCategory:
    """A TagCategory from the property map of its node."""
    return TagCategory(
        id=props["id"],
        name=props["name"],
        description=props.get("description"),
        exclusive=bool(props.get("exclusive", False)),
        color=props.get("color"),
        created_at=as_datetime(props.get("createdAt")),
    )


async def find_tag_categories(db: Database, viewer: Viewer) -> list[TagCategory]:
    """Every category the viewer may see, ordered by name."""
    rows = await db.read(
        query("find_tag_categories"),
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return [category_from_record(row["category"]) for row in rows]


async def find_tag_categories_by_ids(
    db: Database, viewer: Viewer, *, ids: list[str]
) -> dict[str, TagCategory]:
    """The visible categories among these ids, by id (missing ids are absent)."""
    rows = await db.read(
        query("find_tag_categories_by_ids"),
        ids=ids,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return {row["category"]["id"]: category_from_record(row["category"]) for row in rows}


async def create_tag_category(db: Database, viewer: Viewer, *, new: NewTagCategory) -> TagCategory:
    """Create a category; DUPLICATE_NAME when one with the same normalized name exists."""
    errors = [
        *name_errors(new.name, ("input", "name")),
        *color_errors(new.color, ("input", "color")),
        *description_errors(new.description, ("input", "description")),
    ]
    if errors:
        raise UserInputError(errors)
    duplicate = UserInputError.single(
        ErrorCode.DUPLICATE_NAME,
        f"a tag category named {clean_name(new.name)!r} (or that id) already exists",
        ("input", "name"),
    )
    # No check first: the constraints on the name and on the id are what refuse a duplicate.
    with duplicates_refused(
        UniqueKey("TagCategory", "normalizedName", duplicate),
        UniqueKey("TagCategory", "id", duplicate),
    ):
        category_id = new.id or f"cat-{uuid.uuid4().hex[:12]}"
        rows = await write_audited(
            db,
            viewer,
            query("create_tag_category"),
            change=Change("CREATE_CATEGORY", "TagCategory", category_id, clean_name(new.name)),
            id=category_id,
            name=clean_name(new.name),
            normalizedName=normalize_name(new.name),
            description=new.description,
            exclusive=new.exclusive,
            color=normalize_color(new.color),
            by=viewer.user,
        )
    return category_from_record(rows[0]["category"])
