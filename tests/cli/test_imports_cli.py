"""`taggraph import …` against the test instance: summary, exit codes, an import killed
mid-run and run again."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.database import Database
from ops.neo4j_server import LocalNeo4j
from settings import PROJECT_ROOT, Settings, get_settings
from tests.factories import make_category, make_tag, unique


@pytest.fixture
def env(settings: Settings, neo4j_server: LocalNeo4j) -> Iterator[dict[str, str]]:
    """Environment pointing the CLI at the test instance."""
    get_settings.cache_clear()
    yield {
        "TAGGRAPH_NEO4J_URI": settings.neo4j_uri,
        "TAGGRAPH_NEO4J_HTTP_PORT": str(settings.neo4j_http_port),
        "TAGGRAPH_NEO4J_INSTANCE": settings.neo4j_instance,
        "TAGGRAPH_NEO4J_PASSWORD": settings.password(),
    }
    get_settings.cache_clear()


async def _invoke(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = await asyncio.to_thread(CliRunner().invoke, app, list(args), env=env)
    return result.exit_code, result.output


async def test_import_prints_a_summary_and_a_second_run_changes_nothing(
    db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    prefix = unique("cli")
    path = tmp_path / "customers.csv"
    path.write_text(
        "id;name;industry\n" + "".join(f"{prefix}-{i};客户{i};C\n" for i in range(30)),
        encoding="utf-8-sig",
    )
    code, output = await _invoke(env, "import", "customers", str(path))
    assert code == 0, output
    assert "created (were)" in output and "30" in output and "rows/s" in output
    code, output = await _invoke(env, "import", "customers", str(path), "--dry-run")
    assert code == 0 and "Dry run" in output
    code, output = await _invoke(env, "import", "customers", str(path))
    assert code == 0 and "unchanged" in output
    rows = await db.read(
        "MATCH (c:Customer) WHERE c.id STARTS WITH $p RETURN count(c) AS n", p=prefix
    )
    assert rows[0]["n"] == 30


async def test_refused_rows_exit_non_zero_and_name_the_error_file(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(f"id,name,industry\n{unique('cli')},坏行业,NOPE\n", encoding="utf-8")
    errors = tmp_path / "out" / "errors.csv"
    code, output = await _invoke(env, "import", "customers", str(path), "--errors", str(errors))
    assert code == 1
    assert str(errors) in output.replace("\n", "")
    assert "UNKNOWN_INDUSTRY" in errors.read_text("utf-8-sig")


async def test_mapping_options_and_unknown_tags_with_create_missing_tags(
    db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    category = await make_category(db)
    await make_tag(db, category=category, name="已有")
    customer_id = unique("cli")
    path = tmp_path / "hubspot.csv"
    path.write_text(
        "Record ID,Company name,Tags\n"
        f"{customer_id},映射客户,{category.name}/已有;{category.name}/新的\n",
        encoding="utf-8",
    )
    args = ["import", "customers", str(path), "--map", "Record ID=id", "--map", "Company name=name"]
    code, output = await _invoke(env, *args)
    assert code == 1 and "UNKNOWN_TAG" in (tmp_path / "hubspot.errors.csv").read_text("utf-8-sig")
    code, output = await _invoke(env, *args, "--create-missing-tags")
    assert code == 0, output
    rows = await db.read(
        "MATCH (:Customer {id: $id})-[r:TAGGED]->(t:Tag) RETURN t.name AS name, r.source AS source "
        "ORDER BY name",
        id=customer_id,
    )
    assert rows == [{"name": "已有", "source": "IMPORT"}, {"name": "新的", "source": "IMPORT"}]


async def _count(db: Database, prefix: str) -> tuple[int, int]:
    rows = await db.read(
        "MATCH (c:Customer) WHERE c.id STARTS WITH $p "
        "RETURN count(c) AS customers, sum(COUNT { (c)-[:TAGGED]->() }) AS tagged",
        p=prefix,
    )
    return int(rows[0]["customers"]), int(rows[0]["tagged"] or 0)


async def test_an_import_killed_mid_run_completes_when_run_again_with_nothing_doubled(
    db: Database, env: dict[str, str], tmp_path: Path
) -> None:
    category = await make_category(db)
    tag = await make_tag(db, category=category)
    prefix = unique("kill")
    total = 40_000
    path = tmp_path / "customers.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,name,tags\n")
        for i in range(total):
            handle.write(f"{prefix}-{i:06d},客户{i},{category.name}/{tag.name}\n")
    command = [
        sys.executable, "-c", "from cli.main import app; app()",
        "import", "customers", str(path), "--batch-size", "500",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=os.environ | env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while (await _count(db, prefix))[0] < 2_000 and process.poll() is None:
            assert time.monotonic() < deadline, "the import wrote nothing"
            await asyncio.sleep(0.2)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    written, _ = await _count(db, prefix)
    assert 0 < written < total, "killed after some batches and before the end"
    code, output = await _invoke(env, "import", "customers", str(path), "--batch-size", "5000")
    assert code == 0, output
    assert await _count(db, prefix) == (total, total)
