"""Baseline for the segment benchmark: PostgreSQL 15 with a GIN-indexed `int[]` closure column.

    flock /tmp/taggraph-bench.lock .venv/bin/python -m bench.postgres [--verify] [--keep]

A private cluster in `.postgres/` (127.0.0.1, first free port from 25432; as root the server
runs as `postgres`) holds the datagen data set that `bench.load` puts into the Neo4j bench
instance; `nodes` is each customer's tags, industry and region with all their ancestors.
Reloads only when the data fingerprint changes. Needs `pip install -e '.[bench]'`.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import psycopg  # type: ignore[import-not-found, unused-ignore]  # the `bench` extra
import typer
from rich.console import Console
from rich.table import Table

import datagen
from bench.load import bench_settings
from bench.postgres_rows import fingerprint, row_builder, tree_nodes
from graph.database import Database
from ops.neo4j_server import LocalNeo4j
from settings import Settings

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parent.parent / ".postgres"
APT_HINT = "apt-get install postgresql-15 postgresql-contrib-15"
SETTINGS = {"listen_addresses": "127.0.0.1", "shared_buffers": "2GB", "work_mem": "64MB",
            "effective_cache_size": "8GB", "maintenance_work_mem": "1GB", "max_wal_size": "4GB",
            "wal_level": "minimal", "max_wal_senders": "0", "synchronous_commit": "off",
            "jit": "off"}  # fmt: skip
CONNECT: dict[str, Any] = {"host": "127.0.0.1", "user": "taggraph", "dbname": "postgres",
                           "autocommit": True, "prepare_threshold": None}  # fmt: skip
META = "CREATE TABLE IF NOT EXISTS meta (fingerprint text, customers int, assignments bigint,"
META += " seconds float8)"
SCHEMA = (
    "DROP TABLE IF EXISTS customers, nodes",
    "DELETE FROM meta",
    "CREATE EXTENSION IF NOT EXISTS intarray",
    "CREATE TABLE nodes (id int PRIMARY KEY, kind text NOT NULL, key text NOT NULL,"
    " parent int, UNIQUE (kind, key))",
    "CREATE TABLE customers (id text PRIMARY KEY, employees int, annual_revenue numeric,"
    " industry int, region int, region_area int, nodes int[] NOT NULL)",
)
INDEXES = (
    "CREATE INDEX customers_nodes ON customers USING gin (nodes gin__int_ops)",
    "CREATE INDEX customers_employees ON customers (employees)",
)
_WHERE = " FROM customers WHERE nodes @> %(nodes)s::int4[] AND employees >= %(min)s"
COUNT_SQL = "SELECT count(*)" + _WHERE
PAGE_SQL = "SELECT id" + _WHERE + " ORDER BY id LIMIT %(limit)s"
FACET_SQL = (
    "SELECT n.key, count(*) AS customers FROM customers c JOIN nodes n ON n.id = c.region_area"
    " WHERE c.nodes @> %(nodes)s::int4[] AND c.employees >= %(min)s"
    " GROUP BY n.key ORDER BY customers DESC, n.key"
)
console = Console()


class Triple(NamedTuple):
    """A 3-way segment: tag id, industry code and region code (each with its subtree)."""

    tag: str
    industry: str
    region: str


# From the seed-42 1M data set: share of customers holding the tag or a descendant, and the
# count of the segment with employees >= 500.
DEFAULT_TRIPLES = (
    Triple("tag-0025", "C", "CN-SOUTH"),  # 微信 41% · 制造业 · 华南: 13,477
    Triple("tag-0148", "39", "CN-GD"),  # 高意向 4.1% · 电子设备制造 · 广东: 346
    Triple("tag-0689", "C", "CN-SOUTH"),  # 公海池管理 0.07% · 制造业 · 华南: 35
    Triple("tag-0025", "C", "CN"),  # 微信 · 制造业 · 中国, all seven areas: 16,127
)


@dataclass(frozen=True)
class Timing:
    """Latency of one query over all sample triples and runs, in milliseconds."""

    p50_ms: float
    p95_ms: float
    samples: int


@dataclass(frozen=True)
class LoadInfo:
    """What the cluster holds and how long loading took (`cached`: nothing was loaded now)."""

    customers: int
    assignments: int
    seconds: float
    cached: bool


Answer = tuple[int, list[str], list[tuple[str, int]]]  # count, first page, area facets


class PostgresBench:
    """A private PostgreSQL 15 cluster holding the customers with their closure column."""

    def __init__(self, root: Path = ROOT, port: int = 25432, *, keep: bool = False) -> None:
        self.root, self.port, self.keep = root, port, keep
        self.data, self.run = root / "data", root / "run"
        self._conn: psycopg.Connection[Any] | None = None
        self._ids: dict[tuple[str, str], int] = {}

    def _pg(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(PG_BIN / tool), *args]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    def start(self) -> None:
        """Create the cluster if needed, start it (or reuse a running one) and connect."""
        if not (PG_BIN / "postgres").exists():
            sys.exit(f"PostgreSQL 15 is not installed in {PG_BIN}; run: {APT_HINT}")
        if not (self.data / "PG_VERSION").exists():
            self._create_cluster()
        self._start_server()
        self._connect()
        query = "SELECT 1 FROM pg_available_extensions WHERE name = %s"
        if self.conn.execute(query, ("intarray",)).fetchone() is None:
            sys.exit(f"The intarray extension is missing; run: {APT_HINT}")

    def _create_cluster(self) -> None:
        """initdb the data folder and append SETTINGS to its postgresql.conf."""
        self.run.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres:postgres", str(self.root)], check=True)
        options = ["-U", "taggraph", "--auth=trust", "-E", "UTF8", "--locale=C"]
        done = self._pg("initdb", "-D", str(self.data), *options)
        if done.returncode != 0:
            sys.exit("initdb failed:\n" + done.stderr)
        with (self.data / "postgresql.conf").open("a") as conf:
            settings = SETTINGS | {"unix_socket_directories": str(self.run)}
            conf.writelines(f"{key} = '{value}'\n" for key, value in settings.items())

    def _start_server(self) -> None:
        """Reuse the running server (taking its port) or start one on the first free port."""
        if self._pg("pg_ctl", "status", "-D", str(self.data)).returncode == 0:
            self.port = int((self.data / "postmaster.pid").read_text().splitlines()[3])
            return
        while _in_use(self.port):
            self.port += 1
        log = str(self.root / "server.log")
        options = ["-w", "-t", "120", "-D", str(self.data), "-l", log, "-o", f"-p {self.port}"]
        done = self._pg("pg_ctl", "start", *options)
        if done.returncode != 0:
            sys.exit("pg_ctl start failed:\n" + done.stdout + done.stderr)

    def _connect(self) -> None:
        """Connect, retrying for up to 60 seconds while the server comes up."""
        deadline = time.monotonic() + 60
        while self._conn is None:
            try:
                self._conn = psycopg.connect(port=self.port, **CONNECT)
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    @property
    def conn(self) -> psycopg.Connection[Any]:
        """The open connection (after `start`)."""
        if self._conn is None:
            raise RuntimeError("call start() first")
        return self._conn

    def stop(self) -> None:
        """Close the connection and stop the server, unless created with keep=True."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if not self.keep:
            self._pg("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def ensure_loaded(
        self, customers: int = 1_000_000, seed: int = 42, *, force: bool = False
    ) -> LoadInfo:
        """Load the datagen data set unless the cluster already holds it (same fingerprint)."""
        wanted, self._ids = fingerprint(customers, seed), {}
        self.conn.execute(META)
        query = "SELECT customers, assignments, seconds FROM meta WHERE fingerprint = %s"
        row = self.conn.execute(query, (wanted,)).fetchone()
        if row is not None and not force:
            return LoadInfo(row[0], row[1], row[2], cached=True)
        started = time.perf_counter()
        dataset = datagen.build_dataset(customers, seed=seed)
        nodes = tree_nodes(dataset)
        build_row = row_builder(nodes)
        assignments = 0
        with self.conn.transaction():
            for statement in SCHEMA:
                self.conn.execute(statement)
            with self.conn.cursor().copy("COPY nodes FROM STDIN") as copy:
                for node in nodes:
                    copy.write_row(node)
            with self.conn.cursor().copy("COPY customers FROM STDIN") as copy:
                for batch in dataset.customers(batch_size=10_000):
                    for c in batch:
                        assignments += len(c.tag_ids)
                        copy.write_row(build_row(c))
            for statement in INDEXES:
                self.conn.execute(statement)
        self.conn.execute("VACUUM (ANALYZE) customers, nodes")
        seconds = time.perf_counter() - started
        self.conn.execute("INSERT INTO meta VALUES (%s, %s, %s, %s)",
                          (wanted, customers, assignments, seconds))  # fmt: skip
        return LoadInfo(customers, assignments, seconds, cached=False)

    def node_id(self, kind: str, key: str) -> int:
        """The int id of a tree node: kind TAG (tag id), INDUSTRY or REGION (code)."""
        if not self._ids:
            rows = self.conn.execute("SELECT kind, key, id FROM nodes").fetchall()
            self._ids = {(kind_, key_): id_ for kind_, key_, id_ in rows}
        return self._ids[kind, key]

    def _params(self, tag: str, industry: str, region: str, employees_gte: int) -> dict[str, Any]:
        keys = (("TAG", tag), ("INDUSTRY", industry), ("REGION", region))
        return {"nodes": [self.node_id(*key) for key in keys], "min": employees_gte}

    def count(self, tag: str, industry: str, region: str, employees_gte: int = 500) -> int:
        """Customers in the tag, industry and region subtrees with employees >= employees_gte."""
        cursor = self.conn.execute(COUNT_SQL, self._params(tag, industry, region, employees_gte))
        return int(cursor.fetchone()[0])  # type: ignore[index, unused-ignore]

    def first_page(
        self, tag: str, industry: str, region: str, employees_gte: int = 500, limit: int = 50
    ) -> list[str]:
        """Ids of the first `limit` customers of the segment, ordered by id."""
        params = self._params(tag, industry, region, employees_gte) | {"limit": limit}
        return [row[0] for row in self.conn.execute(PAGE_SQL, params)]

    def area_facets(
        self, tag: str, industry: str, region: str, employees_gte: int = 500
    ) -> list[tuple[str, int]]:
        """(area code, customers) of the segment, largest first, empty areas left out."""
        params = self._params(tag, industry, region, employees_gte)
        return [(row[0], int(row[1])) for row in self.conn.execute(FACET_SQL, params)]

    def answer(self, triple: Triple, employees_gte: int = 500) -> Answer:
        """Count, first page of 50 and area facets of one triple."""
        return (
            self.count(*triple, employees_gte=employees_gte),
            self.first_page(*triple, employees_gte=employees_gte),
            self.area_facets(*triple, employees_gte=employees_gte),
        )

    def timings(
        self, triples: Sequence[Triple], n_runs: int = 50, employees_gte: int = 500
    ) -> dict[str, Timing]:
        """p50/p95 ms of count, first_page and area_facets over the triples (one warm-up run)."""
        queries: dict[str, Callable[..., object]] = {
            "count": self.count, "first_page": self.first_page, "area_facets": self.area_facets
        }  # fmt: skip
        result = {}
        for name, query in queries.items():
            samples = []
            for run in range(n_runs + 1):
                for triple in triples:
                    started = time.perf_counter()
                    query(*triple, employees_gte=employees_gte)
                    if run:  # run 0 warms up
                        samples.append((time.perf_counter() - started) * 1000)
            ordered = sorted(samples)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            result[name] = Timing(statistics.median(ordered), p95, len(ordered))
        return result


NEO4J_QUERY = """
MATCH (:Tag {id: $tag})<-[:CHILD_OF*0..]-(:Tag)<-[:TAGGED]-(c:Customer)
WHERE c.employees >= $min
  AND EXISTS { (c)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF*0..]->(:Industry {code: $industry}) }
  AND EXISTS { (c)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(:Region {code: $region}) }
WITH DISTINCT c
OPTIONAL MATCH (c)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(a:Region {level: 'AREA'})
RETURN c.id AS id, a.code AS area"""


def neo4j_answers(triples: Sequence[Triple], employees_gte: int = 500) -> list[Answer]:
    """Count, first 50 ids and area facets per triple from the Neo4j bench instance."""
    settings = bench_settings("4g", "8g")
    server = LocalNeo4j(settings)
    started = server.start()
    try:
        return asyncio.run(_neo4j_answers(settings, triples, employees_gte))
    finally:
        if started:
            server.stop()


async def _neo4j_answers(
    settings: Settings, triples: Sequence[Triple], employees_gte: int
) -> list[Answer]:
    answers: list[Answer] = []
    db = Database.connect(settings)
    try:
        for t in triples:
            rows = await db.read(NEO4J_QUERY, min=employees_gte, **t._asdict())
            facets = Counter(row["area"] for row in rows if row["area"] is not None)
            ordered = sorted(facets.items(), key=lambda kv: (-kv[1], kv[0]))
            answers.append((len(rows), sorted(row["id"] for row in rows)[:50], ordered))
    finally:
        await db.close()
    return answers


def _in_use(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def main(
    *,
    customers: Annotated[int, typer.Option(help="Customers in the data set.")] = 1_000_000,
    seed: Annotated[int, typer.Option()] = 42,
    runs: Annotated[int, typer.Option(help="Runs over the sample triples.")] = 50,
    employees: Annotated[int, typer.Option(help="employees >= this.")] = 500,
    verify: Annotated[bool, typer.Option(help="Compare with the Neo4j bench instance.")] = False,
    keep: Annotated[bool, typer.Option(help="Leave the PostgreSQL server running.")] = False,
    reload: Annotated[bool, typer.Option(help="Load even when already loaded.")] = False,
) -> None:
    """Load (if needed) and time the 3-way segment queries on PostgreSQL 15 + intarray."""
    pg = PostgresBench(keep=keep)
    pg.start()
    try:
        info = pg.ensure_loaded(customers, seed, force=reload)
        answers = [pg.answer(t, employees) for t in DEFAULT_TRIPLES]
        timings = pg.timings(DEFAULT_TRIPLES, runs, employees)
    finally:
        pg.stop()
    graph = neo4j_answers(DEFAULT_TRIPLES, employees) if verify else None
    console.print(f"{info.customers:,} customers, {info.assignments:,} tag assignments; loaded "
                  f"in {info.seconds:.1f} s{' (earlier)' if info.cached else ''}")  # fmt: skip
    table = Table(title=f"PostgreSQL 15 + intarray, employees ≥ {employees}")
    for column in ("tag", "industry", "region", "count", "first id", "area facets", "Neo4j"):
        table.add_column(column)
    for i, (t, (total, page, facets)) in enumerate(zip(DEFAULT_TRIPLES, answers, strict=True)):
        areas = ", ".join(f"{key} {n:,}" for key, n in facets)
        same = "" if graph is None else "same" if graph[i] == answers[i] else "DIFFERENT"
        table.add_row(*t, f"{total:,}", page[0] if page else "—", areas, same)
    timing = Table(title=f"Latency over {len(DEFAULT_TRIPLES)} triples × {runs} runs")
    for column in ("query", "p50 ms", "p95 ms", "samples"):
        timing.add_column(column, justify="right")
    for name, tm in timings.items():
        timing.add_row(name, f"{tm.p50_ms:.2f}", f"{tm.p95_ms:.2f}", str(tm.samples))
    console.print(table, timing)
    if graph is not None and graph != answers:
        raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
