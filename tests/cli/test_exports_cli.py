"""`taggraph export …` against the test instance: every command, to a file and to stdout."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from cli.main import app
from graph.database import Database
from graph.segments import saved
from graph.segments.model import CustomerFilter, SegmentKind
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.viewer import Viewer
from ops.neo4j_server import LocalNeo4j
from settings import Settings, get_settings
from tests.factories import make_customers, make_tag, unique


@pytest.fixture
def env(settings: Settings, neo4j_server: LocalNeo4j) -> Iterator[dict[str, str]]:
    """Environment pointing the CLI at the test instance."""
    get_settings.cache_clear()
    yield {
        "TAGGRAPH_NEO4J_URI": settings.neo4j_uri,
        "TAGGRAPH_NEO4J_HTTP_PORT": str(settings.neo4j_http_port),
        "TAGGRAPH_NEO4J_INSTANCE": settings.neo4j_instance,
        "TAGGRAPH_NEO4J_PASSWORD": settings.password(),
        "TAGGRAPH_EXPORT_CHUNK_SIZE": "2",
    }
    get_settings.cache_clear()


async def _invoke(env: dict[str, str], *args: str) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, app, ["export", *args], env=env)


async def test_every_export_command_writes_its_file(
    db: Database, viewer: Viewer, env: dict[str, str], tmp_path: Path
) -> None:
    tag = await make_tag(db)
    members = sorted(await make_customers(db, 3), key=lambda c: c.id)
    selection = CustomerSelection(tuple(m.id for m in members))
    await tag_customers(db, viewer, selection=selection, tag_ids=[tag.id])
    segment = await saved.create_segment(
        db, viewer, name=unique("seg"), kind=SegmentKind.STATIC,
        customer_filter=CustomerFilter(has_tag=tag.id),
    )  # fmt: skip
    target = tmp_path / "customers.csv"
    filter_json = json.dumps({"hasTag": tag.id})
    done = await _invoke(env, "customers", "--filter", filter_json, "--output", str(target))
    assert done.exit_code == 0, done.output
    assert "Wrote 3 rows" in done.output
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:]] == [m.id for m in members]
    assert all(row[9].endswith(tag.name) for row in rows[1:])

    out = await _invoke(env, "segment", segment.id, "--format", "jsonl", "--columns", "id")
    assert out.exit_code == 0, out.output
    assert [json.loads(line) for line in out.stdout.splitlines()] == [{"id": m.id} for m in members]

    book = tmp_path / "assignments.xlsx"
    done = await _invoke(env, "assignments", "--segment", segment.id, "-f", "xlsx", "-o", str(book))
    assert done.exit_code == 0, done.output
    sheet = load_workbook(book, read_only=True).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        m.id for m in members
    ]

    out = await _invoke(env, "taxonomy", "--category", tag.category_id)
    assert out.exit_code == 0, out.output
    assert [row[1] for row in csv.reader(io.StringIO(out.stdout.lstrip("\ufeff")))][1:] == [
        tag.category_id, tag.id,
    ]  # fmt: skip

    start = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    end = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    out = await _invoke(env, "history", tag.id, "--from", start, "--to", end, "-f", "jsonl")
    assert out.exit_code == 0, out.output
    changes = [json.loads(line) for line in out.stdout.splitlines()]
    assert sorted(c["customerId"] for c in changes) == [m.id for m in members]
    assert {c["change"] for c in changes} == {"ADDED"}


async def test_bad_arguments_exit_2_with_the_code(env: dict[str, str]) -> None:
    for args, code in (
        (["customers", "--filter", "{not json"], "INVALID_INPUT"),
        (["customers", "--filter", '{"hasTagz": "x"}'], "INVALID_INPUT"),
        (["customers", "--columns", "id,password"], "INVALID_INPUT"),
        (["customers", "--filter", "{}", "--segment", "s"], "INVALID_INPUT"),
        (["segment", unique("seg")], "NOT_FOUND"),
        (["taxonomy", "--category", unique("cat")], "NOT_FOUND"),
        (["history", unique("tag"), "--from", "2026-01-01", "--to", "2027-01-01"], "NOT_FOUND"),
        (["history", "t", "--from", "soon", "--to", "2027-01-01"], "INVALID_INPUT"),
    ):
        result = await _invoke(env, *args)
        assert result.exit_code == 2, (args, result.output)
        assert code in result.output, (args, result.output)
