"""Benchmark: tagging, history and merges on the 1,000,000-customer data set.

    .venv/bin/python -m bench.tagging     # after bench.load has filled the bench instance

Uses the benchmark instance (`.neo4j/instances/bench`) that `bench.load` leaves with the
1M-customer data set. Measures, through the GraphQL API over HTTP and in-process:
`tagCustomers` of 10,000 customers, the bulk assignment rate (100,000 customers per call),
`tagsAsOf` and `tagHistory` of a customer with 1,000 history events, and `mergeTags` of a tag
held by 100,000 customers. Prints a table.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import httpx
import typer
import uvicorn
from rich.console import Console
from rich.table import Table

from api.app import create_app
from bench.load import bench_settings
from bench.machine import describe_machine
from graph.bulk import service as bulk
from graph.database import Database
from graph.history import service as history
from graph.migrations import apply_migrations
from graph.pagination import PageRequest
from graph.tagging.model import CustomerSelection, Provenance
from graph.tagging.service import tag_customers, untag_customers
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.model import NewTag
from graph.taxonomy.retire import merge_tags
from graph.viewer import Viewer
from ops.neo4j_server import LocalNeo4j
from settings import Settings

console = Console()
VIEWER = Viewer.full_access("bench")
NewTagMaker = Callable[[str], Awaitable[str]]  # label -> id of a fresh tag
Row = tuple[str, str, str, str]  # operation, p50 ms / rate, p95 ms, notes
TAG_MUTATION = (
    "mutation($c: [ID!], $t: [ID!]!) { tagCustomers(customerIds: $c, tagIds: $t) {"
    " addedCount userErrors { code } } }"
)


def _serve(settings: Settings) -> tuple[uvicorn.Server, str]:
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=28000, log_level="error")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, "http://127.0.0.1:28000/graphql"


async def _timed(work: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await work()
    return time.perf_counter() - started


def _ms(seconds: list[float]) -> tuple[str, str]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:,.0f}", f"{p95 * 1000:,.0f}"


async def _run(settings: Settings, url: str, runs: int) -> list[Row]:
    db = Database.connect(settings)
    rows: list[Row] = []
    try:
        await db.wait_until_ready(timeout=300)
        await apply_migrations(db)
        counts = await bulk.count_graph(db)
        console.print(f"graph: {counts}")
        category = await db.read("MATCH (c:TagCategory {id: 'cat-behavior'}) RETURN c.id AS id")
        new_tag = _tag_maker(db, category[0]["id"])
        ids_rows = await db.read(
            "MATCH (c:Customer) RETURN c.id AS id ORDER BY c.id SKIP 1000 LIMIT 400000"
        )
        ids = [row["id"] for row in ids_rows]
        rows += await _tag_customers_rows(db, url, ids, runs, new_tag)
        rows.append(await _bulk_rate_row(db, ids, new_tag))
        rows += await _history_rows(db, ids[-1], new_tag)
        rows.append(await _merge_row(db, ids, new_tag))
    finally:
        await db.close()
    return rows


def _tag_maker(db: Database, category_id: str) -> NewTagMaker:
    """Creates a fresh tag in the category per call (unique names) and returns its id."""

    async def new_tag(label: str) -> str:
        tag = await taxonomy.create_tag(
            db,
            VIEWER,
            new=NewTag(name=f"{label}-{time.time_ns()}", category_id=category_id),
        )
        return tag.id

    return new_tag


async def _tag_customers_rows(
    db: Database, url: str, ids: list[str], runs: int, new_tag: NewTagMaker
) -> list[Row]:
    """tagCustomers of 10,000 customers, through the API over HTTP and in-process."""
    rows: list[Row] = []
    http_times, local_times = [], []
    async with httpx.AsyncClient(timeout=120) as client:
        for run in range(runs):
            tag_id = await new_tag("bench-http")
            chunk = ids[run * 10_000 : (run + 1) * 10_000]

            async def over_http(chunk: list[str] = chunk, tag_id: str = tag_id) -> None:
                response = await client.post(
                    url, json={"query": TAG_MUTATION, "variables": {"c": chunk, "t": [tag_id]}}
                )
                body = response.json()
                assert body["data"]["tagCustomers"]["addedCount"] == 10_000, body

            http_times.append(await _timed(over_http))
            local_tag = await new_tag("bench-local")

            async def in_process(chunk: list[str] = chunk, tag_id: str = local_tag) -> None:
                await tag_customers(
                    db, VIEWER, selection=CustomerSelection(tuple(chunk)), tag_ids=[tag_id]
                )

            local_times.append(await _timed(in_process))
    rows.append(("tagCustomers, 10,000 customers, GraphQL over HTTP", *_ms(http_times),
                 f"{runs} runs; target ≤ 1,000 ms"))  # fmt: skip
    rows.append(("tagCustomers, 10,000 customers, in-process", *_ms(local_times),
                 f"{runs} runs"))  # fmt: skip
    return rows


async def _bulk_rate_row(db: Database, ids: list[str], new_tag: NewTagMaker) -> Row:
    """Bulk assignment rate: 100,000 customers in one call."""
    rates = []
    for run in range(3):
        bulk_tag = await new_tag("bench-bulk")
        hundred_k = tuple(ids[run * 100_000 : (run + 1) * 100_000])

        async def bulk_call(chunk: tuple[str, ...] = hundred_k, tag_id: str = bulk_tag) -> None:
            await tag_customers(db, VIEWER, selection=CustomerSelection(chunk), tag_ids=[tag_id])

        seconds = await _timed(bulk_call)
        rates.append(100_000 / seconds)
    return (
        "bulk assignment rate, 100,000 per call",
        f"{statistics.median(rates):,.0f}/s",
        f"{min(rates):,.0f}/s (min)",
        "3 runs; target ≥ 100,000/s",
    )


async def _history_rows(db: Database, customer: str, new_tag: NewTagMaker) -> list[Row]:
    """tagsAsOf and tagHistory for a customer with 1,000 history events."""
    rows: list[Row] = []
    tag_a, tag_b = await new_tag("bench-history-a"), await new_tag("bench-history-b")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    selection = CustomerSelection((customer,))
    for step in range(250):
        moment = start + timedelta(hours=4 * step)
        await tag_customers(db, VIEWER, selection=selection, tag_ids=[tag_a, tag_b], now=moment)
        await untag_customers(
            db,
            VIEWER,
            selection=selection,
            tag_ids=[tag_a, tag_b],
            provenance=Provenance(by="bench"),
            now=moment + timedelta(hours=2),
        )
    events = await history.count_tag_history(db, VIEWER, customer_id=customer)
    as_of, timeline = [], []
    for probe in range(50):
        moment = start + timedelta(hours=4 * (probe * 5) + 1)

        async def snapshot(moment: datetime = moment) -> None:
            await history.find_tags_as_of(db, VIEWER, customer_ids=[customer], at=moment)

        async def first_page() -> None:
            await history.find_tag_history(
                db, VIEWER, customer_id=customer, page=PageRequest(first=50, after=None)
            )

        as_of.append(await _timed(snapshot))
        timeline.append(await _timed(first_page))
    rows.append((f"tagsAsOf, customer with {events:,} history events", *_ms(as_of),
                 "50 probes"))  # fmt: skip
    rows.append((f"tagHistory first 50, {events:,} events", *_ms(timeline), "50 probes"))
    return rows


async def _merge_row(db: Database, ids: list[str], new_tag: NewTagMaker) -> Row:
    """mergeTags of a tag held by 100,000 customers."""
    source, target = await new_tag("bench-merge-source"), await new_tag("bench-merge-target")
    await tag_customers(
        db, VIEWER, selection=CustomerSelection(tuple(ids[300_000:400_000])), tag_ids=[source]
    )

    async def merge_call() -> None:
        await merge_tags(db, VIEWER, source_ids=[source], target_id=target)

    merge = await _timed(merge_call)
    return ("mergeTags, source held by 100,000 customers", f"{merge * 1000:,.0f}", "",
            "1 run; one transaction")  # fmt: skip


def main(
    runs: Annotated[int, typer.Option(help="Repetitions of the 10,000-customer call.")] = 10,
) -> None:
    """Tagging, history and merge timings on the bench instance."""
    settings = bench_settings("4g", "8g")
    server = LocalNeo4j(settings)
    server.start()
    api, url = _serve(settings)
    try:
        rows = asyncio.run(_run(settings, url, runs))
    finally:
        api.should_exit = True
        server.stop()
    table = Table(title="Tagging, history and merges on 1,000,000 customers")
    for column in ("operation", "p50 ms / rate", "p95 ms", "notes"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(describe_machine(settings))


if __name__ == "__main__":
    typer.run(main)
