"""What a run of rules decides, without the graph: one rule per slot and customer, by priority;
finer tags satisfying their stage; blocked rules; figures; preview tallies."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from graph.rules.compiler import CompiledRules
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
from graph.rules.model import (
    ActionKind,
    Change,
    Preview,
    RuleCondition,
    RuleStats,
    RuleTrigger,
    TagRule,
)

NO_QUERY = CompiledRules("", {"now": "t"})


def rule(
    rule_id: str,
    tag_id: str,
    action: ActionKind = ActionKind.ADD_TAG,
    *,
    priority: int = 0,
    category_id: str = "cat-plain",
    exclusive: bool = False,
) -> TagRule:
    return TagRule(
        id=rule_id,
        name=rule_id,
        description=None,
        priority=priority,
        enabled=True,
        trigger=RuleTrigger.SCHEDULE,
        event_types=(),
        condition=RuleCondition(),
        condition_text="",
        action=action,
        tag_id=tag_id,
        category_id=category_id,
        exclusive=exclusive,
        tag_status="ACTIVE",
        builtin=False,
        created_at=None,
        updated_at=None,
    )


def stage(rule_id: str, tag_id: str, priority: int = 0) -> TagRule:
    return rule(
        rule_id,
        tag_id,
        ActionKind.SET_CATEGORY_TAG,
        priority=priority,
        category_id="cat-stage",
        exclusive=True,
    )


def plan_of(rules: list[TagRule], subtrees: dict[str, list[str]] | None = None) -> Plan:
    ordered = by_priority(rules)
    tags = adding_tag_ids(ordered)
    return make_plan(ordered, NO_QUERY, ((t, (subtrees or {}).get(t, [t])) for t in tags))


def everything(plan: Plan) -> list[int]:
    return list(range(len(plan.rules)))


def stats_of(plan: Plan) -> dict[str, RuleStats]:
    return {r.id: RuleStats(r.id) for r in plan.rules}


def test_rules_decide_by_priority_then_id() -> None:
    rules = [rule("r-low", "t"), rule("r-high", "t", priority=5)]
    rules += [rule("r-b", "t", priority=1), rule("r-a", "t", priority=1)]
    assert [r.id for r in by_priority(rules)] == ["r-high", "r-a", "r-b", "r-low"]


def test_the_highest_priority_rule_of_an_exclusive_category_sets_its_tag_alone() -> None:
    plan = plan_of([stage("r-lead", "lead", 1), stage("r-intent", "intent", 9)])
    stats = stats_of(plan)
    [change] = decide(plan, "c1", everything(plan), [["lead", "cat-stage"]], stats)
    assert (change.rule.id, change.remove, change.replaces) == ("r-intent", False, True)
    assert stats["r-intent"] == RuleStats("r-intent", matched=1, added=1, replaced=1)
    assert stats["r-lead"] == RuleStats("r-lead", matched=1, overridden=1)


def test_add_and_remove_of_one_tag_never_both_act() -> None:
    plan = plan_of(
        [rule("r-add", "vip", priority=1), rule("r-remove", "vip", ActionKind.REMOVE_TAG)]
    )
    stats = stats_of(plan)
    assert [c.rule.id for c in decide(plan, "c1", everything(plan), [], stats)] == ["r-add"]
    assert decide(plan, "c2", everything(plan), [["vip", "cat-plain"]], stats) == []
    assert stats["r-remove"].overridden == 2 and stats["r-remove"].removed == 0


def test_rules_of_different_slots_act_side_by_side() -> None:
    plan = plan_of(
        [rule("r-vip", "vip"), stage("r-lead", "lead"), rule("r-x", "x", ActionKind.REMOVE_TAG)]
    )
    changes = decide(plan, "c1", everything(plan), [["x", "cat-plain"]], {})
    assert {(c.rule.id, c.remove) for c in changes} == {
        ("r-vip", False), ("r-lead", False), ("r-x", True)
    }  # fmt: skip


def test_an_unmanaged_finer_tag_satisfies_its_stage_but_a_managed_one_does_not() -> None:
    # 潜在客户 › 新线索 (no rule sets 新线索), 意向客户 › 高意向 (a rule sets 高意向).
    rules = [stage("r-lead", "lead"), stage("r-intent", "intent"), stage("r-high", "high")]
    plan = plan_of(rules, {"lead": ["lead", "new-lead"], "intent": ["intent", "high"]})
    assert plan.nearest == {"lead": "lead", "new-lead": "lead", "intent": "intent", "high": "high"}
    lead, intent = plan.rules.index(rules[0]), plan.rules.index(rules[1])
    assert decide(plan, "x", [lead], [["new-lead", "cat-stage"]], {}) == []
    [change] = decide(plan, "y", [intent], [["high", "cat-stage"]], {})
    assert (change.rule.id, change.replaces) == ("r-intent", True)


def test_a_held_descendant_satisfies_an_add_tag_rule() -> None:
    plan = plan_of([rule("r-vip", "vip")], {"vip": ["vip", "diamond-vip"]})
    assert plan.satisfies == {"vip": {"vip"}, "diamond-vip": {"vip"}}
    assert decide(plan, "c1", [0], [["diamond-vip", "cat-plain"]], {}) == []
    assert len(decide(plan, "c2", [0], [], {})) == 1


def test_a_blocked_rule_keeps_its_slot_and_changes_nothing() -> None:
    plan = plan_of([stage("r-retired", "gone", 9), stage("r-lead", "lead", 1)])
    blocked = blocked_rule_ids(plan.rules, live={"lead"}, active={"lead"})
    assert blocked == {"r-retired"}
    stats = stats_of(plan)
    assert decide(plan, "c1", everything(plan), [], stats, blocked) == []
    assert stats["r-lead"].overridden == 1


def test_a_remove_rule_may_act_on_a_deprecated_tag_an_add_rule_may_not() -> None:
    remove, add = rule("r-remove", "old", ActionKind.REMOVE_TAG), rule("r-add", "old2")
    assert blocked_rule_ids([remove, add], live={"old", "old2"}, active=set()) == {"r-add"}


def test_the_query_parameters_list_the_tags_and_exclusive_categories() -> None:
    plan = plan_of([rule("r-vip", "vip"), stage("r-lead", "lead")], {"vip": ["vip", "gold"]})
    assert plan_parameters(plan) == {
        "now": "t",
        "tagIds": ["gold", "lead", "vip"],
        "categoryIds": ["cat-stage"],
    }


def test_figures_add_up_over_batches() -> None:
    totals = {"r": RuleStats("r", evaluated=10, added=2)}
    accumulate(totals, {"r": RuleStats("r", evaluated=5, matched=3, added=1, overridden=1)})
    assert totals["r"] == RuleStats("r", evaluated=15, matched=3, added=3, overridden=1)


def test_a_preview_counts_gains_losses_and_samples() -> None:
    vip, lead = rule("r-vip", "vip"), stage("r-lead", "lead")
    tally = PreviewTally(sample=1, evaluated=7)
    tally.add([Change("a", vip, remove=False)])
    tally.add([Change("b", lead, remove=False, replaces=True)])
    tally.add([Change("c", vip, remove=True)])
    assert tally.preview() == Preview(7, 3, 2, 2, ("a",), ("b",))


SLOTS = st.sampled_from(["t1", "t2", "t3", "s1", "s2"])


@st.composite
def runs(draw: st.DrawFn) -> tuple[Plan, list[int], list[list[str]], set[str]]:
    rules = []
    for number in range(draw(st.integers(1, 8))):
        tag = draw(SLOTS)
        exclusive = tag.startswith("s")
        action = draw(
            st.sampled_from(
                [ActionKind.SET_CATEGORY_TAG, ActionKind.REMOVE_TAG]
                if exclusive
                else [ActionKind.ADD_TAG, ActionKind.REMOVE_TAG]
            )
        )
        rules.append(
            rule(
                f"r{number}",
                tag,
                action,
                priority=draw(st.integers(-2, 2)),
                category_id="cat-stage" if exclusive else "cat-plain",
                exclusive=exclusive,
            )
        )
    plan = plan_of(rules)
    matched = sorted(draw(st.sets(st.integers(0, len(rules) - 1))))
    held = [[t, "cat-stage" if t.startswith("s") else "cat-plain"] for t in draw(st.sets(SLOTS))]
    blocked = draw(st.sets(st.sampled_from([r.id for r in rules])))
    return plan, matched, held, blocked


@given(runs())
def test_at_most_one_change_per_slot_and_customer_by_the_first_matching_rule(
    case: tuple[Plan, list[int], list[list[str]], set[str]],
) -> None:
    plan, matched, held, blocked = case
    stats = stats_of(plan)
    changes = decide(plan, "c1", matched, held, stats, blocked)
    slots = Counter(c.rule.slot for c in changes)
    assert all(count == 1 for count in slots.values())
    first: dict[str, TagRule] = {}
    for index in matched:
        first.setdefault(plan.rules[index].slot, plan.rules[index])
    held_ids = {tag_id for tag_id, _ in held}
    for change in changes:
        assert change.rule is first[change.rule.slot] and change.rule.id not in blocked
        assert (change.rule.tag_id in held_ids) is change.remove
    for rule_ in plan.rules:
        figures = stats[rule_.id]
        made = [c for c in changes if c.rule is rule_]
        assert figures.added + figures.removed == len(made)
        assert figures.matched == int(plan.rules.index(rule_) in matched)
        assert figures.overridden == int(figures.matched == 1 and first[rule_.slot] is not rule_)
