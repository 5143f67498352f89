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

from dataclasses import dataclass

import numpy as np
from pyroaring import BitMap

from setindex.bitmaps import bitmap_of, numbers_of
from setindex.forest import Forest, NodeKind
from setindex.store import CustomerStore

PILOT_CANDIDATES = 5_000
_GATHER_CHUNK = 100_000
# Candidates few enough to score exactly from their rows rather than to prune further.
EXACT_BUDGET = 5_000
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


def node_weights(
    store: CustomerStore, trees: TreeWeights, visible: frozenset[str] | None = None
) -> np.ndarray:
    """w(n) for every node, from the store's current counts. With `visible` (category ids),
    the tags of every other category weigh 0: they are in no profile and in no total, so
    similarity is computed over what a viewer restricted to those categories may see."""
    alive = max(len(store.alive), 1)
    counts = np.array([len(bitmap) for bitmap in store.closure], dtype=np.float64)
    by_kind = {kind: trees.of(kind) for kind in NodeKind}
    scale = np.array([by_kind[kind] for kind in store.forest.kinds], dtype=np.float64)
    if visible is not None:
        scale *= visible_nodes(store.forest, visible)
    with np.errstate(divide="ignore"):
        information = np.where(counts > 0, -np.log(counts / alive), 0.0)
    return np.asarray(np.maximum(information, 0.0) * scale)


def visible_nodes(forest: Forest, visible: frozenset[str]) -> np.ndarray:
    """Per node, whether a viewer restricted to these tag categories may see it (industries
    and regions are seen by everyone)."""
    return np.array(
        [
            kind is not NodeKind.TAG or category in visible
            for kind, category in zip(forest.kinds, forest.categories, strict=True)
        ],
        dtype=bool,
    )


@dataclass(slots=True)
class TotalsSnapshot:
    """Every customer's total weight at one moment (a pass over all rows, made in the
    background). Searches turn it into a lower bound of the current totals, which prunes most
    candidates before they are scored; the scores themselves always use current weights."""

    rows: object  # the NodeRows it was computed from (compaction replaces them)
    changes_seen: int  # len(rows.change_log) then: customers changed later are not covered
    weights: np.ndarray
    totals: np.ndarray
    longest: int  # the most nodes any row held

    @classmethod
    def take(
        cls, store: CustomerStore, trees: TreeWeights, visible: frozenset[str] | None = None
    ) -> TotalsSnapshot:
        """Compute it now (about a second on a million customers), with the weights of
        `node_weights(store, trees, visible)`."""
        rows = store.closure_rows
        seen = len(rows.change_log)
        weights = node_weights(store, trees, visible)
        base = len(rows.indptr) - 1
        numbers = np.arange(base, dtype=np.int64)
        (totals,) = _row_sums(rows.indptr, rows.indices, numbers, weights)
        longest = int(np.diff(rows.indptr).max(initial=0))
        for number in set(rows.change_log[:seen]):
            if number < base:
                row = rows.get(number)
                totals[number] = weights[row.astype(np.int64)].sum()
                longest = max(longest, len(row))
        return cls(rows, seen, weights, totals, longest)


class Similarity:
    """Node weights as the store stands now, and the searches that use them. Cheap to make
    (a count per node): make one per request, so every answer uses the current counts.
    With `visible` (tag category ids) it is the similarity a viewer restricted to them sees:
    other categories' tags weigh nothing (`node_weights`); `weights` and `snapshot`, when
    given, must be of the same visible set."""

    def __init__(
        self,
        store: CustomerStore,
        trees: TreeWeights,
        snapshot: TotalsSnapshot | None = None,
        weights: np.ndarray | None = None,
        visible: frozenset[str] | None = None,
    ) -> None:
        self.store = store
        self.trees = trees
        self.visible = visible
        self.weights = node_weights(store, trees, visible) if weights is None else weights
        self.snapshot = snapshot if snapshot and snapshot.rows is store.closure_rows else None

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
        # 1. A pilot: the customers of the heaviest nodes, scored exactly, give a k-th best
        #    score theta that the final answer can only beat.
        found = self._score(profile, self._pilot(profile, k), k)
        theta = found[k - 1].score if len(found) >= k else 0.0
        # 2. Essential nodes: the fewest heaviest ones whose rest weighs less than theta of
        #    the profile. A customer scoring theta shares at least theta x total, so it holds
        #    one of them, and its weight on them plus the rest's must reach that much.
        rest = profile.total - np.cumsum(profile.values)  # weight after the j-th node
        needed = theta * profile.total * (1 - 1e-9)
        essential = len(profile.nodes)
        if theta > 0:
            essential = int(np.argmax(rest < needed)) + 1
        # Candidates: the customers of the essential nodes (a union in C), with their weight
        # on those nodes so far. (Cutting them by that weight alone removes next to nobody:
        # the essential nodes are the fewest whose rest is just below what is needed.)
        nodes = profile.nodes[:essential].tolist()
        union = BitMap.union(*(self.store.closure[node] for node in nodes)) - profile.excluded
        heavy = np.zeros(self.store.size)
        for node, value in zip(nodes, profile.values[:essential].tolist(), strict=True):
            np.add.at(heavy, numbers_of(self.store.closure[node]), value)  # 3x `+=` by index
        candidates = numbers_of(union).astype(np.int64)
        partial = heavy.take(candidates)
        del heavy
        floor = self._total_floor(candidates)
        # 3. The lighter nodes one by one: each tightens every candidate's bound, and those
        #    that cannot reach theta drop out. With I <= partial + the weight still to come
        #    (bound) and the candidate's own total >= floor: score <= bound / (total_q +
        #    max(floor - bound, 0)).
        for j in range(essential, len(profile.nodes) + 1):
            bound = partial + rest[j - 1]
            keep = bound >= theta * (profile.total + np.maximum(floor - bound, 0.0)) * (1 - 1e-9)
            # Positions then take(): a boolean mask over half a million values is 5x slower.
            chosen = np.flatnonzero(keep)
            candidates, partial, floor = (
                candidates.take(chosen),
                partial.take(chosen),
                floor.take(chosen),
            )
            if j == len(profile.nodes):
                break
            if len(candidates) <= EXACT_BUDGET:
                break
            held = bitmap_of(candidates) & self.store.closure[int(profile.nodes[j])]
            partial[np.searchsorted(candidates, numbers_of(held))] += profile.values[j]
        # 4. The survivors, scored exactly.
        return self._score(profile, bitmap_of(candidates), k)

    def _pilot(self, profile: Profile, k: int) -> BitMap:
        """Likely neighbours to score first: customers holding two of the five heaviest
        nodes (or the customers of the heaviest ones when those are too few), at most
        PILOT_CANDIDATES of them: any subset gives a valid theta."""
        heaviest = [self.store.closure[n] for n in profile.nodes[:5].tolist()]
        pilot = BitMap()
        for i, first in enumerate(heaviest):
            for second in heaviest[i + 1 :]:
                pilot |= first & second
        for bitmap in heaviest:
            if len(pilot) >= 4 * k + len(profile.excluded):
                break
            pilot |= bitmap
        pilot -= profile.excluded
        if len(pilot) > PILOT_CANDIDATES:
            numbers = numbers_of(pilot)
            chosen = np.linspace(0, len(numbers) - 1, PILOT_CANDIDATES).astype(np.int64)
            pilot = bitmap_of(numbers[chosen])
        return pilot

    def _total_floor(self, candidates: np.ndarray) -> np.ndarray:
        """A lower bound of each candidate's current total weight (0 where unknown)."""
        snapshot = self.snapshot
        if snapshot is None:
            return np.zeros(len(candidates))
        # Each node's weight moved by at most drift since the snapshot.
        size = len(snapshot.weights)
        drift = float(np.max(np.abs(self.weights[:size] - snapshot.weights), initial=0.0))
        if len(self.weights) > size:
            drift = max(drift, float(self.weights[size:].max()))
        # One gather: a customer's total moved by at most drift per node, and it holds no
        # more nodes than the longest row did (two gathers cost four times as much).
        slack = snapshot.longest * drift
        if not len(candidates) or candidates[-1] < len(snapshot.totals):  # sorted: all inside
            floor = snapshot.totals.take(candidates) - slack
        else:
            floor = np.zeros(len(candidates))
            inside = candidates < len(snapshot.totals)
            floor[inside] = snapshot.totals[candidates[inside]] - slack
        rows = self.store.closure_rows
        later = rows.change_log[snapshot.changes_seen :]
        if later:  # changed since the snapshot: no bound
            stale = np.isin(candidates, np.fromiter(set(later), np.int64))
            floor[stale] = 0.0
        return np.maximum(floor, 0.0)

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
        numbers = numbers_of(candidates).astype(np.int64)
        wanted = np.zeros(len(self.weights))
        wanted[profile.nodes] = profile.values
        shared, totals = self._sums(numbers, candidates, wanted)
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

    def _sums(
        self, numbers: np.ndarray, candidates: BitMap, wanted: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per candidate: the profile weight of its nodes and the weight of all its nodes, from
        its row, in chunks (a brute force over everyone needs no gigabytes of temporaries)."""
        rows = self.store.closure_rows
        shared, totals = _row_sums(rows.indptr, rows.indices, numbers, wanted, self.weights)
        # Rows changed since the store was built live outside the base arrays.
        for number in rows.changed_members & candidates:
            position = int(np.searchsorted(numbers, number))
            row = rows.get(number).astype(np.int64)
            shared[position] = wanted[row].sum()
            totals[position] = self.weights[row].sum()
        return shared, totals


def _row_sums(
    indptr: np.ndarray, indices: np.ndarray, numbers: np.ndarray, *values: np.ndarray
) -> list[np.ndarray]:
    """For each values array: per row in `numbers` (of the CSR base; 0 for others), the sum
    of values[node] over the row's nodes; in chunks, so that a pass over everyone needs no
    gigabytes. The value arrays are gathered together, as one table of a row per node."""
    sums = [np.zeros(len(numbers)) for _ in values]
    table = np.stack(values, axis=1)
    base = len(indptr) - 1
    for start in range(0, len(numbers), _GATHER_CHUNK):
        chunk = numbers[start : start + _GATHER_CHUNK]
        inside = np.flatnonzero(chunk < base)
        rows = chunk.take(inside)
        starts = indptr.take(rows)
        lengths = indptr.take(rows + 1) - starts
        total = int(lengths.sum())
        if not total:
            continue
        ends = np.cumsum(lengths)
        firsts = ends - lengths
        positions = np.repeat(starts - firsts, lengths)
        positions += np.arange(total)
        nonempty = np.flatnonzero(lengths)  # reduceat would give an empty row a neighbour's
        row_sums = np.add.reduceat(
            table.take(indices.take(positions), axis=0), firsts.take(nonempty), axis=0
        )
        targets = start + inside.take(nonempty)
        for column, target in enumerate(sums):
            target[targets] = row_sums[:, column]
    return sums


def _profile(nodes: np.ndarray, values: np.ndarray, excluded: BitMap) -> Profile:
    keep = values > 0
    nodes, values = nodes[keep], values[keep]
    order = np.lexsort((nodes, -values))  # heaviest first, ties by node number
    return Profile(nodes[order], values[order], excluded)
