"""Customers in memory: a roaring bitmap of customers per tree node, node rows per customer,
and the numeric attributes segments compare, all kept equal to the graph's facts."""

from __future__ import annotations

import bisect
import threading
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import ParamSpec, TypeVar

import numpy as np
from pyroaring import BitMap

from graph.customers.model import Customer, moment_from_micros
from graph.index_feed.model import CustomerFact
from setindex.forest import Forest, NodeKind
from setindex.profiles import Profiles
from setindex.rows import EMPTY_ROW, NodeRows

ATTRIBUTES = ("employees", "annual_revenue", "last_interaction_us", "created_us", "updated_us")
_EMPTY = EMPTY_ROW


P = ParamSpec("P")
T = TypeVar("T")


@dataclass(slots=True, weakref_slot=True)
class CustomerStore:
    """The index's customers, numbered densely; numbers below `sorted_prefix` follow id order."""

    forest: Forest
    ids: list[str]
    positions: dict[str, int]
    sorted_prefix: int
    alive: BitMap
    direct: list[BitMap]  # per node: customers holding it directly
    closure: list[BitMap]  # per node: customers holding it or a descendant
    direct_rows: NodeRows
    closure_rows: NodeRows
    attributes: dict[str, np.ndarray]  # float64, NaN where the graph has no value
    profiles: Profiles
    version: int = 0
    # Searches read the store from worker threads while its keeper changes it on the event
    # loop: both hold this lock, so that no read sees half of a change.
    guard: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def locked(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`work(*args, **kwargs)` while no change is applied (for reads in worker threads)."""
        with self.guard:
            return work(*args, **kwargs)

    @classmethod
    def build(cls, forest: Forest, facts: list[CustomerFact]) -> CustomerStore:
        """The store of these customers (given in id order)."""
        builder = StoreBuilder(forest)
        builder.add(facts)
        return builder.finish()

    @classmethod
    def _from_columns(
        cls,
        forest: Forest,
        ids: list[str],
        counts: np.ndarray,
        direct_nodes: np.ndarray,
        attributes: dict[str, np.ndarray],
        profiles: Profiles,
    ) -> CustomerStore:
        size = len(ids)
        owners = np.repeat(np.arange(size, dtype=np.int64), counts)
        direct_rows = _rows_from_pairs(owners, direct_nodes, size)
        del owners, direct_nodes
        closure_rows = _closure_rows(forest, direct_rows, size)
        store = cls(
            forest=forest,
            ids=ids,
            positions={customer_id: number for number, customer_id in enumerate(ids)},
            sorted_prefix=size,
            alive=BitMap(range(size)),
            direct=_bitmaps_from_rows(direct_rows, len(forest)),
            closure=_bitmaps_from_rows(closure_rows, len(forest)),
            direct_rows=direct_rows,
            closure_rows=closure_rows,
            attributes=attributes,
            profiles=profiles,
        )
        return store

    # -- changes --------------------------------------------------------------------------

    def unknown_keys(self, facts: Iterable[CustomerFact]) -> bool:
        """Whether some fact names a tree node the forest does not know yet."""
        return any(len(_direct_nodes(self.forest, fact)) < _named_nodes(fact) for fact in facts)

    def upsert(self, fact: CustomerFact) -> None:
        """Make the store hold this customer exactly as the graph does."""
        number = self.positions.get(fact.id)
        if number is None:
            number = self._append(fact.id)
        direct = np.unique(np.asarray(_direct_nodes(self.forest, fact), np.int64)).astype(np.uint16)
        closure = self.forest.expand(direct)
        _move(self.direct, number, self.direct_rows.get(number), direct)
        _move(self.closure, number, self.closure_rows.get(number), closure)
        self.direct_rows.set(number, direct)
        self.closure_rows.set(number, closure)
        for name in ATTRIBUTES:
            value = getattr(fact, name)
            self.attributes[name][number] = np.nan if value is None else float(value)
        self.profiles.put(number, fact)
        self.alive.add(number)
        self.version += 1

    def remove(self, customer_id: str) -> None:
        """Forget an erased customer."""
        number = self.positions.get(customer_id)
        if number is None or number not in self.alive:
            return
        _move(self.direct, number, self.direct_rows.get(number), _EMPTY)
        _move(self.closure, number, self.closure_rows.get(number), _EMPTY)
        self.direct_rows.set(number, _EMPTY)
        self.closure_rows.set(number, _EMPTY)
        for column in self.attributes.values():
            column[number] = np.nan
        self.profiles.put(number, None)
        self.alive.discard(number)
        self.version += 1

    def retree(self, forest: Forest) -> None:
        """Adopt a changed forest: new nodes, and closures recomputed where parents changed."""
        old = self.forest
        moved = {node for node in range(len(old)) if old.ancestors[node] != forest.ancestors[node]}
        self.forest = forest
        while len(self.direct) < len(forest):
            self.direct.append(BitMap())
            self.closure.append(BitMap())
        if moved:
            for node in forest.bottom_up():
                merged = BitMap(self.direct[node])
                for child in forest.children[node]:
                    merged |= self.closure[child]
                self.closure[node] = merged
            affected = BitMap.union(*(self.direct[node] for node in moved))
            for number in affected:
                self.closure_rows.set(number, forest.expand(self.direct_rows.get(number)))
        self.version += 1

    def _append(self, customer_id: str) -> int:
        number = len(self.ids)
        self.ids.append(customer_id)
        self.positions[customer_id] = number
        for name, column in self.attributes.items():
            if number >= len(column):
                grown = np.full(max(16, 2 * len(column)), np.nan)
                grown[: len(column)] = column
                self.attributes[name] = grown
        return number

    # -- reading ---------------------------------------------------------------------------

    @property
    def size(self) -> int:
        """How many customer numbers are in use (erased ones included)."""
        return len(self.ids)

    def column(self, name: str) -> np.ndarray:
        """An attribute for every customer number (NaN where missing)."""
        return self.attributes[name][: self.size]

    def customer(self, number: int) -> Customer:
        """The customer at this number as the graph held it when the store last took it in."""
        return self.customers([number])[0]

    def customers(self, numbers: list[int]) -> list[Customer]:
        """The customers at these numbers (one gather per column, not a lookup per value)."""
        profiles = self.profiles
        chosen = np.asarray(numbers, dtype=np.int64)
        columns = {name: self.attributes[name].take(chosen).tolist() for name in ATTRIBUTES}
        found = []
        for i, number in enumerate(numbers):
            employees = columns["employees"][i]
            created, updated, last = (column[number] for column in profiles.offsets)
            found.append(
                Customer(
                    id=self.ids[number],
                    name=profiles.names[number] or "",
                    kind=profiles.kinds[number] or "COMPANY",
                    employees=None if employees != employees else int(employees),  # NaN: none
                    annual_revenue=_optional(columns["annual_revenue"][i]),
                    email=profiles.emails[number],
                    phone=profiles.phones[number],
                    industry_code=profiles.industries[number],
                    region_code=profiles.regions[number],
                    created_at=_moment(columns["created_us"][i], created),
                    updated_at=_moment(columns["updated_us"][i], updated),
                    last_interaction_at=_moment(columns["last_interaction_us"][i], last),
                )
            )
        return found

    def page(self, members: BitMap, after_id: str, limit: int) -> list[str]:
        """Up to `limit` member ids after `after_id`, in id order."""
        start = bisect.bisect_right(self.ids, after_id, 0, self.sorted_prefix)
        head: list[str] = []
        for number in members.iter_equal_or_larger(start):
            if number >= self.sorted_prefix or len(head) == limit:
                break
            head.append(self.ids[number])
        tail_members = members & BitMap(range(self.sorted_prefix, max(self.size, 1)))
        if not tail_members:
            return head
        tail = sorted(
            customer_id
            for customer_id in (self.ids[number] for number in tail_members)
            if customer_id > after_id
        )
        return sorted(head + tail[:limit])[:limit]

    def compact(self) -> None:
        """Fold the rows changed since the build into the base arrays, so that bulk reads
        (similarity) stay vectorized after many changes."""
        self.direct_rows = self.direct_rows.compacted(self.size)
        self.closure_rows = self.closure_rows.compacted(self.size)

    @property
    def unsorted_share(self) -> float:
        """The share of customer numbers added out of id order since the last build."""
        return (self.size - self.sorted_prefix) / max(self.size, 1)


def _optional(value: float) -> float | None:
    return None if value != value else value  # NaN marks a missing value


def _moment(micros: float, offset: int) -> datetime | None:
    # Microseconds since 1970 stay exact in a float64 for some 285 years either side.
    return None if micros != micros else moment_from_micros(int(micros), offset)


def _direct_nodes(forest: Forest, fact: CustomerFact) -> list[int]:
    nodes = [forest.by_key.get((NodeKind.TAG, tag_id)) for tag_id in fact.tag_ids]
    if fact.industry_code is not None:
        nodes.append(forest.by_key.get((NodeKind.INDUSTRY, fact.industry_code)))
    if fact.region_code is not None:
        nodes.append(forest.by_key.get((NodeKind.REGION, fact.region_code)))
    return [node for node in nodes if node is not None]


def _named_nodes(fact: CustomerFact) -> int:
    return len(fact.tag_ids) + (fact.industry_code is not None) + (fact.region_code is not None)


def _move(bitmaps: list[BitMap], customer: int, old: np.ndarray, new: np.ndarray) -> None:
    for node in np.setdiff1d(old, new, assume_unique=True):
        bitmaps[int(node)].discard(customer)
    for node in np.setdiff1d(new, old, assume_unique=True):
        bitmaps[int(node)].add(customer)


def _closure_rows(forest: Forest, direct: NodeRows, size: int, chunk: int = 100_000) -> NodeRows:
    # In chunks of customers, to keep the peak memory of the ancestor expansion small.
    lengths: list[np.ndarray] = []
    parts: list[np.ndarray] = []
    for start in range(0, size, chunk):
        stop = min(size, start + chunk)
        low, high = direct.indptr[start], direct.indptr[stop]
        nodes = direct.indices[low:high].astype(np.int64)
        owners = np.repeat(
            np.arange(start, stop, dtype=np.int64), np.diff(direct.indptr[start : stop + 1])
        )
        expanded = forest.ancestor_matrix[nodes]
        pair_owner = np.repeat(owners, expanded.shape[1])
        pair_node = expanded.reshape(-1).astype(np.int64)
        keep = pair_node >= 0
        keys = np.unique(pair_owner[keep] * 65_536 + pair_node[keep])
        lengths.append(np.bincount((keys >> 16) - start, minlength=stop - start))
        parts.append((keys & 0xFFFF).astype(np.uint16))
    indptr = np.zeros(size + 1, np.int64)
    if size:
        np.cumsum(np.concatenate(lengths), out=indptr[1:])
    return NodeRows(indptr, np.concatenate(parts) if parts else _EMPTY)


def _rows_from_pairs(owners: np.ndarray, nodes: np.ndarray, size: int) -> NodeRows:
    keys = np.unique(owners * 65_536 + nodes)
    owner_of_key = keys >> 16
    indptr = np.zeros(size + 1, np.int64)
    np.cumsum(np.bincount(owner_of_key, minlength=size), out=indptr[1:])
    return NodeRows(indptr, (keys & 0xFFFF).astype(np.uint16))


def _bitmaps_from_rows(rows: NodeRows, node_count: int, chunk: int = 100_000) -> list[BitMap]:
    # A chunk of customers at a time: the sort's temporary arrays stay small (peak memory).
    bitmaps = [BitMap() for _ in range(node_count)]
    size = len(rows.indptr) - 1
    for start in range(0, size, chunk):
        stop = min(size, start + chunk)
        low, high = int(rows.indptr[start]), int(rows.indptr[stop])
        nodes = rows.indices[low:high]
        owners = np.repeat(
            np.arange(start, stop, dtype=np.uint32),
            np.diff(rows.indptr[start : stop + 1]).astype(np.int64),
        )
        order = np.argsort(nodes, kind="stable")
        sorted_nodes, sorted_owners = nodes[order], owners[order]
        bounds = np.searchsorted(sorted_nodes, np.arange(node_count + 1))
        for node in np.flatnonzero(np.diff(bounds)).tolist():
            bitmaps[node] |= BitMap(sorted_owners[bounds[node] : bounds[node + 1]])
    return bitmaps


class StoreBuilder:
    """Takes customers page by page (in id order), keeping only numbers, then builds the store
    in bulk with NumPy: a million customers never sit in memory as Python objects."""

    def __init__(self, forest: Forest) -> None:
        self.forest = forest
        self.ids: list[str] = []
        self.counts = array("l")
        self.nodes = array("H")
        self.columns = {name: array("d") for name in ATTRIBUTES}
        self.profiles = Profiles()

    def add(self, facts: Iterable[CustomerFact]) -> None:
        """Take the next customers."""
        nan = float("nan")
        for fact in facts:
            nodes = _direct_nodes(self.forest, fact)
            self.ids.append(fact.id)
            self.counts.append(len(nodes))
            self.nodes.extend(nodes)
            for name, column in self.columns.items():
                value = getattr(fact, name)
                column.append(nan if value is None else float(value))
            self.profiles.put(len(self.ids) - 1, fact)

    def finish(self) -> CustomerStore:
        """The store of every customer taken."""
        size = len(self.ids)
        attributes = {}
        for name, values in self.columns.items():
            column = np.full(max(size, 16), np.nan)
            column[:size] = np.frombuffer(values, np.float64) if size else column[:0]
            attributes[name] = column
        return CustomerStore._from_columns(
            self.forest,
            self.ids,
            np.frombuffer(self.counts, np.int64) if size else np.zeros(0, np.int64),
            np.frombuffer(self.nodes, np.uint16).astype(np.int64)
            if len(self.nodes)
            else np.zeros(0, np.int64),
            attributes,
            self.profiles,
        )
