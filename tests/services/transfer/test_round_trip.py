"""Export → import → export gives the same taxonomy, customers and assignments.

The exporter's files go through the importer (services/imports.py run_import) as a user's
would; the three kinds below, in this order:

    taxonomy      the taxonomy format
    customers     the customers format (tags: source IMPORT)
    assignments   the assignments format

each a CSV file. "An empty database" is a
second copy of the data under new ids and names: the exported files are rewritten with a fresh
id for every customer, category and tag and a fresh category name, imported, exported again,
and the second export must equal the first one rewritten the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.customers import service as customers
from graph.customers.model import CustomerUpsert
from graph.database import Database
from graph.segments.model import CustomerFilter
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.model import NewTag, Tag, TagCategory
from graph.viewer import Viewer
from services.imports import ImportOptions, run_import
from services.transfer.exports import Export, Exporter, encode
from services.transfer.paths import parse_path, split_paths
from services.transfer.writers import ExportFormat, unescape_formula
from tests.factories import make_category, make_tag, unique

VIEWER = Viewer.full_access("round-trip-tests")
Importer = Callable[[Database, Viewer, Path], Awaitable[Any]]


async def _import(db: Database, kind: str, path: Path) -> None:
    summary = await run_import(db, VIEWER, kind=kind, path=path, options=ImportOptions())
    assert summary.ok, (kind, summary)


async def _file(export: Export, path: Path) -> str:
    data = b"".join([chunk async for chunk in encode(export, ExportFormat.CSV)])
    path.write_bytes(data)
    return data.decode("utf-8-sig")


def _rewrite(text: str, renames: dict[str, str]) -> str:
    for old in sorted(renames, key=len, reverse=True):  # longer ids first: no prefix clashes
        text = text.replace(old, renames[old])
    return text


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _without_columns(text: str, *positions: int) -> list[list[str]]:
    return [[cell for i, cell in enumerate(row) if i not in positions] for row in _rows(text)]


@dataclass
class Scene:
    """A category of two tags and three customers holding them, exported once."""

    renames: dict[str, str]
    category: TagCategory
    tags: tuple[Tag, Tag]
    items: list[CustomerUpsert]
    taxonomy: str
    customers: str
    assignments: str


async def _scene(db: Database, tmp_path: Path) -> Scene:
    category = await make_category(db, exclusive=False)
    root = await make_tag(db, category=category, name="行为")
    child = await taxonomy.create_tag(
        db, VIEWER, new=NewTag(name="高频/购买;VIP", parent_id=root.id, color="#E4572E",
                               description="=说明, \"引号\"", aliases=("常买", "a;b"))
    )  # fmt: skip
    marker = unique("rt")
    items = [
        CustomerUpsert(id=f"{marker}-{i}", name=name, kind=kind, employees=employees,
                       annual_revenue=revenue, email=email, phone=phone,
                       industry_code=industry, region_code=region)
        for i, (name, kind, employees, revenue, email, phone, industry, region) in enumerate([
            ("华南制造有限公司", "COMPANY", 800, 1.5e8, "s@example.com", "+86 20 1", "C", "CN-GD"),
            ("=HYPERLINK(\"x\")", "PERSON", None, None, None, None, None, None),
            ("李雷; \"韩梅梅\"\n第二行", "COMPANY", 12, 0.5, None, "-1", "13", "CN-SOUTH"),
        ])
    ]  # fmt: skip
    await customers.upsert_customers(db, VIEWER, items=items)
    ids = tuple(item.id for item in items)
    await tag_customers(db, VIEWER, selection=CustomerSelection(ids[:2]), tag_ids=[child.id])
    await tag_customers(db, VIEWER, selection=CustomerSelection(ids[1:]), tag_ids=[root.id])
    exporter = Exporter(db, None, VIEWER)
    members = CustomerFilter(has_any_tag_in_category=category.id)

    first_taxonomy = await _file(
        await exporter.taxonomy(category_id=category.id), tmp_path / "t.csv"
    )
    first_customers = await _file(
        await exporter.customers(customer_filter=members), tmp_path / "c.csv"
    )
    first_assignments = await _file(
        await exporter.assignments(customer_filter=members), tmp_path / "a.csv"
    )

    second = unique("rt2")
    renames = {category.id: f"{category.id}-{second}", category.name: f"{category.name}{second}",
               root.id: f"{root.id}-{second}", child.id: f"{child.id}-{second}",
               marker: f"{marker}-{second}"}  # fmt: skip
    return Scene(renames, category, (root, child), items, first_taxonomy, first_customers,
                 first_assignments)  # fmt: skip


def _unescaped(rows: list[list[str]]) -> list[list[str]]:
    return [[unescape_formula(cell) for cell in row] for row in rows]


async def test_the_exported_files_hold_everything_an_import_needs(
    db: Database, tmp_path: Path
) -> None:
    scene = await _scene(db, tmp_path)
    root, child = scene.tags
    category = scene.category
    taxonomy_rows = _unescaped(_rows(scene.taxonomy))
    assert taxonomy_rows == [
        ["path", "id", "color", "description", "aliases", "exclusive", "status"],
        [category.name, category.id, "", "", "", "false", ""],
        [f"{category.name}/行为", root.id, "", "", "", "", "ACTIVE"],
        [f"{category.name}/行为/高频\\/购买\\;VIP", child.id, "#E4572E", "=说明, \"引号\"",
         "常买;a\\;b", "", "ACTIVE"],
    ]  # fmt: skip
    (_, *tag_path), *_ = [parse_path(p) for p in split_paths(taxonomy_rows[3][0])]
    assert tag_path == ["行为", "高频/购买;VIP"]
    customer_rows = _unescaped(_rows(scene.customers))
    by_id = {row[0]: row for row in customer_rows[1:]}
    stored = await customers.find_customers_by_ids(db, VIEWER, ids=[i.id for i in scene.items])
    assert set(by_id) == set(stored)
    for c in stored.values():
        assert by_id[c.id][1:9] == [c.name, c.kind, c.industry_code or "", c.region_code or "",
                                    "" if c.employees is None else str(c.employees),
                                    "" if c.annual_revenue is None else str(c.annual_revenue),
                                    c.email or "", c.phone or ""]  # fmt: skip
    assert len(_rows(scene.assignments)) == 1 + 4
    assert {row[2] for row in _rows(scene.assignments)[1:]} == {root.id, child.id}


async def test_export_then_import_gives_the_same_customers_taxonomy_and_assignments(
    db: Database, tmp_path: Path
) -> None:
    scene = await _scene(db, tmp_path)
    renames, category = scene.renames, scene.category
    first_taxonomy, first_customers, first_assignments = (
        scene.taxonomy, scene.customers, scene.assignments
    )  # fmt: skip
    exporter = Exporter(db, None, VIEWER)
    for name, text in (("t.csv", first_taxonomy), ("c.csv", first_customers),
                       ("a.csv", first_assignments)):  # fmt: skip
        (tmp_path / f"new-{name}").write_text("\ufeff" + _rewrite(text, renames), "utf-8")
    await _import(db, "taxonomy", tmp_path / "new-t.csv")
    await _import(db, "customers", tmp_path / "new-c.csv")
    await _import(db, "assignments", tmp_path / "new-a.csv")

    new_members = CustomerFilter(has_any_tag_in_category=renames[category.id])
    again_taxonomy = await _file(
        await exporter.taxonomy(category_id=renames[category.id]), tmp_path / "t2.csv"
    )
    again_customers = await _file(
        await exporter.customers(customer_filter=new_members), tmp_path / "c2.csv"
    )
    again_assignments = await _file(
        await exporter.assignments(customer_filter=new_members), tmp_path / "a2.csv"
    )
    assert again_taxonomy == _rewrite(first_taxonomy, renames)
    assert again_customers == _rewrite(first_customers, renames)
    # who assigned and when is the import's own (source IMPORT, by the importer, now)
    assert _without_columns(again_assignments, 3, 4, 5) == _without_columns(
        _rewrite(first_assignments, renames), 3, 4, 5
    )
