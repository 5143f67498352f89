"""Where a segment is answered: the one place that decides between the index and Cypher.

Every read of a customer filter goes through `Segments`: counts, pages, facets, co-occurring
tags, saved segments and the seeds of look-alike audiences. The Cypher path (graph.segments)
is the reference: the index (setindex) is used only for filters it supports and only once
built. Its answers (counts, pages with the customers' fields, facets) are those of the graph
as of the last change notice it took in: in the process that made a change, right after it;
in any other, within the poll interval.
"""

from __future__ import annotations

import asyncio

from pyroaring import BitMap

from graph.customers.model import Customer
from graph.database import Database
from graph.errors import NotFound
from graph.pagination import Page, PageRequest, encode_cursor
from graph.segments import facets, saved
from graph.segments import service as cypher_segments
from graph.segments.compiler import compile_filter
from graph.segments.model import (
    CoOccurrence,
    CustomerFilter,
    CustomerOrder,
    FacetBucket,
    FacetDimension,
    Segment,
    SegmentKind,
    named_taxonomy,
)
from graph.segments.names import check_named_taxonomy
from graph.viewer import Viewer
from services.index_keeper import IndexKeeper
from setindex.evaluate import evaluate, supports, visible_in_forest
from setindex.forest import NodeKind
from setindex.store import CustomerStore

_ALL = 2**62  # LIMIT of a read that wants every match

_FACET_KINDS = {
    FacetDimension.REGION: NodeKind.REGION,
    FacetDimension.INDUSTRY: NodeKind.INDUSTRY,
    FacetDimension.TAG: NodeKind.TAG,
}


class Segments:
    """Counts, pages and facets of customer filters, for one request."""

    def __init__(self, db: Database, keeper: IndexKeeper | None) -> None:
        self.db = db
        self.keeper = keeper
        # One request often needs a segment twice (a page and its totalCount): evaluate once.
        self._members: dict[tuple[CustomerFilter | None, int, int], BitMap] = {}
        self._valid: set[CustomerFilter | None] = set()

    def _validate(self, customer_filter: CustomerFilter | None) -> None:
        # Compiling checks the filter (userErrors); a page and its totalCount check it once.
        if customer_filter not in self._valid:
            compile_filter(customer_filter)
            self._valid.add(customer_filter)

    def _store(self, customer_filter: CustomerFilter | None) -> CustomerStore | None:
        if self.keeper is None or self.keeper.store is None or not supports(customer_filter):
            return None
        return self.keeper.store

    async def _evaluate(
        self, store: CustomerStore, customer_filter: CustomerFilter | None
    ) -> BitMap:
        key = (customer_filter, id(store), store.version)
        members = self._members.get(key)
        if members is None:
            # CPU-bound set algebra over the index: in a worker thread, off the event loop.
            members = await asyncio.to_thread(store.locked, evaluate, store, customer_filter)
            self._members[key] = members
        return members

    async def _check_names(
        self, viewer: Viewer, store: CustomerStore, customer_filter: CustomerFilter | None
    ) -> None:
        """NOT_FOUND for a tag or category the filter names that the viewer cannot see, as on
        the Cypher path: the forest answers when it knows every name as visible; anything
        else (hidden, unknown, or newer than the index) is settled by the graph."""
        named = named_taxonomy(customer_filter)
        if named and not visible_in_forest(store.forest, viewer, named):
            await check_named_taxonomy(self.db, viewer, named=named)

    async def count(self, viewer: Viewer, customer_filter: CustomerFilter | None) -> int:
        """How many customers match the filter."""
        self._validate(customer_filter)  # the same validation and userErrors on both paths
        store = self._store(customer_filter)
        if store is None:
            return await cypher_segments.count_customers(
                self.db, viewer, customer_filter=customer_filter
            )
        await self._check_names(viewer, store, customer_filter)
        return len(await self._evaluate(store, customer_filter))

    async def page(
        self,
        viewer: Viewer,
        page: PageRequest,
        customer_filter: CustomerFilter | None,
        order: CustomerOrder | None = None,
    ) -> Page[Customer]:
        """One page of the customers matching the filter, in id order or by `order`."""
        self._validate(customer_filter)
        store = self._store(customer_filter)
        if store is None or (order is not None and not order.is_default):
            return await cypher_segments.find_customers(
                self.db, viewer, page=page, customer_filter=customer_filter, order=order
            )
        await self._check_names(viewer, store, customer_filter)
        members = await self._evaluate(store, customer_filter)
        after_id = str(page.after[0]) if page.after else ""
        if page.first == 0:  # only the total is wanted: nothing to fetch
            more = bool(store.page(members, after_id, 1))
            return Page(edges=[], has_next_page=more, has_previous_page=page.after is not None)
        # The page comes from memory like the count: both describe the same moment, within
        # the poll interval of the graph (and after this process's own writes).
        ids = store.page(members, after_id, page.limit)
        found = store.customers([store.positions[customer_id] for customer_id in ids])
        return Page.from_rows([(encode_cursor(c.id), c) for c in found], page)

    async def facets(
        self,
        viewer: Viewer,
        customer_filter: CustomerFilter | None,
        dimension: FacetDimension,
        parent: str | None,
    ) -> list[FacetBucket]:
        """The filter's customers per child of `parent` (see graph.segments.facets)."""
        store = self._store(customer_filter)
        if store is None or (dimension is FacetDimension.TAG and parent is None):
            return await facets.find_facets(
                self.db, viewer, customer_filter=customer_filter, dimension=dimension, parent=parent
            )
        self._validate(customer_filter)
        await self._check_names(viewer, store, customer_filter)
        members = await self._evaluate(store, customer_filter)
        forest = store.forest
        kind = _FACET_KINDS[dimension]
        visible = viewer.visible_category_ids
        if parent is None:
            buckets = [
                node
                for node in range(len(forest))
                if forest.kinds[node] is kind and forest.present[node] and forest.parents[node] < 0
            ]
        elif (number := forest.node(kind, parent)) is not None:
            buckets = list(forest.children[number])
        elif kind is NodeKind.TAG:  # a category: its top-level tags
            buckets = [node for node in forest.tags_in_category(parent) if forest.parents[node] < 0]
        else:
            buckets = []
        found = [
            FacetBucket(forest.keys[node], forest.names[node], count)
            for node in buckets
            if forest.present[node]
            and (kind is not NodeKind.TAG or visible is None or forest.categories[node] in visible)
            and (count := members.intersection_cardinality(store.closure[node])) > 0
        ]
        return sorted(found, key=lambda bucket: (-bucket.customers, bucket.key))

    async def cooccurring_tags(
        self,
        viewer: Viewer,
        anchor_tag_id: str,
        customer_filter: CustomerFilter | None,
        limit: int,
    ) -> list[CoOccurrence]:
        """The tags most held with the anchor inside the segment, with lift (Cypher only: the
        index keeps no per-pair counts)."""
        return await facets.find_cooccurring_tags(
            self.db,
            viewer,
            anchor_tag_id=anchor_tag_id,
            customer_filter=customer_filter,
            limit=limit,
        )

    async def saved_page(
        self, viewer: Viewer, segment: Segment, page: PageRequest
    ) -> Page[Customer]:
        """One page of a saved segment: its filter's current customers (DYNAMIC) or its
        membership snapshot (STATIC)."""
        if segment.kind is SegmentKind.DYNAMIC:
            return await self.page(viewer, page, segment.filter)
        return await saved.find_static_members(self.db, viewer, segment_id=segment.id, page=page)

    async def saved_count(self, viewer: Viewer, segment: Segment) -> int:
        """How many customers a saved segment holds now."""
        if segment.kind is SegmentKind.DYNAMIC:
            return await self.count(viewer, segment.filter)
        return await saved.count_static_members(self.db, viewer, segment_id=segment.id)

    async def member_ids(self, viewer: Viewer, customer_filter: CustomerFilter | None) -> list[str]:
        """Every id matching the filter now, in id order: from the index when it answers the
        filter (one evaluation, so the list describes one moment), else from one Cypher read
        (the index-less path of exports; `None` then needs no filter read at all)."""
        compile_filter(customer_filter)
        store = self._store(customer_filter)
        if store is None:
            if customer_filter is None:
                raise ValueError("without the index, read every id with a keyset scan")
            found = await cypher_segments.find_customer_ids(
                self.db, viewer, customer_filter=customer_filter, limit=_ALL
            )
            return sorted(found)
        await self._check_names(viewer, store, customer_filter)
        members = await self._evaluate(store, customer_filter)
        return await asyncio.to_thread(store.locked, store.page, members, "", len(members))

    async def members_in(
        self, viewer: Viewer, store: CustomerStore, customer_filter: CustomerFilter, limit: int
    ) -> BitMap:
        """The numbers in `store` of the filter's customers (up to `limit` when Cypher has to
        answer); NotFound for a customer the store does not hold yet."""
        if supports(customer_filter):
            compile_filter(customer_filter)  # the validation and userErrors of the Cypher path
            await self._check_names(viewer, store, customer_filter)
            return await asyncio.to_thread(store.locked, evaluate, store, customer_filter)
        ids = await cypher_segments.find_customer_ids(
            self.db, viewer, customer_filter=customer_filter, limit=limit
        )
        members = BitMap()
        for customer_id in ids:
            number = store.positions.get(customer_id)
            if number is None or number not in store.alive:
                raise NotFound("customer", customer_id, ("customerId",))
            members.add(number)
        return members
