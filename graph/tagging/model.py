"""What a tagging call takes (the customers, the provenance) and what it did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from graph.segments.model import CustomerFilter


class TagSource(StrEnum):
    """Where an assignment came from."""

    MANUAL = "MANUAL"
    RULE = "RULE"
    IMPORT = "IMPORT"
    API = "API"
    MERGE = "MERGE"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who assigns, how and why: kept on the assignment and, once it ends, in its history."""

    by: str
    source: TagSource = TagSource.API
    note: str | None = None
    rule_id: str | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CustomerSelection:
    """Which customers a tagging call applies to: explicit ids or a filter (exactly one)."""

    customer_ids: tuple[str, ...] | None = None
    customer_filter: CustomerFilter | None = None


@dataclass(frozen=True, slots=True)
class TaggingResult:
    """What a tagging call changed."""

    customers: int
    added: int = 0
    already_present: int = 0
    replaced: int = 0
    removed: int = 0
