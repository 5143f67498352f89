"""GraphiQL in local mode sends the local admin key, only to a browser on this machine; in
production, beyond loopback or through a proxy it never shows it."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import SecretStr
from starlette.requests import HTTPConnection

from api.web import graphiql_page
from settings import Settings

KEY = "tgk_abcdefgh_local-admin-key"
PAGE = "<script>const defaultHeaders = {};</script>"


def _request(
    host: str = "127.0.0.1:8000", client: str = "127.0.0.1", **headers: str
) -> HTTPConnection:
    raw = [(b"host", host.encode())] + [(k.encode(), v.encode()) for k, v in headers.items()]
    return HTTPConnection({"type": "http", "headers": raw, "client": (client, 50000)})


def _page(
    request: HTTPConnection,
    env: Literal["local", "production"] = "local",
    key: str | None = KEY,
    api_host: str = "127.0.0.1",
) -> str:
    settings = Settings(env=env, admin_key=SecretStr(key) if key else None, api_host=api_host)
    return graphiql_page(PAGE, settings, request)


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"])
def test_local_graphiql_sends_the_admin_key_to_a_browser_on_this_machine(host: str) -> None:
    assert f'{{"Authorization": "Bearer {KEY}"}}' in _page(_request(host))


@pytest.mark.parametrize(
    "request_",
    [
        _request(host="rebind.evil.example:8000"),  # DNS rebinding: a web page's own host name
        _request(client="10.0.0.7"),  # another machine
        _request(**{"x-forwarded-for": "203.0.113.9"}),  # a proxy in front of loopback
        _request(forwarded="for=203.0.113.9"),
    ],
)
def test_graphiql_sends_no_key_to_anyone_else(request_: HTTPConnection) -> None:
    assert _page(request_) == PAGE


def test_graphiql_sends_no_key_in_production_without_one_or_beyond_loopback() -> None:
    assert _page(_request(), env="production") == PAGE
    assert _page(_request(), key=None) == PAGE
    assert _page(_request(), api_host="0.0.0.0") == PAGE
