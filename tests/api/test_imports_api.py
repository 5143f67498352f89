"""Import jobs over HTTP: upload, poll, error report; permissions as the mutations'."""

from __future__ import annotations

import asyncio
import csv
import io
import time
from pathlib import Path
from typing import Any

import httpx

from graph.database import Database
from graph.viewer import Role
from tests.api.conftest import ApiWith
from tests.factories import (
    bearer,
    make_api_key,
    make_category,
    make_customers,
    make_department,
    make_tag,
    unique,
)
from tests.graphql import GraphQLClient


def _wait(http: httpx.Client, job_id: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        response = http.get(f"/imports/{job_id}", headers=headers)
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        if job["state"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


def _upload(
    http: httpx.Client,
    kind: str,
    content: str | bytes,
    name: str = "file.csv",
    headers: dict[str, str] | None = None,
    **form: str,
) -> httpx.Response:
    body = content.encode("utf-8") if isinstance(content, str) else content
    return http.post(
        f"/imports/{kind}", files={"file": (name, body, "text/csv")}, data=form, headers=headers
    )


async def test_an_uploaded_file_runs_as_a_job_whose_status_and_error_report_can_be_polled(
    gql: GraphQLClient,
) -> None:
    good = unique("api")
    content = f"id,name,industry\n{good},上传客户,C\n{unique('api')},坏行业,NOPE\n"
    started = await asyncio.to_thread(_upload, gql.http, "customers", content)
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["state"] == "queued" and started.headers["Location"] == f"/imports/{job['id']}"
    done = await asyncio.to_thread(_wait, gql.http, job["id"])
    assert done["state"] == "done" and done["progress"] == 1.0
    assert (done["counts"]["created"], done["counts"]["refused"]) == (1, 1)
    report = await asyncio.to_thread(gql.http.get, done["errors"])
    assert report.status_code == 200 and report.content.startswith(b"\xef\xbb\xbf")
    [row] = list(csv.DictReader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert (row["error_line"], row["error_column"], row["error_code"]) == (
        "3",
        "industry",
        "UNKNOWN_INDUSTRY",
    )


async def test_a_dry_run_job_writes_nothing(gql: GraphQLClient, db: Database) -> None:
    customer_id = unique("api")
    started = await asyncio.to_thread(
        _upload, gql.http, "customers", f"id,name\n{customer_id},试运行\n", dryRun="true"
    )
    done = await asyncio.to_thread(_wait, gql.http, started.json()["id"])
    assert done["counts"]["created"] == 1 and done["options"]["dryRun"] is True
    assert await db.read("MATCH (c:Customer {id: $id}) RETURN c", id=customer_id) == []


async def test_a_file_refused_as_a_whole_fails_the_job_with_its_reason(gql: GraphQLClient) -> None:
    started = await asyncio.to_thread(_upload, gql.http, "customers", b"\x00\x01garbage")
    done = await asyncio.to_thread(_wait, gql.http, started.json()["id"])
    assert done["state"] == "failed" and done["error"].startswith("ENCODING")


async def test_a_sales_key_cannot_import_a_taxonomy_nor_see_others_jobs(
    gql: GraphQLClient, db: Database
) -> None:
    sales = bearer(await make_api_key(db, Role.SALES))
    refused = await asyncio.to_thread(_upload, gql.http, "taxonomy", "path\nX\n", headers=sales)
    assert (
        refused.status_code == 403
        and refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    )
    customers = await asyncio.to_thread(
        _upload, gql.http, "customers", f"id,name\n{unique('api')},x\n", headers=sales
    )
    assert customers.status_code == 403
    mine = await asyncio.to_thread(_upload, gql.http, "customers", f"id,name\n{unique('api')},x\n")
    other = await asyncio.to_thread(gql.http.get, f"/imports/{mine.json()['id']}", headers=sales)
    assert other.status_code == 404
    anonymous = await asyncio.to_thread(
        httpx.post,
        str(gql.http.base_url.join("/imports/customers")),
        files={"file": ("a.csv", b"id\n")},
    )
    assert anonymous.status_code == 401
    await asyncio.to_thread(_wait, gql.http, mine.json()["id"])  # no job left running after


async def test_hidden_categories_are_unknown_tags_and_untaggable_ones_forbidden_per_row(
    gql: GraphQLClient, db: Database
) -> None:
    hidden, seen, mine = await make_category(db), await make_category(db), await make_category(db)
    tags = [await make_tag(db, category=c) for c in (hidden, seen, mine)]
    [customer] = await make_customers(db, 1)
    department = await make_department(db, see=(seen.id, mine.id), tag=(mine.id,))
    sales = bearer(await make_api_key(db, Role.SALES, departments=(department,)))
    content = "customerId,tag\n" + "".join(
        f"{customer.id},{c.name}/{t.name}\n"
        for c, t in zip((hidden, seen, mine), tags, strict=True)
    )
    started = await asyncio.to_thread(_upload, gql.http, "assignments", content, headers=sales)
    assert started.status_code == 202, started.text
    done = await asyncio.to_thread(_wait, gql.http, started.json()["id"], sales)
    assert (done["counts"]["created"], done["counts"]["refused"]) == (1, 2)
    report = await asyncio.to_thread(gql.http.get, done["errors"], headers=sales)
    codes = [
        r["error_code"] for r in csv.DictReader(io.StringIO(report.content.decode("utf-8-sig")))
    ]
    assert codes == ["UNKNOWN_TAG", "FORBIDDEN"]


async def test_uploads_have_their_own_size_cap(api_with: ApiWith, tmp_path: Path) -> None:
    http = api_with(import_max_upload_bytes=2_000, import_spool_dir=tmp_path)
    big = "id,name\n" + "".join(f"c{i},客户{i}\n" for i in range(1_000))
    refused = await asyncio.to_thread(_upload, http, "customers", big)
    assert refused.status_code == 413
    small = await asyncio.to_thread(_upload, http, "customers", f"id,name\n{unique('cap')},小\n")
    assert small.status_code == 202
    await asyncio.to_thread(_wait, http, small.json()["id"])


async def test_graphql_reads_the_viewers_own_import_jobs(gql: GraphQLClient, db: Database) -> None:
    started = await asyncio.to_thread(
        _upload, gql.http, "customers", f"id,name\n{unique('gql')},图\n"
    )
    job_id = started.json()["id"]
    await asyncio.to_thread(_wait, gql.http, job_id)
    query = "query ($id: ID!) { importJob(id: $id) { state counts { created } errorsUrl } }"
    found = await asyncio.to_thread(gql.execute, query, id=job_id)
    assert found["data"]["importJob"] == {
        "state": "done",
        "counts": {"created": 1},
        "errorsUrl": None,
    }
    latest = await asyncio.to_thread(gql.execute, "{ importJobs(first: 50) { id kind } }")
    assert {"id": job_id, "kind": "customers"} in latest["data"]["importJobs"]
    sales = bearer(await make_api_key(db, Role.SALES))
    other = await asyncio.to_thread(
        gql.http.post, "/graphql", json={"query": query, "variables": {"id": job_id}}, headers=sales
    )
    assert other.json()["data"]["importJob"] is None
