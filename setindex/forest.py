"""The three trees (tags, industries, regions) as one forest of small integer nodes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from graph.index_feed.model import TreeNodeFact

# Node numbers are stored as uint16 in the per-customer rows; plenty for taxonomies of
# thousands of tags plus the ~500 industry and region nodes.
MAX_NODES = 65_535


class NodeKind(StrEnum):
    """Which tree a node belongs to."""

    TAG = "TAG"
    INDUSTRY = "INDUSTRY"
    REGION = "REGION"


@dataclass(slots=True)
class Forest:
    """Tree nodes numbered 0..n-1; numbers stay stable when the forest is rebuilt."""

    kinds: list[NodeKind] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)  # -1 for a root or a vanished node
    categories: list[str | None] = field(default_factory=list)
    exclusive: list[bool] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    present: list[bool] = field(default_factory=list)
    by_key: dict[tuple[NodeKind, str], int] = field(default_factory=dict)
    children: list[list[int]] = field(default_factory=list)
    ancestors: list[tuple[int, ...]] = field(default_factory=list)  # self first, then upwards
    depths: list[int] = field(default_factory=list)
    ancestor_matrix: np.ndarray = field(default_factory=lambda: np.empty((0, 1), np.int32))

    @classmethod
    def build(cls, facts: Sequence[TreeNodeFact], previous: Forest | None = None) -> Forest:
        """The forest of these nodes, keeping the numbers `previous` gave to known keys."""
        forest = cls()
        if previous is not None:
            for number, (kind, key) in enumerate(zip(previous.kinds, previous.keys, strict=True)):
                forest._add(kind, key, previous.names[number])
        seen: set[int] = set()
        for fact in facts:
            kind = NodeKind(fact.kind)
            known = forest.by_key.get((kind, fact.key))
            number = known if known is not None else forest._add(kind, fact.key, fact.name)
            forest.names[number] = fact.name
            forest.categories[number] = fact.category_id
            forest.exclusive[number] = fact.exclusive
            forest.statuses[number] = fact.status
            forest.present[number] = True
            seen.add(number)
        for fact in facts:
            if fact.parent_key is not None:
                kind = NodeKind(fact.kind)
                child = forest.by_key[(kind, fact.key)]
                parent = forest.by_key.get((kind, fact.parent_key))
                forest.parents[child] = -1 if parent is None else parent
        forest._derive()
        return forest

    def _add(self, kind: NodeKind, key: str, name: str) -> int:
        number = len(self.keys)
        if number >= MAX_NODES:
            raise ValueError(f"more than {MAX_NODES} tree nodes")
        self.kinds.append(kind)
        self.keys.append(key)
        self.names.append(name)
        self.parents.append(-1)
        self.categories.append(None)
        self.exclusive.append(False)
        self.statuses.append("DELETED")
        self.present.append(False)
        self.by_key[(kind, key)] = number
        return number

    def _derive(self) -> None:
        size = len(self.keys)
        self.children = [[] for _ in range(size)]
        for child, parent in enumerate(self.parents):
            if parent >= 0:
                self.children[parent].append(child)
        self.ancestors = []
        for node in range(size):
            upwards = [node]
            while self.parents[upwards[-1]] >= 0 and len(upwards) <= size:
                upwards.append(self.parents[upwards[-1]])
            self.ancestors.append(tuple(upwards))
        self.depths = [len(chain) - 1 for chain in self.ancestors]
        width = max((len(chain) for chain in self.ancestors), default=1)
        matrix = np.full((max(size, 1), width), -1, dtype=np.int32)
        for node, chain in enumerate(self.ancestors):
            matrix[node, : len(chain)] = chain
        self.ancestor_matrix = matrix

    def __len__(self) -> int:
        return len(self.keys)

    def node(self, kind: NodeKind, key: str) -> int | None:
        """The number of a node, or None when the forest does not know it."""
        return self.by_key.get((kind, key))

    def bottom_up(self) -> list[int]:
        """Every node, each after all of its descendants."""
        return sorted(range(len(self.keys)), key=lambda node: -self.depths[node])

    def tags_in_category(self, category_id: str) -> list[int]:
        """The tag nodes of a category."""
        return [
            node
            for node, category in enumerate(self.categories)
            if category == category_id and self.kinds[node] is NodeKind.TAG
        ]

    def path(self, node: int) -> list[int]:
        """Root first, down to the node."""
        return list(reversed(self.ancestors[node]))

    def expand(self, direct: np.ndarray) -> np.ndarray:
        """The sorted set of the nodes and all their ancestors (uint16)."""
        if direct.size == 0:
            return np.empty(0, np.uint16)
        rows = self.ancestor_matrix[direct.astype(np.int64)]
        return np.unique(rows[rows >= 0]).astype(np.uint16)
