"""Tag rule queries: rules, their runs, dry runs, lifecycle transitions."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from api.context import Context
from api.enums import Period
from api.errors import payload
from api.rules.inputs import TagRuleInput
from api.rules.types import LifecycleTransition, RulePreviewPayload, RuleRun, TagRule
from graph.errors import ErrorCode, UserInputError
from graph.rules import definitions, engine, lifecycle
from graph.rules import model as rules_model

MAX_RUNS = 100


@strawberry.type
class RuleQueries:
    @strawberry.field(description="Every tag rule, by priority (highest first).")
    async def tag_rules(self, info: Info[Context, None]) -> list[TagRule]:
        rules = await definitions.find_rules(info.context.db, info.context.viewer)
        return [TagRule.from_model(r) for r in rules]

    @strawberry.field(description="The rule with this id, or null.")
    async def tag_rule(self, info: Info[Context, None], id: strawberry.ID) -> TagRule | None:
        found = await definitions.find_rules(info.context.db, info.context.viewer, ids=[str(id)])
        return TagRule.from_model(found[0]) if found else None

    @strawberry.field(description="A rule's latest runs, newest first (≤ 100).")
    async def rule_runs(
        self, info: Info[Context, None], rule_id: strawberry.ID, first: int = 20
    ) -> list[RuleRun]:
        runs = await engine.find_rule_runs(
            info.context.db,
            info.context.viewer,
            rule_ids=[str(rule_id)],
            limit=max(0, min(first, MAX_RUNS)),
        )
        return [RuleRun.from_model(run.stats, run.at, run.trigger) for run in runs[str(rule_id)]]

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
        return await payload(
            RulePreviewPayload,
            _preview(info.context, input, rule_id, sample),
            RulePreviewPayload.from_model,
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
    ) -> list[LifecycleTransition]:
        found = await lifecycle.count_transitions(
            info.context.db, info.context.viewer, start=since, end=until, period=period,
            category_id=str(category_id) if category_id else None,
        )  # fmt: skip
        return [LifecycleTransition.from_model(t, since.tzinfo) for t in found]


async def _preview(
    ctx: Context, input: TagRuleInput | None, rule_id: strawberry.ID | None, sample: int
) -> rules_model.Preview:
    # Inside the payload's call, so that giving both or neither is a userError too.
    if (input is None) == (rule_id is None):
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "give either input or ruleId", ("input",)
        )
    target = input.to_model() if input is not None else str(rule_id)
    return await engine.preview_rule(ctx.db, ctx.viewer, rule=target, sample=sample)
