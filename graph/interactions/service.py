"""Interactions: what customers did (purchases, visits, forms, events, tickets), recorded in
idempotent batches; each keeps the customer's lastInteractionAt and triggers event rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.changes import record_changes
from graph.cypher import Queries
from graph.database import Database, as_datetime, run
from graph.errors import ErrorCode, FieldError, UserInputError
from graph.interactions.model import Interaction, InteractionType, RecordedBatch
from graph.viewer import Viewer

query = Queries("interactions")
MAX_INTERACTIONS_PER_CALL = 10_000
MAX_LISTED_ERRORS = 100
CLOCK_SKEW = timedelta(hours=1)  # how far ahead of ours a client's clock may be
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)  # no CRM records anything older
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SECOND = timedelta(seconds=1)


async def record_interactions(
    db: Database,
    viewer: Viewer,
    *,
    items: list[Interaction],
    now: datetime | None = None,
) -> RecordedBatch:
    """Record a batch (all or nothing; ids seen before are skipped), with what its event rules
    need (services.interactions runs them before answering)."""
    del viewer
    now = now or datetime.now(UTC)
    rows = _validated_rows(items, now)
    missing = await db.read(
        query("find_missing_references"),
        customerIds=sorted({row["customerId"] for row in rows}),
        productIds=sorted({row["productId"] for row in rows if row["productId"]}),
    )
    _refuse_missing(rows, set(missing[0]["customers"]), set(missing[0]["products"]))
    created, _ = await db.write_transaction(_record, rows, now)
    # A client clock slightly ahead of ours must not hide the batch from its own event rules.
    newest = max(row["at"] for row in rows)
    events: dict[str, set[str]] = {}
    for row in rows:
        events.setdefault(row["customerId"], set()).add(row["type"])
    return RecordedBatch(
        recorded=created,
        duplicates=len(items) - created,
        events={customer_id: frozenset(types) for customer_id, types in events.items()},
        rules_now=min(max(now, newest), now + CLOCK_SKEW),
    )


async def _record(
    tx: AsyncManagedTransaction, rows: list[dict[str, Any]], now: datetime
) -> tuple[int, list[str]]:
    packed = [
        {key: value for key, value in row.items() if key != "at"}
        | {"seconds": (row["at"] - EPOCH) // SECOND, "nanos": row["at"].microsecond * 1000}
        for row in rows
    ]
    result = await run(tx, query("record_interactions"), rows=packed, now=now)
    customer_ids: list[str] = result[0]["customerIds"]
    await record_changes(tx, customer_ids=customer_ids)
    return int(result[0]["created"]), customer_ids


async def find_interactions_by_customer_ids(
    db: Database, *, customer_ids: list[str], limit: int = 20
) -> dict[str, list[Interaction]]:
    """The latest interactions of each customer, newest first."""
    rows = await db.read(query("find_interactions"), customerIds=customer_ids, limit=limit)
    found: dict[str, list[Interaction]] = {customer_id: [] for customer_id in customer_ids}
    for row in rows:
        found[row["customerId"]].append(_interaction(row["customerId"], row["interaction"]))
    return found


async def bulk_load_interactions(db: Database, *, rows: list[dict[str, Any]]) -> int:
    """Bulk-create generated interactions (new ids, `at` as epoch milliseconds); no rules run."""
    return int(await db.write_transaction(_bulk, rows))


async def _bulk(tx: AsyncManagedTransaction, rows: list[dict[str, Any]]) -> int:
    result = await run(tx, query("bulk_create_interactions"), rows=rows)
    await record_changes(tx, customer_ids=[row["customerId"] for row in rows])
    return int(result[0]["created"])


def interaction_rows(items: Iterable[Interaction]) -> list[dict[str, Any]]:
    """The parameter rows of interactions."""
    return [
        {
            "id": item.id.strip(),
            "customerId": item.customer_id,
            "type": InteractionType(item.type).value,
            "at": item.at if item.at.tzinfo else item.at.replace(tzinfo=UTC),
            "amount": None if item.amount is None else float(item.amount),
            "productId": item.product_id or None,
            "channel": item.channel,
        }
        for item in items
    ]


def _validated_rows(items: list[Interaction], now: datetime) -> list[dict[str, Any]]:
    errors: list[FieldError] = []
    if not items:
        errors.append(FieldError(ErrorCode.INVALID_INPUT, "give at least one interaction"))
    if len(items) > MAX_INTERACTIONS_PER_CALL:
        errors.append(
            FieldError(
                ErrorCode.TOO_MANY_ITEMS,
                f"at most {MAX_INTERACTIONS_PER_CALL} interactions per call",
                ("input",),
            )
        )
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if not item.id.strip():
            errors.append(FieldError(ErrorCode.INVALID_INPUT, "id is empty", _at(i, "id")))
        elif item.id.strip() in seen:
            errors.append(
                FieldError(
                    ErrorCode.INVALID_INPUT,
                    f"id {item.id!r} appears twice in the batch",
                    _at(i, "id"),
                )
            )
        seen.setdefault(item.id.strip(), i)
        errors += _value_errors(i, item, now)
    if errors:
        raise UserInputError(errors[:MAX_LISTED_ERRORS])
    return interaction_rows(items)


def _value_errors(index: int, item: Interaction, now: datetime) -> list[FieldError]:
    errors: list[FieldError] = []
    if item.amount is not None and item.amount < 0:
        errors.append(
            FieldError(ErrorCode.INVALID_INPUT, "amount must not be negative", _at(index, "amount"))
        )
    at = item.at if item.at.tzinfo else item.at.replace(tzinfo=UTC)
    if not EARLIEST <= at <= now + CLOCK_SKEW:
        errors.append(
            FieldError(
                ErrorCode.DATE_OUT_OF_RANGE,
                f"an interaction happened between {EARLIEST.year} and now "
                f"(a clock ahead by up to {CLOCK_SKEW} is allowed)",
                _at(index, "at"),
            )
        )
    return errors


def _refuse_missing(rows: list[dict[str, Any]], customers: set[str], products: set[str]) -> None:
    errors: list[FieldError] = []
    for i, row in enumerate(rows):
        if row["customerId"] in customers:
            errors.append(
                FieldError(
                    ErrorCode.NOT_FOUND,
                    f"customer {row['customerId']!r} does not exist",
                    _at(i, "customerId"),
                )
            )
        if row["productId"] in products:
            errors.append(
                FieldError(
                    ErrorCode.NOT_FOUND,
                    f"product {row['productId']!r} does not exist",
                    _at(i, "productId"),
                )
            )
    if errors:
        raise UserInputError(errors[:MAX_LISTED_ERRORS])


def _at(index: int, name: str) -> tuple[str, ...]:
    return ("input", str(index), name)


def _interaction(customer_id: str, record: dict[str, Any]) -> Interaction:
    at = as_datetime(record["at"])
    assert at is not None
    return Interaction(
        id=record["id"],
        customer_id=customer_id,
        type=InteractionType(record["type"]),
        at=at,
        amount=record.get("amount"),
        product_id=record.get("productId"),
        channel=record.get("channel"),
    )
