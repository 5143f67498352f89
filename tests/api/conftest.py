"""API tests' own fixtures: another API beside the session's, with some settings changed."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from graph.database import Database
from settings import Settings
from tests.graphql import GraphQLClient

ApiWith = Callable[..., httpx.Client]


@pytest.fixture
def api_with(settings: Settings, db: Database, gql: GraphQLClient) -> Iterator[ApiWith]:
    """Starts an API whose settings differ from the session's by the given ones (index off
    unless asked for); its client sends what the session's client sends (credentials)."""
    with ExitStack() as stack:

        def start(**changes: Any) -> httpx.Client:
            own = settings.model_copy(
                update={"api_port": _free_port(), "segment_index": False, **changes}
            )
            url = stack.enter_context(_serving(own))
            client = httpx.Client(base_url=url, headers=gql.http.headers, timeout=60)
            return stack.enter_context(client)

        yield start


@contextmanager
def _serving(settings: Settings) -> Iterator[str]:
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=settings.api_port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the API did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{settings.api_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
