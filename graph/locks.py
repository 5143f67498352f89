"""The write locks that keep concurrent changes safe, and the one order they are taken in.

Neo4j takes a node's write lock on its first write in a transaction and holds it until the
end; two transactions that lock the same nodes in different orders can deadlock (Neo4j then
aborts one, and the driver retries it). So every transaction takes its locks here, in this
order, each kind sorted by id:

1. tag categories (`lock_categories`): every change to a category's tree (create, rename,
   move, merge, delete) takes them first, so the changes of one category run one after
   another and a cycle or sibling-name check sees every committed change;
2. tags (`lock_tags`): tagging calls and rule runs lock the tags they assign, and merges,
   deletes and moves lock the tags they retire or move, so the two never interleave;
3. customers (`lock_customers`): before a tag of an exclusive category replaces the one a
   customer holds, so two concurrent calls cannot each add a different tag of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.cypher import Queries
from graph.database import run
from graph.viewer import Viewer

query = Queries("locks")


async def lock_categories(
    tx: AsyncManagedTransaction, viewer: Viewer, *, category_ids: Iterable[str]
) -> list[dict[str, Any]]:
    """Write-lock these categories in id order; returns the visible ones with `exclusive`."""
    return await run(
        tx,
        query("lock_categories"),
        ids=sorted(set(category_ids)),
        visibleCategoryIds=viewer.visible_categories_param(),
    )


async def lock_tags(tx: AsyncManagedTransaction, *, tag_ids: Iterable[str]) -> None:
    """Write-lock these tags in id order (after any category locks, before customer locks)."""
    await run(tx, query("lock_tags"), ids=sorted(set(tag_ids)))


async def lock_customers(tx: AsyncManagedTransaction, *, customer_ids: Iterable[str]) -> None:
    """Write-lock these customers in id order (the last locks a transaction takes)."""
    await run(tx, query("lock_customers"), ids=sorted(set(customer_ids)))
