"""Customers as the graph layer returns them, and the items of an upsert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

KINDS = ("COMPANY", "PERSON")
MAX_UPSERT = 10_000
MAX_CUSTOMER_NAME = 200


@dataclass(frozen=True, slots=True)
class Customer:
    """A customer node with the codes of its industry and region."""

    id: str
    name: str
    kind: str
    employees: int | None
    annual_revenue: float | None
    email: str | None
    phone: str | None
    industry_code: str | None
    region_code: str | None
    created_at: datetime | None
    updated_at: datetime | None
    last_interaction_at: datetime | None


class Unset:
    """Marks a field that an upsert leaves as it is."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = Unset()


@dataclass(frozen=True, slots=True)
class CustomerUpsert:
    """One item of `upsert_customers`: UNSET fields keep their value, None clears them."""

    id: str
    name: Any = UNSET
    kind: Any = UNSET
    employees: Any = UNSET
    annual_revenue: Any = UNSET
    email: Any = UNSET
    phone: Any = UNSET
    industry_code: Any = UNSET
    region_code: Any = UNSET
    last_interaction_at: Any = UNSET


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def moment_from_micros(micros: int, offset_seconds: int) -> datetime:
    """The time `micros` after the epoch, at that UTC offset (as the graph reports it)."""
    moment = _EPOCH + timedelta(microseconds=micros)
    if offset_seconds == 0:
        return moment
    return moment.astimezone(timezone(timedelta(seconds=offset_seconds)))
