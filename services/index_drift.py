"""Writes that leave no change notice (an analyst's edit in Neo4j Browser, a script over Bolt)
are invisible to the index that follows the notices. The keeper compares the index with the
graph by cheap counts now and then — the tree nodes, how many customers hold each tag (a degree
lookup per tag), how many customers there are (the count store) — and reloads what differs.

A difference is acted on only when it is stable: seen in two checks in a row with the graph's
side unchanged in between. A write in flight (committed, its notice not applied yet) shows as a
difference for one poll interval and is left to the notices."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.index_feed.model import TreeNodeFact


@dataclass(frozen=True, slots=True)
class GraphCounts:
    """What one check read from the graph."""

    trees: int  # a signature of every tree node with its parent, category and status
    held: dict[str, int]  # tag id → customers holding it directly
    customers: int


@dataclass(frozen=True, slots=True)
class IndexCounts:
    """The same figures, as the index has them."""

    trees: int
    held: dict[str, int]
    customers: int


@dataclass(frozen=True, slots=True)
class Drift:
    """What to reload: the trees, the holders of some tags, the set of customers."""

    trees: bool = False
    tag_ids: tuple[str, ...] = ()
    customers: bool = False

    def __bool__(self) -> bool:
        return self.trees or bool(self.tag_ids) or self.customers


@dataclass(slots=True)
class DriftWatch:
    """Remembers the previous check, so that only stable differences count."""

    previous: GraphCounts | None = None
    suspects: Drift = field(default_factory=Drift)

    def observe(self, graph: GraphCounts, index: IndexCounts) -> Drift:
        """The differences seen now and in the previous check, the graph unchanged between."""
        now = differences(graph, index)
        before, self.suspects, previous = self.suspects, now, self.previous
        self.previous = graph
        if previous is None:
            return Drift()
        return Drift(
            trees=now.trees and before.trees and graph.trees == previous.trees,
            tag_ids=tuple(
                tag
                for tag in now.tag_ids
                if tag in before.tag_ids and graph.held.get(tag) == previous.held.get(tag)
            ),
            customers=now.customers and before.customers and graph.customers == previous.customers,
        )


def differences(graph: GraphCounts, index: IndexCounts) -> Drift:
    """Where the index's counts differ from the graph's."""
    tags = sorted(
        tag
        for tag in graph.held.keys() | index.held.keys()
        if graph.held.get(tag, 0) != index.held.get(tag, 0)
    )
    return Drift(
        trees=graph.trees != index.trees,
        tag_ids=tuple(tags),
        customers=graph.customers != index.customers,
    )


def tree_signature(facts: list[TreeNodeFact]) -> int:
    """One number that changes when any tree node, its parent, category or status does."""
    return hash(frozenset(facts))
