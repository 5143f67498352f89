"""Sign-in over HTTP: every route but the probes needs a credential; 401s tell nothing."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from api.app import create_app
from graph.database import Database
from graph.viewer import Role
from services.auth import UnsafeBindError
from settings import Settings
from tests.factories import bearer, make_api_key
from tests.graphql import GraphQLClient

VIEWER_QUERY = "{ viewer { user roles } }"
UNAUTHENTICATED = {
    "data": None,
    "errors": [{"message": "Authentication required.", "extensions": {"code": "UNAUTHENTICATED"}}],
}


def _post(gql: GraphQLClient, headers: dict[str, str]) -> httpx.Response:
    # A request of its own: the fixture's client would add the admin key.
    return httpx.post(
        gql.http.base_url.join("/graphql"),
        json={"query": VIEWER_QUERY},
        headers=headers,
        timeout=30,
    )


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer tgk_00000000_not-a-key"},
        {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."},
    ],
    ids=["missing", "empty", "basic", "unknown-key", "unsigned-jwt"],
)
def test_a_request_without_a_valid_credential_is_401_without_detail(
    gql: GraphQLClient, headers: dict[str, str]
) -> None:
    response = _post(gql, headers)
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert response.headers["www-authenticate"] == "Bearer"


def test_get_queries_and_other_routes_need_a_credential_too(gql: GraphQLClient) -> None:
    base = str(gql.http.base_url.join("/")).rstrip("/")
    assert httpx.get(f"{base}/graphql", params={"query": VIEWER_QUERY}).status_code == 401
    assert httpx.get(f"{base}/openapi.json").status_code == 401
    signed = gql.http.get("/graphql", params={"query": VIEWER_QUERY})
    assert signed.status_code == 200 and signed.json()["data"]["viewer"]["user"] == "test-admin"


def test_probes_and_the_graphiql_page_load_without_a_credential(gql: GraphQLClient) -> None:
    base = str(gql.http.base_url.join("/")).rstrip("/")
    assert httpx.get(f"{base}/healthz").status_code == 200
    assert httpx.get(f"{base}/readyz").status_code in (200, 503)
    page = httpx.get(f"{base}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_refusals_are_logged_below_error_without_the_credential(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "tgk_12345678_this-is-the-secret-part"
    with caplog.at_level(logging.DEBUG, logger="api"):
        assert _post(gql, {"Authorization": f"Bearer {secret}"}).status_code == 401
    refusals = [r for r in caplog.records if r.name == "api.auth"]
    assert refusals and all(r.levelno < logging.ERROR for r in refusals)
    assert all("secret-part" not in r.getMessage() for r in caplog.records)


async def test_a_revoked_key_stops_working_at_once(db: Database, gql: GraphQLClient) -> None:
    key = await make_api_key(db, Role.ANALYST)
    assert _post(gql, bearer(key)).status_code == 200  # now cached by the API process
    revoked = gql.data(
        "mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } userErrors { code } } }",
        id=key.key.id,
    )["revokeApiKey"]
    assert revoked["userErrors"] == [] and revoked["apiKey"]["revokedAt"] is not None
    assert _post(gql, bearer(key)).status_code == 401


async def test_an_expired_key_stops_working_at_its_expiry(db: Database, gql: GraphQLClient) -> None:
    expires_at = datetime.now(UTC) + timedelta(seconds=1.5)
    key = await make_api_key(db, Role.ANALYST, expires_at=expires_at)
    assert _post(gql, bearer(key)).status_code == 200
    time.sleep(max(0.0, (expires_at - datetime.now(UTC)).total_seconds()) + 0.1)
    assert _post(gql, bearer(key)).status_code == 401


def test_binding_beyond_loopback_without_authentication_is_refused(settings: Settings) -> None:
    with pytest.raises(UnsafeBindError, match="loopback"):
        create_app(settings.model_copy(update={"api_host": "0.0.0.0", "auth": False}))
    create_app(settings.model_copy(update={"api_host": "0.0.0.0", "auth": True}))
    create_app(settings.model_copy(update={"api_host": "127.0.0.1", "auth": False}))
