"""The audit trail: who changed the taxonomy, rules, principals or permissions, and when.

Each change writes one `(:AuditEntry)` in the transaction of the change itself, so an entry
exists exactly when the change was committed."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.cypher import Queries
from graph.database import Database, Record, as_datetime, run
from graph.pagination import Page, PageRequest, encode_cursor
from graph.viewer import Viewer

query = Queries("audit")
MAX_SUMMARY = 500


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded change: who, when, what."""

    id: str
    at: datetime
    by: str
    action: str
    subject_kind: str
    subject_id: str
    summary: str


@dataclass(frozen=True, slots=True)
class Change:
    """What a write did, as its audit entry tells it."""

    action: str
    subject_kind: str
    subject_id: str
    summary: str = ""


async def record_audit(tx: AsyncManagedTransaction, viewer: Viewer, change: Change) -> None:
    """Record a change made by `viewer` in this transaction (committed with it or not at all)."""
    await run(
        tx,
        query("record_audit"),
        id=f"audit-{uuid.uuid4().hex}",
        by=viewer.user,
        action=change.action,
        subjectKind=change.subject_kind,
        subjectId=change.subject_id,
        summary=change.summary[:MAX_SUMMARY],
    )


async def write_audited(
    db: Database,
    viewer: Viewer,
    statement: LiteralString,
    *,
    change: Change,
    changed: Callable[[list[Record]], bool] = bool,
    **parameters: Any,
) -> list[Record]:
    """Run one write statement and, when it `changed` something (by default: returned a row),
    its audit entry, in one transaction; the statement's rows."""

    async def work(tx: AsyncManagedTransaction) -> list[Record]:
        rows = await run(tx, statement, **parameters)
        if changed(rows):
            await record_audit(tx, viewer, change)
        return rows

    return await db.write_transaction(work)


async def find_audit_entries(
    db: Database,
    *,
    page: PageRequest,
    subject_id: str | None = None,
    by: str | None = None,
) -> Page[AuditEntry]:
    """A page of audit entries, newest first, optionally of one subject or one actor."""
    after_at, after_id = page.after if page.after else (None, None)
    rows = await db.read(
        query("find_audit_entries"),
        afterAt=datetime.fromisoformat(after_at) if after_at else None,
        afterId=after_id,
        subjectId=subject_id,
        by=by,
        limit=page.limit,
    )
    entries = [_entry(row["entry"]) for row in rows]
    return Page.from_rows([(encode_cursor(e.at.isoformat(), e.id), e) for e in entries], page)


def _entry(record: dict[str, object]) -> AuditEntry:
    at = as_datetime(record["at"])
    assert at is not None
    return AuditEntry(
        id=str(record["id"]),
        at=at,
        by=str(record["by"]),
        action=str(record["action"]),
        subject_kind=str(record["subjectKind"]),
        subject_id=str(record["subjectId"]),
        summary=str(record.get("summary") or ""),
    )


async def count_audit_entries(
    db: Database, *, subject_id: str | None = None, by: str | None = None
) -> int:
    """How many audit entries, optionally of one subject or one actor."""
    rows = await db.read(query("count_audit_entries"), subjectId=subject_id, by=by)
    return int(rows[0]["total"])
