"""GraphQL: tag rules (create, update, enable, delete, preview, run), their runs, and the
lifecycle transitions report."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import Context
from api.customers import CustomerFilterInput
from api.errors import UserError, user_errors
from api.tags import TagType
from graph.errors import ErrorCode, UserInputError
from graph.interactions.model import InteractionType
from graph.rules import definitions as rules
from graph.rules import engine as rules_engine
from graph.rules import lifecycle
from graph.rules.model import (
    ActionKind,
    InteractionAggregate,
    Measure,
    Period,
    RuleCondition,
    RuleInput,
    RuleStats,
    RuleTrigger,
    TagRule,
)
from graph.segments.serialization import filter_to_json

strawberry.enum(ActionKind, description="What a rule does to the customers it selects.")
strawberry.enum(RuleTrigger, description="EVENT: on interactions of its types (and in sweeps).")
strawberry.enum(Measure, description="What an aggregate measures over interactions.")
strawberry.enum(Period, name="TransitionPeriod", description="Length of a report period.")
MAX_RUNS = 100


@strawberry.input(description="min ≤ measure ≤ max over the interactions of the types (any when "
                  "empty) in the last windowDays days (all time when null).")  # fmt: skip
class InteractionAggregateInput:
    measure: Measure
    types: list[InteractionType] | None = None
    window_days: int | None = None
    min: float | None = None
    max: float | None = None


@strawberry.input(description="A customer filter AND interaction aggregates (at least one).")
class RuleConditionInput:
    filter: CustomerFilterInput | None = None
    aggregates: list[InteractionAggregateInput] | None = None


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

    def to_model(self) -> RuleInput:
        """The graph layer's rule definition."""
        aggregates = tuple(
            InteractionAggregate(
                a.measure, tuple(t.value for t in a.types or ()), a.window_days, a.min, a.max
            )
            for a in self.condition.aggregates or ()
        )
        condition = RuleCondition(
            self.condition.filter.to_filter() if self.condition.filter else None, aggregates
        )
        return RuleInput(
            name=self.name,
            condition=condition,
            action=self.action,
            tag_id=str(self.tag_id),
            trigger=self.trigger,
            event_types=tuple(t.value for t in self.event_types or ()),
            priority=self.priority,
            enabled=self.enabled,
            description=self.description,
        )


@strawberry.type(name="InteractionAggregate")
class InteractionAggregateType:
    measure: Measure
    types: list[str]
    window_days: int | None
    min: float | None
    max: float | None


@strawberry.type(name="TagRule", description="A rule that tags customers by itself.")
class TagRuleType:
    id: strawberry.ID
    name: str
    description: str | None
    priority: int = strawberry.field(description="Higher wins when rules compete for a slot.")
    enabled: bool
    trigger: RuleTrigger
    event_types: list[str]
    filter: JSON | None = strawberry.field(description="The condition's CustomerFilter.")
    aggregates: list[InteractionAggregateType]
    condition_text: str = strawberry.field(description="The condition in words.")
    action: ActionKind
    tag_id: strawberry.ID
    builtin: bool = strawberry.field(description="Shipped default (lifecycle) rule.")
    created_at: datetime | None
    updated_at: datetime | None

    @strawberry.field(description="The tag the action assigns or removes.")
    async def tag(self, info: Info[Context, None]) -> TagType | None:
        found = await info.context.loaders.tag().load(str(self.tag_id))
        return TagType.from_model(found) if found else None

    @classmethod
    def from_model(cls, model: TagRule) -> TagRuleType:
        """The GraphQL view of a rule."""
        f = model.condition.customer_filter
        return cls(
            id=strawberry.ID(model.id),
            name=model.name,
            description=model.description,
            priority=model.priority,
            enabled=model.enabled,
            trigger=model.trigger,
            event_types=list(model.event_types),
            filter=JSON(filter_to_json(f)) if f is not None else None,
            aggregates=[
                InteractionAggregateType(
                    measure=a.measure,
                    types=list(a.types),
                    window_days=a.window_days,
                    min=a.min,
                    max=a.max,
                )
                for a in model.condition.aggregates
            ],
            condition_text=model.condition_text,
            action=model.action,
            tag_id=strawberry.ID(model.tag_id),
            builtin=model.builtin,
            created_at=model.created_at,
            updated_at=model.updated_at,
        )


@strawberry.type(name="RuleRun", description="What one rule did in a run: when, why, how many.")
class RuleStatsType:
    rule_id: strawberry.ID
    at: datetime | None
    trigger: str | None = strawberry.field(description="SCHEDULE, EVENT or MANUAL.")
    evaluated: int = strawberry.field(description="Customers evaluated.")
    matched: int = strawberry.field(description="Customers whose condition held.")
    added: int
    removed: int
    replaced: int = strawberry.field(description="Other tags of an exclusive category replaced.")
    overridden: int = strawberry.field(description="Matches a higher-priority rule decided.")


@strawberry.type
class RulePreviewPayload:
    evaluated_count: int
    matched_count: int
    gained_count: int = strawberry.field(description="Customers who would gain the tag.")
    lost_count: int = strawberry.field(description="Customers who would lose it (or the tag "
                                       "it replaces in an exclusive category).")  # fmt: skip
    sample_gained_customer_ids: list[strawberry.ID]
    sample_lost_customer_ids: list[strawberry.ID]
    user_errors: list[UserError]


@strawberry.type
class TagRulePayload:
    rule: TagRuleType | None
    user_errors: list[UserError]


@strawberry.type
class DeleteTagRulePayload:
    deleted_rule_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class RunTagRulesPayload:
    customer_count: int
    added_count: int
    removed_count: int
    rules: list[RuleStatsType]
    user_errors: list[UserError]


@strawberry.type(name="LifecycleTransition")
class TransitionType:
    period: datetime = strawberry.field(description="Start of the period (UTC).")
    from_tag_id: strawberry.ID | None = strawberry.field(description="Null: entered the category.")
    to_tag_id: strawberry.ID
    count: int

    @strawberry.field
    async def from_tag(self, info: Info[Context, None]) -> TagType | None:
        if self.from_tag_id is None:
            return None
        found = await info.context.loaders.tag().load(str(self.from_tag_id))
        return TagType.from_model(found) if found else None

    @strawberry.field
    async def to_tag(self, info: Info[Context, None]) -> TagType | None:
        found = await info.context.loaders.tag().load(str(self.to_tag_id))
        return TagType.from_model(found) if found else None


def _stats(s: RuleStats, at: datetime | None, trigger: str | None) -> RuleStatsType:
    return RuleStatsType(
        rule_id=strawberry.ID(s.rule_id), at=at, trigger=trigger, evaluated=s.evaluated,
        matched=s.matched, added=s.added, removed=s.removed, replaced=s.replaced,
        overridden=s.overridden,
    )  # fmt: skip


@strawberry.type
class RuleQueries:
    @strawberry.field(description="Every tag rule, by priority (highest first).")
    async def tag_rules(self, info: Info[Context, None]) -> list[TagRuleType]:
        return [TagRuleType.from_model(r) for r in await rules.find_rules(info.context.db)]

    @strawberry.field(description="The rule with this id, or null.")
    async def tag_rule(self, info: Info[Context, None], id: strawberry.ID) -> TagRuleType | None:
        found = await rules.find_rules(info.context.db, [str(id)])
        return TagRuleType.from_model(found[0]) if found else None

    @strawberry.field(description="A rule's latest runs, newest first (≤ 100).")
    async def rule_runs(
        self, info: Info[Context, None], rule_id: strawberry.ID, first: int = 20
    ) -> list[RuleStatsType]:
        runs = await rules_engine.find_rule_runs(
            info.context.db, [str(rule_id)], max(0, min(first, MAX_RUNS))
        )
        return [_stats(run.stats, run.at, run.trigger) for run in runs[str(rule_id)]]

    @strawberry.field(
        description="Dry run of a rule alone (a definition, or a stored rule's id): how many "
        "customers would gain or lose the tag, with samples. Writes nothing."
    )
    async def preview_rule(
        self,
        info: Info[Context, None],
        input: TagRuleInput | None = None,
        rule_id: strawberry.ID | None = None,
        sample: int = 20,
    ) -> RulePreviewPayload:
        ctx = info.context
        try:
            if (input is None) == (rule_id is None):
                raise UserInputError.single(
                    ErrorCode.INVALID_INPUT, "give either input or ruleId", ("input",)
                )
            target = input.to_model() if input is not None else str(rule_id)
            preview = await rules_engine.preview_rule(ctx.db, ctx.viewer, target, sample=sample)
        except UserInputError as error:
            return RulePreviewPayload(
                evaluated_count=0, matched_count=0, gained_count=0, lost_count=0,
                sample_gained_customer_ids=[], sample_lost_customer_ids=[],
                user_errors=user_errors(error),
            )  # fmt: skip
        return RulePreviewPayload(
            evaluated_count=preview.evaluated,
            matched_count=preview.matched,
            gained_count=preview.gained,
            lost_count=preview.lost,
            sample_gained_customer_ids=[strawberry.ID(i) for i in preview.sample_gained],
            sample_lost_customer_ids=[strawberry.ID(i) for i in preview.sample_lost],
            user_errors=[],
        )

    @strawberry.field(
        description="Moves between lifecycle stages (or the tags of another exclusive "
        "category) per period, from tag history; a null fromTag is an entry."
    )
    async def lifecycle_transitions(
        self,
        info: Info[Context, None],
        since: datetime,
        until: datetime,
        period: Period = Period.MONTH,
        category_id: strawberry.ID | None = None,
    ) -> list[TransitionType]:
        found = await lifecycle.count_transitions(
            info.context.db, info.context.viewer, since, until, period,
            str(category_id) if category_id else None,
        )  # fmt: skip
        return [
            TransitionType(
                period=datetime(t.period.year, t.period.month, t.period.day, tzinfo=since.tzinfo),
                from_tag_id=strawberry.ID(t.from_tag_id) if t.from_tag_id else None,
                to_tag_id=strawberry.ID(t.to_tag_id),
                count=t.count,
            )
            for t in found
        ]


@strawberry.type
class RuleMutations:
    @strawberry.mutation(description="Create a rule; invalid ones are refused with userErrors.")
    async def create_tag_rule(
        self, info: Info[Context, None], input: TagRuleInput
    ) -> TagRulePayload:
        try:
            rule = await rules.create_rule(info.context.db, info.context.viewer, input.to_model())
        except UserInputError as error:
            return TagRulePayload(rule=None, user_errors=user_errors(error))
        return TagRulePayload(rule=TagRuleType.from_model(rule), user_errors=[])

    @strawberry.mutation(description="Replace a rule's definition.")
    async def update_tag_rule(
        self, info: Info[Context, None], id: strawberry.ID, input: TagRuleInput
    ) -> TagRulePayload:
        try:
            rule = await rules.update_rule(
                info.context.db, info.context.viewer, str(id), input.to_model()
            )
        except UserInputError as error:
            return TagRulePayload(rule=None, user_errors=user_errors(error))
        return TagRulePayload(rule=TagRuleType.from_model(rule), user_errors=[])

    @strawberry.mutation(description="Enable or disable a rule.")
    async def set_tag_rule_enabled(
        self, info: Info[Context, None], id: strawberry.ID, enabled: bool
    ) -> TagRulePayload:
        try:
            rule = await rules.set_rule_enabled(
                info.context.db, info.context.viewer, str(id), enabled
            )
        except UserInputError as error:
            return TagRulePayload(rule=None, user_errors=user_errors(error))
        return TagRulePayload(rule=TagRuleType.from_model(rule), user_errors=[])

    @strawberry.mutation(description="Delete a rule; the assignments it made stay.")
    async def delete_tag_rule(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> DeleteTagRulePayload:
        try:
            await rules.delete_rule(info.context.db, info.context.viewer, str(id))
        except UserInputError as error:
            return DeleteTagRulePayload(deleted_rule_id=None, user_errors=user_errors(error))
        return DeleteTagRulePayload(deleted_rule_id=id, user_errors=[])

    @strawberry.mutation(
        description="Run the enabled rules (or these) now over every customer (or these), "
        "in batches; recorded as a MANUAL run."
    )
    async def run_tag_rules(
        self,
        info: Info[Context, None],
        rule_ids: list[strawberry.ID] | None = None,
        customer_ids: list[strawberry.ID] | None = None,
    ) -> RunTagRulesPayload:
        report = await rules_engine.run_rules(
            info.context.db,
            rule_ids=[str(i) for i in rule_ids] if rule_ids is not None else None,
            customer_ids=[str(i) for i in customer_ids] if customer_ids is not None else None,
            trigger="MANUAL",
        )
        return RunTagRulesPayload(
            customer_count=report.customers,
            added_count=report.added,
            removed_count=report.removed,
            rules=[_stats(s, report.at, report.trigger) for s in report.rules],
            user_errors=[],
        )
