"""Customer filters, orderings, facets and saved segments: the segment language as data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, LiteralString

from graph.errors import ErrorCode, UserInputError


@dataclass(frozen=True, slots=True)
class HadTag:
    """Held the tag (or a descendant) at some moment of [since, until)."""

    tag_id: str
    since: datetime
    until: datetime


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    """A boolean filter over customers; the fields of one filter combine with AND."""

    and_: tuple[CustomerFilter, ...] = ()
    or_: tuple[CustomerFilter, ...] = ()
    not_: CustomerFilter | None = None
    has_tag: str | None = None
    has_all_tags: tuple[str, ...] = ()
    has_any_tag: tuple[str, ...] = ()
    has_any_tag_in_category: str | None = None
    had_tag: HadTag | None = None
    in_industry: str | None = None
    in_region: str | None = None
    employees_gte: int | None = None
    employees_lte: int | None = None
    annual_revenue_gte: float | None = None
    annual_revenue_lte: float | None = None
    last_interaction_before: datetime | None = None
    last_interaction_after: datetime | None = None
    created_before: datetime | None = None
    created_after: datetime | None = None
    name_contains: str | None = None


@dataclass(frozen=True, slots=True)
class NamedTaxonomy:
    """The tag ids and category ids a filter names, in every clause (hadTag included)."""

    tag_ids: tuple[str, ...] = ()
    category_ids: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.tag_ids or self.category_ids)


def named_taxonomy(customer_filter: CustomerFilter | None) -> NamedTaxonomy:
    """Every tag and category the filter names, each once, in order of first mention."""
    tags: dict[str, None] = {}
    categories: dict[str, None] = {}
    pending = [] if customer_filter is None else [customer_filter]
    while pending:
        node = pending.pop()
        named = [node.has_tag, *node.has_all_tags, *node.has_any_tag]
        if node.had_tag is not None:
            named.append(node.had_tag.tag_id)
        tags.update((tag_id, None) for tag_id in named if tag_id is not None)
        if node.has_any_tag_in_category is not None:
            categories[node.has_any_tag_in_category] = None
        pending += [*node.and_, *node.or_, *((node.not_,) if node.not_ is not None else ())]
    return NamedTaxonomy(tuple(tags), tuple(categories))


class CustomerOrderField(StrEnum):
    """What customer lists can be ordered by."""

    ID = "ID"
    NAME = "NAME"
    EMPLOYEES = "EMPLOYEES"
    ANNUAL_REVENUE = "ANNUAL_REVENUE"
    LAST_INTERACTION = "LAST_INTERACTION"
    CREATED_AT = "CREATED_AT"


ORDER_PROPERTIES: dict[CustomerOrderField, LiteralString] = {
    CustomerOrderField.ID: "id",
    CustomerOrderField.NAME: "name",
    CustomerOrderField.EMPLOYEES: "employees",
    CustomerOrderField.ANNUAL_REVENUE: "annualRevenue",
    CustomerOrderField.LAST_INTERACTION: "lastInteractionAt",
    CustomerOrderField.CREATED_AT: "createdAt",
}


_TEMPORAL = {CustomerOrderField.LAST_INTERACTION, CustomerOrderField.CREATED_AT}
CURSOR_ARITY = 4  # field, value missing, value, id


@dataclass(frozen=True, slots=True)
class CustomerOrder:
    """An ordering: a field and a direction."""

    field: CustomerOrderField = CustomerOrderField.ID
    descending: bool = False

    @property
    def is_default(self) -> bool:
        """Ordered by id ascending: the index-backed path with one-key cursors."""
        return self.field is CustomerOrderField.ID and not self.descending

    def sort_keys(self, props: dict[str, Any]) -> tuple[Any, ...]:
        """The cursor keys of a customer's property map."""
        value = props.get(ORDER_PROPERTIES[self.field])
        if isinstance(value, datetime):
            value = value.isoformat()
        return (self.field.value, value is None, value, props["id"])

    def after_parameters(self, after: tuple[Any, ...] | None) -> dict[str, Any]:
        """$afterIsNull, $afterValue and $afterId from decoded cursor keys."""
        if after is None:
            return {"afterIsNull": None, "afterValue": None, "afterId": None}
        field, is_null, value, customer_id = after
        if field != self.field.value or not isinstance(is_null, bool):
            raise UserInputError.single(
                ErrorCode.INVALID_CURSOR, "the cursor belongs to another ordering", ("after",)
            )
        if self.field in _TEMPORAL and isinstance(value, str):
            value = datetime.fromisoformat(value)
        return {"afterIsNull": is_null, "afterValue": value, "afterId": customer_id}


class FacetDimension(StrEnum):
    """The tree a segment is split over."""

    REGION = "REGION"
    INDUSTRY = "INDUSTRY"
    TAG = "TAG"


@dataclass(frozen=True, slots=True)
class FacetBucket:
    """One node of the level and how many of the segment's customers fall under it."""

    key: str
    name: str
    customers: int


@dataclass(frozen=True, slots=True)
class CoOccurrence:
    """A tag held together with the anchor tag: how often, and how much more than by chance."""

    tag_id: str
    together: int
    with_tag: int
    anchor_customers: int
    segment_customers: int
    lift: float


@dataclass(frozen=True, slots=True)
class ClauseExplanation:
    """One clause of the filter: whether it holds and why."""

    clause: str
    matched: bool
    detail: str | None = None
    path: tuple[str, ...] = ()
    children: tuple[ClauseExplanation, ...] = ()


class SegmentKind(StrEnum):
    """How a saved segment's members are found."""

    DYNAMIC = "DYNAMIC"
    STATIC = "STATIC"


@dataclass(frozen=True, slots=True)
class Segment:
    """A saved segment."""

    id: str
    name: str
    kind: SegmentKind
    filter: CustomerFilter
    created_at: datetime | None
    refreshed_at: datetime | None
