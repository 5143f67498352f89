"""What a run of rules decides, without the graph: per customer and slot (an exclusive category,
or a tag) only the highest-priority matching rule acts (ties by rule id); an adding rule is
satisfied by its tag or a finer one below it; each rule's figures add up over the batches.

`graph.rules.engine` reads the graph, hands the rows to these functions and writes the changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.rules.compiler import CompiledRules
from graph.rules.model import ActionKind, Change, Preview, RuleStats, TagRule


@dataclass(slots=True)
class Plan:
    """The rules of a run in priority order, their compiled conditions, and which held tags
    satisfy which adding rule."""

    rules: list[TagRule]
    compiled: CompiledRules
    satisfies: dict[str, set[str]] = field(default_factory=dict)  # held tag → rule tags it gives
    nearest: dict[str, str] = field(default_factory=dict)  # held tag → deepest rule tag above it


def by_priority(rules: Iterable[TagRule]) -> list[TagRule]:
    """Rules in the order they decide: highest priority first, then by id."""
    return sorted(rules, key=lambda r: (-r.priority, r.id))


def adding_tag_ids(rules: Iterable[TagRule]) -> list[str]:
    """The tags the adding rules (ADD_TAG, SET_CATEGORY_TAG) set, sorted, each once."""
    return sorted({r.tag_id for r in rules if r.action is not ActionKind.REMOVE_TAG})


def make_plan(
    ordered: list[TagRule],
    compiled: CompiledRules,
    subtrees: Iterable[tuple[str, Sequence[str]]],
) -> Plan:
    """The plan of rules in priority order, given each adding rule tag's subtree (the tag and
    the tags below it)."""
    plan = Plan(ordered, compiled)
    sizes: dict[str, int] = {}
    for rule_tag_id, subtree in subtrees:
        for tag_id in subtree:
            plan.satisfies.setdefault(tag_id, set()).add(rule_tag_id)
            # Subtrees nest: the smallest one holding a tag belongs to its deepest rule tag.
            if tag_id not in sizes or len(subtree) < sizes[tag_id]:
                sizes[tag_id] = len(subtree)
                plan.nearest[tag_id] = rule_tag_id
    for tag_id in {r.tag_id for r in ordered}:
        plan.satisfies.setdefault(tag_id, set()).add(tag_id)
    return plan


def plan_parameters(plan: Plan) -> dict[str, Any]:
    """The parameters of the plan's query: the compiled conditions', the tags whose holding it
    reports and the exclusive categories it reports held tags of."""
    exclusive = [r for r in plan.rules if r.exclusive]
    return {
        **plan.compiled.parameters,
        "tagIds": sorted(plan.satisfies),
        "categoryIds": sorted({r.category_id for r in exclusive}),
    }


def blocked_rule_ids(rules: Iterable[TagRule], live: set[str], active: set[str]) -> set[str]:
    """The rules that may not act now: adding a tag that is not ACTIVE, or removing one that is
    not live (`live`, `active`: tag ids). They still decide their slot, so they are not
    replaced by a lower-priority rule."""
    return {
        rule.id
        for rule in rules
        if rule.tag_id not in (live if rule.action is ActionKind.REMOVE_TAG else active)
    }


def decide(
    plan: Plan,
    customer_id: str,
    matched: Iterable[int],
    held: Iterable[Sequence[str]],
    stats: Mapping[str, RuleStats],
    blocked: set[str] | frozenset[str] = frozenset(),
) -> list[Change]:
    """The changes for one customer: per slot, the first matching rule (rules are in priority
    order) decides; the rest are overridden. An adding rule is satisfied by its tag or a
    descendant of it (in an exclusive category, one no other rule's tag lies above).

    `matched`: indexes into `plan.rules`; `held`: (tag id, category id) pairs of the tags the
    customer holds among the plan's; `stats`: the figures to count in (rules absent are not
    counted)."""
    holding = _holding(plan, held)
    decided: set[str] = set()
    changes: list[Change] = []
    for index in sorted(matched):
        rule = plan.rules[index]
        counts = stats.get(rule.id)
        overridden = rule.slot in decided
        decided.add(rule.slot)
        if counts:
            counts.matched += 1
            counts.overridden += int(overridden)
        if overridden or rule.id in blocked:
            continue
        change = _change(customer_id, rule, holding)
        if change is not None:
            changes.append(change)
            if counts:
                _count_change(counts, change)
    return changes


@dataclass(frozen=True, slots=True)
class _Holding:
    """What one customer holds among a plan's tags: their ids and categories, and the rule
    tags they satisfy (`given`; `given_exclusive` for rules of an exclusive category)."""

    ids: set[str]
    categories: set[str]
    given: set[str]
    given_exclusive: set[str]

    def satisfies(self, rule: TagRule) -> bool:
        """Whether the customer already has what this adding rule gives."""
        return rule.tag_id in (self.given_exclusive if rule.exclusive else self.given)


def _holding(plan: Plan, held: Iterable[Sequence[str]]) -> _Holding:
    held = list(held)
    held_ids = {tag_id for tag_id, _ in held}
    return _Holding(
        ids=held_ids,
        categories={category_id for _, category_id in held},
        given=set().union(*(plan.satisfies.get(tag_id, set()) for tag_id in held_ids)),
        # In an exclusive category a finer tag (新线索 under 潜在客户) satisfies the rule setting
        # its ancestor unless another rule manages a tag between them (高意向 under 意向客户).
        given_exclusive={plan.nearest[tag_id] for tag_id in held_ids if tag_id in plan.nearest},
    )


def _change(customer_id: str, rule: TagRule, holding: _Holding) -> Change | None:
    """What the rule deciding its slot changes for the customer: a removal of a held tag, an
    addition of one not yet satisfied (replacing the category's tag when exclusive), or
    nothing."""
    if rule.action is ActionKind.REMOVE_TAG:
        return Change(customer_id, rule, remove=True) if rule.tag_id in holding.ids else None
    if holding.satisfies(rule):
        return None
    replaces = rule.exclusive and rule.category_id in holding.categories
    return Change(customer_id, rule, remove=False, replaces=replaces)


def _count_change(counts: RuleStats, change: Change) -> None:
    if change.remove:
        counts.removed += 1
    else:
        counts.added += 1
        counts.replaced += int(change.replaces)


def accumulate(totals: dict[str, RuleStats], stats: Mapping[str, RuleStats]) -> None:
    """Add a batch's figures to the run's totals (every rule of the batch is in `totals`)."""
    for rule_id, figures in stats.items():
        totals[rule_id].add(figures)


@dataclass(slots=True)
class PreviewTally:
    """The counts and samples of a preview, customer by customer."""

    sample: int
    evaluated: int = 0
    matched: int = 0
    gained: int = 0
    lost: int = 0
    gained_ids: list[str] = field(default_factory=list)
    lost_ids: list[str] = field(default_factory=list)

    def add(self, changes: Iterable[Change]) -> None:
        """Count one matched customer's changes: a removal or replacement loses the tag (or
        the category's tag), an addition gains it."""
        self.matched += 1
        for change in changes:
            if change.remove or change.replaces:
                self.lost += 1
                if len(self.lost_ids) < self.sample:
                    self.lost_ids.append(change.customer_id)
            if not change.remove:
                self.gained += 1
                if len(self.gained_ids) < self.sample:
                    self.gained_ids.append(change.customer_id)

    def preview(self) -> Preview:
        """The preview these counts make."""
        return Preview(
            self.evaluated,
            self.matched,
            self.gained,
            self.lost,
            tuple(self.gained_ids),
            tuple(self.lost_ids),
        )
