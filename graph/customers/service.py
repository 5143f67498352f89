"""Customers: companies and people, with their industry, region and tags."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.changes import record_changes
from graph.classification import service as classification
from graph.classification.model import Classification
from graph.customers.model import (
    KINDS,
    MAX_CUSTOMER_NAME,
    MAX_UPSERT,
    UNSET,
    Customer,
    CustomerUpsert,
)
from graph.cypher import Queries
from graph.database import Database, as_datetime, run
from graph.errors import ErrorCode, FieldError, NotFound, UserInputError
from graph.pagination import Page, PageRequest, encode_cursor
from graph.taxonomy.model import Tag
from graph.taxonomy.tags import tag_from_record
from graph.text import camel_case, clean_text
from graph.viewer import Viewer

query = Queries("customers")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def customer_from_record(props: dict[str, Any]) -> Customer:
    """A Customer from its property map projected with `industryCode` and `regionCode`."""
    return Customer(
        id=props["id"],
        name=props.get("name") or "",
        kind=props.get("kind") or "COMPANY",
        employees=props.get("employees"),
        annual_revenue=props.get("annualRevenue"),
        email=props.get("email"),
        phone=props.get("phone"),
        industry_code=props.get("industryCode"),
        region_code=props.get("regionCode"),
        created_at=as_datetime(props.get("createdAt")),
        updated_at=as_datetime(props.get("updatedAt")),
        last_interaction_at=as_datetime(props.get("lastInteractionAt")),
    )


async def find_customers_by_ids(
    db: Database, viewer: Viewer, *, ids: list[str]
) -> dict[str, Customer]:
    """The customers among these ids, by id (missing ids are absent)."""
    del viewer  # every viewer may see customers; categories restrict tags, not customers
    rows = await db.read(query("find_customers_by_ids"), ids=ids)
    return {row["customer"]["id"]: customer_from_record(row["customer"]) for row in rows}


async def get_customer(db: Database, viewer: Viewer, *, customer_id: str) -> Customer:
    """The customer with this id; NotFound otherwise."""
    found = await find_customers_by_ids(db, viewer, ids=[customer_id])
    if customer_id not in found:
        raise NotFound("customer", customer_id)
    return found[customer_id]


async def find_tags_by_customer_ids(
    db: Database, viewer: Viewer, *, ids: list[str]
) -> dict[str, list[Tag]]:
    """The tags each customer holds directly (in categories the viewer may see)."""
    rows = await db.read(
        query("find_tags_by_customer_ids"),
        ids=ids,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    tags: dict[str, list[Tag]] = {customer_id: [] for customer_id in ids}
    for row in rows:
        tags[row["customerId"]].append(tag_from_record(row["tag"]))
    return tags


async def find_customers_by_tag_ids(
    db: Database,
    viewer: Viewer,
    *,
    tag_ids: list[str],
    page: PageRequest,
    include_descendants: bool,
) -> dict[str, Page[Customer]]:
    """For each tag, one page of its customers (ordered by id), in one round trip; none for a
    tag the viewer cannot see."""
    rows = await db.read(
        query("find_customers_by_tag_ids"),
        ids=tag_ids,
        visibleCategoryIds=viewer.visible_categories_param(),
        includeDescendants=include_descendants,
        afterId=page.after[0] if page.after else "",
        limit=page.limit,
    )
    grouped: dict[str, list[tuple[str, Customer]]] = {tag_id: [] for tag_id in tag_ids}
    for row in rows:
        customer = customer_from_record(row["customer"])
        grouped[row["tagId"]].append((encode_cursor(customer.id), customer))
    return {tag_id: Page.from_rows(items, page) for tag_id, items in grouped.items()}


async def erase_customer(db: Database, viewer: Viewer, *, customer_id: str) -> int:
    """Delete the customer with its assignments and their history (right to erasure), in one
    transaction; returns the number of relationships removed with it (those the viewer may
    see: assignments of hidden categories go uncounted). NotFound otherwise."""
    rows = await db.write_transaction(_erase, customer_id, viewer.visible_categories_param())
    if not rows:
        raise NotFound("customer", customer_id, ("id",))
    return int(rows[0]["relationships"])


async def _erase(
    tx: AsyncManagedTransaction, customer_id: str, visible: list[str] | None
) -> list[dict[str, Any]]:
    rows = await run(tx, query("erase_customer"), id=customer_id, visibleCategoryIds=visible)
    if rows:
        await record_changes(tx, customer_ids=[customer_id])
    return rows


async def upsert_customers(
    db: Database, viewer: Viewer, *, items: Sequence[CustomerUpsert]
) -> list[Customer]:
    """Create or update customers, all or nothing; userErrors name each invalid field."""
    errors = _upsert_errors(items)
    if errors:
        raise UserInputError(errors)
    return await db.write_transaction(_upsert, viewer, list(items))


async def _upsert(
    tx: AsyncManagedTransaction, viewer: Viewer, items: list[CustomerUpsert]
) -> list[Customer]:
    ids = [item.id for item in items]
    existing = set((await run(tx, query("find_existing_customer_ids"), ids=ids))[0]["ids"])
    errors = [
        FieldError(
            ErrorCode.INVALID_INPUT, "a new customer needs a name", ("input", str(i), "name")
        )
        for i, item in enumerate(items)
        if item.id not in existing and item.name is UNSET
    ]
    for kind, attribute in (
        (Classification.INDUSTRY, "industry_code"),
        (Classification.REGION, "region_code"),
    ):
        codes = {getattr(item, attribute) for item in items} - {UNSET, None}
        missing = await classification.find_missing_codes(tx, tree=kind, codes=sorted(codes))
        errors += [
            FieldError(
                ErrorCode.NOT_FOUND,
                f"{kind.value.lower()} {getattr(item, attribute)!r} does not exist",
                ("input", str(i), camel_case(attribute)),
            )
            for i, item in enumerate(items)
            if getattr(item, attribute) in missing
        ]
    if errors:
        raise UserInputError(errors)
    await run(tx, query("upsert_customers"), rows=[_row(item, viewer) for item in items])
    rows = await run(tx, query("find_customers_by_ids"), ids=ids)
    await record_changes(tx, customer_ids=ids)
    found = {row["customer"]["id"]: customer_from_record(row["customer"]) for row in rows}
    return [found[customer_id] for customer_id in ids]


def _row(item: CustomerUpsert, viewer: Viewer) -> dict[str, Any]:
    props: dict[str, Any] = {"updatedBy": viewer.user}
    for attribute in ("name", "kind", "employees", "annual_revenue", "email", "phone",
                      "last_interaction_at"):  # fmt: skip
        value = getattr(item, attribute)
        if value is not UNSET:
            props[camel_case(attribute)] = clean_text(value) if attribute == "name" else value
    return {
        "id": item.id,
        "props": props,
        "setIndustry": item.industry_code is not UNSET,
        "industryCode": None if item.industry_code is UNSET else item.industry_code,
        "setRegion": item.region_code is not UNSET,
        "regionCode": None if item.region_code is UNSET else item.region_code,
    }


def _upsert_errors(items: Sequence[CustomerUpsert]) -> list[FieldError]:
    if not items:
        return [FieldError(ErrorCode.INVALID_INPUT, "give at least one customer", ("input",))]
    if len(items) > MAX_UPSERT:
        return [
            FieldError(
                ErrorCode.TOO_MANY_ITEMS,
                f"at most {MAX_UPSERT} customers per call, got {len(items)}",
                ("input",),
            )
        ]
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        at = ("input", str(i))
        errors += _id_errors(item, at, seen)
        seen.add(item.id)
        errors += _name_errors(item, at)
        errors += _field_errors(item, at)
    return errors


def _id_errors(item: CustomerUpsert, at: tuple[str, ...], seen: set[str]) -> list[FieldError]:
    """The id's length, and whether an earlier item (ids in `seen`) has it too."""
    errors: list[FieldError] = []
    if not item.id.strip() or len(item.id) > 128:
        errors.append(
            FieldError(ErrorCode.INVALID_INPUT, "id must be 1-128 characters", (*at, "id"))
        )
    if item.id in seen:
        errors.append(
            FieldError(ErrorCode.INVALID_INPUT, f"id {item.id!r} appears twice", (*at, "id"))
        )
    return errors


def _name_errors(item: CustomerUpsert, at: tuple[str, ...]) -> list[FieldError]:
    """A name given must be non-empty and at most MAX_CUSTOMER_NAME long once cleaned."""
    if item.name is UNSET:
        return []
    if item.name is None or not clean_text(item.name):
        return [FieldError(ErrorCode.INVALID_INPUT, "the name must not be empty", (*at, "name"))]
    if len(clean_text(item.name)) > MAX_CUSTOMER_NAME:
        return [
            FieldError(
                ErrorCode.NAME_TOO_LONG,
                f"a customer name has at most {MAX_CUSTOMER_NAME} characters",
                (*at, "name"),
            )
        ]
    return []


def _field_errors(item: CustomerUpsert, at: tuple[str, ...]) -> list[FieldError]:
    """kind, employees, annualRevenue and email, where given."""
    errors: list[FieldError] = []
    if item.kind is not UNSET and item.kind not in KINDS:
        errors.append(FieldError(ErrorCode.INVALID_INPUT, f"kind is one of {KINDS}", (*at, "kind")))
    for attribute in ("employees", "annual_revenue"):
        value = getattr(item, attribute)
        if value is not UNSET and value is not None and value < 0:
            errors.append(
                FieldError(
                    ErrorCode.INVALID_INPUT,
                    "must not be negative",
                    (*at, camel_case(attribute)),
                )
            )
    if item.email not in (UNSET, None) and not _EMAIL.match(item.email):
        errors.append(FieldError(ErrorCode.INVALID_INPUT, "not an e-mail address", (*at, "email")))
    return errors
