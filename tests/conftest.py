"""Test fixtures: a real Neo4j of the tests' own (own ports, own data folder), the API over
HTTP, and a full-access viewer. The user's instance and data are never touched."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TypeVar

import httpx
import pytest
import uvicorn

from api.app import create_app
from graph.admin import erase_all_data
from graph.classification.reference import merge_reference_data
from graph.database import Database
from graph.migrations import apply_migrations
from graph.principals import directory, keys
from graph.viewer import Role, Viewer
from ops.neo4j_server import LocalNeo4j
from settings import Settings
from tests.graphql import GraphQLClient

T = TypeVar("T")
TEST_BOLT_PORT = int(os.environ.get("TAGGRAPH_TEST_BOLT_PORT", "17687"))
TEST_HTTP_PORT = int(os.environ.get("TAGGRAPH_TEST_HTTP_PORT", "17474"))
# A second checkout (or a helper) runs its own suite beside this one on other ports and folder.
TEST_INSTANCE = os.environ.get("TAGGRAPH_TEST_INSTANCE", "test")


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Settings of the test instance: its own ports, data folder and password."""
    return Settings(
        neo4j_uri=f"bolt://127.0.0.1:{TEST_BOLT_PORT}",
        neo4j_http_port=TEST_HTTP_PORT,
        neo4j_instance=TEST_INSTANCE,
        neo4j_password="taggraph-test-password",
        neo4j_heap="1g",
        neo4j_pagecache="1g",
        api_port=_free_port(),
        log_level="WARNING",
        # Tests write outside the API on purpose; the drift check's repairs would come at
        # random moments (tests/services/test_index_drift.py calls it when it wants one).
        index_drift_check_seconds=0,
    )


@pytest.fixture(scope="session")
def neo4j_server(settings: Settings) -> Iterator[LocalNeo4j]:
    """The test Neo4j, started when it is not running and then stopped again."""
    server = LocalNeo4j(settings)
    started = server.start()
    yield server
    if started:
        server.stop()


@pytest.fixture(scope="session")
async def db(settings: Settings, neo4j_server: LocalNeo4j) -> AsyncIterator[Database]:
    """The test database: emptied once per session, then schema and reference data."""
    database = Database.connect(settings)
    await database.wait_until_ready()
    await erase_all_data(database)
    await apply_migrations(database)
    await merge_reference_data(database)
    yield database
    await database.close()


@pytest.fixture(scope="session")
async def admin_key(db: Database) -> str:
    """An API key of an ADMIN user of the test database: the `gql` client sends it."""
    admin = Viewer.full_access(user="test-setup")
    user = await directory.create_user(
        db, admin, name="Test admin", roles=frozenset({Role.ADMIN}), user_id="test-admin"
    )
    created = await keys.create_api_key(db, admin, user_id=user.id, name="test suite")
    return created.secret


@pytest.fixture(scope="session")
def auth_headers(admin_key: str) -> dict[str, str]:
    """The header that signs a request in as the test admin."""
    return {"Authorization": f"Bearer {admin_key}"}


@pytest.fixture
def viewer() -> Viewer:
    """A full-access viewer."""
    return Viewer.full_access(user="test")


@pytest.fixture(scope="session")
def api_url(settings: Settings, db: Database) -> Iterator[str]:
    """The API served over real HTTP by uvicorn in a background thread."""
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=settings.api_port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the API did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{settings.api_port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def gql(api_url: str, auth_headers: dict[str, str]) -> Iterator[GraphQLClient]:
    """A GraphQL client of the API under test, signed in as the test admin."""
    with httpx.Client(base_url=api_url, timeout=60, headers=auth_headers) as http:
        yield GraphQLClient(http)


@pytest.fixture
def run(settings: Settings) -> Iterator[Callable[[Callable[[Database], Awaitable[T]]], T]]:
    """Runs database work from a synchronous (Hypothesis) test on a loop and driver of its
    own."""
    loop = asyncio.new_event_loop()
    own = Database.connect(settings)

    def runner(work: Callable[[Database], Awaitable[T]]) -> T:
        return loop.run_until_complete(work(own))

    yield runner
    loop.run_until_complete(own.close())
    loop.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
