"""Export reads: keyset pages of ids, and customers, assignments and history as of a moment.

Exports fix one moment `at` when they start and read assignments as of it from the history
the graph keeps (`TAGGED.since`, `WAS_TAGGED.since/until`), so that writes committed while a
long export runs do not show in it; every read is one short transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.customers.model import Customer, moment_from_micros
from graph.cypher import Queries
from graph.database import Database, as_datetime
from graph.exports.model import Assignment, CategoryTree, HeldTags, TagChange
from graph.taxonomy.categories import category_from_record
from graph.taxonomy.tags import tag_from_record
from graph.viewer import Viewer

query = Queries("exports")


async def find_trees(
    db: Database, viewer: Viewer, *, category_id: str | None
) -> list[CategoryTree]:
    """The visible categories (or the one asked for) with all their tags, by name."""
    rows = await db.read(
        query("find_tree"),
        categoryId=category_id,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return [
        CategoryTree(
            category_from_record(row["category"]),
            tuple(tag_from_record(tag) for tag in row["tags"]),
        )
        for row in rows
    ]


async def find_customer_ids_page(db: Database, *, after_id: str, limit: int) -> list[str]:
    """Up to `limit` customer ids after `after_id`, in id order."""
    rows = await db.read(query("find_customer_ids_page"), afterId=after_id, limit=limit)
    return [row["id"] for row in rows]


async def find_static_member_ids_page(
    db: Database, *, segment_id: str, after_id: str, limit: int
) -> list[str]:
    """Up to `limit` ids of a STATIC segment's snapshot after `after_id`, in id order."""
    rows = await db.read(
        query("find_static_member_ids_page"), segmentId=segment_id, afterId=after_id, limit=limit
    )
    return [row["id"] for row in rows]


async def find_customers_as_of(
    db: Database,
    viewer: Viewer,
    *,
    ids: list[str],
    at: datetime,
    tag_category_ids: list[str] | None = None,
    with_tags: bool = True,
) -> list[HeldTags]:
    """These customers (in the order of `ids`; erased ones left out), each with the visible
    tags it held at `at`, optionally only those of some categories."""
    rows = await db.read(
        query("find_customers_as_of"),
        ids=ids,
        at=at,
        withTags=with_tags,
        visibleCategoryIds=viewer.visible_categories_param(),
        tagCategoryIds=tag_category_ids,
    )
    found = {row[0]: _held(row) for row in rows[0]["rows"]} if rows else {}
    return [found[customer_id] for customer_id in ids if customer_id in found]


def _held(row: list[Any]) -> HeldTags:
    (customer_id, name, kind, employees, revenue, email, phone, industry, region,
     created, updated, last, offsets, tag_ids) = row  # fmt: skip
    created_offset, updated_offset, last_offset = (int(offset or 0) for offset in offsets)
    customer = Customer(
        id=customer_id,
        name=name or "",
        kind=kind or "COMPANY",
        employees=employees,
        annual_revenue=revenue,
        email=email,
        phone=phone,
        industry_code=industry,
        region_code=region,
        created_at=_moment(created, created_offset),
        updated_at=_moment(updated, updated_offset),
        last_interaction_at=_moment(last, last_offset),
    )
    return HeldTags(customer, tuple(tag_ids))


def _moment(micros: int | None, offset: int) -> datetime | None:
    return None if micros is None else moment_from_micros(int(micros), offset)


async def find_assignments_as_of(
    db: Database, viewer: Viewer, *, ids: list[str], at: datetime
) -> list[Assignment]:
    """The visible assignments these customers held at `at`, by customer id then tag id."""
    rows = await db.read(
        query("find_assignments_as_of"),
        ids=ids,
        at=at,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    order = {customer_id: number for number, customer_id in enumerate(ids)}
    found = [
        Assignment(
            customer_id=row["customerId"],
            tag_id=row["tagId"],
            source=row["source"],
            by=row["by"],
            since=as_datetime(row["since"]),
            note=row["note"],
            expires_at=as_datetime(row["expiresAt"]),
        )
        for row in rows
    ]
    return sorted(found, key=lambda a: (order[a.customer_id], a.tag_id))


async def find_tag_changes_page(
    db: Database,
    *,
    tag_id: str,
    start: datetime,
    end: datetime,
    after: tuple[int, str, str] | None,
    limit: int,
) -> list[TagChange]:
    """Up to `limit` changes of the tag in [start, end) after the keys `after` (micros since
    the epoch, customer id, change), in time order
    (the caller checks that the viewer may see the tag)."""
    after_micros, after_customer, after_change = after if after else (None, "", "")
    rows = await db.read(
        query("find_tag_changes_page"),
        tagId=tag_id,
        start=start,
        end=end,
        afterMicros=after_micros,
        afterCustomerId=after_customer,
        afterChange=after_change,
        limit=limit,
    )
    return [
        TagChange(
            row["at"], row["micros"], row["customerId"], row["change"], row["by"], row["source"]
        )
        for row in rows
    ]
