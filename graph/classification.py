"""Classification trees customers belong to: industries (GB/T 4754-2017) and regions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.cypher import query
from graph.database import Database, run
from graph.viewer import Viewer


class Classification(Enum):
    """Which tree; its value names the folder of its queries in cypher/."""

    INDUSTRY = "industries"
    REGION = "regions"

    def query(self, name: str) -> Any:
        """The text of this tree's query `name` (the label is in the file, never composed)."""
        return query(f"{self.value}/{name}")


@dataclass(frozen=True, slots=True)
class TreeNode:
    """An industry or a region: its code, name, level and parent's code."""

    code: str
    name: str
    level: str
    parent_code: str | None
    name_en: str | None = None


def node_from_record(props: dict[str, Any]) -> TreeNode:
    """A TreeNode from its property map projected with `parentCode`."""
    return TreeNode(
        code=props["code"],
        name=props["name"],
        level=props.get("level") or "",
        parent_code=props.get("parentCode"),
        name_en=props.get("nameEn"),
    )


async def find_roots(db: Database, viewer: Viewer, tree: Classification) -> list[TreeNode]:
    """The top-level nodes of the tree, by code."""
    del viewer  # reference data: every viewer sees it
    rows = await db.read(tree.query("find_roots"))
    return [node_from_record(row["node"]) for row in rows]


async def find_by_codes(
    db: Database, viewer: Viewer, tree: Classification, codes: list[str]
) -> dict[str, TreeNode]:
    """The nodes with these codes, by code (missing codes are absent)."""
    del viewer
    rows = await db.read(tree.query("find_by_codes"), codes=codes)
    return {row["node"]["code"]: node_from_record(row["node"]) for row in rows}


async def find_children_by_parent_codes(
    db: Database, viewer: Viewer, tree: Classification, codes: list[str]
) -> dict[str, list[TreeNode]]:
    """The direct children of each node, by code."""
    del viewer
    rows = await db.read(tree.query("find_children_by_parent_codes"), codes=codes)
    children: dict[str, list[TreeNode]] = {code: [] for code in codes}
    for row in rows:
        node = node_from_record(row["node"])
        if node.parent_code is not None:
            children[node.parent_code].append(node)
    return children


async def count_customers_by_codes(
    db: Database, viewer: Viewer, tree: Classification, codes: list[str]
) -> dict[str, int]:
    """Customers in each node or any node below it."""
    del viewer
    rows = await db.read(tree.query("count_customers_by_codes"), codes=codes)
    counts = dict.fromkeys(codes, 0)
    counts.update({row["code"]: int(row["customers"]) for row in rows})
    return counts


async def find_missing_codes(
    tx: AsyncManagedTransaction, tree: Classification, codes: list[str]
) -> set[str]:
    """Which of these codes name no node of the tree (inside a transaction)."""
    if not codes:
        return set()
    rows = await run(tx, tree.query("find_missing_codes"), codes=codes)
    return set(rows[0]["missing"])
