"""Benchmark: the importer (`taggraph import`) on the 1M-customer data set.

    flock /tmp/taggraph-bench.lock .venv/bin/python -m bench.imports --customers 1000000

The data set of datagen (seed 42, as bench/load.py uses) is written as import files — the
taxonomy (paths with ids) and the customers with a `tags` column of paths — and imported
with the importer into an EMPTY database of a dedicated instance ("import-bench", ports
47687/47474). Then, into that populated database, a file of new customers plus updates of
existing ones. Phases are timed apart (writing the files, reading and checking the rows
alone, the taxonomy, the customers). Compare with `neo4j-admin database import` on the same
data (docs/benchmarks.md). The instance is stopped at the end.
"""

from __future__ import annotations

import asyncio
import csv
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bench.machine import describe_machine
from datagen import Dataset, build_dataset
from datagen.models import CustomerSpec
from graph.bulk import service as bulk
from graph.classification.reference import merge_reference_data
from graph.database import Database
from graph.migrations import apply_migrations
from graph.viewer import Viewer
from ops.neo4j_server import LocalNeo4j
from services.imports import ImportOptions, ImportSummary, run_import
from services.transfer.headers import FIELDS, resolve_columns
from services.transfer.paths import format_path, join_paths
from services.transfer.readers import open_source
from services.transfer.rows import parse_row
from settings import Settings

console = Console()
VIEWER = Viewer.full_access("bench-import")
ADMIN_IMPORT_SECONDS = 68.3  # neo4j-admin database import full, same data set (benchmarks.md)


def bench_settings(home: Path, heap: str, pagecache: str) -> Settings:
    """Settings of the import benchmark's own instance: never the user's, the tests' or the
    `bench` instance's data."""
    return Settings(
        neo4j_uri="bolt://127.0.0.1:47687",
        neo4j_http_port=47474,
        neo4j_home=home,
        neo4j_instance="import-bench",
        neo4j_password="taggraph-import-bench-password",
        neo4j_heap=heap,
        neo4j_pagecache=pagecache,
        neo4j_start_timeout=300,
    )


def _paths(dataset: Dataset) -> dict[str, str]:
    """Each tag's path as files write it (category name, then the tags from the root)."""
    categories = {c.id: c.name for c in dataset.categories}
    tags = {t.id: t for t in dataset.tags}
    paths: dict[str, str] = {}
    for tag in dataset.tags:
        names = [tag.name]
        parent = tag.parent_id
        while parent is not None:
            names.append(tags[parent].name)
            parent = tags[parent].parent_id
        paths[tag.id] = format_path([categories[tag.category_id], *reversed(names)])
    return paths


def write_files(dataset: Dataset, folder: Path, extra: int) -> tuple[Path, Path, Path]:
    """The taxonomy, the customers (with tags), and the populated-database file: `extra` new
    customers and as many updates of existing ones."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = _paths(dataset)
    taxonomy = folder / "taxonomy.csv"
    with taxonomy.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FIELDS["taxonomy"])
        for c in dataset.categories:
            writer.writerow([format_path([c.name]), c.id, c.color, c.description, "",
                             str(c.exclusive).lower(), "ACTIVE"])  # fmt: skip
        for t in dataset.tags:
            writer.writerow([paths[t.id], t.id, t.color, t.description, "", "", "ACTIVE"])
    customers = folder / "customers.csv"
    more = folder / "more.csv"
    with (
        customers.open("w", encoding="utf-8-sig", newline="") as out,
        more.open("w", encoding="utf-8-sig", newline="") as out_more,
    ):
        writer, writer_more = csv.writer(out), csv.writer(out_more)
        writer.writerow(FIELDS["customers"])
        writer_more.writerow(FIELDS["customers"])
        for index, cust in enumerate(_customers(dataset)):
            row = [cust.id, cust.name, cust.kind, cust.industry_code or "", cust.region_code or "",
                   cust.employees if cust.employees is not None else "",
                   cust.annual_revenue if cust.annual_revenue is not None else "",
                   cust.email or "", cust.phone or "",
                   join_paths([paths[t] for t in cust.tag_ids])]  # fmt: skip
            writer.writerow(row)
            if index < extra:
                writer_more.writerow([f"more-{cust.id}", *row[1:]])  # a new customer
                writer_more.writerow([cust.id, f"{cust.name}（更新）", *row[2:9], ""])  # an update
    return taxonomy, customers, more


def _customers(dataset: Dataset) -> Iterator[CustomerSpec]:
    for batch in dataset.customers(batch_size=10_000):
        yield from batch


def parse_only(path: Path) -> tuple[int, float]:
    """Rows of the file read and checked (typed rows), without the graph: the Python side."""
    started = time.perf_counter()
    rows = 0
    with open_source(path) as source:
        resolved = resolve_columns("customers", source.header, {})
        columns = {f: h for h, f in zip(source.header, resolved, strict=True) if f}
        for row in source.rows:
            parse_row("customers", row, columns)
            rows += 1
    return rows, time.perf_counter() - started


async def _import(settings: Settings, kind: str, path: Path, batch: int) -> ImportSummary:
    db = Database.connect(settings)
    try:
        options = ImportOptions(batch_size=batch, errors_path=path.with_suffix(".errors.csv"))
        return await run_import(db, VIEWER, kind=kind, path=path, options=options)
    finally:
        await db.close()


async def _prepare(settings: Settings) -> None:
    db = Database.connect(settings)
    try:
        await db.wait_until_ready()
        await apply_migrations(db)
        await merge_reference_data(db)
    finally:
        await db.close()


async def _counts(settings: Settings) -> tuple[int, int]:
    db = Database.connect(settings)
    try:
        counts = await bulk.count_graph(db)
        return counts.customers, counts.assignments
    finally:
        await db.close()


def main(  # noqa: PLR0913, RUF100 - a typer command: its parameters are its CLI options
    *,
    customers: Annotated[int, typer.Option(help="Customers in the data set.")] = 1_000_000,
    extra: Annotated[int, typer.Option(help="New customers (and updates) afterwards.")] = 200_000,
    seed: Annotated[int, typer.Option()] = 42,
    batch: Annotated[int, typer.Option(help="Rows per transaction.")] = 5_000,
    home: Annotated[Path, typer.Option(help="Neo4j home (jars, instances).")] = Path(
        "/work/main/.neo4j"
    ),
    heap: Annotated[str, typer.Option()] = "4g",
    pagecache: Annotated[str, typer.Option()] = "6g",
) -> None:
    """Import the data set into an empty database, then more into the populated one."""
    settings = bench_settings(home, heap, pagecache)
    server = LocalNeo4j(settings)
    server.stop()
    shutil.rmtree(server.instance / "data", ignore_errors=True)
    folder = server.instance / "import-files"
    started = time.perf_counter()
    taxonomy, customers_file, more = write_files(build_dataset(customers, seed=seed), folder, extra)
    files_seconds = time.perf_counter() - started
    console.print(
        f"files written in {files_seconds:.1f} s ({customers_file.stat().st_size:,} bytes)"
    )
    parsed, parse_seconds = parse_only(customers_file)
    console.print(f"read and checked {parsed:,} rows alone in {parse_seconds:.1f} s")
    try:
        server.start()
        asyncio.run(_prepare(settings))
        tax = asyncio.run(_import(settings, "taxonomy", taxonomy, batch))
        console.print(
            f"taxonomy: {tax.created:,} created in {tax.seconds:.1f} s, refused {tax.refused}"
        )
        first = asyncio.run(_import(settings, "customers", customers_file, batch))
        console.print(f"customers: {first}")
        loaded = asyncio.run(_counts(settings))
        second = asyncio.run(_import(settings, "customers", more, batch))
        console.print(f"populated: {second}")
        again = asyncio.run(_import(settings, "customers", more, batch))
    finally:
        server.stop()
    empty_seconds = tax.seconds + first.seconds
    table = Table(title=f"Import of {customers:,} customers (datagen seed {seed}) from CSV")
    for column in ("phase", "rows", "seconds", "rows/s", "notes"):
        table.add_column(column, justify="left" if column in ("phase", "notes") else "right")
    table.add_row("writing the import files", f"{parsed:,}", f"{files_seconds:.1f}", "",
                  "datagen + CSV; not part of the import")  # fmt: skip
    table.add_row("reading + checking rows alone", f"{parsed:,}", f"{parse_seconds:.1f}",
                  f"{parsed / parse_seconds:,.0f}", "Python side only, no graph")  # fmt: skip
    table.add_row("taxonomy (one transaction)", f"{tax.rows:,}", f"{tax.seconds:.1f}",
                  f"{tax.rows_per_second:,.0f}", f"{tax.created:,} created")  # fmt: skip
    table.add_row("customers + tags, empty database", f"{first.rows:,}", f"{first.seconds:.1f}",
                  f"{first.rows_per_second:,.0f}",
                  f"{first.created:,} created, {first.assignments:,} assignments "
                  f"({first.assignments / first.seconds:,.0f}/s), refused {first.refused}; "
                  f"graph: {loaded[0]:,} customers, {loaded[1]:,} assignments")  # fmt: skip
    table.add_row("empty database total vs neo4j-admin", "", f"{empty_seconds:.1f}",
                  "", f"{empty_seconds / ADMIN_IMPORT_SECONDS:.2f}x of {ADMIN_IMPORT_SECONDS} s "
                  "(target ≤ 2x)")  # fmt: skip
    table.add_row("populated database: new + updates", f"{second.rows:,}", f"{second.seconds:.1f}",
                  f"{second.rows_per_second:,.0f}",
                  f"{second.created:,} created, {second.updated:,} updated "
                  "(target ≥ 50,000 rows/s)")  # fmt: skip
    table.add_row("the same file again", f"{again.rows:,}", f"{again.seconds:.1f}",
                  f"{again.rows_per_second:,.0f}", f"{again.unchanged:,} unchanged")  # fmt: skip
    console.print(table)
    console.print(describe_machine(settings))


if __name__ == "__main__":
    typer.run(main)
