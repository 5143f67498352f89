"""What export reads return: customers with the tags they held, assignments, tag changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.customers.model import Customer
from graph.taxonomy.model import Tag, TagCategory


@dataclass(frozen=True, slots=True)
class HeldTags:
    """A customer and the ids of the tags it held at the moment asked for."""

    customer: Customer
    tag_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Assignment:
    """One assignment a customer held at the moment asked for, with its provenance."""

    customer_id: str
    tag_id: str
    source: str | None
    by: str | None
    since: datetime | None
    note: str | None
    expires_at: datetime | None


@dataclass(frozen=True, slots=True)
class TagChange:
    """A customer gained (ADDED) or lost (REMOVED) a tag at `at`."""

    at: datetime
    micros: int  # `at` in microseconds since the epoch: the page key
    customer_id: str
    change: str
    by: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class CategoryTree:
    """A category with every tag of it, live and retired."""

    category: TagCategory
    tags: tuple[Tag, ...]
