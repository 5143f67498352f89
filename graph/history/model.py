"""Past assignments: events, flows between tags and moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.taxonomy.model import Tag


@dataclass(frozen=True, slots=True)
class TagEvent:
    """A tag was ADDED to or REMOVED from a customer: when, by whom, how and why."""

    action: str
    at: datetime
    tag: Tag
    by: str | None
    source: str | None
    reason: str | None
    note: str | None
    rule_id: str | None


@dataclass(frozen=True, slots=True)
class TagFlow:
    """How many customers entered and left a tag in a period."""

    tag_id: str
    entered: int
    left: int


@dataclass(frozen=True, slots=True)
class TagMoves:
    """Customers who moved from one tag to another (a replacement) in a period."""

    customers: int
    sample_ids: tuple[str, ...]
