"""What the in-memory indexes read from the graph: the trees and each customer's facts."""

from __future__ import annotations

from typing import Any

from graph.cypher import Queries
from graph.database import Database
from graph.index_feed.model import CustomerFact, TreeNodeFact

query = Queries("index_feed")


async def find_tree_nodes(db: Database) -> list[TreeNodeFact]:
    """Every tag, industry and region node with its parent."""
    rows = await db.read(query("find_tree_nodes"))
    return [
        TreeNodeFact(
            kind=row["kind"],
            key=row["key"],
            name=row["name"],
            parent_key=row["parentKey"],
            category_id=row["categoryId"],
            exclusive=bool(row["exclusive"]),
            status=row["status"],
        )
        for row in rows
    ]


async def find_customer_facts_page(
    db: Database, *, after_id: str, limit: int
) -> list[CustomerFact]:
    """Up to `limit` customers after `after_id`, in id order."""
    rows = await db.read(query("find_customer_facts_page"), afterId=after_id, limit=limit)
    return [_fact(row) for row in rows[0]["rows"]]


async def find_customer_facts_by_ids(db: Database, *, ids: list[str]) -> list[CustomerFact]:
    """The facts of these customers; erased ones are absent."""
    rows = await db.read(query("find_customer_facts_by_ids"), ids=ids)
    return [_fact(row) for row in rows[0]["rows"]]


async def find_customer_ids_by_tag_ids(db: Database, *, tag_ids: list[str]) -> list[str]:
    """The customers that hold any of these tags directly."""
    rows = await db.read(query("find_customer_ids_by_tag_ids"), tagIds=tag_ids)
    return list(rows[0]["ids"])


def _fact(row: Any) -> CustomerFact:
    customer_id, employees, revenue, last_us, created_us, industry, region, tags = row[:8]
    name, kind, email, phone, updated_us, offsets = row[8:]
    created_offset, updated_offset, last_offset = (int(offset or 0) for offset in offsets)
    return CustomerFact(
        id=customer_id,
        employees=employees,
        annual_revenue=revenue,
        last_interaction_us=last_us,
        created_us=created_us,
        tag_ids=tuple(tags),
        industry_code=industry,
        region_code=region,
        name=name,
        kind=kind,
        email=email,
        phone=phone,
        updated_us=updated_us,
        offsets=(created_offset, updated_offset, last_offset),
    )
