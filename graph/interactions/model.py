"""Interactions and products as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class InteractionType(StrEnum):
    """What a customer did."""

    PURCHASE = "PURCHASE"
    RENEWAL = "RENEWAL"
    VISIT = "VISIT"
    FORM_SUBMIT = "FORM_SUBMIT"
    DOWNLOAD = "DOWNLOAD"
    EVENT_SIGNUP = "EVENT_SIGNUP"
    EVENT_ATTEND = "EVENT_ATTEND"
    SUPPORT_TICKET = "SUPPORT_TICKET"
    CALL = "CALL"
    MEETING = "MEETING"
    EMAIL_CLICK = "EMAIL_CLICK"


@dataclass(frozen=True, slots=True)
class Interaction:
    """One interaction; `id` is the client's, so a retried batch never records it twice."""

    id: str
    customer_id: str
    type: InteractionType
    at: datetime
    amount: float | None = None
    product_id: str | None = None
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class RecordResult:
    """What recording a batch did: new interactions, ids seen before, rule changes."""

    recorded: int
    duplicates: int
    tags_added: int = 0
    tags_removed: int = 0


@dataclass(frozen=True, slots=True)
class RecordedBatch:
    """A batch written to the graph: counts, and what its event rules need to run."""

    recorded: int
    duplicates: int
    events: dict[str, frozenset[str]]  # customer id → the interaction types of the batch
    rules_now: datetime  # the moment the event rules evaluate at


TIERS = ("基础版", "专业版", "旗舰版")


@dataclass(frozen=True, slots=True)
class Product:
    """A product of a line in one tier."""

    id: str
    name: str
    line: str | None
    tier: str | None
    purchases: int = 0
