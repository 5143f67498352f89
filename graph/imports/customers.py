"""Customer imports: one batch of rows merged in one transaction, counted against what the
graph holds (created / updated / unchanged / skipped / refused), with the tags of each row."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    result, plan = await _compare(tx, viewer, rows, on_duplicate)
    if plan.creates or plan.updates or plan.tags:
        await _write(tx, viewer, plan)
    return result


@dataclass(slots=True)
class _Plan:
    """What a batch writes: new customers (with their tags), changed ones, tags added to
    existing ones."""

    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    tags: list[tuple[str, TagRef]] = field(default_factory=list)


async def _compare(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    rows: list[CustomerWrite],
    on_duplicate: OnDuplicate,
) -> tuple[BatchResult, _Plan]:
    result, plan = BatchResult(), _Plan()
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
    for index, row in enumerate(rows):
        if index in refused:
            continue
        held = state.get(row.id)
        if held is None:
            if not row.props.get("name"):
                message = "a new customer needs a name"
                result.refused.append(Refused(index, Refusal.REQUIRED, "name", message))
                continue
            result.created += 1
            result.assignments += len(row.tags)
            plan.creates.append(_write_row(row) | {"tagIds": [tag.id for tag in row.tags]})
            continue
        new_tags = [tag for tag in row.tags if tag.id not in held["tagIds"]]
        changed = _differs(row, held)
        if not changed and not new_tags:
            result.unchanged += 1
        elif on_duplicate is OnDuplicate.SKIP:
            result.skipped += 1
        elif on_duplicate is OnDuplicate.REFUSE:
            message = f"customer {row.id!r} exists (--on-duplicate refuse)"
            result.refused.append(Refused(index, Refusal.EXISTS, "id", message))
        else:
            result.updated += 1
            result.assignments += len(new_tags)
            if changed:
                plan.updates.append(_write_row(row))
            plan.tags += [(row.id, tag) for tag in new_tags]
    return result, plan


async def _unknown_codes(tx: AsyncManagedTransaction, rows: list[CustomerWrite]) -> list[Refused]:
    refused: list[Refused] = []
    for tree, attribute, code, column in (
        (Classification.INDUSTRY, "industry_code", Refusal.UNKNOWN_INDUSTRY, "industry"),
        (Classification.REGION, "region_code", Refusal.UNKNOWN_REGION, "region"),
    ):
        codes = sorted({getattr(row, attribute) for row in rows} - {None})
        missing = await classification.find_missing_codes(tx, tree=tree, codes=codes)
        refused += [
            Refused(index, code, column, f"{column} {getattr(row, attribute)!r} does not exist")
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


async def _write(tx: AsyncManagedTransaction, viewer: Viewer, plan: _Plan) -> None:
    now = datetime.now(UTC)
    if plan.tags:
        await locks.lock_tags(tx, tag_ids={tag.id for _, tag in plan.tags})
    if plan.creates:
        await run(
            tx,
            query("create_customers"),
            rows=plan.creates,
            by=viewer.user,
            now=now,
            source=IMPORT_SOURCE,
        )
    if plan.updates:
        await run(tx, query("merge_customers"), rows=plan.updates, by=viewer.user)
    if plan.tags:
        exclusive = {customer_id for customer_id, tag in plan.tags if tag.exclusive}
        if exclusive:
            await locks.lock_customers(tx, customer_ids=exclusive)
        await run(
            tx,
            query("assign_tags"),
            rows=[assignment_row(customer_id, tag) for customer_id, tag in plan.tags],
            now=now,
            by=viewer.user,
            source=IMPORT_SOURCE,
        )
    changed = [row["id"] for row in plan.creates + plan.updates]
    await record_changes(tx, customer_ids=changed + [customer_id for customer_id, _ in plan.tags])


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
