"""When Neo4j is away: /readyz says so within 2 s, requests that need Neo4j are refused fast
with 503 and a retryable code, answers from the index say they may be stale, and all of it
recovers without a restart. Neo4j is made to seem away by a closed port or a cut proxy; the
shared test instance keeps running."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from graph.database import Database
from services.index_keeper import IndexKeeper
from settings import Settings
from tests.factories import make_customers, make_tag
from tests.graphql import GraphQLClient
from tests.proxy import free_port, proxy_to

# A query the index answers (a count of an index-supported filter) and one that needs Cypher
# (tag lookups read the graph).
FROM_INDEX = "{ customers(first: 0) { totalCount } }"
NEEDS_CYPHER = '{ tag(id: "tag-outage-none") { id } }'
MUTATION = (
    'mutation { createTag(input: {name: "断线测试", categoryId: "cat-outage-none"}) {'
    " tag { id } userErrors { code } } }"
)
FAST = 2.0  # seconds: /readyz must answer within this
FEW_SECONDS = 10.0  # generous bound for "fails within a few seconds" (measured ~3 s)


@contextmanager
def served(settings: Settings, gql: GraphQLClient) -> Iterator[httpx.Client]:
    """An API for these settings over real HTTP, and a client with the credentials of `gql`."""
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
        time.sleep(0.05)
    base_url = f"http://127.0.0.1:{settings.api_port}"
    try:
        with httpx.Client(base_url=base_url, headers=gql.http.headers, timeout=60) as http:
            yield http
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def away_settings(settings: Settings, bolt_port: int) -> Settings:
    """The test settings with Neo4j at another port and a short staleness threshold."""
    return settings.model_copy(
        update={
            "neo4j_uri": f"bolt://127.0.0.1:{bolt_port}",
            "api_port": free_port(),
            "index_stale_after": 0.5,
            "retry_after": 7,
        }
    )


def timed_post(http: httpx.Client, query: str, **variables: Any) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = http.post("/graphql", json={"query": query, "variables": variables})
    return response, time.monotonic() - started


def post(http: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    body: dict[str, Any] = timed_post(http, query, **variables)[0].json()
    return body


def assert_refused_as_unavailable(response: httpx.Response, seconds: float) -> None:
    assert seconds < FEW_SECONDS, seconds
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "7"
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryable": True}
    assert error["message"] != "Unexpected error."


def wait_for(http: httpx.Client, path: str, check: Any, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        response = http.get(path)
        if check(response):
            return response
        assert time.monotonic() < deadline, response.text
        time.sleep(0.1)


def test_with_nothing_at_the_bolt_port_readyz_and_requests_fail_fast(
    settings: Settings, gql: GraphQLClient
) -> None:
    with served(away_settings(settings, free_port()), gql) as http:
        started = time.monotonic()
        ready = http.get("/readyz")
        assert time.monotonic() - started < FAST
        assert ready.status_code == 503
        assert ready.json() == {
            "status": "unavailable",
            "neo4j": "unreachable",
            "index": "building",
        }
        for query in (NEEDS_CYPHER, MUTATION, FROM_INDEX):  # no index yet: Cypher for all
            assert_refused_as_unavailable(*timed_post(http, query))


@pytest.mark.parametrize("kind", ["query", "mutation"])
def test_a_cut_connection_fails_fast_then_recovers_without_a_restart(
    settings: Settings, gql: GraphQLClient, db: Database, kind: str
) -> None:
    with (
        proxy_to(settings.bolt_port) as proxy,
        served(away_settings(settings, proxy.port), gql) as http,
    ):
        wait_for(http, "/readyz", lambda r: r.status_code == 200)  # index built via the proxy
        assert "extensions" not in http.post("/graphql", json={"query": FROM_INDEX}).json()

        proxy.cut()
        started = time.monotonic()
        ready = http.get("/readyz")
        assert time.monotonic() - started < FAST
        assert (ready.status_code, ready.json()["neo4j"]) == (503, "unreachable")
        assert_refused_as_unavailable(
            *timed_post(http, NEEDS_CYPHER if kind == "query" else MUTATION)
        )

        # The index still answers, and says that it may be stale.
        time.sleep(0.6)
        answer = http.post("/graphql", json={"query": FROM_INDEX})
        assert answer.status_code == 200
        assert answer.json()["extensions"]["index"]["mayBeStale"] is True

        proxy.restore()
        wait_for(http, "/readyz", lambda r: r.status_code == 200, timeout=30)
        body = http.post("/graphql", json={"query": NEEDS_CYPHER if kind == "query" else MUTATION})
        assert body.status_code == 200
        assert body.json().get("errors") is None
        wait_for(
            http,
            "/healthz",
            lambda _: "extensions" not in http.post("/graphql", json={"query": FROM_INDEX}).json(),
            timeout=30,
        )


async def test_readyz_is_503_while_the_index_builds_and_200_once_built(
    settings: Settings, db: Database
) -> None:
    await make_customers(db, 3)
    app = create_app(settings.model_copy(update={"segment_index": False}))
    with TestClient(app) as client:
        keeper = IndexKeeper(app.state.db)  # built by this test, not at start-up
        app.state.keeper = keeper
        building = client.get("/readyz")
        assert building.status_code == 503
        assert building.json() == {
            "status": "unavailable",
            "neo4j": "reachable",
            "index": "building",
        }
        client.portal.call(keeper.rebuild)  # type: ignore[union-attr]
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ok", "neo4j": "reachable", "index": "ready"}


async def test_a_mutation_during_an_outage_writes_nothing_and_counts_stay_right(
    settings: Settings, gql: GraphQLClient, db: Database
) -> None:
    tag = await make_tag(db)
    customers = await make_customers(db, 2)
    tag_them = (
        "mutation($c: [ID!], $t: [ID!]!) { tagCustomers(customerIds: $c, tagIds: $t) {"
        " addedCount } }"
    )
    count = "query($t: ID!) { customers(filter: {hasTag: $t}, first: 0) { totalCount } }"
    ids = {"c": [customer.id for customer in customers], "t": [tag.id]}
    with (
        proxy_to(settings.bolt_port) as proxy,
        served(away_settings(settings, proxy.port), gql) as http,
    ):
        wait_for(http, "/readyz", lambda r: r.status_code == 200)
        proxy.cut()
        assert_refused_as_unavailable(*timed_post(http, tag_them, **ids))
        proxy.restore()
        wait_for(http, "/readyz", lambda r: r.status_code == 200, timeout=30)
        assert post(http, count, t=tag.id)["data"] == {"customers": {"totalCount": 0}}
        assert post(http, tag_them, **ids)["data"] == {"tagCustomers": {"addedCount": 2}}
        assert post(http, count, t=tag.id)["data"] == {"customers": {"totalCount": 2}}
