"""Similar customers, look-alike audiences and recommendations, each with its explanation."""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from pyroaring import BitMap

from graph.customers.model import Customer
from graph.database import Database
from graph.errors import ErrorCode, NotFound, UserInputError
from graph.segments.model import CustomerFilter
from graph.similarity import service as similar
from graph.similarity.model import Neighbour, ProductRecommendation
from graph.viewer import Viewer
from services.index_keeper import IndexKeeper
from services.segments import Segments
from setindex.forest import NodeKind
from setindex.similarity import (
    Match,
    Profile,
    Similarity,
    TotalsSnapshot,
    TreeWeights,
    node_weights,
)
from setindex.store import CustomerStore
from settings import Settings

NEIGHBOURS_FOR_RECOMMENDATIONS = 50


# The totals snapshot only prunes (scores use current weights); it is retaken this often: a
# retake is a second of CPU beside the requests, and an older one stays valid, only looser.
SNAPSHOT_MAX_AGE = 300.0
MAX_SEEDS = 100_000


@dataclass(frozen=True, slots=True)
class PathNode:
    """A node of a shared path."""

    kind: str
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class SharedPath:
    """A deepest shared path (root first) and its share of the score's numerator."""

    nodes: tuple[PathNode, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class SimilarCustomer:
    """A customer like the query, its score, and the paths they share."""

    customer: Customer  # as the index holds it: no round trip to the graph per answer
    score: float
    shared_weight: float
    shared_paths: tuple[SharedPath, ...]

    @property
    def customer_id(self) -> str:
        """The customer's id."""
        return self.customer.id


@dataclass(frozen=True, slots=True)
class TagRecommendation:
    """A tag the nearest neighbours hold and the customer lacks."""

    tag_id: str
    support: int  # neighbours holding it
    score: float  # their summed similarity
    backers: tuple[str, ...]


def tree_weights(settings: Settings) -> TreeWeights:
    """How much each tree counts in similarity, from the settings."""
    return TreeWeights(
        industry=settings.similarity_industry_weight, region=settings.similarity_region_weight
    )


@dataclass(slots=True)
class _View:
    """What every viewer of one visible set shares (None: full access): the node weights as
    of one store version, and the totals snapshot that prunes their searches."""

    visible: frozenset[str] | None
    # Node weights of the store as of one version (a count per node: 1 ms at 1M): every
    # answer still uses the current counts, as any change makes a new version.
    # (A weak reference: the cache must not keep a replaced store of ~1 GB alive.)
    weights: tuple[weakref.ref[CustomerStore], int, np.ndarray] | None = None
    snapshot: TotalsSnapshot | None = None
    snapshot_at: float = 0.0
    refreshing: bool = False


# Restricted visible sets whose views are kept (a few departments share each): beyond this
# the least recently used is dropped and rebuilt when asked again (1 ms, plus a background
# snapshot).
MAX_RESTRICTED_VIEWS = 32


class Neighbours:
    """Similarity searches over the index of this process."""

    def __init__(self, db: Database, keeper: IndexKeeper | None, trees: TreeWeights) -> None:
        self.db = db
        self.keeper = keeper
        self.trees = trees
        self._full = _View(None)
        self._restricted: OrderedDict[frozenset[str], _View] = OrderedDict()
        # Searches may run in worker threads: the cache's order changes under a lock.
        self._views_lock = threading.Lock()

    def _view(self, viewer: Viewer | None) -> _View:
        visible = None if viewer is None else viewer.visible_category_ids
        if visible is None:
            return self._full
        with self._views_lock:
            view = self._restricted.get(visible)
            if view is None:
                view = self._restricted[visible] = _View(visible)
                while len(self._restricted) > MAX_RESTRICTED_VIEWS:
                    self._restricted.popitem(last=False)
            self._restricted.move_to_end(visible)
            return view

    def similarity(self, viewer: Viewer | None = None) -> Similarity:
        """The node weights of the current store as the viewer may see them (full access when
        None): a restricted viewer's similarity counts no tag of a category it may not see.
        INDEX_NOT_READY while the index is being built."""
        store = self.keeper.store if self.keeper is not None else None
        if store is None:
            raise UserInputError.single(
                ErrorCode.INDEX_NOT_READY,
                "the similarity index is still being built; retry in a minute",
            )
        view = self._view(viewer)
        self._refresh_in_background(store, view)
        cached = view.weights
        if cached is None or cached[0]() is not store or cached[1] != store.version:
            weights = node_weights(store, self.trees, view.visible)
            cached = view.weights = (weakref.ref(store), store.version, weights)
        return Similarity(store, self.trees, view.snapshot, cached[2], view.visible)

    def refresh_snapshot(self, viewer: Viewer | None = None) -> None:
        """Take the totals snapshot that prunes the viewer's searches, now (benchmarks,
        commands)."""
        store = self.keeper.store if self.keeper is not None else None
        if store is not None:
            view = self._view(viewer)
            view.snapshot = TotalsSnapshot.take(store, self.trees, view.visible)
            view.snapshot_at = time.monotonic()

    def _refresh_in_background(self, store: CustomerStore, view: _View) -> None:
        snapshot = view.snapshot
        fresh = (
            snapshot is not None
            and snapshot.rows is store.closure_rows
            and time.monotonic() - view.snapshot_at < SNAPSHOT_MAX_AGE
        )
        if fresh or view.refreshing:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a command): searches work unpruned by it
            return
        view.refreshing = True

        def done(future: asyncio.Future[TotalsSnapshot]) -> None:
            view.refreshing = False
            if future.exception() is None:
                view.snapshot = future.result()
                view.snapshot_at = time.monotonic()

        loop.run_in_executor(
            None, store.locked, TotalsSnapshot.take, store, self.trees, view.visible
        ).add_done_callback(done)

    def similar_customers(
        self, viewer: Viewer, customer_id: str, first: int
    ) -> list[SimilarCustomer]:
        """The customers most similar to one as the viewer sees them (scores and paths over
        its visible categories), best first; NotFound for an unknown id."""
        return self._similar(self.similarity(viewer), customer_id, first)

    async def similar_customers_in_thread(
        self, viewer: Viewer, customer_id: str, first: int
    ) -> list[SimilarCustomer]:
        """similar_customers searched in a worker thread: the event loop keeps serving."""
        similarity = self.similarity(viewer)  # on the loop: it may schedule a refresh
        return await asyncio.to_thread(
            similarity.store.locked, self._similar, similarity, customer_id, first
        )

    def _similar(
        self, similarity: Similarity, customer_id: str, first: int
    ) -> list[SimilarCustomer]:
        profile = similarity.customer_profile(self._number(similarity, customer_id))
        return self._explained(similarity, profile, similarity.top(profile, first))

    async def lookalike_customers(
        self,
        viewer: Viewer,
        seed_ids: list[str] | None,
        seed_filter: CustomerFilter | None,
        first: int,
    ) -> list[SimilarCustomer]:
        """The customers most like a seed audience (given by ids or a filter), seeds excluded,
        as the viewer sees them."""
        similarity = self.similarity(viewer)
        seeds = await self._seeds(viewer, similarity, seed_ids, seed_filter)

        def search() -> list[SimilarCustomer]:
            profile = similarity.audience_profile(seeds)
            return self._explained(similarity, profile, similarity.top(profile, first))

        return await asyncio.to_thread(similarity.store.locked, search)  # CPU-bound: off the loop

    def recommend_tags(
        self, viewer: Viewer, customer_id: str, first: int
    ) -> list[TagRecommendation]:
        """Active tags common among the nearest neighbours that the customer lacks, never a
        second tag of an exclusive category it already has one of; neighbours and tags as the
        viewer sees them."""
        return self._recommend(self.similarity(viewer), viewer, customer_id, first)

    async def recommend_tags_in_thread(
        self, viewer: Viewer, customer_id: str, first: int
    ) -> list[TagRecommendation]:
        """recommend_tags computed in a worker thread: the event loop keeps serving."""
        similarity = self.similarity(viewer)  # on the loop: it may schedule a refresh
        return await asyncio.to_thread(
            similarity.store.locked, self._recommend, similarity, viewer, customer_id, first
        )

    def _recommend(
        self, similarity: Similarity, viewer: Viewer, customer_id: str, first: int
    ) -> list[TagRecommendation]:
        store, forest = similarity.store, similarity.store.forest
        number = self._number(similarity, customer_id)
        held = set(store.closure_rows.get(number).tolist())
        taken = {
            forest.categories[n]
            for n in store.direct_rows.get(number).tolist()
            if forest.kinds[n] is NodeKind.TAG and forest.exclusive[n]
        }
        visible = viewer.visible_category_ids
        support: dict[int, list[Match]] = {}
        neighbours = similarity.top(
            similarity.customer_profile(number), NEIGHBOURS_FOR_RECOMMENDATIONS
        )
        for match in neighbours:
            for node in store.direct_rows.get(match.customer).tolist():
                if (
                    forest.kinds[node] is NodeKind.TAG
                    and node not in held
                    and forest.statuses[node] == "ACTIVE"
                    and forest.categories[node] not in taken
                    and (visible is None or forest.categories[node] in visible)
                ):
                    support.setdefault(node, []).append(match)
        ranked = sorted(
            support.items(),
            key=lambda item: (-sum(m.score for m in item[1]), -len(item[1]), forest.keys[item[0]]),
        )
        return [
            TagRecommendation(
                tag_id=forest.keys[node],
                support=len(backers),
                score=round(sum(m.score for m in backers), 12),
                backers=tuple(store.ids[m.customer] for m in backers[:5]),
            )
            for node, backers in ranked[:first]
        ]

    async def recommend_products(
        self, viewer: Viewer, customer_id: str, first: int
    ) -> list[ProductRecommendation]:
        """Products similar customers (as the viewer sees them) bought and this one did not."""
        similarity = self.similarity(viewer)
        number = self._number(similarity, customer_id)
        matches = await asyncio.to_thread(
            similarity.store.locked,
            similarity.top,
            similarity.customer_profile(number),
            NEIGHBOURS_FOR_RECOMMENDATIONS,
        )
        neighbours = [Neighbour(similarity.store.ids[m.customer], m.score) for m in matches]
        return await similar.find_products_of_neighbours(
            self.db, customer_id=customer_id, neighbours=neighbours, limit=first
        )

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _number(similarity: Similarity, customer_id: str) -> int:
        number = similarity.store.positions.get(customer_id)
        if number is None or number not in similarity.store.alive:
            raise NotFound("customer", customer_id, ("customerId",))
        return number

    async def _seeds(
        self,
        viewer: Viewer,
        similarity: Similarity,
        seed_ids: list[str] | None,
        seed_filter: CustomerFilter | None,
    ) -> BitMap:
        if (seed_ids is None) == (seed_filter is None):
            raise UserInputError.single(
                ErrorCode.INVALID_INPUT, "give either seedCustomerIds or seedFilter", ("seeds",)
            )
        if seed_filter is not None:
            segments = Segments(self.db, self.keeper)
            return await segments.members_in(viewer, similarity.store, seed_filter, MAX_SEEDS)
        assert seed_ids is not None
        if len(seed_ids) > MAX_SEEDS:
            raise UserInputError.single(
                ErrorCode.TOO_MANY_ITEMS, f"at most {MAX_SEEDS} seeds", ("seedCustomerIds",)
            )
        seeds = BitMap()
        for customer_id in seed_ids:
            seeds.add(self._number(similarity, customer_id))
        return seeds

    @staticmethod
    def _explained(
        similarity: Similarity, profile: Profile, matches: list[Match]
    ) -> list[SimilarCustomer]:
        store, forest = similarity.store, similarity.store.forest
        value = dict(zip(profile.nodes.tolist(), profile.values.tolist(), strict=True))
        # The same nodes and paths recur across the answers: each is made once.
        path_nodes: dict[int, PathNode] = {}
        paths: dict[int, tuple[list[int], float]] = {}  # leaf -> (path root first, its weight)

        def path_node(n: int) -> PathNode:
            found = path_nodes.get(n)
            if found is None:
                found = path_nodes[n] = PathNode(
                    forest.kinds[n].value, forest.keys[n], forest.names[n]
                )
            return found

        def path_to(leaf: int) -> tuple[list[int], float]:
            found = paths.get(leaf)
            if found is None:
                path = forest.path(leaf)
                found = paths[leaf] = (path, sum(value.get(n, 0.0) for n in path))
            return found

        def explained(match: Match, customer: Customer) -> SimilarCustomer:
            shared = [n for n in store.closure_rows.get(match.customer).tolist() if n in value]
            parents = {forest.parents[node] for node in shared}
            deepest = sorted(
                (path_to(leaf) for leaf in shared if leaf not in parents),
                key=lambda item: (-item[1], forest.kinds[item[0][-1]], item[0][-1]),
            )
            assigned: set[int] = set()
            shared_paths = []
            for path, _ in deepest:
                mine = [node for node in path if node not in assigned]
                assigned.update(mine)
                shared_paths.append(
                    SharedPath(
                        nodes=tuple(path_node(n) for n in path),
                        weight=sum(value.get(n, 0.0) for n in mine),
                    )
                )
            shared_paths.sort(key=lambda path: -path.weight)
            return SimilarCustomer(
                customer=customer,
                score=match.score,
                shared_weight=match.shared_weight,
                shared_paths=tuple(shared_paths),
            )

        found = store.customers([match.customer for match in matches])
        return [explained(match, customer) for match, customer in zip(matches, found, strict=True)]
