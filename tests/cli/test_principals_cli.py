"""`taggraph users|departments|keys` and the local admin key of `taggraph up`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from cli.main import app
from cli.principals import ensure_local_admin_key
from graph.database import Database
from graph.principals import directory, keys
from graph.viewer import Role
from ops.neo4j_server import LocalNeo4j
from settings import Settings, get_settings
from tests.factories import make_category, unique


@pytest.fixture
def env(settings: Settings, neo4j_server: LocalNeo4j) -> Iterator[dict[str, str]]:
    """Environment pointing the CLI at the test instance."""
    get_settings.cache_clear()
    yield {
        "TAGGRAPH_NEO4J_URI": settings.neo4j_uri,
        "TAGGRAPH_NEO4J_INSTANCE": settings.neo4j_instance,
        "TAGGRAPH_NEO4J_PASSWORD": settings.password(),
        "COLUMNS": "200",  # rich's tables: wide enough that no id is cut
    }
    get_settings.cache_clear()


def _ok(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_departments_users_grants_and_keys_from_the_cli(
    run: Callable[[Callable[[Database], Awaitable[Any]]], Any], env: dict[str, str]
) -> None:
    # Synchronous: the CLI runs its own event loop; database work goes through `run`.
    category = run(make_category)
    department_id, user_id = unique("dept"), unique("user")
    _ok(env, "departments", "create", "华南销售部", "--id", department_id)
    _ok(env, "departments", "grant", department_id, category.id, "--access", "TAG")
    _ok(env, "users", "create", "李雷", "--role", "SALES", "--id", user_id,
        "--department", department_id)  # fmt: skip
    [department] = run(lambda db: directory.find_departments(db, ids=[department_id]))
    assert department.tag_category_ids == (category.id,)
    assert department.member_ids == (user_id,)

    secret = _ok(env, "keys", "create", user_id, "--name", "laptop").strip().splitlines()[-1]
    principal = run(lambda db: keys.find_principal_by_key(db, key=secret))
    assert principal is not None and principal.user_id == user_id
    listed = _ok(env, "keys", "list", "--user-id", user_id)
    assert principal.key_id in listed and secret not in listed
    _ok(env, "keys", "revoke", principal.key_id)
    revoked = run(lambda db: keys.find_principal_by_key(db, key=secret))
    assert revoked is not None and revoked.revoked_at is not None


async def test_the_first_up_stores_a_working_admin_key_in_env_once(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TAGGRAPH_NEO4J_PASSWORD=kept\n")
    assert await ensure_local_admin_key(db, settings, env_file)
    lines = env_file.read_text().splitlines()
    assert "TAGGRAPH_NEO4J_PASSWORD=kept" in lines
    [line] = [entry for entry in lines if entry.startswith("TAGGRAPH_ADMIN_KEY=")]
    key = line.split("=", 1)[1]
    principal = await keys.find_principal_by_key(db, key=key)
    assert principal is not None and Role.ADMIN in principal.roles
    assert env_file.stat().st_mode & 0o077 == 0
    # Once .env holds a working key, a later `up` leaves it alone.
    with_key = settings.model_copy(update={"admin_key": SecretStr(key)})
    assert not await ensure_local_admin_key(db, with_key, env_file)
    assert env_file.read_text().count("TAGGRAPH_ADMIN_KEY=") == 1
