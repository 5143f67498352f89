"""The README's "Import your data" commands run as written, on the files of examples/."""

from __future__ import annotations

import asyncio
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.database import Database
from ops.neo4j_server import LocalNeo4j
from settings import PROJECT_ROOT, Settings, get_settings

README = (PROJECT_ROOT / "README.md").read_text("utf-8")
SECTION = README.split("## Import your data", 1)[1].split("\n## ", 1)[0]
COMMANDS = [
    shlex.split(line)[1:]
    for line in SECTION.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
]


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


def test_the_section_runs_taggraph_import_on_the_example_files() -> None:
    assert [command[:2] for command in COMMANDS][:3] == [
        ["import", "taxonomy"],
        ["import", "customers"],
        ["import", "assignments"],
    ]
    for command in COMMANDS:
        assert (PROJECT_ROOT / command[2]).is_file(), command


async def test_the_readme_import_commands_succeed_in_order(
    db: Database, env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(PROJECT_ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    for command in COMMANDS:
        result = await asyncio.to_thread(CliRunner().invoke, app, command, env=env)
        assert result.exit_code == 0, (command, result.output)
    rows = await db.read(
        "MATCH (c:Customer) WHERE c.id STARTS WITH 'example-' OR c.id STARTS WITH 'hubspot-' "
        "RETURN c.id AS id, c.name AS name, COUNT { (c)-[:TAGGED]->() } AS tags ORDER BY id"
    )
    assert [(row["id"], row["tags"]) for row in rows] == [
        ("example-0001", 2),
        ("example-0002", 2),
        ("example-0003", 2),
        ("example-0004", 1),
        ("hubspot-9001", 0),
        ("hubspot-9002", 0),
    ]
    assert rows[3]["name"] == '=HYPERLINK("http://example.com")有限公司'
