"""The export routes: files streamed in each format, refusals answered before any byte,
permissions and visibility as in the GraphQL API, and a client going away stops the export."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import httpx
from openpyxl import load_workbook

from graph.customers import service as customers
from graph.customers.model import Customer, CustomerUpsert
from graph.database import Database
from graph.segments import saved
from graph.segments.model import CustomerFilter, SegmentKind
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.taxonomy.model import Tag
from graph.viewer import Permission, Role, Viewer
from services.transfer import exports
from tests.api.conftest import ApiWith
from tests.factories import bearer, make_api_key, make_customers, make_department, make_tag, unique
from tests.graphql import GraphQLClient

VIEWER = Viewer.full_access("export-api-tests")


async def _tagged(db: Database, count: int, tag: Tag | None = None) -> tuple[Tag, list[Customer]]:
    tag = tag or await make_tag(db)
    members = await make_customers(db, count)
    selection = CustomerSelection(customer_ids=tuple(c.id for c in members))
    await tag_customers(db, VIEWER, selection=selection, tag_ids=[tag.id])
    return tag, sorted(members, key=lambda c: c.id)


def _csv(response: httpx.Response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def _code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_a_filter_exports_as_csv_with_bom_and_attachment(
    db: Database, gql: GraphQLClient
) -> None:
    tag, members = await _tagged(db, 3)
    response = gql.http.post("/exports/customers", json={"filter": {"hasTag": tag.id}})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="customers.csv"'
    )
    rows = _csv(response)
    assert rows[0] == ["id", "name", "kind", "industry", "region", "employees", "annualRevenue",
                       "email", "phone", "tags"]  # fmt: skip
    assert [row[0] for row in rows[1:]] == [c.id for c in members]
    assert all(row[9].endswith(tag.name) for row in rows[1:])


async def test_jsonl_and_xlsx_carry_the_same_rows(db: Database, gql: GraphQLClient) -> None:
    tag, members = await _tagged(db, 2)
    body = {"filter": {"hasTag": tag.id}, "columns": ["id", "tags"]}
    jsonl = gql.http.post("/exports/customers", json={**body, "format": "jsonl"})
    assert jsonl.headers["content-type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [line["id"] for line in lines] == [c.id for c in members]
    assert all(len(line["tags"]) == 1 for line in lines)
    xlsx = gql.http.post("/exports/customers", json={**body, "format": "xlsx"})
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("id", "tags")
    assert [row[0] for row in values[1:]] == [c.id for c in members]


async def test_formula_cells_are_escaped_in_csv(db: Database, gql: GraphQLClient) -> None:
    tag = await make_tag(db)
    customer_id = unique("cust")
    item = CustomerUpsert(id=customer_id, name="=cmd|' /C calc'!A0", phone="+86 13800000000")
    await customers.upsert_customers(db, VIEWER, items=[item])
    selection = CustomerSelection(customer_ids=(customer_id,))
    await tag_customers(db, VIEWER, selection=selection, tag_ids=[tag.id])
    body = {"filter": {"hasTag": tag.id}, "columns": ["name", "phone"]}
    rows = _csv(gql.http.post("/exports/customers", json=body))
    assert rows[1] == ["'=cmd|' /C calc'!A0", "'+86 13800000000"]


async def test_a_saved_segment_exports_under_its_utf8_name(
    db: Database, gql: GraphQLClient
) -> None:
    tag, members = await _tagged(db, 2)
    name = unique("华南高意向")
    segment = await saved.create_segment(
        db,
        VIEWER,
        name=name,
        kind=SegmentKind.DYNAMIC,
        customer_filter=CustomerFilter(has_tag=tag.id),
    )
    response = gql.http.get(f"/exports/segments/{segment.id}", params={"columns": "id,name"})
    assert response.status_code == 200
    assert (
        f"filename*=UTF-8''{quote(name + '.csv', safe='')}"
        in response.headers["content-disposition"]
    )
    assert [row[0] for row in _csv(response)[1:]] == [c.id for c in members]
    missing = gql.http.get(f"/exports/segments/{unique('seg')}")
    assert (missing.status_code, _code(missing)) == (404, "NOT_FOUND")


async def test_assignments_export_with_provenance(db: Database, gql: GraphQLClient) -> None:
    tag, members = await _tagged(db, 2)
    response = gql.http.post("/exports/assignments", json={"filter": {"hasTag": tag.id}})
    rows = _csv(response)
    assert rows[0] == ["customerId", "tag", "tagId", "source", "by", "since", "note", "expiresAt"]
    assert [(row[0], row[2], row[3], row[4]) for row in rows[1:]] == [
        (c.id, tag.id, "API", "export-api-tests") for c in members
    ]
    assert all(datetime.fromisoformat(row[5]) for row in rows[1:])


async def test_taxonomy_export_and_unknown_category(db: Database, gql: GraphQLClient) -> None:
    root = await make_tag(db)
    child = await make_tag(db, parent=root)
    response = gql.http.get("/exports/taxonomy", params={"categoryId": root.category_id})
    rows = _csv(response)
    assert rows[0] == ["path", "id", "color", "description", "aliases", "exclusive", "status"]
    assert [row[1] for row in rows[1:]] == [root.category_id, root.id, child.id]
    assert rows[3][0].endswith(f"/{root.name}/{child.name}")
    missing = gql.http.get("/exports/taxonomy", params={"categoryId": unique("cat")})
    assert (missing.status_code, _code(missing)) == (404, "NOT_FOUND")


async def test_history_export_and_its_bad_arguments(db: Database, gql: GraphQLClient) -> None:
    start = datetime.now(UTC) - timedelta(seconds=5)
    tag, members = await _tagged(db, 2)
    params = {
        "tagId": tag.id,
        "from": start.isoformat(),
        "to": (start + timedelta(days=1)).isoformat(),
    }
    rows = _csv(gql.http.get("/exports/history", params={**params, "format": "csv"}))
    assert rows[0] == ["at", "customerId", "tag", "change", "by", "source"]
    assert sorted(row[1] for row in rows[1:]) == [c.id for c in members]
    assert {row[3] for row in rows[1:]} == {"ADDED"}
    for bad in ({"from": "yesterday"}, {"to": "2026-01-01T00:00:00"}, {"tagId": ""},
                {"format": "pdf"}, {"to": params["from"]}, {"tagId": "t" * 200}):  # fmt: skip
        response = gql.http.get("/exports/history", params={**params, **bad})
        assert (response.status_code, _code(response)) == (400, "INVALID_INPUT"), bad
        assert "content-disposition" not in response.headers


def test_bad_bodies_are_refused_with_a_code(gql: GraphQLClient) -> None:
    for body in (
        {"filter": {"hasTagz": "x"}},
        {"filter": {"hasTag": 3}},
        {"columns": ["id", "password"]},
        {"format": "pdf"},
        {"filter": {"hasTag": "x"}, "segmentId": "y"},
        [1, 2],
    ):
        response = gql.http.post("/exports/customers", json=body)
        assert (response.status_code, _code(response)) == (400, "INVALID_INPUT"), body
    response = gql.http.post("/exports/customers", content=b"{not json")
    assert (response.status_code, _code(response)) == (400, "INVALID_INPUT")
    response = gql.http.post("/exports/customers", json={"filter": {"hasTag": unique("tag")}})
    assert (response.status_code, _code(response)) == (404, "NOT_FOUND")


async def test_exports_need_the_export_permission(db: Database, api_url: str) -> None:
    integration = await make_api_key(db, Role.INTEGRATION)
    allowed = await make_api_key(
        db, Role.INTEGRATION, permissions=frozenset({Permission.EXPORT_DATA})
    )
    with httpx.Client(base_url=api_url) as http:
        assert http.get("/exports/taxonomy").status_code == 401
        refused = http.get("/exports/taxonomy", headers=bearer(integration))
        assert (refused.status_code, _code(refused)) == (403, "FORBIDDEN")
        assert http.get("/exports/taxonomy", headers=bearer(allowed)).status_code == 200


async def test_a_restricted_analyst_exports_only_what_it_sees(
    db: Database, api_url: str, gql: GraphQLClient
) -> None:
    seen, members = await _tagged(db, 3)
    hidden = await make_tag(db)
    await tag_customers(db, VIEWER, selection=CustomerSelection(customer_ids=(members[0].id,)),
                        tag_ids=[hidden.id])  # fmt: skip
    department = await make_department(db, see=(seen.category_id,))
    key = await make_api_key(db, Role.ANALYST, departments=(department,))
    with httpx.Client(base_url=api_url, headers=bearer(key), timeout=60) as http:
        response = http.post("/exports/customers", json={"filter": {"hasTag": seen.id}})
        rows = _csv(response)
        count = http.post(
            "/graphql",
            json={"query": "query($t: ID!) { customers(filter: {hasTag: $t}) { totalCount } }",
                  "variables": {"t": seen.id}},
        ).json()["data"]["customers"]["totalCount"]  # fmt: skip
        assert len(rows) - 1 == count == 3
        assert hidden.name not in response.text and hidden.id not in response.text
        assignments = http.post("/exports/assignments", json={"filter": {"hasTag": seen.id}})
        assert hidden.id not in assignments.text
        taxonomy = http.get("/exports/taxonomy", params={"format": "jsonl"})
        assert hidden.category_id not in taxonomy.text and seen.category_id in taxonomy.text
        for refused in (
            http.post("/exports/customers", json={"filter": {"hasTag": hidden.id}}),
            http.post("/exports/customers", json={"tagCategories": [hidden.category_id]}),
            http.get("/exports/taxonomy", params={"categoryId": hidden.category_id}),
            http.get(
                "/exports/history",
                params={
                    "tagId": hidden.id,
                    "from": "2020-01-01T00:00:00Z",
                    "to": "2030-01-01T00:00:00Z",
                },
            ),
        ):
            assert (refused.status_code, _code(refused)) == (404, "NOT_FOUND")


async def test_a_client_going_away_stops_the_export(db: Database, api_with: ApiWith) -> None:
    tag, members = await _tagged(db, 60)
    http = api_with(export_chunk_size=1)
    with http.stream("POST", "/exports/customers", json={"filter": {"hasTag": tag.id}}) as response:
        assert response.status_code == 200
        next(response.iter_raw())  # the first bytes, then hang up
    deadline = time.monotonic() + 20
    export = None
    while time.monotonic() < deadline:
        export = next((e for e in reversed(exports.RECENT) if e.rows_expected == 60), None)
        if export is not None and export.outcome != "streaming":
            break
        time.sleep(0.05)
    assert export is not None and export.outcome == "stopped"
    assert export.rows_written < len(members)
