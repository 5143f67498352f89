"""Whole-taxonomy invariants, checked in Cypher over the given categories."""

from __future__ import annotations

from graph.database import Database
from graph.text import normalize_name

# Each query returns rows that violate an invariant; every list must be empty.
VIOLATIONS = {
    "a live tag with two parents": """
        MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory) WHERE cat.id IN $categories
          AND COUNT { (t)-[:CHILD_OF]->() } > 1 RETURN t.id AS id""",
    "a cycle": """
        MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory) WHERE cat.id IN $categories
          AND EXISTS { (t)-[:CHILD_OF*1..]->(t) } RETURN t.id AS id""",
    "a tag not in exactly one category": """
        MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory) WHERE cat.id IN $categories
          AND COUNT { (t)-[:IN_CATEGORY]->() } <> 1 RETURN t.id AS id""",
    "a child in another category than its parent": """
        MATCH (t:Tag)-[:CHILD_OF]->(p:Tag), (t)-[:IN_CATEGORY]->(a), (p)-[:IN_CATEGORY]->(b)
        WHERE a.id IN $categories AND a <> b RETURN t.id AS id""",
    "a retired tag inside the tree": """
        MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory) WHERE cat.id IN $categories
          AND t.status IN ['MERGED', 'DELETED']
          AND EXISTS { (t)-[:CHILD_OF]-() } RETURN t.id AS id""",
    "an assignment of a retired tag": """
        MATCH (:Customer)-[:TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
        WHERE cat.id IN $categories AND t.status IN ['MERGED', 'DELETED'] RETURN t.id AS id""",
    "a duplicate assignment": """
        MATCH (c:Customer)-[r:TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
        WHERE cat.id IN $categories
        WITH c, t, count(r) AS n WHERE n > 1 RETURN c.id + ' ' + t.id AS id""",
    "two tags of an exclusive category": """
        MATCH (c:Customer)-[:TAGGED]->(:Tag)-[:IN_CATEGORY]->(cat:TagCategory {exclusive: true})
        WHERE cat.id IN $categories
        WITH c, cat, count(*) AS n WHERE n > 1 RETURN c.id AS id""",
}

LIVE_NAMES = """
MATCH (t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE cat.id IN $categories AND t.status IN ['ACTIVE', 'DEPRECATED']
RETURN cat.id AS category, head([(t)-[:CHILD_OF]->(p) | p.id]) AS parent,
       t.name AS name, t.aliases AS aliases
"""


async def assert_taxonomy_is_valid(db: Database, categories: list[str]) -> None:
    """Every invariant of the tag trees holds in these categories."""
    for description, query in VIOLATIONS.items():
        rows = await db.read(query, categories=categories)
        assert rows == [], f"{description}: {rows}"
    seen: dict[tuple[str, str | None, str], str] = {}
    for row in await db.read(LIVE_NAMES, categories=categories):
        for name in [row["name"], *(row["aliases"] or [])]:
            key = (row["category"], row["parent"], normalize_name(name))
            assert key not in seen, f"two siblings named {name!r}"
            seen[key] = name
