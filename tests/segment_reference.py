"""A reference evaluator of customer filters in plain Python, over data read from the graph.

It states what a filter means without Cypher, so that property tests can check that the
compiled query returns exactly the same customers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

from datagen import Dataset, build_dataset
from graph.bulk import service as bulk
from graph.database import Database
from graph.segments.model import CustomerFilter

SNAPSHOT = """
MATCH (c:Customer) WHERE c.id STARTS WITH $prefix
RETURN c.id AS id, c.name AS name, c.employees AS employees, c.annualRevenue AS revenue,
       c.lastInteractionAt AS lastInteractionAt, c.createdAt AS createdAt,
       head([(c)-[:IN_INDUSTRY]->(i) | i.code]) AS industry,
       head([(c)-[:LOCATED_IN]->(r) | r.code]) AS region,
       [(c)-[r:TAGGED]->(t) | [t.id, r.since, null]] +
       [(c)-[r:WAS_TAGGED]->(t) | [t.id, r.since, r.until]] AS assignments
"""
PARENTS = """
CALL () {
  MATCH (n:Tag)-[:CHILD_OF]->(p:Tag) RETURN n.id AS node, p.id AS parent
  UNION ALL
  MATCH (n:Industry)-[:CHILD_OF]->(p:Industry) RETURN 'industry:' + n.code AS node,
        'industry:' + p.code AS parent
  UNION ALL
  MATCH (n:Region)-[:CHILD_OF]->(p:Region) RETURN 'region:' + n.code AS node,
        'region:' + p.code AS parent
}
RETURN node, parent
"""
CATEGORIES = "MATCH (t:Tag)-[:IN_CATEGORY]->(c:TagCategory) RETURN t.id AS tag, c.id AS category"


@dataclass
class World:
    """Customers of one data set and the trees, as plain Python."""

    customers: list[dict[str, object]]
    parents: dict[str, str]
    category_of: dict[str, str]
    ancestors_cache: dict[str, frozenset[str]] = field(default_factory=dict)

    def ancestors(self, node: str) -> frozenset[str]:
        """The node and everything above it."""
        if node not in self.ancestors_cache:
            chain = [node]
            while chain[-1] in self.parents:
                chain.append(self.parents[chain[-1]])
            self.ancestors_cache[node] = frozenset(chain)
        return self.ancestors_cache[node]


async def read_world(db: Database, prefix: str) -> World:
    """Everything the reference evaluator needs, read once from the graph."""
    customers = await db.read(SNAPSHOT, prefix=prefix)
    parents = {row["node"]: row["parent"] for row in await db.read(PARENTS)}
    category_of = {row["tag"]: row["category"] for row in await db.read(CATEGORIES)}
    return World(customers, parents, category_of)


def matches(world: World, customer: dict[str, object], f: CustomerFilter) -> bool:
    """Whether the customer is in the filter's segment; missing values never compare true."""
    current = [a[0] for a in customer["assignments"] if a[2] is None]  # type: ignore[attr-defined]
    held = set().union(*(world.ancestors(tag) for tag in current)) if current else set()
    checks: list[bool] = []
    if f.has_tag is not None:
        checks.append(f.has_tag in held)
    checks += [tag in held for tag in f.has_all_tags]
    if f.has_any_tag:
        checks.append(any(tag in held for tag in f.has_any_tag))
    if f.has_any_tag_in_category is not None:
        checks.append(any(world.category_of.get(t) == f.has_any_tag_in_category for t in current))
    if f.had_tag is not None:
        had = f.had_tag
        checks.append(
            any(
                had.tag_id in world.ancestors(tag) and since < had.until
                and (until is None or until > had.since)
                for tag, since, until in customer["assignments"]  # type: ignore[attr-defined]
            )
        )  # fmt: skip
    if f.in_industry is not None:
        code = customer["industry"]
        checks.append(code is not None and f"industry:{f.in_industry}" in world.ancestors(
            f"industry:{code}"))  # fmt: skip
    if f.in_region is not None:
        code = customer["region"]
        checks.append(code is not None and f"region:{f.in_region}" in world.ancestors(
            f"region:{code}"))  # fmt: skip
    checks += _comparisons(customer, f)
    checks += [matches(world, customer, child) for child in f.and_]
    if f.or_:
        checks.append(any(matches(world, customer, child) for child in f.or_))
    if f.not_ is not None:
        checks.append(not matches(world, customer, f.not_))
    return all(checks)


def _comparisons(customer: dict[str, object], f: CustomerFilter) -> list[bool]:
    def cmp(value: object, bound: object, test: str) -> bool:
        if value is None or bound is None:
            return True  # no constraint given, or handled by the caller
        return bool(
            {"ge": value >= bound, "le": value <= bound, "lt": value < bound,  # type: ignore[operator]
             "gt": value > bound}[test]  # type: ignore[operator]
        )  # fmt: skip

    pairs: list[tuple[object, object, str]] = [
        (customer["employees"], f.employees_gte, "ge"),
        (customer["employees"], f.employees_lte, "le"),
        (customer["revenue"], f.annual_revenue_gte, "ge"),
        (customer["revenue"], f.annual_revenue_lte, "le"),
        (customer["lastInteractionAt"], f.last_interaction_before, "lt"),
        (customer["lastInteractionAt"], f.last_interaction_after, "gt"),
        (customer["createdAt"], f.created_before, "lt"),
        (customer["createdAt"], f.created_after, "gt"),
    ]
    results = []
    for value, bound, test in pairs:
        if bound is None:
            continue
        results.append(value is not None and cmp(value, bound, test))
    if f.name_contains is not None:
        results.append(f.name_contains.lower() in str(customer["name"] or "").lower())
    return results


def reference_segment(world: World, f: CustomerFilter) -> set[str]:
    """The ids of the world's customers in the filter's segment."""
    return {str(c["id"]) for c in world.customers if matches(world, c, f)}


def period(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """A (since, until) pair in order."""
    return (start, end) if start < end else (end, start)


@asynccontextmanager
async def generated_world(
    db: Database,
    size: int,
    seed: int,
    prefix: str,
    after_load: Callable[[Dataset], Awaitable[None]] | None = None,
) -> AsyncIterator[World]:
    """A generated data set of its own in the shared test database, read back as plain data,
    and deleted afterwards."""
    dataset = build_dataset(size, seed=seed, id_prefix=prefix)
    await bulk.load_dataset(db, dataset=dataset)
    if after_load is not None:
        await after_load(dataset)
    try:
        yield await read_world(db, prefix)
    finally:
        await db.write(
            "MATCH (n) WHERE (n:Customer OR n:Tag OR n:TagCategory) AND n.id STARTS WITH $p "
            "DETACH DELETE n",
            p=prefix,
        )
