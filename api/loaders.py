"""The DataLoaders of a request: one batched round trip per nested field, whatever the page
size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from graph.classification import service as classification
from graph.classification.model import Classification, TreeNode
from graph.customers import service as customers
from graph.customers.model import Customer
from graph.database import Database
from graph.history import service as history
from graph.pagination import Page, PageRequest
from graph.taxonomy import categories, governance, tags
from graph.taxonomy.model import Tag, TagCategory, TagUsage
from graph.viewer import Viewer

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Key of a nested `Tag.customers` page: (tag id, include descendants, page request).
TagCustomersKey = tuple[str, bool, PageRequest]


def _keyed(
    fetch: Callable[[list[K]], Awaitable[dict[K, V]]], default: V | None = None
) -> DataLoader[K, V | None]:
    async def load(keys: list[K]) -> list[V | None]:
        found = await fetch(list(keys))
        return [found.get(key, default) for key in keys]

    return DataLoader(load_fn=load)


@dataclass
class Loaders:
    """One DataLoader per nested field: one round trip per field per request, whatever the
    page size."""

    db: Database
    viewer: Viewer
    loaders: dict[str, DataLoader[Any, Any]] = field(default_factory=dict)

    def _get(self, name: str, make: Callable[[], DataLoader[Any, Any]]) -> DataLoader[Any, Any]:
        if name not in self.loaders:
            self.loaders[name] = make()
        return self.loaders[name]

    def customer(self) -> DataLoader[str, Customer | None]:
        """Customers by id."""
        return self._get(
            "customer",
            lambda: _keyed(
                lambda ids: customers.find_customers_by_ids(self.db, self.viewer, ids=ids)
            ),
        )

    def tag(self) -> DataLoader[str, Tag | None]:
        """Tags by id."""
        return self._get(
            "tag", lambda: _keyed(lambda ids: tags.find_tags_by_ids(self.db, self.viewer, ids=ids))
        )

    def merge_target(self) -> DataLoader[str, Tag | None]:
        """The tag each merged tag was merged into."""
        return self._get(
            "merge_target",
            lambda: _keyed(
                lambda ids: tags.find_merge_targets_by_ids(self.db, self.viewer, ids=ids)
            ),
        )

    def category(self) -> DataLoader[str, TagCategory | None]:
        """Tag categories by id."""
        return self._get(
            "category",
            lambda: _keyed(
                lambda ids: categories.find_tag_categories_by_ids(self.db, self.viewer, ids=ids)
            ),
        )

    def customer_tags(self) -> DataLoader[str, list[Tag]]:
        """The tags of each customer."""
        return self._get(
            "customer_tags",
            lambda: _keyed(
                lambda ids: customers.find_tags_by_customer_ids(self.db, self.viewer, ids=ids), []
            ),
        )

    def tag_children(self) -> DataLoader[str, list[Tag]]:
        """The children of each tag."""
        return self._get(
            "tag_children",
            lambda: _keyed(
                lambda ids: tags.find_children_by_parent_ids(self.db, self.viewer, parent_ids=ids),
                [],
            ),
        )

    def category_roots(self) -> DataLoader[str, list[Tag]]:
        """The top-level tags of each category."""
        return self._get(
            "category_roots",
            lambda: _keyed(
                lambda ids: tags.find_root_tags_by_category_ids(
                    self.db, self.viewer, category_ids=ids
                ),
                [],
            ),
        )

    def tag_path(self) -> DataLoader[str, list[Tag]]:
        """The root-to-self path of each tag."""
        return self._get(
            "tag_path",
            lambda: _keyed(lambda ids: tags.find_paths_by_ids(self.db, self.viewer, ids=ids), []),
        )

    def tag_customer_count(self) -> DataLoader[tuple[str, bool], int]:
        """Customer counts keyed by (tag id, include descendants)."""

        async def fetch(keys: list[tuple[str, bool]]) -> dict[tuple[str, bool], int]:
            found: dict[tuple[str, bool], int] = {}
            for include in {include for _, include in keys}:
                ids = [tag_id for tag_id, flag in keys if flag == include]
                counts = await tags.count_customers_by_tag_ids(
                    self.db, self.viewer, ids=ids, include_descendants=include
                )
                found.update({(tag_id, include): n for tag_id, n in counts.items()})
            return found

        return self._get("tag_customer_count", lambda: _keyed(fetch, 0))

    def tag_customers(self) -> DataLoader[TagCustomersKey, Page[Customer]]:
        """One page of customers per tag; keys with the same page arguments share a query."""

        async def fetch(keys: list[TagCustomersKey]) -> dict[TagCustomersKey, Page[Customer]]:
            groups: dict[tuple[bool, PageRequest], list[str]] = defaultdict(list)
            for tag_id, include, page in keys:
                groups[(include, page)].append(tag_id)
            found: dict[TagCustomersKey, Page[Customer]] = {}
            for (include, page), ids in groups.items():
                pages = await customers.find_customers_by_tag_ids(
                    self.db, self.viewer, tag_ids=ids, page=page, include_descendants=include
                )
                found.update({(tag_id, include, page): p for tag_id, p in pages.items()})
            return found

        return self._get("tag_customers", lambda: _keyed(fetch))

    def tag_usage(self) -> DataLoader[str, TagUsage | None]:
        """Usage (customers, last assignment) of tags by id."""
        return self._get(
            "tag_usage",
            lambda: _keyed(
                lambda ids: governance.find_tag_usage_by_ids(self.db, self.viewer, ids=ids)
            ),
        )

    def tags_as_of(self) -> DataLoader[tuple[str, datetime], list[Tag]]:
        """Tags held at a moment, keyed by (customer id, moment)."""

        async def fetch(keys: list[tuple[str, datetime]]) -> dict[tuple[str, datetime], list[Tag]]:
            found: dict[tuple[str, datetime], list[Tag]] = {}
            for at in {at for _, at in keys}:
                ids = [customer_id for customer_id, moment in keys if moment == at]
                held = await history.find_tags_as_of(self.db, self.viewer, customer_ids=ids, at=at)
                found.update({(customer_id, at): tags for customer_id, tags in held.items()})
            return found

        return self._get("tags_as_of", lambda: _keyed(fetch, []))

    def tree_node(self, tree: Classification) -> DataLoader[str, TreeNode | None]:
        """Industries or regions by code."""
        return self._get(
            f"{tree.value}_node",
            lambda: _keyed(
                lambda codes: classification.find_by_codes(
                    self.db, self.viewer, tree=tree, codes=codes
                )
            ),
        )

    def tree_children(self, tree: Classification) -> DataLoader[str, list[TreeNode]]:
        """The children of each industry or region."""
        return self._get(
            f"{tree.value}_children",
            lambda: _keyed(
                lambda codes: classification.find_children_by_parent_codes(
                    self.db, self.viewer, tree=tree, codes=codes
                ),
                [],
            ),
        )

    def tree_customer_count(self, tree: Classification) -> DataLoader[str, int]:
        """Customers in each industry or region, sub-nodes included."""
        return self._get(
            f"{tree.value}_count",
            lambda: _keyed(
                lambda codes: classification.count_customers_by_codes(
                    self.db, self.viewer, tree=tree, codes=codes
                ),
                0,
            ),
        )
