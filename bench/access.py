"""Benchmark: what sign-in and category visibility cost on segments and similarity (1M).

    flock /tmp/taggraph-bench.lock .venv/bin/python -m bench.access

Two `taggraph serve` processes against the bench instance, both with their own index: one
with authentication on, one with it off (loopback only: the baseline without credentials).
The first is called with two API keys: an ADMIN's (every category) and an ANALYST's whose
department may see half of the categories (those of the segment triples' tags among them).
Calls are interleaved, one of each kind in turn: the segment count and first page of 50 of
bench.segments' four triples, and the similar top-20 of sampled customers.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from bench.api_process import ApiProcess, free_port
from bench.http import LeanClient
from bench.load import bench_settings
from bench.machine import describe_machine
from bench.postgres import DEFAULT_TRIPLES
from bench.segments import QUERIES as SEGMENT_QUERIES
from bench.segments import segment_filter
from bench.similarity import QUERIES as SIMILARITY_QUERIES
from graph.database import Database
from graph.migrations import apply_migrations
from graph.principals.directory import (
    create_department,
    create_user,
    grant_category,
    set_membership,
)
from graph.principals.keys import create_api_key
from graph.principals.model import CategoryAccess
from graph.taxonomy.categories import find_tag_categories
from graph.taxonomy.tags import find_tags_by_ids
from graph.viewer import Role, Viewer
from ops.neo4j_server import LocalNeo4j

console = Console()
SIMILAR = SIMILARITY_QUERIES["compact"]
TARGETS = {"count": "p95 ≤ 5 ms", "first_page": "p95 ≤ 5 ms", "similar top-20": "p95 ≤ 30 ms"}
SAMPLE_CUSTOMERS = "MATCH (c:Customer) RETURN c.id AS id ORDER BY c.id SKIP $skip LIMIT 1"


async def _principals(db: Database) -> tuple[str, str, int, int]:
    """An admin key and a restricted analyst key; the visible and all category counts."""
    me = Viewer.full_access("bench")
    categories = sorted(c.id for c in await find_tag_categories(db, me))
    needed = {t.category_id for t in (await find_tags_by_ids(
        db, me, ids=[t.tag for t in DEFAULT_TRIPLES])).values()}  # fmt: skip
    visible = sorted(needed)
    for category in categories:
        if len(visible) >= len(categories) // 2:
            break
        if category not in visible:
            visible.append(category)
    suffix = f"{time.time_ns():x}"
    admin = await create_user(db, me, name=f"bench admin {suffix}", roles=frozenset({Role.ADMIN}))
    analyst = await create_user(
        db, me, name=f"bench analyst {suffix}", roles=frozenset({Role.ANALYST})
    )
    department = await create_department(db, me, name=f"bench half {suffix}")
    for category in visible:
        await grant_category(
            db, me, department_id=department.id, category_id=category, access=CategoryAccess.SEE
        )
    await set_membership(db, me, user_id=analyst.id, department_id=department.id, member=True)
    admin_key = await create_api_key(db, me, user_id=admin.id, name="bench")
    analyst_key = await create_api_key(db, me, user_id=analyst.id, name="bench")
    return admin_key.secret, analyst_key.secret, len(visible), len(categories)


async def _customers(db: Database, count: int) -> list[str]:
    total = (await db.read("MATCH (c:Customer) RETURN count(c) AS n"))[0]["n"]
    rng = random.Random(20261202)
    found = []
    for _ in range(count):
        found.append((await db.read(SAMPLE_CUSTOMERS, skip=rng.randrange(total)))[0]["id"])
    return found


def _post(client: LeanClient, key: str | None) -> Callable[[str, dict[str, Any]], Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}

    def call(query: str, variables: dict[str, Any]) -> Any:
        body = client.post({"query": query, "variables": variables}, headers)
        if body.get("errors"):
            raise RuntimeError(f"GraphQL errors: {body['errors']}")
        return body["data"]

    return call


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def main(
    runs: Annotated[int, typer.Option(help="Rounds over every call.")] = 30,
    customers: Annotated[int, typer.Option(help="Sampled customers for similarity.")] = 20,
    port: Annotated[int, typer.Option(help="First API port to try.")] = 28300,
) -> None:
    """Segments and similarity through the API: no auth, an admin key, a restricted key."""
    settings = bench_settings("4g", "8g")
    neo4j = LocalNeo4j(settings)
    started_neo4j = neo4j.start()
    loop = asyncio.new_event_loop()
    db = Database.connect(settings)
    apis: list[ApiProcess] = []
    try:
        loop.run_until_complete(apply_migrations(db))
        admin, analyst, shown, total = loop.run_until_complete(_principals(db))
        sample = loop.run_until_complete(_customers(db, customers))
        apis.append(ApiProcess(settings, free_port(port), auth=True))
        apis.append(ApiProcess(settings, free_port(apis[0].port + 1), auth=False))
        ready = [api.wait_ready() for api in apis]
        console.print(f"APIs ready after {ready[0]:.0f} / {ready[1]:.0f} s (built side by side)")
        samples, answers = _measure(apis, admin, analyst, sample, runs)
        rss = [api.rss_mib() for api in apis]
    finally:
        for api in apis:
            api.stop()
        loop.run_until_complete(db.close())
        loop.close()
        if started_neo4j:
            neo4j.stop()
    _report(samples, answers, shown, total, runs, len(sample), rss)
    console.print(describe_machine(settings))


Viewers = dict[str, Callable[[str, dict[str, Any]], Any]]


def _measure(
    apis: list[ApiProcess], admin: str, analyst: str, sample: list[str], runs: int
) -> tuple[dict[tuple[str, str], list[float]], dict[str, list[Any]]]:
    samples: dict[tuple[str, str], list[float]] = {}
    answers: dict[str, list[Any]] = {}
    # One kept-alive connection per viewer, as a CRM front end keeps one per user.
    clients = [LeanClient(apis[1].url), LeanClient(apis[0].url), LeanClient(apis[0].url)]
    try:
        viewers: Viewers = {
            "no auth": _post(clients[0], None),
            "admin key": _post(clients[1], admin),
            "restricted key (half the categories)": _post(clients[2], analyst),
        }
        calls: list[tuple[str, str, dict[str, Any]]] = [
            (name, SEGMENT_QUERIES[name], {"f": segment_filter(t)})
            for t in DEFAULT_TRIPLES
            for name in ("count", "first_page")
        ]
        calls += [("similar top-20", SIMILAR, {"id": c}) for c in sample]
        for run in range(runs + 1):  # the first round warms up (restricted views are built)
            for name, query, variables in calls:
                for label, call in viewers.items():
                    started = time.perf_counter()
                    data = call(query, variables)
                    if run:
                        samples.setdefault((label, name), []).append(time.perf_counter() - started)
                    elif name != "similar top-20":
                        answers.setdefault(label, []).append(data)
    finally:
        for client in clients:
            client.close()
    return samples, answers


def _report(
    samples: dict[tuple[str, str], list[float]],
    answers: dict[str, list[Any]],
    shown: int,
    total: int,
    runs: int,
    customers: int,
    rss: list[float],
) -> None:
    table = Table(title=f"Sign-in and visibility on 1M customers ({runs} rounds; 4 triples, "
                  f"{customers} customers; restricted: {shown} of {total} categories)")  # fmt: skip
    for column in ("query", "viewer", "p50 ms", "p95 ms", "target"):
        table.add_column(column, justify="right")
    for (label, name), seconds in samples.items():
        p50, p95 = _ms(seconds)
        table.add_row(name, label, f"{p50:.2f}", f"{p95:.2f}", TARGETS[name])
    console.print(table)
    same = len({repr(a) for a in answers.values()}) == 1
    console.print(f"segment answers identical for the three viewers: {same}; "
                  f"API RSS {rss[0]:,.0f} (auth) / {rss[1]:,.0f} MiB (no auth)")  # fmt: skip


if __name__ == "__main__":
    typer.run(main)
