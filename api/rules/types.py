"""Tag rule outputs: rules, their runs, previews and payloads, lifecycle transitions."""

from __future__ import annotations

from datetime import datetime, tzinfo

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import Context
from api.enums import ActionKind, Measure, RuleTrigger
from api.errors import UserError
from api.nodes.types import Tag
from graph.rules import model as rules_model
from graph.segments.serialization import filter_to_json


@strawberry.type
class InteractionAggregate:
    measure: Measure
    types: list[str]
    window_days: int | None
    min: float | None
    max: float | None

    @classmethod
    def from_model(cls, model: rules_model.InteractionAggregate) -> InteractionAggregate:
        """The GraphQL view of an aggregate."""
        return cls(
            measure=model.measure,
            types=list(model.types),
            window_days=model.window_days,
            min=model.min,
            max=model.max,
        )


@strawberry.type(description="A rule that tags customers by itself.")
class TagRule:
    id: strawberry.ID
    name: str
    description: str | None
    priority: int = strawberry.field(description="Higher wins when rules compete for a slot.")
    enabled: bool
    trigger: RuleTrigger
    event_types: list[str]
    filter: JSON | None = strawberry.field(description="The condition's CustomerFilter.")
    aggregates: list[InteractionAggregate]
    condition_text: str = strawberry.field(description="The condition in words.")
    action: ActionKind
    tag_id: strawberry.ID
    builtin: bool = strawberry.field(description="Shipped default (lifecycle) rule.")
    created_at: datetime | None
    updated_at: datetime | None

    @strawberry.field(description="The tag the action assigns or removes.")
    async def tag(self, info: Info[Context, None]) -> Tag | None:
        found = await info.context.loaders.tag().load(str(self.tag_id))
        return Tag.from_model(found) if found else None

    @classmethod
    def from_model(cls, model: rules_model.TagRule) -> TagRule:
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
            aggregates=[InteractionAggregate.from_model(a) for a in model.condition.aggregates],
            condition_text=model.condition_text,
            action=model.action,
            tag_id=strawberry.ID(model.tag_id),
            builtin=model.builtin,
            created_at=model.created_at,
            updated_at=model.updated_at,
        )


@strawberry.type(description="What one rule did in a run: when, why, how many.")
class RuleRun:
    rule_id: strawberry.ID
    at: datetime | None
    trigger: str | None = strawberry.field(description="SCHEDULE, EVENT or MANUAL.")
    evaluated: int = strawberry.field(description="Customers evaluated.")
    matched: int = strawberry.field(description="Customers whose condition held.")
    added: int
    removed: int
    replaced: int = strawberry.field(description="Other tags of an exclusive category replaced.")
    overridden: int = strawberry.field(description="Matches a higher-priority rule decided.")

    @classmethod
    def from_model(
        cls, model: rules_model.RuleStats, at: datetime | None, trigger: str | None
    ) -> RuleRun:
        """The GraphQL view of one rule's figures in the run at `at`."""
        return cls(
            rule_id=strawberry.ID(model.rule_id), at=at, trigger=trigger,
            evaluated=model.evaluated, matched=model.matched, added=model.added,
            removed=model.removed, replaced=model.replaced, overridden=model.overridden,
        )  # fmt: skip


@strawberry.type
class RulePreviewPayload:
    evaluated_count: int = 0
    matched_count: int = 0
    gained_count: int = strawberry.field(default=0, description="Customers who would gain the tag.")
    lost_count: int = strawberry.field(
        default=0,
        description="Customers who would lose it (or the tag it replaces in an exclusive "
        "category).",
    )
    sample_gained_customer_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    sample_lost_customer_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: rules_model.Preview) -> RulePreviewPayload:
        """The payload of a dry run."""
        return cls(
            evaluated_count=model.evaluated,
            matched_count=model.matched,
            gained_count=model.gained,
            lost_count=model.lost,
            sample_gained_customer_ids=[strawberry.ID(i) for i in model.sample_gained],
            sample_lost_customer_ids=[strawberry.ID(i) for i in model.sample_lost],
        )


@strawberry.type
class TagRulePayload:
    rule: TagRule | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: rules_model.TagRule) -> TagRulePayload:
        """The payload of a rule written."""
        return cls(rule=TagRule.from_model(model))


@strawberry.type
class DeleteTagRulePayload:
    deleted_rule_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RunTagRulesPayload:
    customer_count: int = 0
    added_count: int = 0
    removed_count: int = 0
    rules: list[RuleRun] = strawberry.field(default_factory=list)
    user_errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def from_model(cls, model: rules_model.RunReport) -> RunTagRulesPayload:
        """The payload of a run."""
        return cls(
            customer_count=model.customers,
            added_count=model.added,
            removed_count=model.removed,
            rules=[RuleRun.from_model(s, model.at, model.trigger) for s in model.rules],
        )


@strawberry.type
class LifecycleTransition:
    period: datetime = strawberry.field(description="Start of the period (UTC).")
    from_tag_id: strawberry.ID | None = strawberry.field(description="Null: entered the category.")
    to_tag_id: strawberry.ID
    count: int

    @strawberry.field
    async def from_tag(self, info: Info[Context, None]) -> Tag | None:
        if self.from_tag_id is None:
            return None
        found = await info.context.loaders.tag().load(str(self.from_tag_id))
        return Tag.from_model(found) if found else None

    @strawberry.field
    async def to_tag(self, info: Info[Context, None]) -> Tag | None:
        found = await info.context.loaders.tag().load(str(self.to_tag_id))
        return Tag.from_model(found) if found else None

    @classmethod
    def from_model(cls, model: rules_model.Transition, zone: tzinfo | None) -> LifecycleTransition:
        """The GraphQL view of a transition; its period starts at midnight in `zone`."""
        return cls(
            period=datetime(model.period.year, model.period.month, model.period.day, tzinfo=zone),
            from_tag_id=strawberry.ID(model.from_tag_id) if model.from_tag_id else None,
            to_tag_id=strawberry.ID(model.to_tag_id),
            count=model.count,
        )
