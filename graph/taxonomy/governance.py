"""Taxonomy governance: how much each tag is used, which live tags nobody assigns any more,
and how the customers spread over the tags of a category.

Live tags are ACTIVE or DEPRECATED (a missing status counts as ACTIVE); MERGED and DELETED
tags are retired and never reported. "Last assigned" is the latest `since` over the current
(`TAGGED`) and past (`WAS_TAGGED`) assignments of a tag.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from graph.cypher import Queries
from graph.database import Database, as_datetime
from graph.errors import ErrorCode, NotFound, UserInputError
from graph.taxonomy.model import CategoryDistribution, StaleTag, TagShare, TagUsage
from graph.viewer import Viewer

query = Queries("taxonomy")
MIN_UNUSED_DAYS = 1
MAX_UNUSED_DAYS = 3650


async def find_tag_usage_by_ids(
    db: Database, viewer: Viewer, *, ids: list[str]
) -> dict[str, TagUsage]:
    """The usage of each visible tag among these ids, whatever its status (missing ids absent)."""
    rows = await db.read(
        query("find_tag_usage_by_ids"),
        ids=ids,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return {
        row["id"]: TagUsage(
            tag_id=row["id"],
            direct_customers=int(row["directCustomers"]),
            customers_with_descendants=int(row["customersWithDescendants"]),
            last_assigned_at=as_datetime(row["lastAssignedAt"]),
        )
        for row in rows
    }


async def find_stale_tags(
    db: Database, viewer: Viewer, *, unused_for_days: int, now: datetime, limit: int
) -> list[StaleTag]:
    """Live tags not assigned in the last `unused_for_days` days or never; never-used first,
    then by last assignment, then by name."""
    if not MIN_UNUSED_DAYS <= unused_for_days <= MAX_UNUSED_DAYS:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT,
            f"unusedForDays must be between {MIN_UNUSED_DAYS} and {MAX_UNUSED_DAYS}, "
            f"got {unused_for_days}",
            ("unusedForDays",),
        )
    if limit < 0:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "first must not be negative", ("first",)
        )
    rows = await db.read(
        query("find_stale_tags"),
        cutoff=_aware(now) - timedelta(days=unused_for_days),
        limit=limit,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return [
        StaleTag(
            tag_id=row["id"],
            category_id=row["categoryId"],
            direct_customers=int(row["directCustomers"]),
            last_assigned_at=as_datetime(row["lastAssignedAt"]),
        )
        for row in rows
    ]


async def tag_distribution(
    db: Database, viewer: Viewer, *, category_id: str
) -> CategoryDistribution:
    """The holders of every live tag of a category and their share of all customers;
    NotFound when the category does not exist or the viewer may not see it."""
    rows = await db.read(
        query("tag_distribution"),
        categoryId=category_id,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    if not rows:
        raise NotFound("tag category", category_id, ("categoryId",))
    row = rows[0]
    total = int(row["totalCustomers"])
    tags = [
        TagShare(
            tag_id=item["id"],
            direct_customers=int(item["directCustomers"]),
            customers_with_descendants=int(item["customersWithDescendants"]),
            share=_share(int(item["customersWithDescendants"]), total),
        )
        for item in row["tags"]
    ]
    names = {item["id"]: item["normalizedName"] for item in row["tags"]}
    tags.sort(key=lambda t: (-t.customers_with_descendants, names[t.tag_id], t.tag_id))
    any_tag = int(row["customersWithAnyTag"])
    return CategoryDistribution(
        category_id=category_id,
        total_customers=total,
        customers_with_any_tag=any_tag,
        share_with_any_tag=_share(any_tag, total),
        tags=tuple(tags),
    )


def _share(part: int, total: int) -> float:
    return part / total if total else 0.0


def _aware(now: datetime) -> datetime:
    # A naive datetime would be compared as local time by nobody knows which clock: refuse it.
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return now
