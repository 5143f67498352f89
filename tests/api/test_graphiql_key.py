"""GraphiQL in local mode sends the local admin key; in production it never shows it."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import SecretStr

from api.app import GraphQLEndpoint
from api.schema import schema
from settings import Settings

KEY = "tgk_abcdefgh_local-admin-key"


def _page(env: Literal["local", "production"], key: str | None) -> str:
    endpoint = GraphQLEndpoint(schema, graphql_ide="graphiql")
    endpoint.settings = Settings(env=env, admin_key=SecretStr(key) if key else None)
    return endpoint.graphql_ide_html


def test_local_graphiql_sends_the_admin_key() -> None:
    assert f'{{"Authorization": "Bearer {KEY}"}}' in _page("local", KEY)


@pytest.mark.parametrize(("env", "key"), [("production", KEY), ("local", None)])
def test_graphiql_sends_no_key_in_production_or_without_one(
    env: Literal["local", "production"], key: str | None
) -> None:
    page = _page(env, key)
    assert KEY not in page and "Bearer" not in page
    assert "const defaultHeaders = {};" in page


def test_graphiql_sends_no_key_when_the_api_listens_beyond_loopback() -> None:
    endpoint = GraphQLEndpoint(schema, graphql_ide="graphiql")
    endpoint.settings = Settings(env="local", admin_key=SecretStr(KEY), api_host="0.0.0.0")
    assert KEY not in endpoint.graphql_ide_html
