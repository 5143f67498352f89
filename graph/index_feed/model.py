"""The facts the index takes from the graph: tree nodes and customers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TreeNodeFact:
    """A node of the tag, industry or region tree, with its parent's key."""

    kind: str
    key: str
    name: str
    parent_key: str | None
    category_id: str | None
    exclusive: bool
    status: str


@dataclass(frozen=True, slots=True)
class CustomerFact:
    """What segments, pages and similarity need of a customer: everything a `Customer` shows,
    with times in epoch microseconds and their UTC offsets (seconds) kept apart."""

    id: str
    employees: float | None
    annual_revenue: float | None
    last_interaction_us: int | None
    created_us: int | None
    tag_ids: tuple[str, ...]
    industry_code: str | None
    region_code: str | None
    name: str | None
    kind: str | None
    email: str | None
    phone: str | None
    updated_us: int | None
    offsets: tuple[int, int, int]  # of created, updated, last interaction
