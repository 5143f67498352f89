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


async def count_assignments_by_tag(db: Database) -> dict[str, int]:
    """How many customers hold each tag directly."""
    rows = await db.read(query("count_assignments_by_tag"))
    return {row["id"]: int(row["held"]) for row in rows}


async def count_customers(db: Database) -> int:
    """How many customers the graph holds."""
    rows = await db.read(query("count_customers"))
    return int(rows[0]["customers"])


async def find_customer_ids(db: Database, *, page_size: int = 50_000) -> set[str]:
    """Every customer id (read in pages of `page_size`)."""
    found: set[str] = set()
    after = ""
    while True:
        rows = await db.read(query("find_customer_ids_page"), afterId=after, limit=page_size)
        found.update(row["id"] for row in rows)
        if len(rows) < page_size:
            return found
        after = rows[-1]["id"]


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
