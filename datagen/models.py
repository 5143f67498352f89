"""Value types produced by the synthetic data generator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["REFERENCE_TIME", "CategorySpec", "CustomerSpec", "TagSpec"]

#: Fixed "now" of every generated dataset; all timestamps lie before it.
REFERENCE_TIME = datetime(2026, 11, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CategorySpec:
    """A tag category (维度), e.g. 生命周期."""

    id: str
    name: str
    description: str
    exclusive: bool
    color: str


@dataclass(frozen=True, slots=True)
class TagSpec:
    """One node of a category's tag tree."""

    id: str
    name: str
    category_id: str
    parent_id: str | None
    color: str
    description: str


@dataclass(frozen=True, slots=True)
class CustomerSpec:
    """One synthetic customer with the ids of the tags it holds directly."""

    id: str
    name: str
    kind: str  # 'COMPANY' | 'PERSON'
    employees: int | None
    annual_revenue: float | None
    email: str | None
    phone: str | None
    industry_code: str | None
    region_code: str | None
    created_at: datetime
    last_interaction_at: datetime | None
    tag_ids: tuple[str, ...]
    persona: str
