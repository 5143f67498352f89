"""Change notices: what each write changed, so that in-memory indexes can follow the graph."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from neo4j import AsyncManagedTransaction

from graph.cypher import Queries
from graph.database import Database, as_datetime, run

query = Queries("changes")

NOTICE_RETENTION = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ChangeNotice:
    """One committed write: the customers and tags it touched, and whether the trees changed."""

    id: str
    at: datetime
    customer_ids: tuple[str, ...]
    tag_ids: tuple[str, ...]
    taxonomy: bool


async def record_changes(
    tx: AsyncManagedTransaction,
    *,
    customer_ids: Iterable[str] = (),
    tag_ids: Iterable[str] = (),
    taxonomy: bool = False,
) -> None:
    """Leave a notice of this transaction's changes; call it last, inside the transaction."""
    customers = list(dict.fromkeys(customer_ids))
    tags = list(dict.fromkeys(tag_ids))
    if customers or tags or taxonomy:
        await run(
            tx,
            query("record_change_notice"),
            customerIds=customers,
            tagIds=tags,
            taxonomy=taxonomy,
        )


async def find_change_notices(
    db: Database, *, since: datetime, seen: Iterable[str] = (), limit: int = 1000
) -> list[ChangeNotice]:
    """Notices recorded after `since` whose ids are not in `seen`, oldest first."""
    rows = await db.read(query("find_change_notices"), since=since, seen=list(seen), limit=limit)
    return [
        ChangeNotice(
            id=row["id"],
            at=as_datetime(row["at"]) or since,
            customer_ids=tuple(row["customerIds"] or ()),
            tag_ids=tuple(row["tagIds"] or ()),
            taxonomy=bool(row["taxonomy"]),
        )
        for row in rows
    ]


async def database_time(db: Database) -> datetime:
    """The database's wall clock, which stamps the notices."""
    rows = await db.read(query("current_time"))
    now = as_datetime(rows[0]["now"])
    assert now is not None
    return now


async def delete_old_change_notices(db: Database, *, now: datetime, limit: int = 10_000) -> int:
    """Forget notices older than the retention period; returns how many were deleted."""
    rows = await db.write(
        query("delete_old_change_notices"), before=now - NOTICE_RETENTION, limit=limit
    )
    return int(rows[0]["deleted"])
