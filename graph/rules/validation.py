"""Rule definitions checked and described without the graph: trigger, priority and condition
errors, and the condition in words (kept as `conditionText` on the rule's node)."""

from __future__ import annotations

import json
from dataclasses import replace

from graph.errors import ErrorCode, FieldError, UserInputError
from graph.interactions.model import InteractionType
from graph.rules.model import Measure, RuleCondition, RuleInput, RuleTrigger
from graph.segments.compiler import compile_filter
from graph.segments.model import CustomerFilter
from graph.segments.serialization import filter_to_json

MAX_PRIORITY = 1_000_000
MAX_WINDOW_DAYS = 36_500
MAX_AGGREGATES = 8


def definition_errors(new: RuleInput) -> list[FieldError]:
    """What is wrong with a rule's trigger, priority and condition (no database needed)."""
    errors: list[FieldError] = []
    if not -MAX_PRIORITY <= new.priority <= MAX_PRIORITY:
        errors.append(
            FieldError(
                ErrorCode.INVALID_INPUT,
                f"priority must lie within ±{MAX_PRIORITY}",
                ("input", "priority"),
            )
        )
    known = {t.value for t in InteractionType}
    errors += [
        FieldError(
            ErrorCode.INVALID_INPUT, f"unknown interaction type {t!r}", ("input", "eventTypes")
        )
        for t in new.event_types
        if t not in known
    ]
    if new.trigger is RuleTrigger.EVENT and not new.event_types:
        errors.append(
            FieldError(
                ErrorCode.INVALID_INPUT,
                "an EVENT rule needs at least one event type",
                ("input", "eventTypes"),
            )
        )
    if new.trigger is RuleTrigger.SCHEDULE and new.event_types:
        errors.append(
            FieldError(
                ErrorCode.INVALID_INPUT,
                "a SCHEDULE rule takes no event types",
                ("input", "eventTypes"),
            )
        )
    return errors + condition_errors(new.condition)


def condition_errors(condition: RuleCondition) -> list[FieldError]:
    """What is wrong with a condition: empty, zero-day windows, empty ranges, unknown types."""
    field = ("input", "condition")
    empty_filter = condition.customer_filter in (None, CustomerFilter())
    if empty_filter and not condition.aggregates:
        return [
            FieldError(
                ErrorCode.EMPTY_CONDITION,
                "a rule needs a condition: a filter, interaction aggregates, or both",
                field,
            )
        ]
    errors: list[FieldError] = []
    if not empty_filter:
        try:
            compile_filter(condition.customer_filter)
        except UserInputError as error:
            errors += [replace(e, field=(*field, "filter")) for e in error.errors]
    if len(condition.aggregates) > MAX_AGGREGATES:
        errors.append(
            FieldError(ErrorCode.FILTER_TOO_COMPLEX, f"at most {MAX_AGGREGATES} aggregates", field)
        )
    known = {t.value for t in InteractionType}
    for i, aggregate in enumerate(condition.aggregates):
        at = (*field, "aggregates", str(i))
        if aggregate.window_days is not None and not 0 < aggregate.window_days <= MAX_WINDOW_DAYS:
            errors.append(
                FieldError(
                    ErrorCode.INVALID_WINDOW,
                    f"a window lasts 1 to {MAX_WINDOW_DAYS} days",
                    (*at, "windowDays"),
                )
            )
        if aggregate.measure is Measure.DAYS_SINCE_LAST and aggregate.window_days is not None:
            errors.append(
                FieldError(
                    ErrorCode.INVALID_WINDOW,
                    "DAYS_SINCE_LAST takes no window",
                    (*at, "windowDays"),
                )
            )
        if aggregate.min is None and aggregate.max is None:
            errors.append(
                FieldError(ErrorCode.INVALID_INPUT, "give min, max or both", (*at, "min"))
            )
        elif (
            aggregate.min is not None
            and aggregate.max is not None
            and aggregate.min > aggregate.max
        ):
            errors.append(FieldError(ErrorCode.INVALID_INPUT, "min exceeds max", (*at, "min")))
        errors += [
            FieldError(ErrorCode.INVALID_INPUT, f"unknown interaction type {t!r}", (*at, "types"))
            for t in aggregate.types
            if t not in known
        ]
    return errors


def describe_condition(condition: RuleCondition) -> str:
    """The condition in words, for analysts reading the graph."""
    parts = []
    if condition.customer_filter not in (None, CustomerFilter()):
        assert condition.customer_filter is not None
        parts.append(
            "filter " + json.dumps(filter_to_json(condition.customer_filter), ensure_ascii=False)
        )
    for aggregate in condition.aggregates:
        kinds = "|".join(aggregate.types) or "any"
        if aggregate.measure is Measure.DAYS_SINCE_LAST:
            text = "days since last " + kinds
        else:
            window = f" in {aggregate.window_days} days" if aggregate.window_days else " ever"
            measure = "count" if aggregate.measure is Measure.COUNT else "sum(amount)"
            text = f"{measure}({kinds}{window})"
        if aggregate.min is not None and aggregate.max is not None:
            text = f"{_number(aggregate.min)} <= {text} <= {_number(aggregate.max)}"
        elif aggregate.min is not None:
            text = f"{text} >= {_number(aggregate.min)}"
        else:
            text = f"{text} <= {_number(aggregate.max)}"
        parts.append(text)
    return " AND ".join(parts)


def _number(value: float | None) -> str:
    assert value is not None
    return str(int(value)) if float(value).is_integer() else str(value)
