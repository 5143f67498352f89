"""Classification trees customers belong to: industries (GB/T 4754-2017) and regions."""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.classification.model import Classification, TreeNode
from graph.cypher import Queries
from graph.database import Database, run
from graph.viewer import Viewer

query = Queries("classification")


def _query(tree: Classification, name: str) -> LiteralString:
    # The tree's own file (its label is in the file, never composed from a value).
    return query(f"{tree.value}/{name}")


def node_from_record(props: dict[str, Any]) -> TreeNode:
    """A TreeNode from its property map projected with `parentCode`."""
    return TreeNode(
        code=props["code"],
        name=props["name"],
        level=props.get("level") or "",
        parent_code=props.get("parentCode"),
        name_en=props.get("nameEn"),
    )


async def find_roots(db: Database, viewer: Viewer, *, tree: Classification) -> list[TreeNode]:
    """The top-level nodes of the tree, by code."""
    del viewer  # reference data: every viewer sees it
    rows = await db.read(_query(tree, "find_roots"))
    return [node_from_record(row["node"]) for row in rows]


async def find_by_codes(
    db: Database, viewer: Viewer, *, tree: Classification, codes: list[str]
) -> dict[str, TreeNode]:
    """The nodes with these codes, by code (missing codes are absent)."""
    del viewer
    rows = await db.read(_query(tree, "find_by_codes"), codes=codes)
    return {row["node"]["code"]: node_from_record(row["node"]) for row in rows}


async def find_children_by_parent_codes(
    db: Database, viewer: Viewer, *, tree: Classification, codes: list[str]
) -> dict[str, list[TreeNode]]:
    """The direct children of each node, by code."""
    del viewer
    rows = await db.read(_query(tree, "find_children_by_parent_codes"), codes=codes)
    children: dict[str, list[TreeNode]] = {code: [] for code in codes}
    for row in rows:
        node = node_from_record(row["node"])
        if node.parent_code is not None:
            children[node.parent_code].append(node)
    return children


async def count_customers_by_codes(
    db: Database, viewer: Viewer, *, tree: Classification, codes: list[str]
) -> dict[str, int]:
    """Customers in each node or any node below it."""
    del viewer
    rows = await db.read(_query(tree, "count_customers_by_codes"), codes=codes)
    counts = dict.fromkeys(codes, 0)
    counts.update({row["code"]: int(row["customers"]) for row in rows})
    return counts


async def find_missing_codes(
    tx: AsyncManagedTransaction, *, tree: Classification, codes: list[str]
) -> set[str]:
    """Which of these codes name no node of the tree (inside a transaction)."""
    if not codes:
        return set()
    rows = await run(tx, _query(tree, "find_missing_codes"), codes=codes)
    return set(rows[0]["missing"])
