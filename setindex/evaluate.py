"""A customer filter evaluated as set algebra over the store's bitmaps.

Tree predicates are bitmaps already (the closure of a node: its customers and those of every
descendant). Comparisons on attributes are applied to the candidates the tree predicates of
the same AND leave, so a narrow segment never scans a million values. Semantics follow the
Cypher path exactly: a comparison with a missing value is false, NOT is the complement
within all customers. Filters the index cannot answer (history, names) return None.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
from pyroaring import BitMap

from graph.segments.model import CustomerFilter, NamedTaxonomy
from graph.viewer import Viewer
from setindex.bitmaps import bitmap_of, numbers_of
from setindex.forest import Forest, NodeKind
from setindex.store import CustomerStore

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_Comparison = tuple[str, Callable[[np.ndarray, float], np.ndarray], float]


def supports(customer_filter: CustomerFilter | None) -> bool:
    """Whether the index can answer this filter (history and name search need the graph)."""
    if customer_filter is None:
        return True
    if customer_filter.had_tag is not None or customer_filter.name_contains is not None:
        return False
    children = [*customer_filter.and_, *customer_filter.or_]
    if customer_filter.not_ is not None:
        children.append(customer_filter.not_)
    return all(supports(child) for child in children)


def visible_in_forest(forest: Forest, viewer: Viewer, named: NamedTaxonomy) -> bool:
    """Whether the forest knows every named tag and category, each in a category the viewer
    may see (False means: ask the graph, which also knows what is newer than the index)."""
    visible = viewer.visible_category_ids
    for tag_id in named.tag_ids:
        node = forest.node(NodeKind.TAG, tag_id)
        if node is None or not forest.present[node]:
            return False
        if visible is not None and forest.categories[node] not in visible:
            return False
    return all(
        (visible is None or category in visible)
        and any(forest.present[node] for node in forest.tags_in_category(category))
        for category in named.category_ids
    )


def evaluate(store: CustomerStore, customer_filter: CustomerFilter | None) -> BitMap:
    """The customers matching a supported filter."""
    if customer_filter is None:
        return BitMap(store.alive)
    return _evaluate(store, customer_filter)


def _evaluate(store: CustomerStore, node: CustomerFilter) -> BitMap:
    # The conjuncts of nested `and`s are pooled, so that their comparisons filter the
    # intersection of all the sets instead of scanning every customer on their own.
    sets: list[BitMap] = []
    comparisons: list[_Comparison] = []
    pending = [node]
    while pending:
        part = pending.pop()
        sets += _tree_sets(store, part)
        comparisons += _comparisons(part)
        pending += part.and_
        if part.or_:
            sets.append(BitMap.union(*(_evaluate(store, child) for child in part.or_)))
        if part.not_ is not None:
            sets.append(store.alive - _evaluate(store, part.not_))
    if not sets:
        if not comparisons:
            return BitMap(store.alive)
        sets = [store.alive]
    sets.sort(key=len)
    result = sets[0]
    for other in sets[1:]:  # smallest first: pairwise & is 3x BitMap.intersection(*sets)
        result = result & other
    if result is sets[0]:
        result = BitMap(result)  # a copy: the caller may keep or change it
    if comparisons and result:
        candidates = numbers_of(result).astype(np.int64)
        keep = np.ones(len(candidates), dtype=bool)
        for attribute, compare, bound in comparisons:
            values = store.column(attribute).take(candidates)
            with np.errstate(invalid="ignore"):
                keep &= compare(values, bound)  # NaN compares false, like a missing value
        result = bitmap_of(candidates.take(np.flatnonzero(keep)))
    return result


def _tree_sets(store: CustomerStore, node: CustomerFilter) -> list[BitMap]:
    forest = store.forest
    empty = BitMap()

    def closure(kind: NodeKind, key: str) -> BitMap:
        number = forest.node(kind, key)
        return store.closure[number] if number is not None else empty

    sets: list[BitMap] = []
    if node.has_tag is not None:
        sets.append(closure(NodeKind.TAG, node.has_tag))
    sets += [closure(NodeKind.TAG, tag_id) for tag_id in node.has_all_tags]
    if node.has_any_tag:
        sets.append(BitMap.union(*(closure(NodeKind.TAG, t) for t in node.has_any_tag)))
    if node.has_any_tag_in_category is not None:
        tags = forest.tags_in_category(node.has_any_tag_in_category)
        sets.append(BitMap.union(empty, *(store.direct[tag] for tag in tags)))
    if node.in_industry is not None:
        sets.append(closure(NodeKind.INDUSTRY, node.in_industry))
    if node.in_region is not None:
        sets.append(closure(NodeKind.REGION, node.in_region))
    return sets


def _comparisons(node: CustomerFilter) -> list[_Comparison]:
    found: list[_Comparison] = []
    for attribute, value, compare in (
        ("employees", node.employees_gte, np.greater_equal),
        ("employees", node.employees_lte, np.less_equal),
        ("annual_revenue", node.annual_revenue_gte, np.greater_equal),
        ("annual_revenue", node.annual_revenue_lte, np.less_equal),
        ("last_interaction_us", node.last_interaction_before, np.less),
        ("last_interaction_us", node.last_interaction_after, np.greater),
        ("created_us", node.created_before, np.less),
        ("created_us", node.created_after, np.greater),
    ):
        if value is not None:
            bound = _micros(value) if isinstance(value, datetime) else float(value)
            found.append((attribute, compare, bound))
    return found


def _micros(moment: datetime) -> float:
    # Whole microseconds since the epoch, as the graph feed reports them (exact in a float);
    # a naive time means UTC, as everywhere in the API.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - _EPOCH
    return float(delta.days * 86_400_000_000 + delta.seconds * 1_000_000 + delta.microseconds)
