"""Versioned, idempotent schema migrations from `cypher/schema/`, recorded in the graph."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from graph.cypher import CYPHER_ROOT, Queries, statements
from graph.database import Database

query = Queries("migrations")

log = logging.getLogger(__name__)
MIGRATIONS_DIR = CYPHER_ROOT / "schema"
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.cypher$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One file of schema statements, identified by its version number."""

    version: int
    name: str
    path: Path

    @property
    def checksum(self) -> str:
        """sha256 of the file, to notice a migration edited after it was applied."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def migrations() -> list[Migration]:
    """Every migration shipped with the code, in version order."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.cypher")):
        match = _FILE_NAME.match(path.name)
        if match is None:
            raise ValueError(f"{path.name}: migration files are named NNNN_snake_case.cypher")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [migration.version for migration in found]
    if len(set(versions)) != len(versions):
        raise ValueError("two migrations share a version number")
    return found


async def apply_migrations(db: Database, *, index_timeout: int = 300) -> list[Migration]:
    """Apply the migrations not yet recorded in the graph; returns those applied now."""
    applied = {
        row["version"]: row["checksum"] for row in await db.read(query("find_applied_migrations"))
    }
    done = []
    for migration in migrations():
        if migration.version in applied:
            if applied[migration.version] != migration.checksum:
                log.warning(
                    "migration %04d_%s changed after it was applied; add a new migration instead",
                    migration.version,
                    migration.name,
                )
            continue
        # Schema statements run one per transaction: Neo4j does not mix them with data writes.
        for statement in statements(migration.path):
            await db.write(statement)
        await db.write(
            query("record_migration"),
            version=migration.version,
            name=migration.name,
            checksum=migration.checksum,
        )
        log.info("applied schema migration %04d_%s", migration.version, migration.name)
        done.append(migration)
    await db.read(query("await_indexes"), timeoutSeconds=index_timeout)
    return done
