"""A plain-Python evaluation of rule conditions (interaction aggregates) and of priorities,
independent of the Cypher compiler, for the rule tests to compare against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from graph.rules.model import InteractionAggregate, Measure


@dataclass(frozen=True, slots=True)
class Event:
    """One interaction as the reference sees it."""

    type: str
    at: datetime
    amount: float = 0.0


def aggregate_holds(
    aggregate: InteractionAggregate,
    events: list[Event],
    last_interaction_at: datetime | None,
    now: datetime,
) -> bool:
    """Whether min ≤ measure ≤ max for these interactions at `now`."""
    chosen = [
        e for e in events if e.at <= now and (not aggregate.types or e.type in aggregate.types)
    ]
    if aggregate.measure is Measure.DAYS_SINCE_LAST:
        last = (
            last_interaction_at
            if not aggregate.types
            else max((e.at for e in chosen), default=None)
        )
        if last is None:
            return False
        value = (now - last) / timedelta(days=1)
    else:
        if aggregate.window_days is not None:
            since = now - timedelta(days=aggregate.window_days)
            chosen = [e for e in chosen if e.at > since]
        value = len(chosen) if aggregate.measure is Measure.COUNT else sum(e.amount for e in chosen)
    low = aggregate.min if aggregate.min is not None else float("-inf")
    high = aggregate.max if aggregate.max is not None else float("inf")
    return low <= value <= high
