"""Segments answered by the index beside the graph when it can, by Cypher otherwise.

The Cypher path (graph.customers, graph.facets) is the reference: the index is used only for
filters it supports and only once built. Its answers (counts, pages with the customers' fields,
facets) are those of the graph as of the last change notice it took in: in the process that
made a change, right after it; in any other, within the poll interval.
"""

from __future__ import annotations

from pyroaring import BitMap

from graph.customers.model import Customer
from graph.database import Database
from graph.pagination import Page, PageRequest, encode_cursor
from graph.segments import facets
from graph.segments.compiler import compile_filter
from graph.segments.model import CustomerFilter, CustomerOrder, FacetBucket, FacetDimension
from graph.segments.service import count_customers, find_customers
from graph.viewer import Viewer
from services.index_keeper import IndexKeeper
from setindex.evaluate import evaluate, supports
from setindex.forest import NodeKind
from setindex.store import CustomerStore

_FACET_KINDS = {
    FacetDimension.REGION: NodeKind.REGION,
    FacetDimension.INDUSTRY: NodeKind.INDUSTRY,
    FacetDimension.TAG: NodeKind.TAG,
}


class Segments:
    """Counts, pages and facets of customer filters."""

    def __init__(self, db: Database, keeper: IndexKeeper | None) -> None:
        self.db = db
        self.keeper = keeper
        # One request often needs a segment twice (a page and its totalCount): evaluate once.
        self._members: dict[tuple[CustomerFilter | None, int, int], BitMap] = {}

    def _store(self, customer_filter: CustomerFilter | None) -> CustomerStore | None:
        if self.keeper is None or self.keeper.store is None or not supports(customer_filter):
            return None
        return self.keeper.store

    def _evaluate(self, store: CustomerStore, customer_filter: CustomerFilter | None) -> BitMap:
        key = (customer_filter, id(store), store.version)
        members = self._members.get(key)
        if members is None:
            members = self._members[key] = evaluate(store, customer_filter)
        return members

    async def count(self, viewer: Viewer, customer_filter: CustomerFilter | None) -> int:
        """How many customers match the filter."""
        compile_filter(customer_filter)  # the same validation and userErrors on both paths
        store = self._store(customer_filter)
        if store is None:
            return await count_customers(self.db, viewer, customer_filter)
        return len(self._evaluate(store, customer_filter))

    async def page(
        self,
        viewer: Viewer,
        page: PageRequest,
        customer_filter: CustomerFilter | None,
        order: CustomerOrder | None = None,
    ) -> Page[Customer]:
        """One page of the customers matching the filter, in id order or by `order`."""
        compile_filter(customer_filter)
        store = self._store(customer_filter)
        if store is None or (order is not None and not order.is_default):
            return await find_customers(self.db, viewer, page, customer_filter, order)
        members = self._evaluate(store, customer_filter)
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
        """The filter's customers per child of `parent` (see graph.facets.find_facets)."""
        store = self._store(customer_filter)
        if store is None or (dimension is FacetDimension.TAG and parent is None):
            return await facets.find_facets(self.db, viewer, customer_filter, dimension, parent)
        compile_filter(customer_filter)
        members = self._evaluate(store, customer_filter)
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
