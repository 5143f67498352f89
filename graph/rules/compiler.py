"""The rule-condition compiler: the conditions of several rules become one parameterized query
that says, for each customer of a batch, which rules' conditions hold and which of the tags the
rules act on it holds.

A condition is a customer filter (compiled by graph.segments, parameters renamed per rule) AND
interaction aggregates over a window. Every value is a parameter ($r<rule>_f<n>, $r<rule>_a<n>);
the text is assembled only from the constant fragments below and generated names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, LiteralString

from graph.rules.model import InteractionAggregate, Measure, RuleCondition
from graph.segments.compiler import compile_filter

BIG = 1e300  # stands for an open end of a range


@dataclass(slots=True)
class CompiledRules:
    """One query evaluating several conditions, with its parameters."""

    text: str
    parameters: dict[str, Any] = field(default_factory=dict)


# $A is replaced by a generated parameter name holding {types, since, lo, hi, latest, earliest}.
_WHERE: LiteralString = (
    "i.at <= $now AND ($A.since IS NULL OR i.at > $A.since)"
    " AND ($A.types IS NULL OR i.type IN $A.types)"
)


_COUNT: LiteralString = (
    "($A.lo <= COUNT { MATCH (c)-[:HAD]->(i:Interaction) WHERE " + _WHERE + " } <= $A.hi)"
)


_SUM: LiteralString = (
    "($A.lo <= reduce(s = 0.0, x IN [(c)-[:HAD]->(i:Interaction) WHERE "
    + _WHERE
    + " | coalesce(i.amount, 0.0)] | s + x) <= $A.hi)"
)


# Days since the last interaction of the types: its time is at most $A.latest (now - min days)
# and at least $A.earliest (now - max days); no such interaction means false.
_SINCE_TYPED: LiteralString = (
    "(EXISTS { MATCH (c)-[:HAD]->(i:Interaction) WHERE i.at <= $now AND i.type IN $A.types }"
    " AND ($A.latest IS NULL OR NOT EXISTS { MATCH (c)-[:HAD]->(i:Interaction)"
    " WHERE $A.latest < i.at <= $now AND i.type IN $A.types })"
    " AND ($A.earliest IS NULL OR EXISTS { MATCH (c)-[:HAD]->(i:Interaction)"
    " WHERE $A.earliest <= i.at <= $now AND i.type IN $A.types }))"
)


# Of any type: the customer's lastInteractionAt, so a dormancy sweep reads no interactions.
_SINCE_ANY: LiteralString = (
    "(c.lastInteractionAt IS NOT NULL"
    " AND ($A.latest IS NULL OR c.lastInteractionAt <= $A.latest)"
    " AND ($A.earliest IS NULL OR c.lastInteractionAt >= $A.earliest))"
)


_FILTER_PARAMETER = re.compile(r"\$(f\d+)\b")


_BY_IDS_HEAD: LiteralString = (
    "UNWIND $customerIds AS customerId\nMATCH (c:Customer {id: customerId})\n"
)


_PAGE_HEAD: LiteralString = (
    "MATCH (c:Customer)\nWHERE c.id > $afterId\nWITH c ORDER BY c.id LIMIT $batchSize\n"
)


_MATCHED_HEAD: LiteralString = "WITH c, [x IN ["
_MATCHED_TAIL: LiteralString = "] WHERE x IS NOT NULL] AS matched\n"


# One row per batch (the driver's per-record cost dominates otherwise): how many customers were
# evaluated, the last id (for paging), and the matching customers with the tags they hold among
# $tagIds or in the exclusive categories $categoryIds.
_RETURN: LiteralString = (
    "WITH count(*) AS evaluated, max(c.id) AS lastId, collect(CASE WHEN matched <> [] THEN {\n"
    "  id: c.id, matched: matched,\n"
    "  held: [(c)-[:TAGGED]->(t:Tag) WHERE t.id IN $tagIds | [t.id, null]]\n"
    "    + CASE WHEN $categoryIds = [] THEN [] ELSE\n"
    "      [(c)-[:TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)"
    " WHERE cat.id IN $categoryIds | [t.id, cat.id]] END\n"
    "} END) AS hits\n"
    "RETURN evaluated, lastId, hits"
)


def compile_rules(conditions: list[RuleCondition], now: datetime, *, by_ids: bool) -> CompiledRules:
    """One query over the customers of $customerIds (or, when not `by_ids`, the page of
    $batchSize after $afterId) returning one row: `evaluated`, `lastId`, and `hits`, the
    customers some condition holds for, each with `matched` (the indexes of those conditions)
    and `held` ([tag id, category id or null] of the tags it holds among $tagIds or in the
    categories $categoryIds, both set by the caller)."""
    compiled = CompiledRules("", {"now": now})
    cases = []
    for index, condition in enumerate(conditions):
        predicate = condition_predicate(condition, now, "r" + str(index) + "_", compiled.parameters)
        cases.append("CASE WHEN " + predicate + " THEN " + str(index) + " END")
    head = _BY_IDS_HEAD if by_ids else _PAGE_HEAD
    compiled.text = head + _MATCHED_HEAD + ",\n  ".join(cases) + _MATCHED_TAIL + _RETURN
    return compiled


def candidate_window(
    conditions: list[RuleCondition], now: datetime
) -> tuple[datetime, datetime] | None:
    """When every condition bounds the customer's lastInteractionAt (a DAYS_SINCE_LAST of any
    type), the range holding every customer any of them can match, so that a sweep reads only
    those through the lastInteractionAt index; None when some condition could match anyone."""
    low, high = datetime.max.replace(tzinfo=now.tzinfo), datetime.min.replace(tzinfo=now.tzinfo)
    for condition in conditions:
        bound = next(
            (a for a in condition.aggregates
             if a.measure is Measure.DAYS_SINCE_LAST and not a.types),
            None,
        )  # fmt: skip
        if bound is None:
            return None
        parameters = _aggregate_parameters(bound, now)
        low = min(low, parameters["earliest"] or datetime.min.replace(tzinfo=now.tzinfo))
        high = max(high, parameters["latest"] or datetime.max.replace(tzinfo=now.tzinfo))
    return (low, high) if conditions else None


def condition_predicate(
    condition: RuleCondition, now: datetime, prefix: str, parameters: dict[str, Any]
) -> str:
    """The condition as a boolean expression over `c`; its parameters go into `parameters`
    under names starting with `prefix` (the query also needs $now)."""
    parts: list[str] = []
    if condition.customer_filter is not None:
        filtered = compile_filter(condition.customer_filter)
        for name, value in filtered.parameters.items():
            parameters[prefix + name] = value
        parts.append(
            "("
            + _FILTER_PARAMETER.sub(lambda m: "$" + prefix + m.group(1), filtered.predicate)
            + ")"
        )
    for index, aggregate in enumerate(condition.aggregates):
        name = prefix + "a" + str(index)
        parameters[name] = _aggregate_parameters(aggregate, now)
        parts.append(_template(aggregate).replace("$A", "$" + name))
    return " AND ".join(parts) if parts else "true"


def _template(aggregate: InteractionAggregate) -> LiteralString:
    if aggregate.measure is Measure.COUNT:
        return _COUNT
    if aggregate.measure is Measure.SUM_AMOUNT:
        return _SUM
    return _SINCE_TYPED if aggregate.types else _SINCE_ANY


def _aggregate_parameters(aggregate: InteractionAggregate, now: datetime) -> dict[str, Any]:
    days = aggregate.window_days
    return {
        "types": list(aggregate.types) or None,
        "since": now - timedelta(days=days) if days is not None else None,
        "lo": -BIG if aggregate.min is None else float(aggregate.min),
        "hi": BIG if aggregate.max is None else float(aggregate.max),
        "latest": None if aggregate.min is None else now - timedelta(days=aggregate.min),
        "earliest": None if aggregate.max is None else now - timedelta(days=aggregate.max),
    }
