"""Rules: the compiler's output, validation, event runs, sweeps, priorities, previews."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from graph.admin import snapshot_graph
from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.interactions.model import Interaction, InteractionType
from graph.rules.compiler import candidate_window, compile_rules
from graph.rules.definitions import create_rule, delete_rule, get_rule
from graph.rules.engine import preview_rule, run_rules
from graph.rules.model import (
    ActionKind,
    InteractionAggregate,
    Measure,
    RuleCondition,
    RuleInput,
    RuleTrigger,
)
from graph.segments.model import CustomerFilter
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.model import Tag, TagChanges
from graph.taxonomy.retire import delete_tag, merge_tags
from graph.viewer import Viewer
from services.interactions import record_interactions
from tests.factories import make_category, make_customers, make_tag, unique

NOW = datetime(2026, 6, 1, tzinfo=UTC)
IDLE_30 = InteractionAggregate(Measure.DAYS_SINCE_LAST, min=30)


def marked(tag: Tag, *aggregates: InteractionAggregate) -> RuleCondition:
    """A condition limited to the customers holding the test's own marker tag."""
    return RuleCondition(CustomerFilter(has_tag=tag.id), aggregates)


async def holders(db: Database, tag_id: str) -> dict[str, str | None]:
    rows = await db.read(
        "MATCH (c:Customer)-[r:TAGGED]->(:Tag {id: $t}) RETURN c.id AS id, r.ruleId AS rule",
        t=tag_id,
    )
    return {row["id"]: row["rule"] for row in rows}


def test_the_compiler_keeps_every_value_in_parameters() -> None:
    condition = RuleCondition(
        CustomerFilter(has_tag="tag-secret", employees_gte=500),
        (
            InteractionAggregate(Measure.COUNT, ("PURCHASE",), 365, 3),
            InteractionAggregate(Measure.SUM_AMOUNT, (), 90, 1_000.5, 9_999.0),
            InteractionAggregate(Measure.DAYS_SINCE_LAST, ("VISIT",), None, None, 7),
            IDLE_30,
        ),
    )
    compiled = compile_rules([condition, condition], NOW, by_ids=True)
    for value in ("tag-secret", "500", "PURCHASE", "365", "1000.5", "VISIT"):
        assert value not in compiled.text
    assert {"r0_f0", "r0_f1", "r1_f0", "r0_a0", "r0_a3", "r1_a3", "now"} <= set(compiled.parameters)
    assert compiled.parameters["r0_f0"] == "tag-secret"
    assert compiled.parameters["r0_a0"]["since"] == NOW - timedelta(days=365)
    assert compiled.parameters["r0_a3"]["latest"] == NOW - timedelta(days=30)
    assert "$r1_f1" in compiled.text and "c.lastInteractionAt" in compiled.text
    assert compiled.text.startswith("UNWIND $customerIds")
    assert candidate_window([condition], NOW) == (
        datetime.min.replace(tzinfo=UTC),
        NOW - timedelta(days=30),
    )
    assert candidate_window([condition, RuleCondition(CustomerFilter(has_tag="x"))], NOW) is None


async def test_invalid_rules_are_refused_and_nothing_is_written(
    db: Database, viewer: Viewer
) -> None:
    tag = await make_tag(db)
    old = await make_tag(db)
    await taxonomy.update_tag(db, viewer, tag_id=old.id, changes=TagChanges(status="DEPRECATED"))
    plain = await make_tag(db)
    cases = [
        (RuleInput(unique("r"), marked(plain, IDLE_30), ActionKind.ADD_TAG, "no-such-tag"),
         ErrorCode.NOT_FOUND),
        (RuleInput(unique("r"), RuleCondition(), ActionKind.ADD_TAG, tag.id),
         ErrorCode.EMPTY_CONDITION),
        (RuleInput(unique("r"), RuleCondition(CustomerFilter()), ActionKind.ADD_TAG, tag.id),
         ErrorCode.EMPTY_CONDITION),
        (RuleInput(unique("r"), marked(plain, InteractionAggregate(Measure.COUNT, (), 0, 1)),
                   ActionKind.ADD_TAG, tag.id), ErrorCode.INVALID_WINDOW),
        (RuleInput(unique("r"), marked(plain, IDLE_30), ActionKind.ADD_TAG, old.id),
         ErrorCode.TAG_DEPRECATED),
        (RuleInput(unique("r"), marked(plain, IDLE_30), ActionKind.SET_CATEGORY_TAG, tag.id),
         ErrorCode.INVALID_INPUT),
        (RuleInput(unique("r"), marked(plain, IDLE_30), ActionKind.ADD_TAG, tag.id,
                   trigger=RuleTrigger.EVENT), ErrorCode.INVALID_INPUT),
        (RuleInput("", marked(plain, IDLE_30), ActionKind.ADD_TAG, tag.id),
         ErrorCode.INVALID_INPUT),
    ]  # fmt: skip
    before = await snapshot_graph(db)
    for new, code in cases:
        with pytest.raises(UserInputError) as refused:
            await create_rule(db, viewer, new=new)
        assert code in {e.code for e in refused.value.errors}, new
    assert await snapshot_graph(db) == before


async def test_an_event_rule_tags_before_the_call_returns(db: Database, viewer: Viewer) -> None:
    marker, target = await make_tag(db), await make_tag(db)
    members = await make_customers(db, 3)
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(c.id for c in members)), tag_ids=[marker.id]
    )
    rule = await create_rule(
        db,
        viewer,
        new=RuleInput(
            unique("报名即高意向"),
            marked(marker, InteractionAggregate(Measure.COUNT, ("EVENT_SIGNUP",), 30, 1)),
            ActionKind.ADD_TAG,
            target.id,
            trigger=RuleTrigger.EVENT,
            event_types=("EVENT_SIGNUP",),
        ),
    )
    signup = Interaction(unique("i"), members[0].id, InteractionType.EVENT_SIGNUP, NOW)
    visit = Interaction(unique("i"), members[1].id, InteractionType.VISIT, NOW)
    result = await record_interactions(db, viewer, [signup, visit], now=NOW)
    assert result.tags_added == 1
    assert await holders(db, target.id) == {members[0].id: rule.id}
    rows = await db.read(
        "MATCH (:Customer {id: $c})-[r:TAGGED]->(:Tag {id: $t}) RETURN r.source AS s, r.by AS by",
        c=members[0].id,
        t=target.id,
    )
    assert rows == [{"s": "RULE", "by": "rule:" + rule.id}]


async def test_a_sweep_run_twice_changes_nothing_the_second_time(
    db: Database, viewer: Viewer
) -> None:
    marker, dormant = await make_tag(db), await make_tag(db)
    members = await make_customers(db, 4)
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(c.id for c in members)), tag_ids=[marker.id]
    )
    for member, days in zip(members, (1, 29, 31, 400), strict=True):
        at = NOW - timedelta(days=days)
        await record_interactions(
            db, viewer, [Interaction(unique("i"), member.id, InteractionType.VISIT, at)], now=NOW
        )
    rule = await create_rule(
        db,
        viewer,
        new=RuleInput(unique("沉睡"), marked(marker, IDLE_30), ActionKind.ADD_TAG, dormant.id),
    )
    first = await run_rules(db, now=NOW, rule_ids=[rule.id], batch_size=7)
    second = await run_rules(db, now=NOW, rule_ids=[rule.id], batch_size=7)
    assert (first.added, first.removed) == (2, 0)
    assert (second.added, second.removed) == (0, 0)
    assert set(await holders(db, dormant.id)) == {members[2].id, members[3].id}
    runs = await db.read(
        "MATCH (run:RuleRun)-[:OF_RULE]->(:TagRule {id: $r}) RETURN run.added AS added"
        " ORDER BY run.added DESC",
        r=rule.id,
    )
    assert [row["added"] for row in runs] == [2, 0]


async def test_priority_decides_each_exclusive_slot_once_per_run(
    db: Database, viewer: Viewer
) -> None:
    category = await make_category(db, exclusive=True)
    low, high = await make_tag(db, category=category), await make_tag(db, category=category)
    marker = await make_tag(db)
    members = await make_customers(db, 2)
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(c.id for c in members)), tag_ids=[marker.id]
    )
    await tag_customers(db, viewer, selection=CustomerSelection((members[1].id,)), tag_ids=[low.id])
    rules = []
    for tag, priority in ((low, 5), (high, 9)):
        rules.append(
            await create_rule(
                db,
                viewer,
                new=RuleInput(
                    unique("阶段"),
                    RuleCondition(CustomerFilter(has_tag=marker.id)),
                    ActionKind.SET_CATEGORY_TAG,
                    tag.id,
                    priority=priority,
                ),
            )
        )
    report = await run_rules(db, now=NOW, rule_ids=[r.id for r in rules])
    stats = {s.rule_id: s for s in report.rules}
    assert (stats[rules[1].id].added, stats[rules[1].id].replaced) == (2, 1)
    assert (stats[rules[0].id].added, stats[rules[0].id].overridden) == (0, 2)
    assert set(await holders(db, high.id)) == {m.id for m in members}
    assert await holders(db, low.id) == {}
    again = await run_rules(db, now=NOW, rule_ids=[r.id for r in rules])
    assert (again.added, again.removed) == (0, 0)


async def test_add_and_remove_of_one_tag_never_flip_within_a_run(
    db: Database, viewer: Viewer
) -> None:
    marker, tag = await make_tag(db), await make_tag(db)
    [member] = await make_customers(db)
    await tag_customers(db, viewer, selection=CustomerSelection((member.id,)), tag_ids=[marker.id])
    condition = RuleCondition(CustomerFilter(has_tag=marker.id))
    remove = await create_rule(
        db,
        viewer,
        new=RuleInput(unique("去"), condition, ActionKind.REMOVE_TAG, tag.id, priority=2),
    )
    add = await create_rule(
        db, viewer, new=RuleInput(unique("加"), condition, ActionKind.ADD_TAG, tag.id, priority=1)
    )
    await tag_customers(db, viewer, selection=CustomerSelection((member.id,)), tag_ids=[tag.id])
    report = await run_rules(db, now=NOW, rule_ids=[add.id, remove.id])
    assert (report.added, report.removed) == (0, 1)
    assert await holders(db, tag.id) == {}
    history = await db.read(
        "MATCH (:Customer {id: $c})-[r:WAS_TAGGED]->(:Tag {id: $t})"
        " RETURN r.removedRuleId AS rule, r.removedSource AS source",
        c=member.id,
        t=tag.id,
    )
    assert history == [{"rule": remove.id, "source": "RULE"}]


async def test_preview_counts_and_samples_without_writing(db: Database, viewer: Viewer) -> None:
    category = await make_category(db, exclusive=True)
    before_tag, target = (
        await make_tag(db, category=category),
        await make_tag(db, category=category),
    )
    marker = await make_tag(db)
    members = await make_customers(db, 3)
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(c.id for c in members)), tag_ids=[marker.id]
    )
    await tag_customers(
        db, viewer, selection=CustomerSelection((members[0].id,)), tag_ids=[before_tag.id]
    )
    await tag_customers(
        db, viewer, selection=CustomerSelection((members[2].id,)), tag_ids=[target.id]
    )
    new = RuleInput(
        unique("预览"), RuleCondition(CustomerFilter(has_tag=marker.id)),
        ActionKind.SET_CATEGORY_TAG, target.id,
    )  # fmt: skip
    snapshot = await snapshot_graph(db)
    preview = await preview_rule(db, viewer, rule=new, now=NOW, batch_size=50)
    assert await snapshot_graph(db) == snapshot
    assert (preview.matched, preview.gained, preview.lost) == (3, 2, 1)
    assert set(preview.sample_gained) == {members[0].id, members[1].id}
    assert preview.sample_lost == (members[0].id,)
    stored = await create_rule(db, viewer, new=new)
    assert (await preview_rule(db, viewer, rule=stored.id, now=NOW)).gained == 2
    assert (await get_rule(db, viewer, rule_id=stored.id)).condition == new.condition


async def test_an_interaction_slightly_ahead_of_our_clock_still_triggers(
    db: Database, viewer: Viewer
) -> None:
    marker, target = await make_tag(db), await make_tag(db)
    [member] = await make_customers(db)
    await tag_customers(db, viewer, selection=CustomerSelection((member.id,)), tag_ids=[marker.id])
    await create_rule(
        db,
        viewer,
        new=RuleInput(
            unique("参会"),
            marked(marker, InteractionAggregate(Measure.COUNT, ("EVENT_ATTEND",), 1, 1)),
            ActionKind.ADD_TAG,
            target.id,
            trigger=RuleTrigger.EVENT,
            event_types=("EVENT_ATTEND",),
        ),
    )
    ahead = NOW + timedelta(minutes=5)
    attend = Interaction(unique("i"), member.id, InteractionType.EVENT_ATTEND, ahead)
    await record_interactions(db, viewer, [attend], now=NOW)
    assert set(await holders(db, target.id)) == {member.id}


async def test_a_finer_unmanaged_tag_satisfies_its_stage_but_a_managed_one_does_not(
    db: Database, viewer: Viewer
) -> None:
    category = await make_category(db, exclusive=True)
    lead, intent = await make_tag(db, category=category), await make_tag(db, category=category)
    new_lead, high = await make_tag(db, parent=lead), await make_tag(db, parent=intent)
    marker = await make_tag(db)
    x, y = await make_customers(db, 2)
    await tag_customers(db, viewer, selection=CustomerSelection((x.id, y.id)), tag_ids=[marker.id])
    await tag_customers(db, viewer, selection=CustomerSelection((x.id,)), tag_ids=[new_lead.id])
    await tag_customers(db, viewer, selection=CustomerSelection((y.id,)), tag_ids=[high.id])
    sets = []
    for target, who in ((lead, x), (intent, y), (high, None)):
        condition = RuleCondition(
            CustomerFilter(has_tag=marker.id, name_contains=who.name if who else "没有这个名字")
        )
        new = RuleInput(unique("阶段"), condition, ActionKind.SET_CATEGORY_TAG, target.id)
        sets.append((await create_rule(db, viewer, new=new)).id)
    report = await run_rules(db, now=NOW, rule_ids=sets, customer_ids=[x.id, y.id])
    assert (report.added, report.removed) == (1, 1)
    assert set(await holders(db, new_lead.id)) == {x.id}
    assert set(await holders(db, intent.id)) == {y.id}


async def test_a_tag_a_rule_assigns_cannot_be_deleted_until_the_rule_is(
    db: Database, viewer: Viewer
) -> None:
    marker, target = await make_tag(db), await make_tag(db)
    rule = await create_rule(
        db,
        viewer,
        new=RuleInput(unique("沉睡标记"), marked(marker, IDLE_30), ActionKind.ADD_TAG, target.id),
    )
    before = await snapshot_graph(db)
    with pytest.raises(UserInputError) as refused:
        await delete_tag(db, viewer, tag_id=target.id)
    assert refused.value.errors[0].code is ErrorCode.IN_USE
    assert "rule" in refused.value.errors[0].message
    assert await snapshot_graph(db) == before
    await delete_rule(db, viewer, rule_id=rule.id)
    await delete_tag(db, viewer, tag_id=target.id)


async def test_a_rule_acting_on_a_merged_tag_acts_on_the_target(
    db: Database, viewer: Viewer
) -> None:
    marker, source, target = await make_tag(db), await make_tag(db), await make_tag(db)
    rule = await create_rule(
        db,
        viewer,
        new=RuleInput(unique("沉睡合并"), marked(marker, IDLE_30), ActionKind.ADD_TAG, source.id),
    )
    await merge_tags(db, viewer, source_ids=[source.id], target_id=target.id)
    moved = await get_rule(db, viewer, rule_id=rule.id)
    assert moved.tag_id == target.id
    rows = await db.read(
        "MATCH (:TagRule {id: $r})-[:ASSIGNS]->(t:Tag) RETURN collect(t.id) AS ids", r=rule.id
    )
    assert rows[0]["ids"] == [target.id]


async def test_a_merge_that_would_leave_a_rule_invalid_is_refused(
    db: Database, viewer: Viewer
) -> None:
    marker = await make_tag(db)
    stages = await make_category(db, exclusive=True)
    source = await make_tag(db, category=stages)
    await create_rule(
        db,
        viewer,
        new=RuleInput(
            unique("阶段"), marked(marker, IDLE_30), ActionKind.SET_CATEGORY_TAG, source.id
        ),
    )
    plain = await make_tag(db)  # a category that is not exclusive
    deprecated = await make_tag(db, category=stages)
    await taxonomy.update_tag(
        db, viewer, tag_id=deprecated.id, changes=TagChanges(status="DEPRECATED")
    )
    before = await snapshot_graph(db)
    for target in (plain, deprecated):
        with pytest.raises(UserInputError) as refused:
            await merge_tags(db, viewer, source_ids=[source.id], target_id=target.id)
        assert refused.value.errors[0].code is ErrorCode.IN_USE, target
        assert "阶段" in refused.value.errors[0].message
    assert await snapshot_graph(db) == before
