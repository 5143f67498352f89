"""Schema migrations: versioned, idempotent, recorded in the graph."""

from __future__ import annotations

from graph.database import Database
from graph.migrations import apply_migrations, migrations


async def test_applying_migrations_again_changes_nothing(db: Database) -> None:
    before = await db.read("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
    assert await apply_migrations(db) == []
    after = await db.read("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
    assert sorted(before[0]["names"]) == sorted(after[0]["names"])


async def test_every_applied_migration_is_recorded_with_its_checksum(db: Database) -> None:
    rows = await db.read(
        "MATCH (m:SchemaMigration) RETURN m.version AS version, m.checksum AS checksum"
    )
    recorded = {row["version"]: row["checksum"] for row in rows}
    assert recorded == {m.version: m.checksum for m in migrations()}


async def test_every_business_key_has_a_uniqueness_constraint(db: Database) -> None:
    rows = await db.read(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties[0] AS key"
    )
    keys = {(row["label"], row["key"]) for row in rows}
    assert {
        ("Customer", "id"),
        ("Tag", "id"),
        ("TagCategory", "id"),
        ("Industry", "code"),
        ("Region", "code"),
    } <= keys


async def test_segment_properties_and_names_are_indexed(db: Database) -> None:
    rows = await db.read("SHOW INDEXES YIELD name, type, state RETURN name, type, state")
    online = {row["name"]: row["type"] for row in rows if row["state"] == "ONLINE"}
    for name in ("tag_normalized_name", "customer_employees", "customer_last_interaction"):
        assert online[name] == "RANGE"
    assert online["customer_name_fulltext"] == "FULLTEXT"
    assert online["tag_name_fulltext"] == "FULLTEXT"
