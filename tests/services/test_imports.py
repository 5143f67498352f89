"""Importing customers, taxonomy and assignments files into the test graph (services.imports)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from graph.database import Database
from graph.errors import UserInputError
from graph.imports.model import OnDuplicate
from graph.viewer import Permission, Viewer
from services.imports import ImportOptions, ImportSummary, run_import
from tests.factories import make_category, make_customers, make_tag, unique

SALES = Viewer(user="sales", permissions=frozenset({Permission.READ, Permission.TAG}))


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


async def test_bad_customer_rows_are_reported_with_line_column_and_code_and_good_rows_go_in(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    good, twice = unique("imp"), unique("imp")
    path = tmp_path / "customers.csv"
    path.write_text(
        "Customer ID,Name,Industry,Region,Employees,Email,Tags\n"
        f"{good},好客户,C,,,,\n"
        f"{unique('imp')},无行业,NOPE,,,,\n"
        f"{unique('imp')},无地区,,XX-NOWHERE,,,\n"
        f"{unique('imp')},,,,,,\n"
        f"{twice},一,,,,,\n"
        f"{twice},二,,,,,\n"
        f"{unique('imp')},坏值,,,-5,bad-mail,\n"
        f"{unique('imp')},无标签,,,,,没有这个类别/标签\n"
        f"{unique('imp')},参差,,\n",
        encoding="utf-8",
    )
    summary = await _import(db, viewer, "customers", path)
    assert (summary.rows, summary.created, summary.refused) == (9, 2, 7)
    errors = _errors(summary)
    found = sorted((int(e["error_line"]), e["error_column"], e["error_code"]) for e in errors)
    assert found == [
        (3, "Industry", "UNKNOWN_INDUSTRY"),
        (4, "Region", "UNKNOWN_REGION"),
        (5, "Name", "REQUIRED"),
        (7, "Customer ID", "DUPLICATE_IN_FILE"),
        (8, "Employees", "INVALID_VALUE"),
        (9, "Tags", "UNKNOWN_TAG"),
        (10, "", "RAGGED_ROW"),
    ]
    bad = next(e for e in errors if e["error_line"] == "8")
    assert bad["Name"] == "坏值" and "Email" in bad["error_message"]
    assert await _customer(db, good)
    assert not summary.ok


async def test_the_error_file_can_be_fixed_and_imported_again(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    customer_id = unique("imp")
    path = tmp_path / "customers.csv"
    path.write_text(f"id,name,industry\n{customer_id},待修复,NOPE\n", encoding="utf-8")
    first = await _import(db, viewer, "customers", path)
    assert first.refused == 1 and first.errors_path is not None
    text = first.errors_path.read_text("utf-8-sig").replace(",NOPE,", ",C,")
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(text, encoding="utf-8-sig")
    second = await _import(db, viewer, "customers", fixed)
    assert (second.created, second.refused) == (1, 0)
    assert (await _customer(db, customer_id))["industry"] == "C"


async def test_dry_run_counts_what_would_change_and_writes_nothing(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    [existing] = await make_customers(db, 1)
    new = unique("imp")
    path = tmp_path / "customers.csv"
    path.write_text(
        f"id,name\n{new},新客户\n{existing.id},改名\n{unique('imp')},\n", encoding="utf-8"
    )
    summary = await _import(db, viewer, "customers", path, dry_run=True)
    assert (summary.created, summary.updated, summary.refused) == (1, 1, 1)
    assert not await _customer(db, new)
    assert (await _customer(db, existing.id))["name"] == existing.name


async def test_on_duplicate_skips_updates_or_refuses_existing_customers(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    [existing] = await make_customers(db, 1)
    path = tmp_path / "customers.csv"
    path.write_text(f"id,name\n{existing.id},新名字\n", encoding="utf-8")
    skipped = await _import(db, viewer, "customers", path, on_duplicate=OnDuplicate.SKIP)
    assert (skipped.skipped, skipped.updated) == (1, 0)
    refused = await _import(db, viewer, "customers", path, on_duplicate=OnDuplicate.REFUSE)
    assert refused.refused == 1 and _errors(refused)[0]["error_code"] == "EXISTS"
    assert (await _customer(db, existing.id))["name"] == existing.name
    updated = await _import(db, viewer, "customers", path, on_duplicate=OnDuplicate.UPDATE)
    assert updated.updated == 1
    assert (await _customer(db, existing.id))["name"] == "新名字"


async def test_a_taxonomy_file_creates_categories_and_trees_then_twice_is_unchanged(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    name = unique("行为")
    path = tmp_path / "taxonomy.csv"
    path.write_text(
        "path,id,color,description,aliases,exclusive,status\n"
        f"{name}/购买/高频购买,,#f00,每月多次,常购;复购,,\n"  # the child before its parent
        f"{name},,#1E90FF,行为轨迹,,false,\n"
        f"{name}/购买,{unique('tag')},,,,,\n"
        f"{name}/流失风险,,,,,,DEPRECATED\n",
        encoding="utf-8",
    )
    first = await _import(db, viewer, "taxonomy", path)
    assert (first.created, first.refused) == (4, 0), first
    rows = await db.read(
        "MATCH (t:Tag {name: '高频购买'})-[:CHILD_OF]->(:Tag {name: '购买'})-[:IN_CATEGORY]->"
        "(c:TagCategory {name: $name}) RETURN t.color AS color, t.aliases AS aliases",
        name=name,
    )
    assert rows == [{"color": "#FF0000", "aliases": ["常购", "复购"]}]
    audit = await db.read(
        "MATCH (a:AuditEntry) WHERE a.summary CONTAINS $name RETURN count(a) AS n", name=name
    )
    assert audit[0]["n"] >= 1
    second = await _import(db, viewer, "taxonomy", path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)


async def test_a_taxonomy_file_with_a_bad_row_applies_nothing(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    name = unique("类别")
    path = tmp_path / "taxonomy.csv"
    path.write_text(
        f"path,id\n{name},\n{name}/A,\n{name}/A,\n{name}/B/C,\n{name}/D,\n",
        encoding="utf-8",
    )
    summary = await _import(db, viewer, "taxonomy", path)
    codes = sorted((e["error_line"], e["error_code"]) for e in _errors(summary))
    assert codes == [("4", "DUPLICATE_IN_FILE"), ("5", "UNKNOWN_PARENT")]
    assert summary.created == 0 and summary.held_back == 3
    found = await db.read("MATCH (c:TagCategory {name: $name}) RETURN c", name=name)
    assert found == []


async def test_a_taxonomy_file_cannot_move_a_tag_under_itself_or_into_another_category(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    category, other = await make_category(db), await make_category(db)
    parent = await make_tag(db, category=category, name="父")
    child = await make_tag(db, parent=parent, name="子")
    foreign = await make_tag(db, category=other)
    path = tmp_path / "taxonomy.csv"
    path.write_text(
        f"path,id\n{category.name}/父/子/孙,{parent.id}\n{category.name}/新,{foreign.id}\n",
        encoding="utf-8",
    )
    summary = await _import(db, viewer, "taxonomy", path)
    assert sorted(e["error_code"] for e in _errors(summary)) == ["CATEGORY_MISMATCH", "CYCLE"]
    assert child.parent_id == parent.id


async def test_assignments_keep_provenance_and_refuse_unknown_paths_unless_asked_to_create(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    category = await make_category(db)
    tag = await make_tag(db, category=category)
    [customer] = await make_customers(db, 1)
    missing = f"{category.name}/新标签/子标签"
    path = tmp_path / "assignments.csv"
    path.write_text(
        "customerId,tag,tagId,source,by,since,note,expiresAt\n"
        f"{customer.id},{category.name}/{tag.name},,MANUAL,someone,2024-01-02T03:04:05Z,展会名单,2099-01-01\n"
        f"{customer.id},{missing},,,,,,\n"
        f"{unique('nobody')},,{tag.id},,,,,\n",
        encoding="utf-8",
    )
    first = await _import(db, viewer, "assignments", path)
    assert (first.created, first.refused) == (1, 2)
    assert sorted(e["error_code"] for e in _errors(first)) == ["UNKNOWN_CUSTOMER", "UNKNOWN_TAG"]
    rows = await db.read(
        "MATCH (:Customer {id: $c})-[r:TAGGED]->(:Tag {id: $t}) RETURN r {.*} AS r",
        c=customer.id,
        t=tag.id,
    )
    held = rows[0]["r"]
    assert (held["source"], held["by"], held["note"]) == ("IMPORT", viewer.user, "展会名单")
    assert held["since"].year == 2024 and held["expiresAt"].year == 2099
    second = await _import(db, viewer, "assignments", path, create_missing_tags=True)
    assert (second.created, second.unchanged, second.refused) == (1, 1, 1)
    assert second.tags_created == [f"{category.name}/新标签", missing]
    audit = await db.read(
        "MATCH (a:AuditEntry {action: 'CREATE_TAG'}) WHERE a.summary IN ['新标签', '子标签'] "
        "RETURN count(a) AS n"
    )
    assert audit[0]["n"] >= 2


async def test_hidden_categories_are_unknown_and_untaggable_ones_forbidden_per_row(
    db: Database, tmp_path: Path
) -> None:
    hidden, seen, mine = await make_category(db), await make_category(db), await make_category(db)
    tags = [await make_tag(db, category=c) for c in (hidden, seen, mine)]
    [customer] = await make_customers(db, 1)
    viewer = Viewer(
        user="sales-import",
        permissions=frozenset({Permission.READ, Permission.TAG}),
        visible_category_ids=frozenset({seen.id, mine.id}),
        taggable_category_ids=frozenset({mine.id}),
    )
    path = tmp_path / "assignments.csv"
    path.write_text(
        "customerId,tag\n"
        + "".join(
            f"{customer.id},{c.name}/{t.name}\n"
            for c, t in zip((hidden, seen, mine), tags, strict=True)
        )
        + f"{customer.id},{hidden.name}/{tags[0].name}/新\n",
        encoding="utf-8",
    )
    summary = await _import(db, viewer, "assignments", path, create_missing_tags=True)
    assert summary.created == 1
    assert [e["error_code"] for e in _errors(summary)] == [
        "UNKNOWN_TAG",
        "FORBIDDEN",
        "UNKNOWN_TAG",
    ]


async def test_a_sales_principal_cannot_import_a_taxonomy(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.csv"
    path.write_text("path\nX\n", encoding="utf-8")
    with pytest.raises(UserInputError, match="MANAGE_TAXONOMY"):
        await _import(db, SALES, "taxonomy", path)


@pytest.mark.parametrize(
    ("content", "code"),
    [("id,name\n", "NO_ROWS"), ("foo,bar\n1,2\n", "NO_HEADER"), ("", "EMPTY_FILE")],
)
async def test_a_file_refused_as_a_whole_says_why_in_the_error_file(
    db: Database, viewer: Viewer, tmp_path: Path, content: str, code: str
) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(content, encoding="utf-8")
    summary = await _import(db, viewer, "customers", path)
    assert summary.file_error is not None and summary.file_error.code == code
    assert _errors(summary)[0]["error_code"] == code and not summary.ok


async def test_xlsx_and_jsonl_files_import_like_csv_with_a_mapping(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    a, b = unique("xlsx"), unique("jsonl")
    sheet.append(["Record ID", "Company name", "Number of Employees"])
    sheet.append([a, "表格客户", 50])
    xlsx = tmp_path / "hubspot.xlsx"
    book.save(xlsx)
    mapping = {"recordid": "id", "companyname": "name"}
    first = await _import(db, viewer, "customers", xlsx, mapping=mapping)
    assert first.created == 1 and (await _customer(db, a))["employees"] == 50
    jsonl = tmp_path / "customers.jsonl"
    jsonl.write_text(json.dumps({"id": b, "name": "JSON客户", "employees": 7}) + "\n", "utf-8")
    second = await _import(db, viewer, "customers", jsonl)
    assert second.created == 1 and (await _customer(db, b))["name"] == "JSON客户"


async def test_a_gb18030_file_with_semicolons_imports(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    customer_id = unique("gbk")
    path = tmp_path / "excel.csv"
    path.write_bytes(f"客户编号;名称\n{customer_id};深圳某某科技\n".encode("gb18030"))
    summary = await _import(
        db, viewer, "customers", path, mapping={"客户编号": "id", "名称": "name"}
    )
    assert summary.created == 1, _errors(summary)
    assert (await _customer(db, customer_id))["name"] == "深圳某某科技"


async def test_interactions_refuse_unknown_customers_per_row_and_skip_ids_seen_before(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    [customer] = await make_customers(db, 1)
    at = "2025-03-01T10:00:00+08:00"
    path = tmp_path / "interactions.jsonl"
    lines = [
        {"id": unique("i"), "customerId": customer.id, "type": "visit", "at": at},
        {"id": unique("i"), "customerId": unique("nobody"), "type": "PURCHASE", "at": at},
        {"id": unique("i"), "customerId": customer.id, "type": "DANCE", "at": at},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    first = await _import(db, viewer, "interactions", path)
    assert (first.created, first.refused) == (1, 2)
    assert first.errors_path is not None
    reported = [json.loads(line) for line in first.errors_path.read_text("utf-8").splitlines()]
    assert sorted(r["error_code"] for r in reported) == ["INVALID_VALUE", "UNKNOWN_CUSTOMER"]
    assert {r["error_line"] for r in reported} == {"2", "3"}
    second = await _import(db, viewer, "interactions", path)
    assert (second.created, second.unchanged) == (0, 1)


async def test_products_are_created_then_unchanged_then_updated(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    product_id = unique("prod")
    path = tmp_path / "products.csv"
    path.write_text(f"id,name,line,tier\n{product_id},营销云,营销云,专业版\n", encoding="utf-8")
    assert (await _import(db, viewer, "products", path)).created == 1
    assert (await _import(db, viewer, "products", path)).unchanged == 1
    path.write_text(f"id,name,line,tier\n{product_id},营销云,营销云,旗舰版\n", encoding="utf-8")
    assert (await _import(db, viewer, "products", path)).updated == 1
    rows = await db.read("MATCH (p:Product {id: $id}) RETURN p.tier AS tier", id=product_id)
    assert rows == [{"tier": "旗舰版"}]


async def test_assignments_of_two_tags_of_an_exclusive_category_refuse_the_second(
    db: Database, viewer: Viewer, tmp_path: Path
) -> None:
    stage = await make_category(db, exclusive=True)
    lead, won = await make_tag(db, category=stage), await make_tag(db, category=stage)
    [customer] = await make_customers(db, 1)
    path = tmp_path / "assignments.csv"
    path.write_text(
        f"customerId,tagId\n{customer.id},{lead.id}\n{customer.id},{won.id}\n{customer.id},{lead.id}\n",
        encoding="utf-8",
    )
    summary = await _import(db, viewer, "assignments", path)
    assert summary.created == 1
    assert [e["error_code"] for e in _errors(summary)] == [
        "EXCLUSIVE_CONFLICT",
        "DUPLICATE_IN_FILE",
    ]
