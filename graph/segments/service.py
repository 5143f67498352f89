"""Segments answered by Cypher: counts, pages and ids of a customer filter (the reference path
that services.segments falls back to, and that the index is tested against)."""

from __future__ import annotations

from graph.customers.model import Customer
from graph.customers.service import customer_from_record
from graph.database import Database
from graph.pagination import Page, PageRequest, encode_cursor
from graph.segments.compiler import (
    compile_filter,
    count_query,
    ids_query,
    ordered_page_query,
    page_query,
)
from graph.segments.model import CustomerFilter, CustomerOrder
from graph.segments.names import check_filter_names
from graph.segments.planner import plan_filter
from graph.viewer import Viewer


async def find_customers(
    db: Database,
    viewer: Viewer,
    *,
    page: PageRequest,
    customer_filter: CustomerFilter | None,
    order: CustomerOrder | None = None,
) -> Page[Customer]:
    """One page of the customers matching the filter, ordered by id or by `order`."""
    compiled = await plan_filter(db, viewer, customer_filter=customer_filter)
    if order is not None and not order.is_default:
        rows = await db.read(
            ordered_page_query(compiled, order),
            **compiled.parameters,
            **order.after_parameters(page.after),
            limit=page.limit,
        )
        return Page.from_rows(
            [
                (
                    encode_cursor(*order.sort_keys(row["customer"])),
                    customer_from_record(row["customer"]),
                )
                for row in rows
            ],
            page,
        )
    after_id = page.after[0] if page.after else ""
    rows = await db.read(
        page_query(compiled), **compiled.parameters, afterId=after_id, limit=page.limit
    )
    customers = [customer_from_record(row["customer"]) for row in rows]
    return Page.from_rows([(encode_cursor(c.id), c) for c in customers], page)


async def count_customers(
    db: Database, viewer: Viewer, *, customer_filter: CustomerFilter | None
) -> int:
    """How many customers match the filter."""
    compiled = await plan_filter(db, viewer, customer_filter=customer_filter)
    rows = await db.read(count_query(compiled), **compiled.parameters)
    return int(rows[0]["total"])


async def find_customer_ids(
    db: Database, viewer: Viewer, *, customer_filter: CustomerFilter, limit: int
) -> list[str]:
    """The ids of up to `limit` customers matching the filter, in no particular order."""
    compiled = compile_filter(customer_filter)
    await check_filter_names(db, viewer, customer_filter=customer_filter)
    rows = await db.read(ids_query(compiled), **compiled.parameters, limit=limit)
    return [row["id"] for row in rows]
