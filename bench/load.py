"""Benchmark: bulk load of a generated data set into an empty database.

    .venv/bin/python -m bench.load --customers 1000000 --runs 3

Each run starts from an empty database of a dedicated instance ("bench", its own ports and
data folder), applies the schema and reference data, and loads the data set through the
project's bulk path (batched UNWIND over Bolt). The same data set is then written as CSV and
imported with `neo4j-admin database import full` into an empty database, for comparison.
Prints a table; results go into docs/benchmarks.md with the machine they ran on.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bench.admin_import import write_import_csv
from bench.machine import describe_machine
from datagen import build_dataset
from graph.bulk import service as bulk
from graph.bulk.model import GraphCounts, LoadReport
from graph.classification.reference import merge_reference_data
from graph.database import Database
from graph.migrations import apply_migrations
from ops.neo4j_server import LocalNeo4j
from settings import Settings

console = Console()


def bench_settings(heap: str, pagecache: str) -> Settings:
    """Settings of the benchmark instance: never the user's or the tests' data."""
    return Settings(
        neo4j_uri="bolt://127.0.0.1:27687",
        neo4j_http_port=27474,
        neo4j_instance="bench",
        neo4j_password="taggraph-bench-password",
        neo4j_heap=heap,
        neo4j_pagecache=pagecache,
        neo4j_start_timeout=300,
    )


def fresh_server(settings: Settings) -> LocalNeo4j:
    """The bench instance, stopped and with an empty data folder."""
    server = LocalNeo4j(settings)
    server.stop()
    shutil.rmtree(server.instance / "data", ignore_errors=True)
    return server


async def _one_load(
    settings: Settings, customers: int, seed: int, batch: int, writers: int
) -> LoadReport:
    db = Database.connect(settings)
    try:
        await db.wait_until_ready()
        await apply_migrations(db)
        await merge_reference_data(db)
        report = await bulk.load_dataset(
            db, dataset=build_dataset(customers, seed=seed), batch_size=batch, concurrency=writers
        )
        counts = await bulk.count_graph(db)
        assert counts.customers == customers, counts
        assert counts.assignments == report.assignments, counts
        return report
    finally:
        await db.close()


async def _count(settings: Settings) -> GraphCounts:
    db = Database.connect(settings)
    try:
        await db.wait_until_ready()
        return await bulk.count_graph(db)
    finally:
        await db.close()


def main(  # noqa: PLR0913, RUF100 - a typer command: its parameters are its CLI options
    *,
    customers: Annotated[int, typer.Option(help="Customers in the data set.")] = 1_000_000,
    runs: Annotated[int, typer.Option(help="Bulk-load runs (the median is reported).")] = 3,
    seed: Annotated[int, typer.Option()] = 42,
    batch: Annotated[int, typer.Option(help="Customers per transaction.")] = 5_000,
    writers: Annotated[int, typer.Option(help="Transactions in flight.")] = 2,
    heap: Annotated[str, typer.Option()] = "4g",
    pagecache: Annotated[str, typer.Option()] = "8g",
    admin_import: Annotated[bool, typer.Option(help="Also time neo4j-admin import.")] = True,
) -> None:
    """Load the data set `runs` times into an empty database and report the median."""
    settings = bench_settings(heap, pagecache)
    reports: list[LoadReport] = []
    for run in range(1, runs + 1):
        server = fresh_server(settings)
        server.start()
        report = asyncio.run(_one_load(settings, customers, seed, batch, writers))
        console.print(
            f"run {run}: {report.seconds:.1f} s, {report.customers_per_second:,.0f} customers/s, "
            f"{report.assignments_per_second:,.0f} assignments/s"
        )
        reports.append(report)
    server.stop()

    table = Table(title=f"Bulk load of {customers:,} customers into an empty database")
    for column in ("method", "seconds", "customers/s", "assignments/s", "notes"):
        table.add_column(column, justify="right" if column not in ("method", "notes") else "left")
    median = statistics.median(r.seconds for r in reports)
    assignments = reports[0].assignments
    table.add_row(
        "TagGraph bulk path (UNWIND over Bolt)",
        f"{median:.1f}",
        f"{customers / median:,.0f}",
        f"{assignments / median:,.0f}",
        f"median of {runs}: "
        + ", ".join(f"{r.seconds:.1f}" for r in reports)
        + "; includes generation, schema and reference data",
    )

    if admin_import:
        server = fresh_server(settings)
        server.write_config()
        folder = server.instance / "import" / "bench"
        started = time.perf_counter()
        files = write_import_csv(build_dataset(customers, seed=seed), folder)
        csv_seconds = time.perf_counter() - started
        started = time.perf_counter()
        result = server.admin("database", "import", "full", "neo4j", "--overwrite-destination",
                              *files)  # fmt: skip
        import_seconds = time.perf_counter() - started
        if result.returncode != 0:
            console.print(
                "[red]neo4j-admin import failed:[/red]\n" + (result.stdout + result.stderr)[-3000:]
            )
            raise typer.Exit(1)
        server.start()
        counts = asyncio.run(_count(settings))
        server.stop()
        table.add_row(
            "neo4j-admin database import full",
            f"{import_seconds:.1f}",
            f"{customers / import_seconds:,.0f}",
            f"{assignments / import_seconds:,.0f}",
            f"offline; CSV writing took another {csv_seconds:.1f} s; "
            f"{counts.customers:,} customers, {counts.assignments:,} assignments imported",
        )
        table.add_row(
            "ratio (bulk path / import tool)",
            f"{median / import_seconds:.2f}x",
            "",
            "",
            "target ≤ 3x",
        )
    console.print(table)
    console.print(describe_machine(settings))


if __name__ == "__main__":
    typer.run(main)
