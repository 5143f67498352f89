"""The `taggraph` command line, against the test instance."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from cli.main import app
from ops.neo4j_server import LocalNeo4j
from settings import Settings, get_settings


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


def test_status_reports_a_running_server_and_where(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["neo4j", "status"], env=env)
    assert result.exit_code == 0, result.output
    assert "running" in result.output
    assert env["TAGGRAPH_NEO4J_URI"] in result.output


def test_start_is_a_no_op_when_running(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["neo4j", "start"], env=env)
    assert result.exit_code == 0, result.output
    assert "already running" in result.output


def test_migrate_reports_the_reference_data(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["migrate"], env=env)
    assert result.exit_code == 0, result.output
    assert "117 industries" in result.output


def test_sweep_expired_reports_what_it_ended(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["sweep-expired"], env=env)
    assert result.exit_code == 0, result.output
    assert "Expired" in result.output


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("up", "neo4j", "migrate", "load-demo", "serve", "sweep-expired"):
        assert command in result.output
