"""Change notices: a poll leaves out the notices its reader has applied already."""

from __future__ import annotations

from datetime import timedelta

from neo4j import AsyncManagedTransaction

from graph import changes
from graph.database import Database
from tests.factories import unique


async def _notice(db: Database, customer_ids: list[str]) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await changes.record_changes(tx, customer_ids=customer_ids)

    await db.write_transaction(work)


async def test_a_poll_leaves_out_the_notices_already_seen_and_returns_the_new_ones(
    db: Database,
) -> None:
    before = await changes.database_time(db) - timedelta(milliseconds=1)
    first, second = [unique("cust") for _ in range(500)], [unique("cust")]
    await _notice(db, first)
    seen = await changes.find_change_notices(db, since=before)
    mine = [notice for notice in seen if set(notice.customer_ids) <= set(first)]
    assert [set(notice.customer_ids) for notice in mine] == [set(first)]
    await _notice(db, second)

    again = await changes.find_change_notices(db, since=before, seen=[n.id for n in seen])

    assert [notice.customer_ids for notice in again if second[0] in notice.customer_ids] == [
        tuple(second)
    ]
    assert not {notice.id for notice in again} & {notice.id for notice in seen}
