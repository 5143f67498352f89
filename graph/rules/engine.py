"""Running rules: sweeps over all (or some) customers in batches, event runs right after
interactions are recorded, and previews that write nothing.

In one run every rule's condition is evaluated on the state at the start of each batch; per
customer and slot (an exclusive category, or a tag) only the highest-priority matching rule
acts (ties by rule id), so a run never flips a tag back and forth and the outcome does not depend
on the order of anything but priorities. Rules whose conditions do not read the tags they set
reach a fixed point: running a sweep again changes nothing. Those decisions need no database
and live in `graph.rules.decisions`; this module reads the graph, and writes and records.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph import locks
from graph.changes import record_changes
from graph.cypher import Queries
from graph.database import Database, run
from graph.rules.compiler import candidate_window, compile_rules
from graph.rules.decisions import (
    Plan,
    PreviewTally,
    accumulate,
    adding_tag_ids,
    blocked_rule_ids,
    by_priority,
    decide,
    make_plan,
    plan_parameters,
)
from graph.rules.definitions import find_rules, get_rule, validate_rule
from graph.rules.model import (
    Change,
    Preview,
    RuleInput,
    RuleRun,
    RuleStats,
    RunReport,
    TagRule,
)
from graph.tagging.service import find_tags_for_assignment
from graph.viewer import Viewer

query = Queries("rules")
# Rules act on every category, whoever defined them.
_ENGINE = Viewer.full_access("rules")
DEFAULT_BATCH_SIZE = 10_000
MAX_SAMPLE = 100


async def run_rules(
    db: Database,
    *,
    now: datetime | None = None,
    rule_ids: list[str] | None = None,
    customer_ids: list[str] | None = None,
    trigger: str = "SCHEDULE",
    batch_size: int = DEFAULT_BATCH_SIZE,
    viewer: Viewer | None = None,
) -> RunReport:
    """Sweep the enabled rules (or those of `rule_ids`) over every customer (or `customer_ids`)
    in batches, one transaction each; the run is recorded as RuleRuns. With a `viewer` (an
    API caller), only the rules it may see run (those it may not are as if unknown)."""
    rules = [r for r in await find_rules(db, viewer or _ENGINE, ids=rule_ids) if r.enabled]
    report = await _run(db, rules, now or datetime.now(UTC), customer_ids, trigger, batch_size)
    await _record(db, report, only_changes=False)
    return report


async def run_event_rules(
    db: Database, *, events: Mapping[str, Iterable[str]], now: datetime
) -> RunReport:
    """Run the enabled EVENT rules for the customers who had interactions of their types
    (`events`: customer id → interaction types), together with every enabled rule competing for
    the same slots (so priorities decide as in a sweep)."""
    by_customer = {customer_id: set(types) for customer_id, types in events.items()}
    types = set().union(*by_customer.values())
    enabled = [r for r in await find_rules(db, _ENGINE) if r.enabled]
    fired = [r for r in enabled if r.trigger.value == "EVENT" and types & set(r.event_types)]
    trigger_types = {t for r in fired for t in r.event_types}
    triggered = {r.slot for r in fired}
    rules = [r for r in enabled if r.slot in triggered]
    customer_ids = sorted(c for c, had in by_customer.items() if had & trigger_types)
    report = await _run(db, rules, now, customer_ids, "EVENT", DEFAULT_BATCH_SIZE)
    await _record(db, report, only_changes=True)
    return report


async def preview_rule(
    db: Database,
    viewer: Viewer,
    *,
    rule: RuleInput | str,
    now: datetime | None = None,
    sample: int = 20,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Preview:
    """How many customers would gain or lose the tag if the rule ran alone now, with samples;
    writes nothing. `rule` is a stored rule's id or a definition (validated like a new rule)."""
    if isinstance(rule, str):
        stored = await get_rule(db, viewer, rule_id=rule)
    else:
        await validate_rule(db, viewer, new=rule)
        stored = await _transient(db, rule)
    plan = await _plan(db, [stored], now or datetime.now(UTC), by_ids=False)
    tally = PreviewTally(sample=max(0, min(sample, MAX_SAMPLE)))
    after = ""
    while True:
        [result] = await db.read(
            plan.compiled.text,  # type: ignore[arg-type,unused-ignore]  # composed from constants
            **plan_parameters(plan),
            afterId=after,
            batchSize=batch_size,
        )
        tally.evaluated += int(result["evaluated"])
        for row in sorted(result["hits"], key=lambda hit: str(hit["id"])):
            tally.add(decide(plan, row["id"], row["matched"], row["held"], {}))
        if int(result["evaluated"]) < batch_size or result["lastId"] is None:
            break
        after = result["lastId"]
    return tally.preview()


async def find_rule_runs(
    db: Database, viewer: Viewer, *, rule_ids: list[str], limit: int = 20
) -> dict[str, list[RuleRun]]:
    """The latest runs of each rule, newest first (none for a rule the viewer cannot see)."""
    rows = await db.read(
        query("find_rule_runs"),
        ruleIds=rule_ids,
        limit=limit,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    found: dict[str, list[RuleRun]] = {rule_id: [] for rule_id in rule_ids}
    for row in rows:
        run_ = row["run"]
        stats = RuleStats(
            row["ruleId"],
            **{key: int(run_.get(key) or 0) for key in _COUNTS},
        )
        found[row["ruleId"]].append(RuleRun(run_["at"], run_["trigger"], stats))
    return found


_COUNTS = ("evaluated", "matched", "added", "removed", "replaced", "overridden")


async def _run(
    db: Database,
    rules: list[TagRule],
    now: datetime,
    customer_ids: list[str] | None,
    trigger: str,
    batch_size: int,
) -> RunReport:
    started = time.perf_counter()
    run_id = "run-" + uuid.uuid4().hex[:12]
    totals = {rule.id: RuleStats(rule.id) for rule in rules}
    customers = 0
    window = candidate_window([r.condition for r in rules], now) if customer_ids is None else None
    if window is not None:
        rows = await db.read(query("find_candidates"), **{"from": window[0], "to": window[1]})
        customer_ids = list(rows[0]["ids"])
    if rules and customer_ids != []:
        plan = await _plan(db, rules, now, by_ids=customer_ids is not None)
        if customer_ids is not None:
            ids = sorted(set(customer_ids))
            for start in range(0, len(ids), batch_size):
                chunk = {"customerIds": ids[start : start + batch_size]}
                count, _, stats = await db.write_transaction(_batch, plan, chunk, now)
                customers += count
                accumulate(totals, stats)
        else:
            after = ""
            while True:
                page = {"afterId": after, "batchSize": batch_size}
                count, last, stats = await db.write_transaction(_batch, plan, page, now)
                customers += count
                accumulate(totals, stats)
                if count < batch_size or last is None:
                    break
                after = last
    return RunReport(
        run_id=run_id,
        at=now,
        trigger=trigger,
        customers=customers,
        seconds=time.perf_counter() - started,
        rules=tuple(totals.values()),
    )


async def _batch(
    tx: AsyncManagedTransaction, plan: Plan, scope: dict[str, Any], now: datetime
) -> tuple[int, str | None, dict[str, RuleStats]]:
    # Lock the rules' tags (as tagging does) so a merge, delete or deprecation of one of them
    # runs wholly before or after this batch, then drop the rules whose tag may not be assigned.
    tag_ids = sorted({rule.tag_id for rule in plan.rules})
    await locks.lock_tags(tx, tag_ids=tag_ids)
    statuses = await find_tags_for_assignment(tx, _ENGINE, tag_ids)
    active = {row["id"] for row in statuses if row["status"] == "ACTIVE"}
    live = {row["id"] for row in statuses}
    blocked = blocked_rule_ids(plan.rules, live, active)
    [result] = await run(tx, plan.compiled.text, **plan_parameters(plan), **scope)  # type: ignore[arg-type,unused-ignore]
    evaluated = int(result["evaluated"])
    rows = sorted(result["hits"], key=lambda hit: str(hit["id"]))
    stats = {rule.id: RuleStats(rule.id, evaluated=evaluated) for rule in plan.rules}
    changes: list[Change] = []
    for row in rows:
        changes += decide(plan, row["id"], row["matched"], row["held"], stats, blocked)
    adds = [c for c in changes if not c.remove]
    removes = [c for c in changes if c.remove]
    exclusive = sorted({c.customer_id for c in adds if c.rule.exclusive})
    if exclusive:
        await locks.lock_customers(tx, customer_ids=exclusive)
    if removes:
        await run(
            tx,
            query("remove_assignments"),
            rows=[
                {"customerId": c.customer_id, "tagId": c.rule.tag_id, "ruleId": c.rule.id}
                for c in removes
            ],
            now=now,
        )
    if adds:
        await run(
            tx,
            query("add_assignments"),
            rows=[
                {
                    "customerId": c.customer_id,
                    "tagId": c.rule.tag_id,
                    "ruleId": c.rule.id,
                    "categoryId": c.rule.category_id,
                    "exclusive": c.rule.exclusive,
                }
                for c in adds
            ],
            now=now,
        )
    await record_changes(tx, customer_ids=sorted({c.customer_id for c in changes}))
    return evaluated, result["lastId"], stats


async def _plan(db: Database, rules: list[TagRule], now: datetime, *, by_ids: bool) -> Plan:
    ordered = by_priority(rules)
    compiled = compile_rules([r.condition for r in ordered], now, by_ids=by_ids)
    rows = await db.read(query("find_tag_subtrees"), ids=adding_tag_ids(ordered))
    return make_plan(ordered, compiled, ((row["id"], row["subtree"]) for row in rows))


async def _transient(db: Database, new: RuleInput) -> TagRule:
    rows = await find_tags_for_assignment(db, _ENGINE, [new.tag_id])
    tag = rows[0]
    return TagRule(
        id="preview",
        name=new.name,
        description=new.description,
        priority=new.priority,
        enabled=True,
        trigger=new.trigger,
        event_types=new.event_types,
        condition=new.condition,
        condition_text="",
        action=new.action,
        tag_id=new.tag_id,
        category_id=tag["categoryId"],
        exclusive=bool(tag["exclusive"]),
        tag_status=tag["status"],
        builtin=False,
        created_at=None,
        updated_at=None,
    )


async def _record(db: Database, report: RunReport, *, only_changes: bool) -> None:
    rows = [
        {
            "ruleId": s.rule_id,
            "evaluated": s.evaluated,
            "matched": s.matched,
            "added": s.added,
            "removed": s.removed,
            "replaced": s.replaced,
            "overridden": s.overridden,
        }
        for s in report.rules
        if not only_changes or s.added or s.removed
    ]
    if rows:
        await db.write(
            query("record_rule_runs"),
            runId=report.run_id,
            at=report.at,
            trigger=report.trigger,
            seconds=round(report.seconds, 3),
            rows=rows,
        )
