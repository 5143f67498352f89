"""Chooses where a segment query starts: from the smallest subtree the filter requires, when
it is small, instead of walking every customer in id order."""

from __future__ import annotations

from graph.cypher import Queries
from graph.database import Database
from graph.segments.compiler import CompiledFilter, compile_filter
from graph.segments.model import CustomerFilter
from graph.segments.names import check_filter_names
from graph.viewer import Viewer

query = Queries("segments")


# Above this many customers a subtree is no better a start than the id-ordered walk, which
# stops after one page instead of sorting the subtree's customers.
ANCHOR_LIMIT = 50_000


def required_subtrees(customer_filter: CustomerFilter | None) -> list[tuple[str, str]]:
    """The (kind, key) subtrees every matching customer must be in: the filter's top-level
    hasTag, hasAllTags, inIndustry and inRegion, and those of its `and` children."""
    if customer_filter is None:
        return []
    found: list[tuple[str, str]] = []
    if customer_filter.has_tag is not None:
        found.append(("TAG", customer_filter.has_tag))
    found += [("TAG", tag_id) for tag_id in customer_filter.has_all_tags]
    if customer_filter.in_industry is not None:
        found.append(("INDUSTRY", customer_filter.in_industry))
    if customer_filter.in_region is not None:
        found.append(("REGION", customer_filter.in_region))
    for child in customer_filter.and_:
        found += required_subtrees(child)
    return list(dict.fromkeys(found))


async def plan_filter(
    db: Database,
    viewer: Viewer,
    *,
    customer_filter: CustomerFilter | None,
    anchor_limit: int = ANCHOR_LIMIT,
) -> CompiledFilter:
    """The compiled filter, anchored on its smallest required subtree when that is small;
    NOT_FOUND for a tag or category it names that the viewer cannot see."""
    compiled = compile_filter(customer_filter)
    await check_filter_names(db, viewer, customer_filter=customer_filter)
    subtrees = required_subtrees(customer_filter)
    if not subtrees:
        return compiled
    rows = await db.read(
        query("estimate_anchor_sizes"),
        anchors=[{"kind": kind, "key": key} for kind, key in subtrees],
    )
    best = min(rows, key=lambda row: (int(row["size"]), row["kind"], row["key"]))
    if int(best["size"]) <= anchor_limit:
        compiled.anchor_on(best["kind"], best["key"])
    return compiled
