"""Bring a graph up to this version: schema migrations, then the data links that newer code
relies on (which Cypher migrations alone cannot compute, e.g. from a rule's stored filter)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.database import Database
from graph.migrations import Migration, apply_migrations
from graph.rules.definitions import link_rule_filters
from graph.segments.saved import link_segment_filters


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What an upgrade did: the migrations applied now, and the rules and segments linked."""

    migrations: list[Migration]
    rules_linked: int
    segments_linked: int


async def upgrade_graph(db: Database) -> Upgrade:
    """Apply the pending migrations, then link rules and saved segments to the tags and
    categories their filters name (idempotent: a second run changes nothing)."""
    migrations = await apply_migrations(db)
    return Upgrade(migrations, await link_rule_filters(db), await link_segment_filters(db))
