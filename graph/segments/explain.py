"""Why a customer is (or is not) in a segment, clause by clause, with the tree paths that
satisfied each subtree predicate. Evaluated in Python over one read of the customer's facts,
with the compiler's semantics (tests check both agree on random filters)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.cypher import Queries
from graph.database import Database
from graph.errors import NotFound
from graph.segments.compiler import compile_filter
from graph.segments.model import ClauseExplanation, CustomerFilter
from graph.segments.names import check_filter_names
from graph.viewer import Viewer

query = Queries("segments")
Path = list[list[str]]  # [[key, name], …] from the root down


_COMPARISONS = {
    "employees_gte": ("employees", ">="),
    "employees_lte": ("employees", "<="),
    "annual_revenue_gte": ("annualRevenue", ">="),
    "annual_revenue_lte": ("annualRevenue", "<="),
    "last_interaction_before": ("lastInteractionAt", "<"),
    "last_interaction_after": ("lastInteractionAt", ">"),
    "created_before": ("createdAt", "<"),
    "created_after": ("createdAt", ">"),
}


async def explain_membership(
    db: Database, viewer: Viewer, *, customer_id: str, customer_filter: CustomerFilter
) -> ClauseExplanation:
    """The filter's clauses evaluated for one customer; the root says whether it matches."""
    compile_filter(customer_filter)  # the same limits as a query (FILTER_TOO_COMPLEX)
    rows = await db.read(
        query("find_membership_facts"),
        customerId=customer_id,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    if not rows:
        raise NotFound("customer", customer_id, ("customerId",))
    await check_filter_names(db, viewer, customer_filter=customer_filter)
    return _explain(rows[0], customer_filter)


def _explain(facts: dict[str, Any], f: CustomerFilter) -> ClauseExplanation:
    # The clauses in the compiler's order.
    parts = [
        *_tag_parts(facts, f),
        *_history_parts(facts, f),
        *_tree_parts(facts, f),
        *_comparison_parts(facts, f),
        *_child_parts(facts, f),
    ]
    if len(parts) == 1:
        return parts[0]
    return ClauseExplanation("all of", all(p.matched for p in parts), children=tuple(parts))


def _tag_parts(facts: dict[str, Any], f: CustomerFilter) -> list[ClauseExplanation]:
    """hasTag, hasAllTags, hasAnyTag, hasAnyTagInCategory: over the current assignments."""
    parts: list[ClauseExplanation] = []
    current = [a for a in facts["assignments"] if a["current"]]
    if f.has_tag is not None:
        parts.append(_tag_clause(f"hasTag {f.has_tag}", current, [f.has_tag]))
    parts += [_tag_clause(f"hasAllTags {tag}", current, [tag]) for tag in f.has_all_tags]
    if f.has_any_tag:
        parts.append(_tag_clause(f"hasAnyTag {', '.join(f.has_any_tag)}", current, f.has_any_tag))
    if f.has_any_tag_in_category is not None:
        held = [a for a in current if a["categoryId"] == f.has_any_tag_in_category]
        parts.append(
            ClauseExplanation(
                f"hasAnyTagInCategory {f.has_any_tag_in_category}",
                bool(held),
                path=tuple(name for _, name in held[0]["path"]) if held else (),
            )
        )
    return parts


def _history_parts(facts: dict[str, Any], f: CustomerFilter) -> list[ClauseExplanation]:
    """hadTag: over the assignments, current or past, overlapping the period."""
    had = f.had_tag
    if had is None:
        return []
    spans = [
        a for a in facts["assignments"]
        if a["since"] < had.until and (a["until"] is None or a["until"] > had.since)
    ]  # fmt: skip
    clause = _tag_clause(f"hadTag {had.tag_id} in [{had.since}, {had.until})", spans,
                         [had.tag_id])  # fmt: skip
    return [clause]


def _tree_parts(facts: dict[str, Any], f: CustomerFilter) -> list[ClauseExplanation]:
    """inIndustry, inRegion: over the customer's path in each classification tree."""
    parts: list[ClauseExplanation] = []
    for attribute, key in (("in_industry", "industryPath"), ("in_region", "regionPath")):
        code = getattr(f, attribute)
        if code is not None:
            path = facts[key] or []
            keys = [node[0] for node in path]
            matched = code in keys
            # From the clause's node down to the customer's own node (or the whole path).
            shown = path[keys.index(code) :] if matched else path
            name = "inIndustry" if attribute == "in_industry" else "inRegion"
            parts.append(
                ClauseExplanation(f"{name} {code}", matched, path=tuple(n for _, n in shown))
            )
    return parts


def _comparison_parts(facts: dict[str, Any], f: CustomerFilter) -> list[ClauseExplanation]:
    """The comparisons of customer properties, then nameContains."""
    parts: list[ClauseExplanation] = []
    customer = facts["customer"]
    for attribute, (prop, op) in _COMPARISONS.items():
        bound = getattr(f, attribute)
        if bound is not None:
            value = customer.get(prop)
            parts.append(
                ClauseExplanation(
                    f"{prop} {op} {_show(bound)}",
                    value is not None and _compare(value, op, bound),
                    detail=f"{prop} is {_show(value)}",
                )
            )
    if f.name_contains is not None:
        name = str(customer.get("name") or "")
        parts.append(
            ClauseExplanation(
                f"nameContains {f.name_contains!r}",
                f.name_contains.lower() in name.lower(),
                detail=f"name is {name!r}",
            )
        )
    return parts


def _child_parts(facts: dict[str, Any], f: CustomerFilter) -> list[ClauseExplanation]:
    """and, or, not: the nested filters explained in turn."""
    parts: list[ClauseExplanation] = []
    if f.and_:
        children = tuple(_explain(facts, child) for child in f.and_)
        parts.append(ClauseExplanation("and", all(c.matched for c in children), children=children))
    if f.or_:
        children = tuple(_explain(facts, child) for child in f.or_)
        parts.append(ClauseExplanation("or", any(c.matched for c in children), children=children))
    if f.not_ is not None:
        inner = _explain(facts, f.not_)
        parts.append(ClauseExplanation("not", not inner.matched, children=(inner,)))
    return parts


def _tag_clause(
    clause: str, assignments: list[dict[str, Any]], wanted: tuple[str, ...] | list[str]
) -> ClauseExplanation:
    for assignment in assignments:
        keys = [node[0] for node in assignment["path"]]
        for tag_id in wanted:
            if tag_id in keys:
                # The path from the wanted node down to the tag actually held.
                below = assignment["path"][keys.index(tag_id) :]
                return ClauseExplanation(
                    clause, matched=True, path=tuple(name for _, name in below)
                )
    return ClauseExplanation(clause, matched=False, detail="no held tag in that subtree")


def _compare(value: Any, op: str, bound: Any) -> bool:
    return bool(
        {">=": value >= bound, "<=": value <= bound, "<": value < bound, ">": value > bound}[op]
    )


def _show(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else repr(value)
