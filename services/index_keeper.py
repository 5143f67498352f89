"""Keeps the in-memory index equal to the graph: built from it, then following the change
notices every write leaves in its own transaction."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from datetime import datetime, timedelta

from graph import changes
from graph.database import Database
from graph.errors import GraphUnavailable
from graph.index_feed import service as index_feed
from graph.index_feed.model import TreeNodeFact
from services.index_drift import Drift, DriftWatch, GraphCounts, IndexCounts, tree_signature
from setindex.forest import Forest, NodeKind
from setindex.store import CustomerStore, StoreBuilder

log = logging.getLogger(__name__)


# A notice is stamped by the last statement of its transaction; the commit that makes it
# visible follows within this margin, so each poll re-reads this much of the past.
OVERLAP = timedelta(seconds=10)
NOTICES_PER_POLL = 10_000
FACTS_PER_READ = 5_000
CLEANUP_EVERY = 60.0
COMPACT_AFTER = 20_000  # changed rows; each costs a Python step in similarity searches


class IndexKeeper:
    """Owns the current `CustomerStore` of this process and keeps it in sync."""

    def __init__(
        self,
        db: Database,
        poll_interval: float = 0.2,
        page_size: int = 20_000,
        drift_check_seconds: float = 0.0,
    ) -> None:
        self.db = db
        self.poll_interval = poll_interval
        self.page_size = page_size
        self.drift_check_seconds = drift_check_seconds
        self._drift = DriftWatch()
        self.drift_repairs = 0
        self._tree_signature: int | None = None
        self._last_drift_check = time.monotonic()
        self.store: CustomerStore | None = None
        self.built_in: float | None = None
        self._watermark: datetime | None = None
        self._seen: dict[str, datetime] = {}
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._rebuild_task: asyncio.Task[CustomerStore] | None = None
        self._last_cleanup = 0.0
        self._synced_at: float | None = None  # monotonic time of the last successful read
        self._unreachable = False

    @property
    def ready(self) -> bool:
        """Whether the index has been built and can answer."""
        return self.store is not None

    def seconds_since_sync(self) -> float | None:
        """How long ago the index last read the graph's changes (None before its build)."""
        return None if self._synced_at is None else time.monotonic() - self._synced_at

    def start(self) -> None:
        """Build the index in the background, then follow the notices until stopped."""
        self._task = asyncio.create_task(self._run(), name="index-keeper")

    async def stop(self) -> None:
        """Stop following the graph."""
        for task in (self._task, self._rebuild_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._task = self._rebuild_task = None

    async def rebuild(self) -> CustomerStore:
        """Read the whole graph into a new store, then swap it in, caught up."""
        started = time.perf_counter()
        since = await changes.database_time(self.db)
        tree_nodes = await index_feed.find_tree_nodes(self.db)
        builder = StoreBuilder(Forest.build(tree_nodes))
        after = ""
        while True:
            page = await index_feed.find_customer_facts_page(
                self.db, after_id=after, limit=self.page_size
            )
            builder.add(page)
            if len(page) < self.page_size:
                break
            after = page[-1].id
        store = await asyncio.to_thread(builder.finish)
        async with self._lock:
            self.store = store
            self._watermark = since
            self._seen = {}
            self._tree_signature = tree_signature(tree_nodes)
            self._drift = DriftWatch()
            await self._apply_new_notices(store)
        # A store holds lists and dicts of a million entries: every full pass of the garbage
        # collector would walk them (100 ms at 1M, a pause for every request in flight).
        # Frozen, they are left out of its passes (they hold no cycles). Garbage is collected
        # first, so that little else is frozen with them (a rebuild is rare and takes minutes).
        gc.collect()
        gc.freeze()
        self.built_in = time.perf_counter() - started
        log.info("index built: %d customers in %.1f s", store.size, self.built_in)
        return store

    async def catch_up(self) -> None:
        """Apply every notice committed so far (a no-op before the first build)."""
        if self.store is None:
            return
        async with self._lock:
            # Read the store under the lock: a rebuild may have swapped it (and reset which
            # notices count as seen) while this call waited.
            await self._apply_new_notices(self.store)

    async def _run(self) -> None:
        while self.store is None:
            try:
                await self.rebuild()
                self._synced()
            except GraphUnavailable as error:
                self._lost(error)
                await asyncio.sleep(1)
            except Exception:
                log.exception("building the index failed; retrying in 5 s")
                await asyncio.sleep(5)
        while True:
            await asyncio.sleep(self.poll_interval)
            try:
                await self.catch_up()
                self._synced()
                await self._housekeeping()
            except asyncio.CancelledError:
                raise
            except GraphUnavailable as error:
                self._lost(error)
            except Exception:
                log.exception("following the graph's change notices failed; retrying")

    def _synced(self) -> None:
        self._synced_at = time.monotonic()
        if self._unreachable:
            self._unreachable = False
            log.warning("Neo4j answers again: the index follows the graph again")

    def _lost(self, error: GraphUnavailable) -> None:
        # Expected while Neo4j is away: said once per outage, without a traceback.
        if not self._unreachable:
            self._unreachable = True
            log.warning("Neo4j is unreachable (%s): the index keeps answering, may be stale", error)

    async def _housekeeping(self) -> None:
        store = self.store
        rebuilding = self._rebuild_task is not None and not self._rebuild_task.done()
        if store is not None and store.size > 10_000 and store.unsorted_share > 0.2:
            if not rebuilding:  # in its own task: the current store keeps following meanwhile
                self._rebuild_task = asyncio.create_task(self.rebuild(), name="index-rebuild")
                self._rebuild_task.add_done_callback(_log_failure)
        elif store is not None and len(store.closure_rows.changed) > COMPACT_AFTER:
            async with self._lock:
                store.compact()
        drift_due = time.monotonic() - self._last_drift_check > self.drift_check_seconds
        if self.drift_check_seconds > 0 and drift_due:
            self._last_drift_check = time.monotonic()
            await self.check_drift()
        if time.monotonic() - self._last_cleanup > CLEANUP_EVERY:
            self._last_cleanup = time.monotonic()
            now = await changes.database_time(self.db)
            await changes.delete_old_change_notices(self.db, now=now)

    async def _apply_new_notices(self, store: CustomerStore) -> None:
        assert self._watermark is not None
        since = self._watermark - OVERLAP
        fresh: list[changes.ChangeNotice] = []
        while True:  # page on when a burst of writes left more notices than one read takes
            notices = await changes.find_change_notices(
                self.db, since=since, seen=self._seen.keys(), limit=NOTICES_PER_POLL
            )
            fresh += notices
            if len(notices) < NOTICES_PER_POLL:
                break
            since = notices[-1].at
        if not fresh:
            return
        customer_ids: set[str] = set()
        tag_ids: set[str] = set()
        for notice in fresh:
            customer_ids.update(notice.customer_ids)
            tag_ids.update(notice.tag_ids)
        if any(notice.taxonomy for notice in fresh):
            await self._reload_forest(store)
        if tag_ids:
            for tag_id in tag_ids:
                node = store.forest.node(NodeKind.TAG, tag_id)
                if node is not None:
                    customer_ids.update(store.ids[number] for number in store.direct[node])
            customer_ids.update(
                await index_feed.find_customer_ids_by_tag_ids(self.db, tag_ids=sorted(tag_ids))
            )
        await self._reload_customers(store, sorted(customer_ids))
        for notice in fresh:
            self._seen[notice.id] = notice.at
            self._watermark = max(self._watermark, notice.at)
        horizon = self._watermark - 2 * OVERLAP
        self._seen = {key: at for key, at in self._seen.items() if at >= horizon}

    async def check_drift(self) -> Drift:
        """Compare the index with the graph by counts (services/index_drift.py) and reload what
        has differed in two checks in a row; what was reloaded."""
        if self.store is None:
            return Drift()
        facts = await index_feed.find_tree_nodes(self.db)
        held = await index_feed.count_assignments_by_tag(self.db)
        customers = await index_feed.count_customers(self.db)
        async with self._lock:
            store = self.store
            graph = GraphCounts(tree_signature(facts), held, customers)
            drift = self._drift.observe(graph, self._index_counts(store))
            if drift:
                await self._repair(store, drift, facts)
        return drift

    def _index_counts(self, store: CustomerStore) -> IndexCounts:
        forest = store.forest
        held = {
            forest.keys[node]: len(store.direct[node])
            for node in range(len(forest))
            if forest.kinds[node] is NodeKind.TAG and forest.present[node]
        }
        return IndexCounts(self._tree_signature or 0, held, len(store.alive))

    async def _repair(self, store: CustomerStore, drift: Drift, facts: list[TreeNodeFact]) -> None:
        if drift.trees:
            await self._reload_forest(store, facts)
        differing: set[str] = set()
        for tag_id in drift.tag_ids:
            node = store.forest.node(NodeKind.TAG, tag_id)
            indexed = {store.ids[n] for n in store.direct[node]} if node is not None else set()
            held = await index_feed.find_customer_ids_by_tag_ids(self.db, tag_ids=[tag_id])
            differing |= indexed ^ set(held)
        if drift.customers:
            indexed = {store.ids[number] for number in store.alive}
            differing |= indexed ^ await index_feed.find_customer_ids(self.db)
        await self._reload_customers(store, sorted(differing))
        self._drift = DriftWatch()  # the next check starts afresh from the repaired index
        self.drift_repairs += 1
        # Not an error of this process: someone wrote to the graph without a change notice.
        log.warning(
            "the index differed from the graph (a write without a change notice, e.g. from "
            "Neo4j Browser): trees %s, %d tags, customer set %s; %d customers reloaded",
            "reloaded" if drift.trees else "equal",
            len(drift.tag_ids),
            "differed" if drift.customers else "equal",
            len(differing),
        )

    async def _reload_forest(
        self, store: CustomerStore, facts: list[TreeNodeFact] | None = None
    ) -> None:
        # The drift check passes the tree nodes it has just read: no second read.
        facts = facts if facts is not None else await index_feed.find_tree_nodes(self.db)
        self._tree_signature = tree_signature(facts)
        forest = Forest.build(facts, previous=store.forest)
        with store.guard:  # searches in worker threads never see half of the change
            store.retree(forest)

    async def _reload_customers(self, store: CustomerStore, ids: list[str]) -> None:
        for start in range(0, len(ids), FACTS_PER_READ):
            batch = ids[start : start + FACTS_PER_READ]
            facts = await index_feed.find_customer_facts_by_ids(self.db, ids=batch)
            if store.unknown_keys(facts):
                await self._reload_forest(store)
            with store.guard:  # searches in worker threads never see half of the batch
                for fact in facts:
                    store.upsert(fact)
                for missing in set(batch) - {fact.id for fact in facts}:
                    store.remove(missing)


def _log_failure(task: asyncio.Task[CustomerStore]) -> None:
    error = None if task.cancelled() else task.exception()
    if isinstance(error, GraphUnavailable):  # expected while Neo4j is away; retried later
        log.warning("rebuilding the index failed: Neo4j is unreachable (%s)", error)
    elif error is not None:
        log.error("rebuilding the index failed", exc_info=error)
