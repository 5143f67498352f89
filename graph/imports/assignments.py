"""Assignment imports: one batch of (customer, tag) rows with provenance in one transaction,
written as the tagging path writes them (history of replaced tags, change notices)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph import locks
from graph.changes import record_changes
from graph.cypher import Queries
from graph.database import Database, run
from graph.imports.customers import IMPORT_SOURCE, assignment_row
from graph.imports.model import AssignmentWrite, BatchResult, OnDuplicate, Refusal, Refused
from graph.viewer import Viewer

query = Queries("imports")


async def assign_batch(
    db: Database,
    viewer: Viewer,
    *,
    rows: list[AssignmentWrite],
    on_duplicate: OnDuplicate,
    dry_run: bool = False,
) -> BatchResult:
    """Add one batch of assignments (pairs unique in it) in one transaction; an existing one
    is unchanged, or gets the row's note and expiry (update), or is skipped or refused."""
    if dry_run:
        return await db.read_transaction(_plan, rows, on_duplicate)
    return await db.write_transaction(_assign, viewer, rows, on_duplicate)


async def _plan(
    tx: AsyncManagedTransaction, rows: list[AssignmentWrite], on_duplicate: OnDuplicate
) -> BatchResult:
    return (await _compare(tx, rows, on_duplicate))[0]


async def _assign(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    rows: list[AssignmentWrite],
    on_duplicate: OnDuplicate,
) -> BatchResult:
    result, writes = await _compare(tx, rows, on_duplicate)
    if not writes:
        return result
    await locks.lock_tags(tx, tag_ids={row["tagId"] for row in writes})
    exclusive = {row["customerId"] for row in writes if row["exclusive"]}
    if exclusive:
        await locks.lock_customers(tx, customer_ids=exclusive)
    await run(
        tx,
        query("assign_tags"),
        rows=writes,
        now=datetime.now(UTC),
        by=viewer.user,
        source=IMPORT_SOURCE,
    )
    await record_changes(tx, customer_ids=[row["customerId"] for row in writes])
    return result


async def _compare(
    tx: AsyncManagedTransaction, rows: list[AssignmentWrite], on_duplicate: OnDuplicate
) -> tuple[BatchResult, list[dict[str, Any]]]:
    result = BatchResult()
    ids = sorted({row.customer_id for row in rows})
    known = set((await run(tx, query("find_existing_customer_ids"), ids=ids))[0]["ids"])
    pairs = [{"customerId": row.customer_id, "tagId": row.tag.id} for row in rows]
    held = {
        (row["customerId"], row["tagId"]): row
        for row in await run(tx, query("find_assignment_state"), pairs=pairs)
    }
    writes: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        if row.customer_id not in known:
            message = f"customer {row.customer_id!r} does not exist"
            result.refused.append(Refused(index, Refusal.UNKNOWN_CUSTOMER, "customerId", message))
            continue
        existing = held.get((row.customer_id, row.tag.id))
        if existing is None:
            result.created += 1
            writes.append(_write_row(row, update=False))
        elif not _differs(row, existing):
            result.unchanged += 1
        elif on_duplicate is OnDuplicate.SKIP:
            result.skipped += 1
        elif on_duplicate is OnDuplicate.REFUSE:
            message = f"{row.customer_id!r} holds the tag already (--on-duplicate refuse)"
            result.refused.append(Refused(index, Refusal.EXISTS, "tag", message))
        else:
            result.updated += 1
            writes.append(_write_row(row, update=True))
    result.assignments = result.created
    return result, writes


def _differs(row: AssignmentWrite, existing: dict[str, Any]) -> bool:
    if row.note is not None and row.note != existing["note"]:
        return True
    return row.expires_at is not None and row.expires_at != existing["expiresAt"]


def _write_row(row: AssignmentWrite, *, update: bool) -> dict[str, Any]:
    return assignment_row(
        row.customer_id,
        row.tag,
        since=row.since,
        note=row.note,
        expires_at=row.expires_at,
        update=update,
    )
