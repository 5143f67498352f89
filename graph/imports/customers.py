"""Customer imports: one batch of rows merged in one transaction, counted against what the
graph holds (created / updated / unchanged / skipped / refused), with the tags of each row."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph import locks
from graph.changes import record_changes
from graph.classification import service as classification
from graph.classification.model import Classification
from graph.cypher import Queries
from graph.database import Database, run
from graph.imports.model import (
    BatchResult,
    CustomerWrite,
    OnDuplicate,
    Refusal,
    Refused,
    TagRef,
)
from graph.viewer import Viewer

query = Queries("imports")
IMPORT_SOURCE = "IMPORT"


async def merge_customer_batch(
    db: Database,
    viewer: Viewer,
    *,
    rows: list[CustomerWrite],
    on_duplicate: OnDuplicate,
    dry_run: bool = False,
) -> BatchResult:
    """Create or update one batch of customers (ids unique in it) and add their tags, in one
    transaction; a dry run reads the same and writes nothing."""
    if dry_run:
        return await db.read_transaction(_plan, viewer, rows, on_duplicate)
    return await db.write_transaction(_merge, viewer, rows, on_duplicate)


async def _plan(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    rows: list[CustomerWrite],
    on_duplicate: OnDuplicate,
) -> BatchResult:
    return (await _compare(tx, viewer, rows, on_duplicate))[0]


async def _merge(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    rows: list[CustomerWrite],
    on_duplicate: OnDuplicate,
) -> BatchResult:
    result, writes, tags = await _compare(tx, viewer, rows, on_duplicate)
    if writes or tags:
        await _write(tx, viewer, writes, tags)
    return result


async def _compare(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    rows: list[CustomerWrite],
    on_duplicate: OnDuplicate,
) -> tuple[BatchResult, list[dict[str, Any]], list[tuple[str, TagRef]]]:
    result = BatchResult()
    state = {
        row["id"]: row
        for row in await run(
            tx,
            query("find_customer_state"),
            ids=[row.id for row in rows],
            visibleCategoryIds=viewer.visible_categories_param(),
        )
    }
    result.refused = await _unknown_codes(tx, rows)
    refused = {r.index for r in result.refused}
    writes: list[dict[str, Any]] = []
    tags: list[tuple[str, TagRef]] = []
    for index, row in enumerate(rows):
        if index in refused:
            continue
        held = state.get(row.id)
        if held is None and not row.props.get("name"):
            result.refused.append(
                Refused(index, Refusal.REQUIRED, "name", "a new customer needs a name")
            )
            continue
        new_tags = [tag for tag in row.tags if held is None or tag.id not in held["tagIds"]]
        changed = held is None or _differs(row, held)
        if not changed and not new_tags:
            result.unchanged += 1
            continue
        if held is not None and on_duplicate is OnDuplicate.SKIP:
            result.skipped += 1
            continue
        if held is not None and on_duplicate is OnDuplicate.REFUSE:
            message = f"customer {row.id!r} exists (--on-duplicate refuse)"
            result.refused.append(Refused(index, Refusal.EXISTS, "id", message))
            continue
        if held is None:
            result.created += 1
        else:
            result.updated += 1
        if changed:
            writes.append(_write_row(row))
        tags += [(row.id, tag) for tag in new_tags]
    result.assignments = len(tags)
    return result, writes, tags


async def _unknown_codes(tx: AsyncManagedTransaction, rows: list[CustomerWrite]) -> list[Refused]:
    refused: list[Refused] = []
    for tree, attribute, code, field in (
        (Classification.INDUSTRY, "industry_code", Refusal.UNKNOWN_INDUSTRY, "industry"),
        (Classification.REGION, "region_code", Refusal.UNKNOWN_REGION, "region"),
    ):
        codes = sorted({getattr(row, attribute) for row in rows} - {None})
        missing = await classification.find_missing_codes(tx, tree=tree, codes=codes)
        refused += [
            Refused(index, code, field, f"{field} {getattr(row, attribute)!r} does not exist")
            for index, row in enumerate(rows)
            if getattr(row, attribute) in missing
        ]
    return sorted(refused, key=lambda r: r.index)


def _differs(row: CustomerWrite, held: dict[str, Any]) -> bool:
    props = held["props"]
    if any(props.get(key) != value for key, value in row.props.items()):
        return True
    if row.industry_code is not None and row.industry_code != held["industry"]:
        return True
    return row.region_code is not None and row.region_code != held["region"]


def _write_row(row: CustomerWrite) -> dict[str, Any]:
    return {
        "id": row.id,
        "props": row.props,
        "industryCode": row.industry_code,
        "regionCode": row.region_code,
    }


async def _write(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    writes: list[dict[str, Any]],
    tags: list[tuple[str, TagRef]],
) -> None:
    if tags:
        await locks.lock_tags(tx, tag_ids={tag.id for _, tag in tags})
    if writes:
        await run(tx, query("merge_customers"), rows=writes, by=viewer.user)
    if tags:
        exclusive = {customer_id for customer_id, tag in tags if tag.exclusive}
        if exclusive:
            await locks.lock_customers(tx, customer_ids=exclusive)
        await run(
            tx,
            query("assign_tags"),
            rows=[assignment_row(customer_id, tag) for customer_id, tag in tags],
            now=datetime.now(UTC),
            by=viewer.user,
            source=IMPORT_SOURCE,
        )
    await record_changes(
        tx, customer_ids=[row["id"] for row in writes] + [customer_id for customer_id, _ in tags]
    )


def assignment_row(
    customer_id: str,
    tag: TagRef,
    *,
    since: datetime | None = None,
    note: str | None = None,
    expires_at: datetime | None = None,
    update: bool = False,
) -> dict[str, Any]:
    """The parameter row of assign_tags (times as epoch milliseconds: the driver packs ints
    far faster than datetimes)."""
    return {
        "customerId": customer_id,
        "tagId": tag.id,
        "categoryId": tag.category_id,
        "exclusive": tag.exclusive,
        "since": _millis(since),
        "note": note,
        "expiresAt": _millis(expires_at),
        "update": update,
    }


def _millis(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp() * 1000)
