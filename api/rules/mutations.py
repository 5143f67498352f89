"""Tag rule mutations: create, update, enable, delete and run rules."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.errors import payload
from api.rules.inputs import TagRuleInput
from api.rules.types import DeleteTagRulePayload, RunTagRulesPayload, TagRulePayload
from graph.rules import definitions, engine


@strawberry.type
class RuleMutations:
    @strawberry.mutation(description="Create a rule; invalid ones are refused with userErrors.")
    async def create_tag_rule(
        self, info: Info[Context, None], input: TagRuleInput
    ) -> TagRulePayload:
        return await payload(
            TagRulePayload,
            definitions.create_rule(info.context.db, info.context.viewer, new=input.to_model()),
            TagRulePayload.from_model,
        )

    @strawberry.mutation(description="Replace a rule's definition.")
    async def update_tag_rule(
        self, info: Info[Context, None], id: strawberry.ID, input: TagRuleInput
    ) -> TagRulePayload:
        return await payload(
            TagRulePayload,
            definitions.update_rule(
                info.context.db, info.context.viewer, rule_id=str(id), new=input.to_model()
            ),
            TagRulePayload.from_model,
        )

    @strawberry.mutation(description="Enable or disable a rule.")
    async def set_tag_rule_enabled(
        self, info: Info[Context, None], *, id: strawberry.ID, enabled: bool
    ) -> TagRulePayload:
        return await payload(
            TagRulePayload,
            definitions.set_rule_enabled(
                info.context.db, info.context.viewer, rule_id=str(id), enabled=enabled
            ),
            TagRulePayload.from_model,
        )

    @strawberry.mutation(description="Delete a rule; the assignments it made stay.")
    async def delete_tag_rule(
        self, info: Info[Context, None], id: strawberry.ID
    ) -> DeleteTagRulePayload:
        return await payload(
            DeleteTagRulePayload,
            definitions.delete_rule(info.context.db, info.context.viewer, rule_id=str(id)),
            lambda _: DeleteTagRulePayload(deleted_rule_id=id),
        )

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
        return await payload(
            RunTagRulesPayload,
            engine.run_rules(
                info.context.db,
                rule_ids=[str(i) for i in rule_ids] if rule_ids is not None else None,
                customer_ids=[str(i) for i in customer_ids] if customer_ids is not None else None,
                trigger="MANUAL",
                viewer=info.context.viewer,
            ),
            RunTagRulesPayload.from_model,
        )
