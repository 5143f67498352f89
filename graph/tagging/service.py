"""Tagging: assign tags to customers and remove them, by ids or by a filter, all or nothing."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph import locks
from graph.changes import record_changes
from graph.cypher import Queries
from graph.database import Database, run
from graph.errors import ErrorCode, FieldError, UserInputError
from graph.segments.compiler import compile_filter, ids_query
from graph.segments.names import check_filter_names
from graph.tagging.model import CustomerSelection, Provenance, TaggingResult
from graph.taxonomy.model import DEPRECATED, RETIRED
from graph.viewer import Viewer

query = Queries("tagging")
MAX_CUSTOMERS_PER_CALL = 100_000
MAX_TAGS_PER_CALL = 100
MAX_LISTED_UNKNOWN_IDS = 100


async def tag_customers(
    db: Database,
    viewer: Viewer,
    *,
    selection: CustomerSelection,
    tag_ids: list[str],
    provenance: Provenance | None = None,
    now: datetime | None = None,
) -> TaggingResult:
    """Assign the tags to every selected customer; nothing is applied if anything is invalid."""
    provenance = provenance or Provenance(by=viewer.user)
    now = now or datetime.now(UTC)
    errors = _argument_errors(selection, tag_ids)
    if provenance.expires_at is not None and provenance.expires_at <= now:
        errors.append(
            FieldError(ErrorCode.INVALID_INPUT, "expiresAt must be in the future", ("expiresAt",))
        )
    if errors:
        raise UserInputError(errors)
    await check_filter_names(db, viewer, customer_filter=selection.customer_filter)
    return await db.write_transaction(_tag, viewer, selection, _unique(tag_ids), provenance, now)


async def untag_customers(
    db: Database,
    viewer: Viewer,
    *,
    selection: CustomerSelection,
    tag_ids: list[str],
    provenance: Provenance | None = None,
    now: datetime | None = None,
) -> TaggingResult:
    """End the assignments of the tags for every selected customer (kept as history)."""
    errors = _argument_errors(selection, tag_ids)
    if errors:
        raise UserInputError(errors)
    await check_filter_names(db, viewer, customer_filter=selection.customer_filter)
    return await db.write_transaction(
        _untag,
        viewer,
        selection,
        _unique(tag_ids),
        provenance or Provenance(by=viewer.user),
        now or datetime.now(UTC),
    )


async def expire_assignments(
    db: Database, *, now: datetime | None = None, batch_size: int = 10_000
) -> int:
    """End every assignment whose expiry has passed (reason EXPIRED); returns how many."""
    total = 0
    while True:
        expired = await db.write_transaction(_expire, now or datetime.now(UTC), batch_size)
        total += expired
        if expired < batch_size:
            return total


async def _expire(tx: AsyncManagedTransaction, now: datetime, limit: int) -> int:
    rows = await run(tx, query("expire_assignments"), now=now, limit=limit)
    await record_changes(tx, customer_ids=rows[0]["customerIds"])
    return int(rows[0]["expired"])


async def _tag(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    selection: CustomerSelection,
    tag_ids: list[str],
    provenance: Provenance,
    now: datetime,
) -> TaggingResult:
    await locks.lock_tags(tx, tag_ids=tag_ids)
    tags = await _resolve_tags(tx, viewer, tag_ids, assigning=True)
    customer_ids = await _resolve_customers(tx, selection)
    if not customer_ids:
        return TaggingResult(customers=0)
    if any(tag["exclusive"] for tag in tags):
        await locks.lock_customers(tx, customer_ids=customer_ids)
    rows = await run(
        tx,
        query("tag_customers"),
        customerIds=customer_ids,
        tags=tags,
        now=now,
        by=provenance.by,
        source=provenance.source.value,
        note=provenance.note,
        ruleId=provenance.rule_id,
        expiresAt=provenance.expires_at,
    )
    await record_changes(tx, customer_ids=rows[0]["changedIds"])
    return TaggingResult(
        customers=len(customer_ids),
        added=int(rows[0]["added"]),
        already_present=int(rows[0]["alreadyPresent"]),
        replaced=int(rows[0]["replaced"]),
    )


async def _untag(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    selection: CustomerSelection,
    tag_ids: list[str],
    provenance: Provenance,
    now: datetime,
) -> TaggingResult:
    await locks.lock_tags(tx, tag_ids=tag_ids)
    await _resolve_tags(tx, viewer, tag_ids, assigning=False)
    customer_ids = await _resolve_customers(tx, selection)
    if not customer_ids:
        return TaggingResult(customers=0)
    rows = await run(
        tx,
        query("untag_customers"),
        customerIds=customer_ids,
        tagIds=tag_ids,
        now=now,
        by=provenance.by,
        source=provenance.source.value,
        reason="REMOVED",
    )
    if rows[0]["removed"]:
        await record_changes(tx, customer_ids=rows[0]["customerIds"])
    return TaggingResult(customers=len(customer_ids), removed=int(rows[0]["removed"]))


def _argument_errors(selection: CustomerSelection, tag_ids: list[str]) -> list[FieldError]:
    errors: list[FieldError] = []
    if (selection.customer_ids is None) == (selection.customer_filter is None):
        errors.append(
            FieldError(
                ErrorCode.INVALID_INPUT, "give either customerIds or filter", ("customerIds",)
            )
        )
    elif (
        selection.customer_ids is not None and len(selection.customer_ids) > MAX_CUSTOMERS_PER_CALL
    ):
        errors.append(
            FieldError(
                ErrorCode.TOO_MANY_ITEMS,
                f"at most {MAX_CUSTOMERS_PER_CALL} customers per call",
                ("customerIds",),
            )
        )
    if not tag_ids:
        errors.append(FieldError(ErrorCode.INVALID_INPUT, "give at least one tag", ("tagIds",)))
    elif len(tag_ids) > MAX_TAGS_PER_CALL:
        errors.append(
            FieldError(
                ErrorCode.TOO_MANY_ITEMS, f"at most {MAX_TAGS_PER_CALL} tags per call", ("tagIds",)
            )
        )
    return errors


async def find_tags_for_assignment(
    source: Database | AsyncManagedTransaction, viewer: Viewer, tag_ids: list[str]
) -> list[dict[str, Any]]:
    """The visible tags among these ids with what decides whether they may be assigned: their
    status, category and whether it is exclusive (in a transaction or a read of its own)."""
    parameters = {
        "ids": tag_ids,
        "visibleCategoryIds": viewer.visible_categories_param(),
        "taggableCategoryIds": viewer.taggable_categories_param(),
    }
    if isinstance(source, Database):
        return await source.read(query("find_tags_for_assignment"), **parameters)
    return await run(source, query("find_tags_for_assignment"), **parameters)


async def _resolve_tags(
    tx: AsyncManagedTransaction, viewer: Viewer, tag_ids: list[str], *, assigning: bool
) -> list[dict[str, Any]]:
    rows = await find_tags_for_assignment(tx, viewer, tag_ids)
    found = {row["id"]: row for row in rows}
    errors = [
        FieldError(ErrorCode.NOT_FOUND, f"tag {tag_id!r} does not exist", ("tagIds", str(i)))
        for i, tag_id in enumerate(tag_ids)
        if tag_id not in found
    ]
    errors += [
        FieldError(
            ErrorCode.FORBIDDEN,
            f"tag {found[tag_id]['name']!r} is in a category you may see but not tag with",
            ("tagIds", str(i)),
        )
        for i, tag_id in enumerate(tag_ids)
        if tag_id in found and not found[tag_id]["taggable"]
    ]
    errors += [
        FieldError(
            ErrorCode.TAG_RETIRED,
            f"tag {found[tag_id]['name']!r} was {found[tag_id]['status'].lower()}",
            ("tagIds", str(i)),
        )
        for i, tag_id in enumerate(tag_ids)
        if tag_id in found and found[tag_id]["status"] in RETIRED
    ]
    if assigning:
        errors += [
            FieldError(
                ErrorCode.TAG_DEPRECATED,
                f"tag {found[tag_id]['name']!r} is deprecated and cannot be newly assigned",
                ("tagIds", str(i)),
            )
            for i, tag_id in enumerate(tag_ids)
            if tag_id in found and found[tag_id]["status"] == DEPRECATED
        ]
        exclusive = Counter(row["categoryId"] for row in rows if row["exclusive"])
        errors += [
            FieldError(
                ErrorCode.EXCLUSIVE_CONFLICT,
                f"category {row['categoryName']!r} is exclusive: assign one of its tags at a time",
                ("tagIds",),
            )
            for row in {r["categoryId"]: r for r in rows if exclusive[r["categoryId"]] > 1}.values()
        ]
    if errors:
        raise UserInputError(errors)
    return [
        {
            "id": tag_id,
            "categoryId": found[tag_id]["categoryId"],
            "exclusive": found[tag_id]["exclusive"],
        }
        for tag_id in tag_ids
    ]


async def _resolve_customers(
    tx: AsyncManagedTransaction, selection: CustomerSelection
) -> list[str]:
    if selection.customer_ids is not None:
        ids = _unique(list(selection.customer_ids))
        rows = await run(tx, query("find_missing_customer_ids"), ids=ids)
        missing: list[str] = rows[0]["missing"]
        if missing:
            listed = missing[:MAX_LISTED_UNKNOWN_IDS]
            errors = [
                FieldError(
                    ErrorCode.NOT_FOUND, f"customer {cid!r} does not exist", ("customerIds",)
                )
                for cid in listed
            ]
            if len(missing) > len(listed):
                errors.append(
                    FieldError(
                        ErrorCode.NOT_FOUND,
                        f"… and {len(missing) - len(listed)} more unknown customer ids",
                        ("customerIds",),
                    )
                )
            raise UserInputError(errors)
        return ids
    compiled = compile_filter(selection.customer_filter)
    rows = await run(
        tx, ids_query(compiled), **compiled.parameters, limit=MAX_CUSTOMERS_PER_CALL + 1
    )
    if len(rows) > MAX_CUSTOMERS_PER_CALL:
        raise UserInputError.single(
            ErrorCode.TOO_MANY_ITEMS,
            f"the filter selects more than {MAX_CUSTOMERS_PER_CALL} customers; narrow it",
            ("filter",),
        )
    return [row["id"] for row in rows]


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))
