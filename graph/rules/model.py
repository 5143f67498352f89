"""Tag rules as data: triggers, actions, conditions, runs and previews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from graph.segments.model import CustomerFilter


class ActionKind(StrEnum):
    """What a rule does to the customers its condition selects."""

    ADD_TAG = "ADD_TAG"
    REMOVE_TAG = "REMOVE_TAG"
    SET_CATEGORY_TAG = "SET_CATEGORY_TAG"


class RuleTrigger(StrEnum):
    """When a rule runs: on interactions of its event types (and in sweeps), or in sweeps only."""

    EVENT = "EVENT"
    SCHEDULE = "SCHEDULE"


@dataclass(frozen=True, slots=True)
class RuleInput:
    """A rule as a client defines it."""

    name: str
    condition: RuleCondition
    action: ActionKind
    tag_id: str
    trigger: RuleTrigger = RuleTrigger.SCHEDULE
    event_types: tuple[str, ...] = ()
    priority: int = 0
    enabled: bool = True
    description: str | None = None


@dataclass(frozen=True, slots=True)
class TagRule:
    """A stored rule, with the category of its tag (which decides what it competes for)."""

    id: str
    name: str
    description: str | None
    priority: int
    enabled: bool
    trigger: RuleTrigger
    event_types: tuple[str, ...]
    condition: RuleCondition
    condition_text: str
    action: ActionKind
    tag_id: str
    category_id: str
    exclusive: bool
    tag_status: str
    builtin: bool
    created_at: datetime | None
    updated_at: datetime | None

    @property
    def slot(self) -> str:
        """What the rule decides for a customer: its exclusive category, or its tag. Of the
        rules matching a customer, only the highest-priority one per slot acts."""
        return ("category:" + self.category_id) if self.exclusive else ("tag:" + self.tag_id)


class Measure(StrEnum):
    """What an aggregate measures over the customer's interactions."""

    COUNT = "COUNT"
    SUM_AMOUNT = "SUM_AMOUNT"
    DAYS_SINCE_LAST = "DAYS_SINCE_LAST"


@dataclass(frozen=True, slots=True)
class InteractionAggregate:
    """min ≤ measure ≤ max over the interactions of `types` (any when empty) of the last
    `window_days` days (all time when None; DAYS_SINCE_LAST takes no window)."""

    measure: Measure
    types: tuple[str, ...] = ()
    window_days: int | None = None
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True, slots=True)
class RuleCondition:
    """A customer filter AND interaction aggregates; at least one of the two."""

    customer_filter: CustomerFilter | None = None
    aggregates: tuple[InteractionAggregate, ...] = ()


@dataclass(slots=True)
class RuleStats:
    """What one rule did in a run."""

    rule_id: str
    evaluated: int = 0
    matched: int = 0
    added: int = 0
    removed: int = 0
    replaced: int = 0
    overridden: int = 0

    def add(self, other: RuleStats) -> None:
        """Accumulate another batch's figures."""
        self.evaluated += other.evaluated
        self.matched += other.matched
        self.added += other.added
        self.removed += other.removed
        self.replaced += other.replaced
        self.overridden += other.overridden


@dataclass(frozen=True, slots=True)
class RunReport:
    """A run of rules: when, why, over how many customers, and what each rule changed."""

    run_id: str
    at: datetime
    trigger: str
    customers: int
    seconds: float
    rules: tuple[RuleStats, ...] = ()

    @property
    def added(self) -> int:
        """Assignments the run made."""
        return sum(r.added for r in self.rules)

    @property
    def removed(self) -> int:
        """Assignments the run ended (removals and replacements)."""
        return sum(r.removed + r.replaced for r in self.rules)


@dataclass(frozen=True, slots=True)
class RuleRun:
    """A recorded run of one rule."""

    at: datetime
    trigger: str
    stats: RuleStats


@dataclass(frozen=True, slots=True)
class Change:
    """One assignment to make or end."""

    customer_id: str
    rule: TagRule
    remove: bool
    replaces: bool = False


@dataclass(frozen=True, slots=True)
class Preview:
    """What a rule alone would do now, without writing anything."""

    evaluated: int
    matched: int
    gained: int
    lost: int
    sample_gained: tuple[str, ...]
    sample_lost: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DefaultRule:
    """A shipped lifecycle rule: sets `stage` when its aggregates hold."""

    id: str
    stage: str
    priority: int
    trigger: RuleTrigger
    event_types: tuple[str, ...]
    aggregates: tuple[InteractionAggregate, ...]
    description: str


class Period(StrEnum):
    """The length of the periods a transition report counts in."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Transition:
    """How many customers moved from one stage (None: none before) to another in a period."""

    period: date
    from_tag_id: str | None
    to_tag_id: str
    count: int
