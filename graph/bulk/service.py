"""Bulk loading of generated data sets (demo and benchmark data) through batched UNWIND."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.bulk.model import CustomerRecord, DataSet, GraphCounts, LoadReport, ProgressCallback
from graph.changes import record_changes
from graph.cypher import Queries
from graph.database import Database, run
from graph.errors import ErrorCode, UserInputError
from graph.text import normalize_name

query = Queries("bulk")


async def count_graph(db: Database) -> GraphCounts:
    """The number of customers, tags, categories, assignments, industries and regions."""
    row = (await db.read(query("count_graph")))[0]
    return GraphCounts(**{_snake(key): int(value) for key, value in row.items()})


async def prepare_for_replanning(db: Database, *, timeout_seconds: int = 300) -> None:
    """Refresh the planner's statistics after a bulk load (and drop plans made before it)."""
    await db.write(query("prepare_for_replanning"), timeoutSeconds=timeout_seconds)


async def load_dataset(
    db: Database,
    *,
    dataset: DataSet,
    batch_size: int = 5_000,
    concurrency: int = 2,
    on_progress: ProgressCallback | None = None,
    loaded_by: str = "datagen",
) -> LoadReport:
    """Load a generated data set: its taxonomy, then its customers in concurrent batches.

    Refuses (INVALID_INPUT) when customers of the data set already exist: load a data set
    once, or give it another id prefix.
    """
    first_batch = next(dataset.customers(batch_size=1), [])
    existing = await db.read(query("count_customers_with_ids"), ids=[c.id for c in first_batch])
    if existing[0]["existing"]:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT,
            f"customers of this data set (e.g. {first_batch[0].id}) are already loaded",
        )
    conflicts = await db.read(
        query("find_conflicting_categories"),
        rows=[{"id": c.id, "normalizedName": normalize_name(c.name)} for c in dataset.categories],
    )
    if conflicts:
        raise UserInputError.single(
            ErrorCode.DUPLICATE_NAME,
            "the graph has categories of the same names under other ids: "
            + ", ".join(f"{row['name']} ({row['id']})" for row in conflicts),
        )
    started = time.perf_counter()
    await merge_taxonomy(db, dataset=dataset)
    customers = assignments = 0
    batches = dataset.customers(batch_size=batch_size)
    pending: set[asyncio.Future[tuple[int, int]]] = set()
    while True:
        # Generating the next batch (CPU) overlaps with the batches being written (I/O).
        batch = await asyncio.to_thread(_next_rows, batches)
        if batch is None:
            break
        pending.add(asyncio.create_task(_write_customers(db, batch, loaded_by)))
        if len(pending) >= concurrency:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                written, tagged = task.result()
                customers, assignments = customers + written, assignments + tagged
                if on_progress:
                    on_progress(written, tagged)
    for task in asyncio.as_completed(pending):
        written, tagged = await task
        customers, assignments = customers + written, assignments + tagged
        if on_progress:
            on_progress(written, tagged)
    return LoadReport(customers, assignments, time.perf_counter() - started)


async def merge_taxonomy(db: Database, *, dataset: DataSet) -> None:
    """Upsert the data set's tag categories and tags (idempotent)."""
    await db.write(
        query("merge_tag_categories"),
        rows=[
            {
                "id": cat.id,
                "name": cat.name,
                "normalizedName": normalize_name(cat.name),
                "description": cat.description,
                "exclusive": cat.exclusive,
                "color": cat.color,
            }
            for cat in dataset.categories
        ],
    )
    rows = [
        {
            "id": tag.id,
            "name": tag.name,
            "normalizedName": normalize_name(tag.name),
            "color": tag.color,
            "description": tag.description,
            "categoryId": tag.category_id,
            "parentId": tag.parent_id,
        }
        for tag in dataset.tags
    ]
    for start in range(0, len(rows), 1_000):
        await db.write(query("merge_tags"), rows=rows[start : start + 1_000])


def _next_rows(batches: Iterator[Sequence[CustomerRecord]]) -> list[dict[str, Any]] | None:
    batch = next(batches, None)
    if batch is None:
        return None
    return [
        {
            "id": c.id,
            "name": c.name,
            "kind": c.kind,
            "employees": c.employees,
            "annualRevenue": c.annual_revenue,
            "email": c.email,
            "phone": c.phone,
            "industryCode": c.industry_code,
            "regionCode": c.region_code,
            "createdAt": _epoch_millis(c.created_at),
            "lastInteractionAt": _epoch_millis(c.last_interaction_at),
            "tagIds": list(c.tag_ids),
        }
        for c in batch
    ]


async def _write_customers(
    db: Database, rows: list[dict[str, Any]], loaded_by: str
) -> tuple[int, int]:
    await db.write_transaction(_create_customers, rows, loaded_by)
    return len(rows), sum(len(row["tagIds"]) for row in rows)


async def _create_customers(
    tx: AsyncManagedTransaction, rows: list[dict[str, Any]], loaded_by: str
) -> None:
    await run(tx, query("create_customers"), rows=rows, by=loaded_by)
    await record_changes(tx, customer_ids=[row["id"] for row in rows])


def _epoch_millis(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp() * 1000)


def _snake(camel: str) -> str:
    return "".join(f"_{ch.lower()}" if ch.isupper() else ch for ch in camel)
