"""Importing customers, taxonomy and assignments files into the test graph (services.imports)."""

from __future__ import annotations

import csv
from pathlib import Path

from graph.database import Database
from graph.imports.model import OnDuplicate
from graph.viewer import Viewer
from services.imports import ImportOptions, ImportSummary, run_import
from services.transfer.readers import ReadOptions
from tests.factories import make_category, make_customers, make_tag, unique


async def _import(
    db: Database, viewer: Viewer, kind: str, path: Path, **options: object
) -> ImportSummary:
    return await run_import(db, viewer, kind=kind, path=path, options=ImportOptions(**options))  # type: ignore[arg-type]


def _errors(summary: ImportSummary) -> list[dict[str, str]]:
    assert summary.errors_path is not None
    with summary.errors_path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


async def _customer(db: Database, customer_id: str) -> dict[str, object]:
    rows = await db.read(
        "MATCH (c:Customer {id: $id}) OPTIONAL MATCH (c)-[:IN_INDUSTRY]->(i) "
        "OPTIONAL MATCH (c)-[:LOCATED_IN]->(r) "
        "RETURN c {.*, industry: i.code, region: r.code, "
        "tags: [(c)-[:TAGGED]->(t) | t.id]} AS c",
        id=customer_id,
    )
    return rows[0]["c"] if rows else {}


async def test_customers_file_creates_customers_with_codes_and_tags_then_twice_is_unchanged(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    category = await make_category(db)
    tag = await make_tag(db, category=category)
    a, b = unique("imp"), unique("imp")
    path = tmp_path / "customers.csv"
    path.write_text(
        "id,name,kind,industry,region,employees,annualRevenue,email,phone,tags\n"
        f'{a},华南制造,COMPANY,C,CN-SOUTH,"1,200",3.5e6,a@example.com,,{category.name}/{tag.name}\n'
        f"{b},'=cmd|' /C calc'!A0,PERSON,,,,,,,\n",
        encoding="utf-8",
    )
    first = await _import(db, viewer, "customers", path)
    assert (first.created, first.updated, first.refused, first.assignments) == (2, 0, 0, 1)
    stored = await _customer(db, a)
    assert stored["employees"] == 1200 and stored["industry"] == "C"
    assert stored["region"] == "CN-SOUTH" and stored["tags"] == [tag.id]
    assert (await _customer(db, b))["name"] == "=cmd|' /C calc'!A0"
    second = await _import(db, viewer, "customers", path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert second.ok and second.errors_path is None
