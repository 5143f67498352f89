"""Per-customer rows of tree nodes in CSR form (indptr/indices), with changes kept aside
until the next compaction."""

from __future__ import annotations

import numpy as np
from pyroaring import BitMap

EMPTY_ROW = np.empty(0, np.uint16)


class NodeRows:
    """Each customer's sorted node numbers: a compact base (CSR) plus rows changed since."""

    def __init__(self, indptr: np.ndarray, indices: np.ndarray) -> None:
        self.indptr = indptr
        self.indices = indices
        self.changed: dict[int, np.ndarray] = {}
        self.changed_members = BitMap()
        self.change_log: list[int] = []  # every set(), in order (snapshots note how far)

    def get(self, customer: int) -> np.ndarray:
        """The node numbers of a customer (empty for an unknown one)."""
        row = self.changed.get(customer)
        if row is not None:
            return row
        if customer + 1 >= len(self.indptr):
            return EMPTY_ROW
        return self.indices[self.indptr[customer] : self.indptr[customer + 1]]

    def set(self, customer: int, nodes: np.ndarray) -> None:
        """Replace a customer's row."""
        self.changed[customer] = nodes
        self.changed_members.add(customer)
        self.change_log.append(customer)

    def compacted(self, size: int) -> NodeRows:
        """The same rows with the changes folded into the base (vectorized but for them)."""
        base = len(self.indptr) - 1
        lengths = np.zeros(size, np.int64)
        lengths[:base] = np.diff(self.indptr)
        for customer, row in self.changed.items():
            lengths[customer] = len(row)
        indptr = np.zeros(size + 1, np.int64)
        np.cumsum(lengths, out=indptr[1:])
        indices = np.empty(int(indptr[-1]), np.uint16)
        kept = np.setdiff1d(
            np.arange(base), np.fromiter(self.changed, np.int64), assume_unique=True
        )
        counts = lengths[kept]
        if counts.sum():
            ends = np.cumsum(counts)
            source = np.repeat(self.indptr[kept] - (ends - counts), counts)
            target = np.repeat(indptr[kept] - (ends - counts), counts)
            step = np.arange(int(ends[-1]))
            indices[target + step] = self.indices[source + step]
        for customer, row in self.changed.items():
            indices[indptr[customer] : indptr[customer + 1]] = row
        return NodeRows(indptr, indices)
