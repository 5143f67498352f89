"""The one translation of uniqueness-constraint violations into user errors; the server
ends transactions past the configured timeout."""

from __future__ import annotations

import time

import pytest
from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ClientError, ConstraintError

from graph.database import Database, Record, UniqueKey, duplicates_refused, run
from graph.errors import ErrorCode, UserInputError
from settings import Settings
from tests.factories import unique

CREATE_SEGMENT_NODE = "CREATE (:Segment {id: $id, normalizedName: $name})"


def duplicate(what: str) -> UserInputError:
    return UserInputError.single(ErrorCode.DUPLICATE_NAME, f"{what} exists", ("input", "name"))


async def test_a_violation_of_a_given_key_becomes_its_user_error(db: Database) -> None:
    name = unique("seg")
    await db.write(CREATE_SEGMENT_NODE, id=unique("s"), name=name)
    by_name = UniqueKey("Segment", "normalizedName", duplicate("by name"))
    by_id = UniqueKey("Segment", "id", duplicate("by id"))
    with pytest.raises(UserInputError) as refused, duplicates_refused(by_id, by_name):
        await db.write(CREATE_SEGMENT_NODE, id=unique("s"), name=name)
    assert refused.value is by_name.error
    assert isinstance(refused.value.__cause__, ConstraintError)
    await db.write("MATCH (s:Segment {normalizedName: $name}) DETACH DELETE s", name=name)


async def test_a_violation_of_another_key_stays_an_internal_error(db: Database) -> None:
    name = unique("seg")
    await db.write(CREATE_SEGMENT_NODE, id=unique("s"), name=name)
    other = UniqueKey("TagRule", "normalizedName", duplicate("a rule"))
    same_property = UniqueKey("Segment", "id", duplicate("by id"))
    with pytest.raises(ConstraintError), duplicates_refused(other, same_property):
        await db.write(CREATE_SEGMENT_NODE, id=unique("s"), name=name)
    await db.write("MATCH (s:Segment {normalizedName: $name}) DETACH DELETE s", name=name)


# Seconds of Neo4j CPU, without touching any data.
SLOW = "UNWIND range(1, 3000000000) AS n RETURN sum(n) AS total"


async def test_the_server_ends_transactions_running_past_the_timeout(
    settings: Settings, db: Database
) -> None:
    bounded = Database.connect(settings, transaction_timeout=0.5)

    async def slow(tx: AsyncManagedTransaction) -> list[Record]:
        return await run(tx, SLOW)

    try:
        for call in (bounded.read(SLOW), bounded.read_transaction(slow)):
            started = time.monotonic()
            with pytest.raises(ClientError) as ended:
                await call
            assert "TransactionTimedOut" in (ended.value.code or "")
            assert time.monotonic() - started < 10
        assert await bounded.read("RETURN 1 AS ok") == [{"ok": 1}]
    finally:
        await bounded.close()
