"""What the import writers take (one batch of checked rows) and report (counts, refused rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class OnDuplicate(StrEnum):
    """What an import does with a row whose id exists already (Zoho's skip / overwrite)."""

    SKIP = "skip"
    UPDATE = "update"
    REFUSE = "refuse"


class Refusal(StrEnum):
    """Why the graph side refused a row (the same names as services.transfer's codes)."""

    REQUIRED = "REQUIRED"
    UNKNOWN_INDUSTRY = "UNKNOWN_INDUSTRY"
    UNKNOWN_REGION = "UNKNOWN_REGION"
    UNKNOWN_CUSTOMER = "UNKNOWN_CUSTOMER"
    EXISTS = "EXISTS"


@dataclass(frozen=True, slots=True)
class Refused:
    """One row of a batch the graph refused: its index in the batch, code, field, message."""

    index: int
    code: Refusal
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class TagRef:
    """A resolved tag of a row, with what assigning it needs."""

    id: str
    category_id: str
    exclusive: bool


@dataclass(frozen=True, slots=True)
class CustomerWrite:
    """One customer row: the properties it gives (absent ones stay as they are), its codes
    (None: unchanged) and the tags it adds."""

    id: str
    props: dict[str, Any]
    industry_code: str | None = None
    region_code: str | None = None
    tags: tuple[TagRef, ...] = ()


@dataclass(frozen=True, slots=True)
class AssignmentWrite:
    """One assignment row: customer, tag and the provenance the file gives."""

    customer_id: str
    tag: TagRef
    since: datetime | None = None
    note: str | None = None
    expires_at: datetime | None = None


@dataclass(slots=True)
class BatchResult:
    """What one batch did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    refused: list[Refused] = field(default_factory=list)
    assignments: int = 0  # tag assignments added (customers' tags column)


@dataclass(frozen=True, slots=True)
class KnownCategory:
    """A visible category as an import sees it."""

    id: str
    name: str
    exclusive: bool
    taggable: bool
    color: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class KnownTag:
    """A tag of a visible category as an import sees it."""

    id: str
    name: str
    category_id: str
    parent_id: str | None
    status: str
    color: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaxonomyEntry:
    """One checked row of a taxonomy file (names already cleaned; None: not given)."""

    index: int
    path: tuple[str, ...]
    id: str | None = None
    color: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] | None = None
    exclusive: bool | None = None
    status: str | None = None


@dataclass(slots=True)
class TaxonomyPlan:
    """What a taxonomy file changes: the parameter rows of each write, counts, refusals."""

    new_categories: list[dict[str, Any]] = field(default_factory=list)
    category_updates: list[dict[str, Any]] = field(default_factory=list)
    new_tags: list[dict[str, Any]] = field(default_factory=list)
    tag_updates: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    refused: list[tuple[int, str, str, str]] = field(
        default_factory=list
    )  # index, code, field, why

    @property
    def created(self) -> int:
        """Categories and tags the file creates."""
        return len(self.new_categories) + len(self.new_tags)

    @property
    def updated(self) -> int:
        """Categories and tags the file changes."""
        return len(self.category_updates) + len(self.tag_updates)
