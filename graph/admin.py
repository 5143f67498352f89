"""Whole-database operations for test and benchmark instances (never used by the API)."""

from __future__ import annotations

import json
from typing import Any

from graph.cypher import Queries
from graph.database import Database

query = Queries("admin")


async def erase_all_data(db: Database) -> None:
    """Delete every node and relationship, in batches; the schema stays."""
    async with db.driver.session(database=db.name) as session:
        result = await session.run(query("erase_all_data"))
        await result.consume()


async def snapshot_graph(db: Database) -> list[str]:
    """Every node and relationship with its properties, as sorted JSON lines."""
    rows = await db.read(query("snapshot_graph"))
    return sorted(json.dumps(row, sort_keys=True, default=_json_default) for row in rows)


def _json_default(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else repr(value)
