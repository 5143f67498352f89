"""The shipped lifecycle rules tag exactly the customers a plain-Python evaluation says, a
second sweep changes nothing, and the transitions are counted per period."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from graph.database import Database
from graph.interactions.model import Interaction, InteractionType
from graph.rules.engine import run_rules
from graph.rules.lifecycle import (
    DEFAULT_RULES,
    count_transitions,
    ensure_lifecycle_tags,
    install_default_rules,
)
from graph.rules.model import Period
from graph.viewer import Viewer
from services.interactions import record_interactions
from tests.factories import make_customers, unique
from tests.rules_reference import Event, aggregate_holds

NOW = datetime(2026, 3, 1, tzinfo=UTC)
TYPES = [t.value for t in InteractionType]


async def remove_lifecycle(db: Database) -> None:
    """Remove the default rules and the 生命周期 category: generated data sets that other modules
    load bring a 生命周期 category of their own."""
    await db.write(
        "MATCH (cat:TagCategory {normalizedName: $name})"
        " OPTIONAL MATCH (t:Tag)-[:IN_CATEGORY]->(cat)"
        " OPTIONAL MATCH (rule:TagRule)-[:ASSIGNS|REMOVES]->(t)"
        " OPTIONAL MATCH (run:RuleRun)-[:OF_RULE]->(rule)"
        " DETACH DELETE run, rule, t, cat",
        name="生命周期",
    )
    assert not await db.read("MATCH (r:TagRule) WHERE r.builtin RETURN r.id")


def expected_stage(events: list[Event], now: datetime) -> str:
    """The stage of the highest-priority default rule whose aggregates all hold."""
    last = max((e.at for e in events), default=None)
    for rule in sorted(DEFAULT_RULES, key=lambda r: (-r.priority, r.id)):
        if all(aggregate_holds(a, events, last, now) for a in rule.aggregates):
            return rule.stage
    raise AssertionError("every customer has a stage")


async def test_default_rules_match_a_plain_python_evaluation(db: Database, viewer: Viewer) -> None:
    await install_default_rules(db, viewer)
    try:
        await check_default_rules(db, viewer)
    finally:
        await remove_lifecycle(db)


async def check_default_rules(db: Database, viewer: Viewer) -> None:
    """Random histories at a fixed clock; then sixty days later."""
    assert await install_default_rules(db, viewer) == []  # idempotent
    category_id, stage_ids = await ensure_lifecycle_tags(db, viewer)
    members = await make_customers(db, 80)
    rnd = random.Random(6)
    histories: dict[str, list[Event]] = {}
    for member in members:
        events = [
            Event(
                rnd.choice(TYPES[:7] if rnd.random() < 0.7 else ["PURCHASE", "RENEWAL"]),
                NOW - timedelta(days=rnd.choice([0.5, 5, 20, 29.9, 31, 60, 89, 95, 170, 200, 400])),
                float(rnd.randint(0, 50_000)),
            )
            for _ in range(rnd.choice([0, 0, 1, 2, 3, 4, 6]))
        ]
        histories[member.id] = events
        if events:
            await record_interactions(
                db,
                viewer,
                [
                    Interaction(unique("i"), member.id, InteractionType(e.type), e.at, e.amount)
                    for e in events
                ],
                now=NOW,
            )
    ids = [m.id for m in members]
    rule_ids = [r.id for r in DEFAULT_RULES]
    first = await run_rules(db, now=NOW, rule_ids=rule_ids, customer_ids=ids, batch_size=30)
    rows = await db.read(
        "UNWIND $ids AS id MATCH (c:Customer {id: id})-[r:TAGGED]->(t:Tag)-[:IN_CATEGORY]->"
        "(:TagCategory {id: $cat}) RETURN id, t.name AS stage, r.ruleId AS rule",
        ids=ids,
        cat=category_id,
    )
    held = {row["id"]: row["stage"] for row in rows}
    assert held == {m.id: expected_stage(histories[m.id], NOW) for m in members}
    assert {row["rule"] for row in rows} <= set(rule_ids)
    assert len(set(held.values())) >= 5  # the sample reaches most stages
    again = await run_rules(db, now=NOW, rule_ids=rule_ids, customer_ids=ids)
    assert (again.added, again.removed) == (0, 0)
    assert first.customers == 80

    # Sixty days later the buyers who did nothing are dormant or worse: the moves are reported.
    later = NOW + timedelta(days=60)
    moved = await run_rules(db, now=later, rule_ids=rule_ids, customer_ids=ids)
    expected_later = {m.id: expected_stage(histories[m.id], later) for m in members}
    changed = sum(1 for m in members if expected_later[m.id] != held[m.id])
    assert moved.added == changed
    report = await count_transitions(
        db,
        viewer,
        start=later - timedelta(days=1),
        end=later + timedelta(days=1),
        period=Period.DAY,
        category_id=category_id,
    )
    assert sum(t.count for t in report) >= changed
    to_dormant = sum(
        1 for m in members if expected_later[m.id] == "沉睡客户" and held[m.id] != "沉睡客户"
    )
    counted = sum(t.count for t in report if t.to_tag_id == stage_ids["沉睡客户"] and t.from_tag_id)
    assert counted >= to_dormant
