"""The segment compiler: a customer filter becomes one parameterized Cypher query.

Every value goes into the parameter map under a generated name ($f0, $f1, …); the predicate
is assembled only from the constant fragments in this module, and whole queries are the
templates of `cypher/segments/` (filter_*, source_*) filled with it in one place, `_fill`.
`compile_filter` is tested on its output, and `listing_query` gives analysts (segmentCypher)
the exact text to paste into Neo4j Browser.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, LiteralString

from graph.cypher import Queries
from graph.errors import ErrorCode, UserInputError
from graph.segments.model import ORDER_PROPERTIES, CustomerFilter, CustomerOrder

query = Queries("segments")

MAX_DEPTH = 6
MAX_CLAUSES = 64


# Subtree predicates: the node itself or any descendant, following CHILD_OF upwards.
_HAS_TAG: LiteralString = "EXISTS { MATCH (c)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(:Tag {id: $%s}) }"


_IN_INDUSTRY: LiteralString = (
    "EXISTS { MATCH (c)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF*0..]->(:Industry {code: $%s}) }"
)


_IN_REGION: LiteralString = (
    "EXISTS { MATCH (c)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(:Region {code: $%s}) }"
)


# hasAllTags: every listed tag (or a descendant) held, checked by one subquery over a list
# parameter of distinct ids, so that the text and its plan stay the same whatever the number
# of ids (one subquery per id cost 13.8 s of planning at 192 ids and defeated the plan cache).
_HAS_ALL_TAGS: LiteralString = (
    "size(COLLECT { MATCH (c)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(a:Tag) WHERE a.id IN $%(ids)s"
    " RETURN DISTINCT a.id }) = size($%(ids)s)"
)


_HAS_ANY_TAG: LiteralString = (
    "EXISTS { MATCH (c)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(a:Tag) WHERE a.id IN $%s }"
)


_HAS_ANY_TAG_IN_CATEGORY: LiteralString = (
    "EXISTS { MATCH (c)-[:TAGGED]->(:Tag)-[:IN_CATEGORY]->(:TagCategory {id: $%s}) }"
)


# Held at some moment of [since, until): a current or past assignment overlapping the period.
_HAD_TAG: LiteralString = (
    "EXISTS { MATCH (c)-[r:TAGGED|WAS_TAGGED]->(:Tag)-[:CHILD_OF*0..]->(:Tag {id: $had.tagId})"
    " WHERE r.since < $had.until AND (r.until IS NULL OR r.until > $had.since) }"
)


# A comparison with a missing property is false (not null), so that NOT behaves as people
# expect: NOT employeesGte 500 includes the customers whose head count is unknown.
_COMPARISONS: dict[str, LiteralString] = {
    "employees_gte": "coalesce(c.employees >= $%s, false)",
    "employees_lte": "coalesce(c.employees <= $%s, false)",
    "annual_revenue_gte": "coalesce(c.annualRevenue >= $%s, false)",
    "annual_revenue_lte": "coalesce(c.annualRevenue <= $%s, false)",
    "last_interaction_before": "coalesce(c.lastInteractionAt < $%s, false)",
    "last_interaction_after": "coalesce(c.lastInteractionAt > $%s, false)",
    "created_before": "coalesce(c.createdAt < $%s, false)",
    "created_after": "coalesce(c.createdAt > $%s, false)",
    "name_contains": "coalesce(toLower(c.name) CONTAINS toLower($%s), false)",
}


MAX_LISTED_TAGS = 100


# Where a query finds its customers: all of them, or (anchored) the customers of one tree
# subtree the filter requires, expanded once, when that subtree is small (see planner).
_SOURCES: dict[str | None, str] = {
    None: "source_all_customers",
    "TAG": "source_tag_subtree",
    "INDUSTRY": "source_industry_subtree",
    "REGION": "source_region_subtree",
}


@dataclass(slots=True)
class CompiledFilter:
    """A boolean Cypher expression over the customer `c`, with its parameters, and the subtree
    (TAG, INDUSTRY or REGION, key in $anchorKey) its queries start from, if any."""

    predicate: str
    parameters: dict[str, Any] = field(default_factory=dict)
    anchor: str | None = None

    def anchor_on(self, kind: str, key: str) -> None:
        """Start from the customers of this subtree (one the filter requires)."""
        self.anchor = kind
        self.parameters["anchorKey"] = key

    def source(self) -> LiteralString:
        """The MATCH that binds `c`: every customer, or those of the anchor subtree."""
        return _template(_SOURCES[self.anchor])[0]


def compile_filter(customer_filter: CustomerFilter | None) -> CompiledFilter:
    """Compile a filter into a predicate on `c`; FILTER_TOO_COMPLEX beyond the limits."""
    compiled = CompiledFilter("true")
    if customer_filter is None:
        return compiled
    _check_size(customer_filter)
    compiled.predicate = _compile(customer_filter, compiled.parameters, depth=1)
    return compiled


def _compile(node: CustomerFilter, params: dict[str, Any], depth: int) -> str:
    if depth > MAX_DEPTH:
        raise UserInputError.single(
            ErrorCode.FILTER_TOO_COMPLEX,
            f"filters may nest at most {MAX_DEPTH} levels deep",
            ("filter",),
        )
    # Parameters are named in order of binding, so the helpers run (and bind) in this order.
    parts = [
        *_tag_parts(node, params),
        *_history_parts(node, params),
        *_tree_parts(node, params),
        *_comparison_parts(node, params),
        *_child_parts(node, params, depth),
    ]
    return " AND ".join(parts) if parts else "true"


def _bind(params: dict[str, Any], value: Any) -> str:
    """Add the value to the parameters under the next generated name ($f0, $f1, …)."""
    name = f"f{len(params)}"
    params[name] = value
    return name


def _tag_parts(node: CustomerFilter, params: dict[str, Any]) -> list[str]:
    """hasTag, hasAllTags, hasAnyTag, hasAnyTagInCategory."""
    parts: list[str] = []
    if node.has_tag is not None:
        parts.append(_HAS_TAG % _bind(params, node.has_tag))
    if node.has_all_tags:
        distinct = list(dict.fromkeys(node.has_all_tags))  # the check counts distinct ids
        parts.append(_HAS_ALL_TAGS % {"ids": _bind(params, distinct)})
    if node.has_any_tag:
        parts.append(_HAS_ANY_TAG % _bind(params, list(dict.fromkeys(node.has_any_tag))))
    if node.has_any_tag_in_category is not None:
        parts.append(_HAS_ANY_TAG_IN_CATEGORY % _bind(params, node.has_any_tag_in_category))
    return parts


def _history_parts(node: CustomerFilter, params: dict[str, Any]) -> list[str]:
    """hadTag: held at some moment of [since, until)."""
    had = node.had_tag
    if had is None:
        return []
    if had.since >= had.until:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "hadTag: until must be after since", ("filter",)
        )
    bound = _bind(params, {"tagId": had.tag_id, "since": had.since, "until": had.until})
    return [_HAD_TAG.replace("$had", "$" + bound)]  # a generated name, not a value


def _tree_parts(node: CustomerFilter, params: dict[str, Any]) -> list[str]:
    """inIndustry, inRegion: the subtree of a classification tree."""
    parts: list[str] = []
    if node.in_industry is not None:
        parts.append(_IN_INDUSTRY % _bind(params, node.in_industry))
    if node.in_region is not None:
        parts.append(_IN_REGION % _bind(params, node.in_region))
    return parts


def _comparison_parts(node: CustomerFilter, params: dict[str, Any]) -> list[str]:
    """The comparisons of customer properties, in the order of `_COMPARISONS`."""
    parts: list[str] = []
    for attribute, template in _COMPARISONS.items():
        value = getattr(node, attribute)
        if value is not None:
            parts.append(template % _bind(params, value))
    return parts


def _child_parts(node: CustomerFilter, params: dict[str, Any], depth: int) -> list[str]:
    """and, or, not: the nested filters, one level deeper."""
    parts = [f"({_compile(child, params, depth + 1)})" for child in node.and_]
    if node.or_:
        alternatives = [f"({_compile(child, params, depth + 1)})" for child in node.or_]
        parts.append("(" + " OR ".join(alternatives) + ")")
    if node.not_ is not None:
        parts.append(f"NOT ({_compile(node.not_, params, depth + 1)})")
    return parts


def _check_size(root: CustomerFilter) -> None:
    clauses = 0
    stack = [root]
    while stack:
        node = stack.pop()
        clauses += 1
        if clauses > MAX_CLAUSES:
            raise UserInputError.single(
                ErrorCode.FILTER_TOO_COMPLEX,
                f"a filter may hold at most {MAX_CLAUSES} clauses",
                ("filter",),
            )
        if max(len(node.has_all_tags), len(node.has_any_tag)) > MAX_LISTED_TAGS:
            raise UserInputError.single(
                ErrorCode.FILTER_TOO_COMPLEX,
                f"hasAllTags and hasAnyTag take at most {MAX_LISTED_TAGS} tags",
                ("filter",),
            )
        stack.extend(node.and_)
        stack.extend(node.or_)
        if node.not_ is not None:
            stack.append(node.not_)


# Whole queries: the filter_* templates of cypher/segments/, whose {{slots}} take the source
# MATCH and the compiled predicate (and, for orderings, words from fixed maps).
_SLOT = re.compile(r"\{\{([a-z_]+)\}\}")


@cache
def _template(name: str) -> tuple[LiteralString, frozenset[str]]:
    # The file's header documents it; the query is what follows, read once per process.
    lines = query(name).splitlines()
    while lines and lines[0].startswith("//"):
        lines.pop(0)
    body = "\n".join(lines).strip()
    if "{{" in _SLOT.sub("", body):  # a misspelt slot would otherwise reach the database
        raise ValueError(f"{name}.cypher has a slot not spelt {{{{lower_case}}}}")
    return body, frozenset(_SLOT.findall(body))


def _fill(name: str, compiled: CompiledFilter, **slots: str) -> LiteralString:
    """The template with its slots filled; refuses a slot missing, unknown or left over."""
    body, wanted = _template(name)
    given = {"source": compiled.source(), "predicate": compiled.predicate, **slots}
    if set(given) != wanted:
        raise ValueError(f"{name}.cypher takes {sorted(wanted)}, not {sorted(given)}")
    # The driver types queries as LiteralString so that values cannot sneak into them. The
    # template is a shipped file and every slot is generated text: the source another shipped
    # file, the predicate the constant fragments above with generated parameter names, the
    # ordering words taken from fixed maps; values stay in the parameters. One pass, so that
    # nothing filled in is read as a slot.
    return _SLOT.sub(lambda slot: given[slot.group(1)], body)  # type: ignore[return-value,unused-ignore]


def page_query(compiled: CompiledFilter) -> LiteralString:
    """The query for one page of the segment (parameters $afterId and $limit added by caller)."""
    return _fill("filter_page", compiled)


def count_query(compiled: CompiledFilter) -> LiteralString:
    """The query counting the segment's customers."""
    return _fill("filter_count", compiled)


def ids_query(compiled: CompiledFilter) -> LiteralString:
    """The query listing the ids of the segment's customers (parameter $limit)."""
    return _fill("filter_ids", compiled)


def listing_query(compiled: CompiledFilter) -> LiteralString:
    """A self-contained query listing the segment, for analysts to run in Neo4j Browser."""
    return _fill("filter_listing", compiled)


_FACETS: dict[str, str] = {
    "REGION": "filter_facet_region",
    "INDUSTRY": "filter_facet_industry",
    "TAG": "filter_facet_tag",
}


def facet_query(compiled: CompiledFilter, dimension: str) -> LiteralString:
    """The segment's distribution over one level of a tree (REGION, INDUSTRY or TAG);
    parameters $facetParent and, for TAG, $visibleCategoryIds added by the caller."""
    return _fill(_FACETS[dimension], compiled)


def cooccurrence_query(compiled: CompiledFilter) -> LiteralString:
    """Tags held together with $anchorTagId among the segment's customers, with count and lift
    (parameters $anchorTagId, $visibleCategoryIds and $limit added by the caller)."""
    return _fill("filter_cooccurrence", compiled)


def ordered_page_query(compiled: CompiledFilter, order: CustomerOrder) -> LiteralString:
    """One page of the segment in this order (parameters $afterIsNull, $afterValue, $afterId,
    $limit added by the caller)."""
    return _fill(
        "filter_ordered_page",
        compiled,
        property=ORDER_PROPERTIES[order.field],
        later="<" if order.descending else ">",
        direction="DESC" if order.descending else "ASC",
    )


def browser_params(compiled: CompiledFilter) -> str:
    """The `:params` command that sets the segment's parameters in Neo4j Browser."""
    return (
        ":params {"
        + ", ".join(
            f"{name}: {_cypher_literal(value)}" for name, value in compiled.parameters.items()
        )
        + "}"
    )


def _cypher_literal(value: Any) -> str:
    # Display text for Neo4j Browser (never sent to our database): JSON escaping is a valid
    # Cypher string literal, and datetimes become datetime('…') calls.
    if isinstance(value, datetime):
        return f"datetime({json.dumps(value.isoformat())})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_cypher_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_cypher_literal(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)
