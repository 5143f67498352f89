"""The taxonomy's plain types: tags, categories, their statuses, changes and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class TagStatus(StrEnum):
    """Every status a tag node can have: two live ones and two retired ones."""

    ACTIVE = "ACTIVE"
    DEPRECATED = "DEPRECATED"  # keeps its assignments, cannot be newly assigned
    MERGED = "MERGED"  # retired into another tag (MERGED_INTO); kept so history stays readable
    DELETED = "DELETED"  # retired; kept only when history refers to it


ACTIVE = TagStatus.ACTIVE
DEPRECATED = TagStatus.DEPRECATED
MERGED = TagStatus.MERGED
DELETED = TagStatus.DELETED
LIVE = (ACTIVE, DEPRECATED)
RETIRED = (MERGED, DELETED)


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag node with its category and parent ids."""

    id: str
    name: str
    normalized_name: str
    color: str | None
    description: str | None
    status: str
    aliases: tuple[str, ...]
    category_id: str
    parent_id: str | None
    created_at: datetime | None
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class TagCategory:
    """A category of tags; `exclusive` means a customer holds at most one of its tags."""

    id: str
    name: str
    description: str | None
    exclusive: bool
    color: str | None
    created_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewTagCategory:
    """Input of `create_tag_category`."""

    name: str
    description: str | None = None
    exclusive: bool = False
    color: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class NewTag:
    """Input of `create_tag`: a top-level tag of a category, or a child of a parent tag."""

    name: str
    category_id: str | None = None
    parent_id: str | None = None
    color: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class TagChanges:
    """Input of `update_tag`: None leaves a field as it is."""

    name: str | None = None
    color: str | None = None
    description: str | None = None
    aliases: tuple[str, ...] | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What `merge_tags` did."""

    target: Tag
    customers: int
    added: int
    children_moved: int


@dataclass(frozen=True, slots=True)
class DeleteResult:
    """What `delete_tag` did."""

    deleted_ids: tuple[str, ...]
    reassigned_customers: int


@dataclass(frozen=True, slots=True)
class TagUsage:
    """How much a tag is used: holders directly, holders through it or a descendant, last use."""

    tag_id: str
    direct_customers: int
    customers_with_descendants: int
    last_assigned_at: datetime | None


@dataclass(frozen=True, slots=True)
class StaleTag:
    """A live tag not assigned for a while (or never), with its current direct holders."""

    tag_id: str
    category_id: str
    direct_customers: int
    last_assigned_at: datetime | None


@dataclass(frozen=True, slots=True)
class TagShare:
    """One live tag of a category: its holders, and the share of all customers they are."""

    tag_id: str
    direct_customers: int
    customers_with_descendants: int
    share: float


@dataclass(frozen=True, slots=True)
class CategoryDistribution:
    """How the customers spread over the live tags of one category (every depth)."""

    category_id: str
    total_customers: int
    customers_with_any_tag: int
    share_with_any_tag: float
    tags: tuple[TagShare, ...]


class DuplicateReason(StrEnum):
    """Why two tags look like duplicates; stable strings that clients may rely on."""

    SAME_NORMALIZED_NAME = "SAME_NORMALIZED_NAME"
    ALIAS_COLLISION = "ALIAS_COLLISION"
    SIMILAR_NAME = "SIMILAR_NAME"
    CONTAINS = "CONTAINS"
    CUSTOMER_OVERLAP = "CUSTOMER_OVERLAP"


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    """Two live tags (a < b by id) that may be duplicates, with a score in (0, 1] and why."""

    tag_a_id: str
    tag_b_id: str
    score: float
    reasons: tuple[str, ...]
