"""Tag-path similarity: weighted Jaccard over ancestor-expanded node sets (SimGIC).

Each customer is the set of tree nodes it holds and all their ancestors (tags, its industry,
its region). A node weighs its information content, -ln(share of customers holding it or a
descendant), times the weight of its tree. For a query profile q (a customer: q_n = w_n on
its nodes; a seed audience: q_n = w_n x share of seeds holding n) and a customer B:

    score(q, B) = sum(q_n for n in B) / (sum(q_n) + sum(w_n for n in B) - sum(q_n for n in B))

which is the weighted Jaccard of two customers, and its fuzzy generalisation (Ruzicka) for
an audience. Top-k search is exact: a customer holding none of the profile's j heaviest nodes
scores at most (the weight of the rest) / sum(q_n), so once that bound falls below the k-th
best score found among the customers of those j nodes, nobody else can enter the top k.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from pyroaring import BitMap

from setindex.forest import NodeKind
from setindex.store import CustomerStore

PILOT_CANDIDATES = 2_000
_GATHER_CHUNK = 100_000
# Scores are compared at this precision, so that both search paths order ties the same way.
_DIGITS = 12


@dataclass(frozen=True, slots=True)
class TreeWeights:
    """How much each tree counts: tags fully, industry and region as configured."""

    tag: float = 1.0
    industry: float = 0.5
    region: float = 0.5

    def of(self, kind: NodeKind) -> float:
        """The weight of a tree."""
        return {NodeKind.TAG: self.tag, NodeKind.INDUSTRY: self.industry}.get(kind, self.region)


@dataclass(frozen=True, slots=True)
class Match:
    """A customer number and its score against the profile."""

    customer: int
    score: float
    shared_weight: float


@dataclass(slots=True)
class Profile:
    """What is searched for: a weight per node, and who is left out of the answers."""

    nodes: np.ndarray  # node numbers, heaviest first
    values: np.ndarray  # q_n, aligned with nodes
    excluded: BitMap

    @property
    def total(self) -> float:
        """sum(q_n)."""
        return float(self.values.sum())


class Similarity:
    """Node weights as the store stands now, and the searches that use them. Cheap to make
    (a count per node): make one per request, so every answer uses the current counts."""

    def __init__(self, store: CustomerStore, trees: TreeWeights) -> None:
        self.store = store
        self.trees = trees
        alive = max(len(store.alive), 1)
        counts = np.array([len(bitmap) for bitmap in store.closure], dtype=np.float64)
        scale = np.array([trees.of(kind) for kind in store.forest.kinds], dtype=np.float64)
        with np.errstate(divide="ignore"):
            information = np.where(counts > 0, -np.log(counts / alive), 0.0)
        self.weights = np.maximum(information, 0.0) * scale

    def total_weight(self, customer: int) -> float:
        """sum(w_n) over a customer's nodes."""
        return float(self.weights[self.store.closure_rows.get(customer).astype(np.int64)].sum())

    def customer_profile(self, customer: int) -> Profile:
        """The profile of one customer: its nodes at full weight; itself excluded."""
        nodes = self.store.closure_rows.get(customer).astype(np.int64)
        values = self.weights[nodes]
        return _profile(nodes, values, BitMap([customer]))

    def audience_profile(self, seeds: BitMap) -> Profile:
        """The profile of an audience: each node weighted by the share of seeds holding it."""
        size = max(len(seeds), 1)
        nodes = np.array(
            [n for n, bitmap in enumerate(self.store.closure) if bitmap.intersect(seeds)],
            dtype=np.int64,
        )
        shares = np.array(
            [self.store.closure[n].intersection_cardinality(seeds) / size for n in nodes]
        )
        return _profile(nodes, self.weights[nodes] * shares, BitMap(seeds))

    def top(self, profile: Profile, k: int) -> list[Match]:
        """The k best-scoring customers, exactly, scoring as few customers as possible."""
        if k <= 0 or profile.total <= 0:
            return []
        remaining = profile.total - np.cumsum(profile.values)  # weight of the nodes after j
        pilot = BitMap()
        for j in range(len(profile.nodes)):
            pilot |= self.store.closure[int(profile.nodes[j])]
            if len(pilot) - len(profile.excluded) >= max(PILOT_CANDIDATES, 4 * k):
                break
        pilot -= profile.excluded
        found = self._score(profile, pilot, k)
        threshold = found[k - 1].score if len(found) >= k else 0.0
        # Customers outside the first j nodes' closures score at most remaining[j] / total.
        depth = len(profile.nodes)
        for j in range(len(profile.nodes)):
            if remaining[j] / profile.total < threshold:
                depth = j + 1
                break
        candidates = BitMap.union(
            BitMap(), *(self.store.closure[int(node)] for node in profile.nodes[:depth])
        )
        candidates -= profile.excluded
        if candidates == pilot:
            return found[:k]
        return self._score(profile, candidates, k)

    def exact_top(self, profile: Profile, k: int) -> list[Match]:
        """The k best by scoring every customer (the reference the fast search must equal)."""
        return self._score(profile, self.store.alive - profile.excluded, k)

    def score_pair(self, first: int, second: int) -> float:
        """The similarity of two customers."""
        matches = self._score(self.customer_profile(first), BitMap([second]), 1)
        return matches[0].score if matches else 0.0

    def _score(self, profile: Profile, candidates: BitMap, k: int) -> list[Match]:
        """The k best candidates by exact score, best first (ties by customer id)."""
        if not candidates:
            return []
        numbers = np.frombuffer(candidates.to_array(), dtype=np.uint32).astype(np.int64)
        shared = np.zeros(len(numbers))
        for node, value in zip(profile.nodes.tolist(), profile.values.tolist(), strict=True):
            closure = self.store.closure[node]
            hits = candidates.intersection_cardinality(closure)
            if hits == 0:
                continue
            if hits * 2 <= len(numbers):
                held = np.frombuffer((candidates & closure).to_array(), dtype=np.uint32)
                shared[np.searchsorted(numbers, held)] += value
            else:  # most candidates hold it: add to all, take back from those that do not
                shared += value
                lacking = np.frombuffer((candidates - closure).to_array(), dtype=np.uint32)
                shared[np.searchsorted(numbers, lacking)] -= value
        totals = self._totals(numbers, candidates)
        union = profile.total + totals - shared
        with np.errstate(invalid="ignore", divide="ignore"):
            scores = np.where(union > 0, shared / union, 0.0)
        scores = np.round(scores, _DIGITS)
        keep = scores > 0
        if len(scores) > k:  # only the k best (and those tied with the k-th) get sorted
            kth = -np.partition(-scores, k - 1)[k - 1]
            keep &= scores >= kth
        numbers, scores, shared = numbers[keep], scores[keep], shared[keep]
        ids = self.store.ids
        order = sorted(range(len(numbers)), key=lambda i: (-scores[i], ids[numbers[i]]))[:k]
        return [Match(int(numbers[i]), float(scores[i]), float(shared[i])) for i in order]

    def _totals(self, numbers: np.ndarray, candidates: BitMap) -> np.ndarray:
        """sum(w_n) over each candidate's nodes, gathered from the rows (in chunks, so that a
        brute force over every customer does not need gigabytes of temporaries)."""
        rows = self.store.closure_rows
        totals = np.zeros(len(numbers))
        base = len(rows.indptr) - 1
        for start in range(0, len(numbers), _GATHER_CHUNK):
            chunk = numbers[start : start + _GATHER_CHUNK]
            in_base = chunk < base
            starts = rows.indptr[chunk[in_base]]
            lengths = rows.indptr[chunk[in_base] + 1] - starts
            if not lengths.sum():
                continue
            ends = np.cumsum(lengths)
            firsts = ends - lengths
            positions = np.repeat(starts - firsts, lengths) + np.arange(int(ends[-1]))
            gathered = np.append(self.weights[rows.indices[positions].astype(np.int64)], 0.0)
            sums = np.add.reduceat(gathered, firsts)  # an empty row is masked just below
            part = totals[start : start + _GATHER_CHUNK]
            part[in_base] = np.where(lengths > 0, sums, 0.0)
        # Rows changed since the store was built live outside the base arrays.
        for number in rows.changed_members & candidates:
            totals[np.searchsorted(numbers, number)] = self.total_weight(number)
        return totals


def _profile(nodes: np.ndarray, values: np.ndarray, excluded: BitMap) -> Profile:
    keep = values > 0
    nodes, values = nodes[keep], values[keep]
    order = np.lexsort((nodes, -values))  # heaviest first, ties by node number
    return Profile(nodes[order], values[order], excluded)


def information_content(share: float) -> float:
    """-ln(share): 0 for a node everybody holds, large for a rare one."""
    return -math.log(share) if share > 0 else 0.0
