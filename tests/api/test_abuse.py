"""The abuse corpus: each request is refused with its code, in milliseconds, while the process
(which serves the API in a thread) stays healthy: its memory grows by less than 50 MB and
/healthz keeps answering within 100 ms, also while allowed similarity queries run."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import httpx
import pytest

from graph.database import Database
from tests.factories import make_customers, make_tag
from tests.graphql import GraphQLClient

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss() -> int:
    """This process's resident memory in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


def healthz_ms(http: httpx.Client) -> float:
    started = time.perf_counter()
    assert http.get("/healthz").status_code == 200
    return (time.perf_counter() - started) * 1000


def parent_children(pairs: int) -> str:
    """`tag { parent { children { … } } }`: 20 times more tags at each `children`."""
    inner = "id"
    for _ in range(pairs):
        inner = f"parent {{ children {{ {inner} }} }}"
    return "query($id: ID!) { tag(id: $id) { " + inner + " } }"


def corpus(tag_id: str) -> list[tuple[str, dict[str, Any], str]]:
    """(document, variables, expected code) of each abusive request."""
    deep = "query($id: ID!) { tag(id: $id) { " + "parent { " * 20 + "id" + " }" * 20 + " } }"
    similar = " ".join(f"a{i}: similarCustomers(customerId: $id) {{ score }}" for i in range(1000))
    huge_filter = {"or": [{"hasTag": tag_id}] * 10_000}
    return [
        (deep, {"id": tag_id}, "QUERY_TOO_DEEP"),
        ("query($id: ID!) { " + similar + " }", {"id": tag_id}, "TOO_MANY_ALIASES"),
        ("{ __typename }\n#" + "x" * 1_000_000, {}, "DOCUMENT_TOO_LARGE"),
        (
            "query($f: CustomerFilter) { customers(filter: $f) { totalCount } }",
            {"f": huge_filter},
            "FILTER_TOO_COMPLEX",
        ),
        ("{ customers(first: 1000000000) { edges { node { id } } } }", {}, "QUERY_TOO_COSTLY"),
        (parent_children(5), {"id": tag_id}, "QUERY_TOO_DEEP"),  # the ten levels
        (parent_children(4), {"id": tag_id}, "QUERY_TOO_COSTLY"),  # eight: depth allows it
    ]


async def test_the_abuse_corpus_is_refused_while_the_process_stays_healthy(
    db: Database, gql: GraphQLClient
) -> None:
    tag = await make_tag(db)
    requests = corpus(tag.id)
    gql.execute("{ __typename }")  # warm
    before = rss()
    for round_ in range(3):  # again and again: nothing may accumulate
        for query, variables, code in requests:
            started = time.perf_counter()
            body = gql.execute(query, **variables)
            elapsed = time.perf_counter() - started
            assert body["data"] is None, (query[:80], body)
            assert {e["extensions"]["code"] for e in body["errors"]} == {code}, query[:80]
            assert elapsed < 1.0, (round_, code, elapsed)
            assert healthz_ms(gql.http) < 100
    grown = rss() - before
    assert grown < 50 * 2**20, f"grew by {grown / 2**20:.1f} MB"


@pytest.fixture
def index_ready(gql: GraphQLClient) -> None:
    deadline = time.monotonic() + 120
    while gql.http.get("/readyz").json().get("index") != "ready":
        assert time.monotonic() < deadline, "the index was not built in time"
        time.sleep(0.1)


async def test_healthz_answers_within_100_ms_while_similarity_queries_run(
    db: Database, gql: GraphQLClient, index_ready: None
) -> None:
    customers = await make_customers(db, 40, region_code="440300", industry_code="C")
    tag = await make_tag(db)
    gql.tag_customers([c.id for c in customers], [tag.id])
    # 30 aliases of similarCustomers: the most an allowed request may ask for at once.
    fields = " ".join(
        f"a{i}: similarCustomers(customerId: $id, first: 100) {{ score sharedPaths {{ keys }} }}"
        for i in range(30)
    )
    heavy = "query($id: ID!) { " + fields + " }"
    stop = threading.Event()
    answered: list[int] = []

    def load() -> None:
        with httpx.Client(base_url=str(gql.http.base_url), headers=gql.http.headers) as http:
            client = GraphQLClient(http)
            while not stop.is_set():
                client.data(heavy, id=customers[len(answered) % 40].id)
                answered.append(1)

    workers = [threading.Thread(target=load) for _ in range(3)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(0.5)
        probes = []
        for _ in range(30):
            probes.append(healthz_ms(gql.http))
            time.sleep(0.05)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
    assert answered, "no similarity query was answered meanwhile"
    assert max(probes) < 100, sorted(probes)[-5:]
