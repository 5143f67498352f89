"""Orderings of customer lists with stable cursors: (is the value missing, value, id).

Missing values sort last in both directions, and the id breaks ties, so every customer has
exactly one place and pagination visits each once. Query text is composed only from the
constants below; the ordering's property comes from a fixed map, never from input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, LiteralString

from graph.errors import ErrorCode, UserInputError
from graph.segments import CompiledFilter


class CustomerOrderField(StrEnum):
    """What customer lists can be ordered by."""

    ID = "ID"
    NAME = "NAME"
    EMPLOYEES = "EMPLOYEES"
    ANNUAL_REVENUE = "ANNUAL_REVENUE"
    LAST_INTERACTION = "LAST_INTERACTION"
    CREATED_AT = "CREATED_AT"


_PROPERTY: dict[CustomerOrderField, LiteralString] = {
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
        value = props.get(_PROPERTY[self.field])
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


def ordered_page_query(compiled: CompiledFilter, order: CustomerOrder) -> LiteralString:
    """One page of the segment in this order (parameters $afterIsNull, $afterValue, $afterId,
    $limit added by the caller)."""
    p = _PROPERTY[order.field]
    later = "<" if order.descending else ">"
    direction = " DESC" if order.descending else ""
    return (  # type: ignore[return-value,unused-ignore]
        compiled.source() + "WHERE (" + compiled.predicate + ")\n"
        "  AND ($afterId IS NULL\n"
        "       OR (NOT $afterIsNull AND (c."
        + p
        + " IS NULL OR c."
        + p
        + " "
        + later
        + " $afterValue OR (c."
        + p
        + " = $afterValue AND c.id > $afterId)))\n"
        "       OR ($afterIsNull AND c." + p + " IS NULL AND c.id > $afterId))\n"
        "RETURN c {.*,\n"
        "  industryCode: head([(c)-[:IN_INDUSTRY]->(i:Industry) | i.code]),\n"
        "  regionCode: head([(c)-[:LOCATED_IN]->(r:Region) | r.code])\n"
        "} AS customer\n"
        "ORDER BY c." + p + " IS NULL, c." + p + direction + ", c.id\n"
        "LIMIT $limit"
    )
