"""Benchmark: interaction ingestion and the 30-day dormancy sweep on 1,000,000 customers.

    flock /tmp/taggraph-bench.lock .venv/bin/python -m bench.rules

Uses the benchmark instance that `bench.load` fills (started here when it is not running, and
then stopped again). Loads the generated interaction histories of the 1M data set once (bulk
path), then measures:

- ingestion through `record_interactions` (the path of the recordInteractions mutation:
  validation, idempotent MERGE by id, lastInteractionAt, change notices, event rules) in
  batches of 5,000, with one EVENT rule active;
- a retried batch (all ids seen before);
- the 30-day dormancy sweep over all customers ("bought at least once and no interaction for
  30 days"), first run (writes) and second run (must change nothing).

The sweep's rule adds a benchmark tag in a category of its own (基准测试), so the lifecycle tags
other benchmarks rely on stay as generated. Prints a table.
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import timedelta
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from bench.load import bench_settings
from bench.machine import describe_machine
from datagen import REFERENCE_TIME, build_dataset
from graph.changes import record_changes
from graph.database import Database, run
from graph.interactions.model import Interaction, InteractionType
from graph.migrations import apply_migrations
from graph.rules.definitions import create_rule, find_rules
from graph.rules.engine import run_rules
from graph.rules.model import (
    ActionKind,
    InteractionAggregate,
    Measure,
    RuleCondition,
    RuleInput,
    RuleTrigger,
)
from graph.taxonomy import categories
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.model import NewTag, NewTagCategory
from graph.viewer import Viewer
from ops.neo4j_server import LocalNeo4j
from services.demo import load_generated_interactions
from services.interactions import record_interactions

console = Console()
VIEWER = Viewer.full_access("bench")
CATEGORY = "基准测试"
DORMANT_RULE = "rule-bench-dormant-30d"
EVENT_RULE = "rule-bench-event-signup"


async def _bench_tag(db: Database, name: str) -> str:
    rows = await db.read(
        "MATCH (t:Tag {name: $name})-[:IN_CATEGORY]->(:TagCategory {name: $cat}) RETURN t.id AS id",
        name=name,
        cat=CATEGORY,
    )
    if rows:
        return str(rows[0]["id"])
    found = await db.read("MATCH (c:TagCategory {name: $cat}) RETURN c.id AS id", cat=CATEGORY)
    category_id = (
        found[0]["id"]
        if found
        else (
            await categories.create_tag_category(
                db, VIEWER, new=NewTagCategory(name=CATEGORY, description="benchmarks only")
            )
        ).id
    )
    tag = await taxonomy.create_tag(db, VIEWER, new=NewTag(name=name, category_id=category_id))
    return tag.id


async def _reset_dormancy(db: Database) -> None:
    """Forget the previous run's dormancy tag (benchmark data, not history), so that the first
    sweep of every run writes."""
    rows = await db.read(
        "MATCH (c:Customer)-[:TAGGED|WAS_TAGGED]->(:Tag {name: $name})-[:IN_CATEGORY]->"
        "(:TagCategory {name: $cat}) RETURN collect(DISTINCT c.id) AS ids",
        name="基准沉睡客户",
        cat=CATEGORY,
    )
    ids = rows[0]["ids"]

    async def forget(tx: Any) -> None:  # a managed transaction
        await run(
            tx,
            "MATCH (r:TagRule {id: $rule}) OPTIONAL MATCH (t:Tag {name: $name})-[:IN_CATEGORY]->"
            "(:TagCategory {name: $cat}) DETACH DELETE r, t",
            rule=DORMANT_RULE,
            name="基准沉睡客户",
            cat=CATEGORY,
        )
        await record_changes(tx, customer_ids=ids)

    await db.write_transaction(forget)


async def _rules(db: Database) -> None:
    existing = {r.id for r in await find_rules(db, VIEWER, ids=[DORMANT_RULE, EVENT_RULE])}
    bought = InteractionAggregate(Measure.COUNT, ("PURCHASE", "RENEWAL"), None, 1)
    if DORMANT_RULE not in existing:
        await create_rule(
            db,
            VIEWER,
            new=RuleInput(
                "基准：30天未互动的已购客户",
                RuleCondition(
                    aggregates=(InteractionAggregate(Measure.DAYS_SINCE_LAST, min=30), bought)
                ),
                ActionKind.ADD_TAG,
                await _bench_tag(db, "基准沉睡客户"),
            ),
            rule_id=DORMANT_RULE,
        )
    if EVENT_RULE not in existing:
        signup = InteractionAggregate(Measure.COUNT, ("EVENT_SIGNUP",), 30, 1)
        await create_rule(
            db,
            VIEWER,
            new=RuleInput(
                "基准：报名活动",
                RuleCondition(aggregates=(signup,)),
                ActionKind.ADD_TAG,
                await _bench_tag(db, "基准高意向"),
                trigger=RuleTrigger.EVENT,
                event_types=("EVENT_SIGNUP",),
            ),
            rule_id=EVENT_RULE,
        )


async def _run(db: Database, customers: int, ingest: int) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    await apply_migrations(db)
    loaded = (await db.read("MATCH (i:Interaction) RETURN count(i) AS n"))[0]["n"]
    if loaded == 0:
        console.print("Loading the interaction histories of the 1M data set (once) …")
        started = time.perf_counter()
        created = await load_generated_interactions(db, build_dataset(customers, seed=42))
        seconds = time.perf_counter() - started
        rows.append(
            (
                "bulk load of generated histories",
                f"{created / seconds:,.0f} /s",
                f"{created:,} interactions in {seconds:.0f} s, incl. generating them",
            )
        )
    else:
        rows.append(("generated histories", "already loaded", f"{loaded:,} interactions"))
    await _reset_dormancy(db)
    await _rules(db)

    rnd = random.Random(6)
    run_tag = f"{time.time_ns():x}"
    types = list(InteractionType)
    batch: list[Interaction] = []
    batches: list[list[Interaction]] = []
    for n in range(ingest):
        kind = rnd.choice(types)
        batch.append(
            Interaction(
                id=f"bench-{run_tag}-{n}",
                customer_id=f"C{rnd.randint(1, customers):07d}",
                type=kind,
                at=REFERENCE_TIME - timedelta(days=rnd.uniform(200, 400)),
                amount=float(rnd.randint(1_000, 100_000))
                if kind is InteractionType.PURCHASE
                else None,
                channel="bench",
            )
        )
        if len(batch) == 5_000:
            batches.append(batch)
            batch = []
    started = time.perf_counter()
    tagged = 0
    for chunk in batches:
        result = await record_interactions(db, VIEWER, chunk, now=REFERENCE_TIME)
        tagged += result.tags_added
    seconds = time.perf_counter() - started
    total = sum(len(c) for c in batches)
    rows.append(
        (
            "recordInteractions path, batches of 5,000",
            f"{total / seconds:,.0f} /s",
            f"{total:,} new interactions in {seconds:.1f} s; event rule added {tagged:,} tags",
        )
    )
    started = time.perf_counter()
    retry = await record_interactions(db, VIEWER, batches[0], now=REFERENCE_TIME)
    seconds = time.perf_counter() - started
    rows.append(
        (
            "retried batch of 5,000 (all seen before)",
            f"{seconds * 1000:,.0f} ms",
            f"{retry.recorded} recorded, {retry.duplicates:,} duplicates",
        )
    )

    for label in ("first", "second"):
        report = await run_rules(db, now=REFERENCE_TIME, rule_ids=[DORMANT_RULE])
        rows.append(
            (
                f"30-day dormancy sweep, {label} run",
                f"{report.seconds:.1f} s",
                f"{report.customers:,} customers in batches of 10,000; "
                f"{report.rules[0].matched:,} matched, {report.added:,} added",
            )
        )
    return rows


def main(
    customers: Annotated[int, typer.Option(help="Customers in the bench data set.")] = 1_000_000,
    ingest: Annotated[
        int, typer.Option(help="Interactions recorded through the API path.")
    ] = 100_000,
) -> None:
    """Interaction ingestion and the dormancy sweep on the bench instance."""
    settings = bench_settings("4g", "8g")
    server = LocalNeo4j(settings)
    started = server.start()

    async def go() -> list[tuple[str, str, str]]:
        db = Database.connect(settings)
        try:
            await db.wait_until_ready()
            return await _run(db, customers, ingest)
        finally:
            await db.close()

    try:
        rows = asyncio.run(go())
    finally:
        if started:
            server.stop()
    table = Table(title=f"Interactions and rules on {customers:,} customers")
    for column in ("operation", "result", "notes"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(describe_machine(settings))


if __name__ == "__main__":
    typer.run(main)
