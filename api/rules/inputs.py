"""Tag rules as clients define them."""

from __future__ import annotations

import strawberry

from api.enums import ActionKind, InteractionType, Measure, RuleTrigger
from api.segments.inputs import CustomerFilterInput
from graph.rules import model as rules_model


@strawberry.input(description="min ≤ measure ≤ max over the interactions of the types (any when "
                  "empty) in the last windowDays days (all time when null).")  # fmt: skip
class InteractionAggregateInput:
    measure: Measure
    types: list[InteractionType] | None = None
    window_days: int | None = None
    min: float | None = None
    max: float | None = None

    def to_model(self) -> rules_model.InteractionAggregate:
        """The graph layer's aggregate."""
        return rules_model.InteractionAggregate(
            self.measure, tuple(t.value for t in self.types or ()), self.window_days, self.min,
            self.max,
        )  # fmt: skip


@strawberry.input(description="A customer filter AND interaction aggregates (at least one).")
class RuleConditionInput:
    filter: CustomerFilterInput | None = None
    aggregates: list[InteractionAggregateInput] | None = None

    def to_model(self) -> rules_model.RuleCondition:
        """The graph layer's condition."""
        return rules_model.RuleCondition(
            self.filter.to_model() if self.filter else None,
            tuple(a.to_model() for a in self.aggregates or ()),
        )


@strawberry.input
class TagRuleInput:
    name: str
    description: str | None = None
    priority: int = 0
    enabled: bool = True
    trigger: RuleTrigger = RuleTrigger.SCHEDULE
    event_types: list[InteractionType] | None = None
    condition: RuleConditionInput
    action: ActionKind
    tag_id: strawberry.ID

    def to_model(self) -> rules_model.RuleInput:
        """The graph layer's rule definition."""
        return rules_model.RuleInput(
            name=self.name,
            condition=self.condition.to_model(),
            action=self.action,
            tag_id=str(self.tag_id),
            trigger=self.trigger,
            event_types=tuple(t.value for t in self.event_types or ()),
            priority=self.priority,
            enabled=self.enabled,
            description=self.description,
        )
