"""Recording interactions and running the event rules they trigger, as one use case: the
rule engine reads what recording writes, so neither graph domain calls the other."""

from __future__ import annotations

from datetime import datetime

from graph.database import Database
from graph.interactions import service as interactions
from graph.interactions.model import Interaction, RecordResult
from graph.rules.definitions import find_rules
from graph.rules.engine import run_event_rules
from graph.viewer import Viewer


async def record_interactions(
    db: Database,
    viewer: Viewer,
    items: list[Interaction],
    now: datetime | None = None,
) -> RecordResult:
    """Record a batch (all or nothing), then run the event rules of its types for its customers
    before returning, so that rule tags are present when the call returns."""
    batch = await interactions.record_interactions(db, viewer, items=items, now=now)
    report = await run_event_rules(db, events=batch.events, now=batch.rules_now)
    # Every rule runs, whoever records; what the caller is told of counts only the rules it
    # may see (the graph says which), so a hidden category's tags change no figure.
    stats = report.rules
    if viewer.visible_category_ids is not None and stats:
        seen = await find_rules(db, viewer, ids=[s.rule_id for s in stats])
        stats = tuple(s for s in stats if s.rule_id in {rule.id for rule in seen})
    return RecordResult(
        recorded=batch.recorded,
        duplicates=batch.duplicates,
        tags_added=sum(s.added for s in stats),
        tags_removed=sum(s.removed + s.replaced for s in stats),
    )
