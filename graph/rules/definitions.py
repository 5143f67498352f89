"""Tag rules: a condition (customer filter AND interaction aggregates) and an action (add a tag,
remove a tag, set the tag of an exclusive category), triggered by events or by sweeps.

Rules are `(:TagRule)` nodes whose condition is kept readable (`conditionText`, `filter`,
`aggregates`) and linked to their tag by ASSIGNS or REMOVES; runs are `(:RuleRun)-[:OF_RULE]->`.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from graph.audit import Change, write_audited
from graph.cypher import Queries
from graph.database import Database, UniqueKey, as_datetime, duplicates_refused
from graph.errors import ErrorCode, FieldError, NotFound, UserInputError
from graph.rules.model import (
    ActionKind,
    InteractionAggregate,
    Measure,
    RuleCondition,
    RuleInput,
    RuleTrigger,
    TagRule,
)
from graph.rules.validation import definition_errors, describe_condition
from graph.segments.model import CustomerFilter, named_taxonomy
from graph.segments.names import find_unseen_names
from graph.segments.serialization import filter_from_json, filter_to_json
from graph.tagging.service import find_tags_for_assignment
from graph.taxonomy.model import DEPRECATED, RETIRED
from graph.text import clean_name, name_errors, normalize_name
from graph.viewer import Viewer

query = Queries("rules")


async def create_rule(
    db: Database, viewer: Viewer, *, new: RuleInput,  rule_id: str | None = None,
    builtin: bool = False,
) -> TagRule:  # fmt: skip
    """Create a rule; invalid ones (unknown or deprecated tag, empty condition, zero-day
    window, …) are refused with every error and nothing is written."""
    await validate_rule(db, viewer, new=new)
    rule_id = rule_id or "rule-" + uuid.uuid4().hex[:12]
    await _refuse_duplicate_name(db, new.name, rule_id)
    # A create running beside this one may pass the check too: the constraint refuses one.
    named = named_taxonomy(new.condition.customer_filter)
    with duplicates_refused(_name_key(new.name)):
        await write_audited(
            db,
            viewer,
            query("create_rule"),
            change=Change("CREATE_RULE", "TagRule", rule_id, new.name),
            rule=_properties(rule_id, new) | {"builtin": builtin},
            filterTagIds=list(named.tag_ids),
            filterCategoryIds=list(named.category_ids),
            now=datetime.now(UTC),
            by=viewer.user,
        )
    return await get_rule(db, viewer, rule_id=rule_id)


async def update_rule(db: Database, viewer: Viewer, *, rule_id: str, new: RuleInput) -> TagRule:
    """Replace a rule's definition; validated like a new rule."""
    await get_rule(db, viewer, rule_id=rule_id)
    await validate_rule(db, viewer, new=new)
    await _refuse_duplicate_name(db, new.name, rule_id)
    named = named_taxonomy(new.condition.customer_filter)
    with duplicates_refused(_name_key(new.name)):
        await write_audited(
            db,
            viewer,
            query("update_rule"),
            change=Change("UPDATE_RULE", "TagRule", rule_id, new.name),
            rule=_properties(rule_id, new),
            filterTagIds=list(named.tag_ids),
            filterCategoryIds=list(named.category_ids),
            now=datetime.now(UTC),
            by=viewer.user,
        )
    return await get_rule(db, viewer, rule_id=rule_id)


async def set_rule_enabled(db: Database, viewer: Viewer, *, rule_id: str, enabled: bool) -> TagRule:
    """Enable or disable a rule."""
    rule = await get_rule(db, viewer, rule_id=rule_id)
    return await update_rule(
        db, viewer, rule_id=rule_id, new=replace(as_input(rule), enabled=enabled)
    )


async def delete_rule(db: Database, viewer: Viewer, *, rule_id: str) -> None:
    """Delete a rule (its runs stay); NotFound for one the viewer cannot see."""
    rule = await get_rule(db, viewer, rule_id=rule_id)
    change = Change("DELETE_RULE", "TagRule", rule_id, rule.name)
    await write_audited(db, viewer, query("delete_rule"), change=change, id=rule_id)


async def find_rules(
    db: Database, viewer: Viewer, *, ids: list[str] | None = None
) -> list[TagRule]:
    """Rules (all, or those with these ids) the viewer may see, by priority, highest first,
    then id: none whose tag or condition lies in a category it may not see."""
    rows = await db.read(
        query("find_rules"), ids=ids, visibleCategoryIds=viewer.visible_categories_param()
    )
    return [rule_from_record(row["rule"]) for row in rows]


async def link_rule_filters(db: Database) -> int:
    """Link every rule to the tags and categories its condition names (FILTERS_ON), so that
    rules saved before those links existed are hidden from viewers who may not see them."""
    rules = await find_rules(db, Viewer.full_access("upgrade"))
    links = [
        {"id": rule.id, "tagIds": list(named.tag_ids), "categoryIds": list(named.category_ids)}
        for rule in rules
        if (named := named_taxonomy(rule.condition.customer_filter)).tag_ids or named.category_ids
    ]
    if not links:
        return 0
    rows = await db.write(query("link_rule_filters"), rules=links)
    return int(rows[0]["linked"])


async def get_rule(db: Database, viewer: Viewer, *, rule_id: str) -> TagRule:
    """The rule with this id, if the viewer may see it; NotFound otherwise."""
    found = await find_rules(db, viewer, ids=[rule_id])
    if not found:
        raise NotFound("rule", rule_id, ("id",))
    return found[0]


async def validate_rule(db: Database, viewer: Viewer, *, new: RuleInput) -> None:
    """Raise UserInputError listing everything wrong with the rule (the graph is read only)."""
    errors = name_errors(new.name, ("input", "name")) + definition_errors(new)
    errors += await find_unseen_names(
        db,
        viewer,
        named=named_taxonomy(new.condition.customer_filter),
        field=("input", "condition", "filter"),
    )
    rows = await find_tags_for_assignment(db, viewer, [new.tag_id])
    field = ("input", "tagId")
    if not rows:
        errors.append(FieldError(ErrorCode.NOT_FOUND, f"tag {new.tag_id!r} does not exist", field))
    else:
        tag = rows[0]
        if tag["status"] in RETIRED:
            errors.append(
                FieldError(ErrorCode.TAG_RETIRED, f"tag {tag['name']!r} was retired", field)
            )
        elif tag["status"] == DEPRECATED:
            errors.append(
                FieldError(
                    ErrorCode.TAG_DEPRECATED,
                    f"tag {tag['name']!r} is deprecated: rules may not act on it",
                    field,
                )
            )
        if new.action is ActionKind.SET_CATEGORY_TAG and not tag["exclusive"]:
            errors.append(
                FieldError(
                    ErrorCode.INVALID_INPUT,
                    f"SET_CATEGORY_TAG needs a tag of an exclusive category; "
                    f"{tag['categoryName']!r} is not exclusive",
                    ("input", "action"),
                )
            )
    if errors:
        raise UserInputError(errors)


def as_input(rule: TagRule) -> RuleInput:
    """The definition of a stored rule."""
    return RuleInput(
        name=rule.name,
        condition=rule.condition,
        action=rule.action,
        tag_id=rule.tag_id,
        trigger=rule.trigger,
        event_types=rule.event_types,
        priority=rule.priority,
        enabled=rule.enabled,
        description=rule.description,
    )


def rule_from_record(props: dict[str, Any]) -> TagRule:
    """A rule from its node's properties (plus categoryId, exclusive, tagStatus)."""
    raw_filter = json.loads(props["filter"]) if props.get("filter") else None
    aggregates = tuple(
        InteractionAggregate(
            measure=Measure(a["measure"]),
            types=tuple(a.get("types") or ()),
            window_days=a.get("windowDays"),
            min=a.get("min"),
            max=a.get("max"),
        )
        for a in json.loads(props.get("aggregates") or "[]")
    )
    condition = RuleCondition(
        customer_filter=filter_from_json(raw_filter) if raw_filter is not None else None,
        aggregates=aggregates,
    )
    return TagRule(
        id=props["id"],
        name=props["name"],
        description=props.get("description"),
        priority=int(props["priority"]),
        enabled=bool(props["enabled"]),
        trigger=RuleTrigger(props["trigger"]),
        event_types=tuple(props.get("eventTypes") or ()),
        condition=condition,
        condition_text=props.get("conditionText") or describe_condition(condition),
        action=ActionKind(props["action"]),
        tag_id=props["tagId"],
        category_id=props["categoryId"],
        exclusive=bool(props["exclusive"]),
        tag_status=props.get("tagStatus", "ACTIVE"),
        builtin=bool(props.get("builtin")),
        created_at=as_datetime(props.get("createdAt")),
        updated_at=as_datetime(props.get("updatedAt")),
    )


def _properties(rule_id: str, new: RuleInput) -> dict[str, Any]:
    condition = new.condition
    has_filter = condition.customer_filter not in (None, CustomerFilter())
    return {
        "id": rule_id,
        "name": clean_name(new.name),
        "normalizedName": normalize_name(new.name),
        "description": new.description,
        "priority": new.priority,
        "enabled": new.enabled,
        "trigger": new.trigger.value,
        "eventTypes": list(new.event_types),
        "filter": json.dumps(filter_to_json(condition.customer_filter), ensure_ascii=False)
        if has_filter and condition.customer_filter is not None
        else None,
        "aggregates": json.dumps(
            [
                {
                    "measure": a.measure.value,
                    "types": list(a.types),
                    "windowDays": a.window_days,
                    "min": a.min,
                    "max": a.max,
                }
                for a in condition.aggregates
            ]
        ),
        "conditionText": describe_condition(condition),
        "action": new.action.value,
        "tagId": new.tag_id,
    }


async def _refuse_duplicate_name(db: Database, name: str, rule_id: str) -> None:
    rows = await db.read(query("find_rule_by_name"), normalizedName=normalize_name(name))
    if rows and rows[0]["id"] != rule_id:
        raise _name_key(name).error


def _name_key(name: str) -> UniqueKey:
    return UniqueKey(
        "TagRule",
        "normalizedName",
        UserInputError.single(
            ErrorCode.DUPLICATE_NAME, f"a rule named {clean_name(name)!r} exists", ("input", "name")
        ),
    )
