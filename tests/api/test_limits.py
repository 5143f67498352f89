"""Over HTTP: each request bound refuses what is beyond it with its code, before anything runs,
and accepts a front-end query just under it; the time limit and a client's disconnect cancel
a request and its Neo4j transaction; production hides introspection and GraphiQL; CORS."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import httpx
import pytest

from graph.database import Database
from settings import Settings
from tests.api.conftest import ApiWith
from tests.factories import make_chain, make_customers, make_tag, unique
from tests.graphql import GraphQLClient

TAG = "query($id: ID!) { tag(id: $id) { id name } }"


def code_of(body: dict[str, Any]) -> str:
    """The code of a response's errors (one code for all of them)."""
    codes = {error.get("extensions", {}).get("code") for error in body["errors"]}
    assert len(codes) == 1, body["errors"]
    code: str = codes.pop()
    return code


def refused(gql: GraphQLClient, query: str, **variables: Any) -> str:
    """The code a request is refused with; refusals come in milliseconds and run nothing."""
    started = time.perf_counter()
    body = gql.execute(query, **variables)
    assert time.perf_counter() - started < 1.0
    assert body.get("data") is None, body
    return code_of(body)


def nested(field: str, levels: int, inner: str = "id") -> str:
    """`field { field { … inner … } }`, `levels` deep."""
    return f"{field} {{ " * levels + inner + " }" * levels


# -- Depth ------------------------------------------------------------------------------------


async def test_depth_beyond_ten_is_refused_and_ten_is_answered(
    db: Database, gql: GraphQLClient
) -> None:
    chain = await make_chain(db, 10)
    leaf = chain[-1].id
    deep = "query($id: ID!) { tag(id: $id) { " + nested("parent", 10) + " } }"
    assert refused(gql, deep, id=leaf) == "QUERY_TOO_DEEP"
    just_under = "query($id: ID!) { tag(id: $id) { " + nested("parent", 9) + " } }"
    answer = gql.data(just_under, id=leaf)["tag"]
    for _ in range(9):
        answer = answer["parent"]
    assert answer["id"] == chain[0].id


# -- Aliases ----------------------------------------------------------------------------------


async def test_more_than_thirty_aliases_are_refused_and_thirty_answered(
    db: Database, gql: GraphQLClient
) -> None:
    tag = await make_tag(db)

    def aliases(count: int) -> str:
        fields = " ".join(f"a{i}: tag(id: $id) {{ id }}" for i in range(count))
        return "query($id: ID!) { " + fields + " }"

    assert refused(gql, aliases(31), id=tag.id) == "TOO_MANY_ALIASES"
    data = gql.data(aliases(30), id=tag.id)
    assert {item["id"] for item in data.values()} == {tag.id}


# -- Tokens and document size -----------------------------------------------------------------


def test_a_document_of_too_many_tokens_is_refused(gql: GraphQLClient) -> None:
    # 15,001 one-letter fields: 30 KB, far under the byte cap; refused while parsing.
    assert refused(gql, "{ " + " a" * 15_001 + " }") == "TOO_MANY_TOKENS"


async def test_a_long_document_under_the_token_cap_is_answered(
    db: Database, gql: GraphQLClient
) -> None:
    tag = await make_tag(db)
    ids = ", ".join(f'"n{i}"' for i in range(9_000))  # 9,000 tokens, 70 KB
    body = gql.execute(
        f'mutation {{ untagCustomers(tagIds: ["{tag.id}"], customerIds: [{ids}]) {{'
        " removedCount } }"
    )
    assert body == {"data": {"untagCustomers": {"removedCount": 0}}}


def test_too_many_fields_are_refused_even_through_fragments(gql: GraphQLClient) -> None:
    assert refused(gql, "{ " + "__typename " * 501 + "}") == "TOO_MANY_FIELDS"
    bomb = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30))
    query = "{ ...F0 } " + bomb + " fragment F30 on Query { __typename }"
    assert refused(gql, query) == "TOO_MANY_FIELDS"  # 2^30 fields, refused in milliseconds


def test_a_document_at_the_field_cap_is_answered(gql: GraphQLClient) -> None:
    fragment = "fragment Many on Query { " + "__typename " * 250 + "}"
    assert gql.data("{ ...Many ...Many } " + fragment) == {"__typename": "Query"}


def test_a_document_over_the_byte_cap_is_refused_and_one_under_answered(
    gql: GraphQLClient, settings: Settings
) -> None:
    def padded(size: int) -> str:  # a comment pads the document, its tokens stay few
        query = "{ __typename }\n#"
        return query + "x" * (size - len(query))

    assert refused(gql, padded(settings.max_document_bytes + 1)) == "DOCUMENT_TOO_LARGE"
    assert gql.data(padded(settings.max_document_bytes - 1)) == {"__typename": "Query"}


# -- Body size --------------------------------------------------------------------------------


def test_a_body_over_the_cap_is_refused_with_413_and_a_graphql_error(
    gql: GraphQLClient, settings: Settings
) -> None:
    filler = "x" * settings.max_body_bytes
    body = json.dumps({"query": "{ __typename }", "variables": {"filler": filler}})
    declared = gql.http.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert declared.status_code == 413
    assert code_of(declared.json()) == "REQUEST_TOO_LARGE"

    def chunks() -> Any:  # no Content-Length: counted while it streams in
        for start in range(0, len(body), 65_536):
            yield body[start : start + 65_536].encode()

    streamed = gql.http.post(
        "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    assert code_of(streamed.json()) == "REQUEST_TOO_LARGE"


def test_a_body_under_the_cap_is_answered(gql: GraphQLClient, settings: Settings) -> None:
    filler = "x" * (settings.max_body_bytes - 1_000)
    body = {"query": "{ __typename }", "extensions": {"filler": filler}}
    response = gql.http.post("/graphql", json=body)
    assert response.json() == {"data": {"__typename": "Query"}}


# -- Cost -------------------------------------------------------------------------------------


def parent_children(pairs: int, tail: str = "") -> str:
    inner = "id"
    for _ in range(pairs):
        inner = f"parent {{ children {{ {inner} }} }}"
    return "query($id: ID!) { tag(id: $id) { " + inner + tail + " } }"


async def test_the_ten_level_parent_children_query_is_refused_by_cost_where_depth_allows_it(
    db: Database, api_with: ApiWith
) -> None:
    tag = await make_tag(db)
    deep_allowed = GraphQLClient(api_with(max_query_depth=50))
    assert refused(deep_allowed, parent_children(5), id=tag.id) == "QUERY_TOO_COSTLY"


async def test_nested_lists_within_depth_are_refused_by_cost_and_two_levels_answered(
    db: Database, gql: GraphQLClient
) -> None:
    tag = await make_tag(db)
    assert refused(gql, parent_children(4), id=tag.id) == "QUERY_TOO_COSTLY"  # depth 9
    assert gql.data(parent_children(2), id=tag.id)["tag"]["parent"] is None


def test_a_page_of_a_billion_is_refused_by_cost(gql: GraphQLClient) -> None:
    literal = "{ customers(first: 1000000000) { edges { node { id } } } }"
    assert refused(gql, literal) == "QUERY_TOO_COSTLY"
    variable = "query($n: Int) { customers(first: $n) { edges { node { id } } } }"
    assert refused(gql, variable, n=1_000_000_000) == "QUERY_TOO_COSTLY"
    similar = 'query($n: Int) { similarCustomers(customerId: "x", first: $n) { score } }'
    assert refused(gql, similar, n=1_000_000_000) == "QUERY_TOO_COSTLY"


async def test_a_full_front_end_customer_page_is_within_the_budget(
    db: Database, gql: GraphQLClient
) -> None:
    customers = await make_customers(db, 2)
    tag = await make_tag(db)
    gql.tag_customers([c.id for c in customers], [tag.id])
    page = """query($t: ID!) { customers(filter: {hasTag: $t}, first: 100) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id name employees industry { code name } region { code name }
        tags { id name color path { id name } category { id name } } } } } }"""
    data = gql.data(page, t=tag.id)["customers"]
    assert data["totalCount"] == 2
    assert {e["node"]["tags"][0]["id"] for e in data["edges"]} == {tag.id}


# -- Batches, list arguments, filters --------------------------------------------------------


def test_json_nested_deeper_than_the_decoder_goes_is_a_bad_request(gql: GraphQLClient) -> None:
    deep = '{"query": "{ __typename }", "variables": {"a": ' + "[" * 50_000 + "]" * 50_000 + "}}"
    response = gql.http.post("/graphql", content=deep, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert code_of(response.json()) == "BAD_REQUEST"
    assert gql.http.get("/healthz").status_code == 200


def test_a_batch_is_refused_with_a_graphql_error(gql: GraphQLClient) -> None:
    batch = [{"query": "{ __typename }"}, {"query": "{ __typename }"}]
    response = gql.http.post("/graphql", json=batch)
    assert response.status_code == 400
    assert code_of(response.json()) == "BATCHING_DISABLED"


async def test_a_list_argument_over_the_cap_is_refused_and_one_at_it_answered(
    db: Database, gql: GraphQLClient, settings: Settings
) -> None:
    tag = await make_tag(db)
    untag = (
        "mutation($t: [ID!]!, $c: [ID!]) { untagCustomers(tagIds: $t, customerIds: $c) {"
        " removedCount userErrors { code } } }"
    )
    many = [unique("nobody") for _ in range(settings.max_list_items + 1)]
    assert refused(gql, untag, t=[tag.id], c=many) == "TOO_MANY_ITEMS"
    body = gql.execute(untag, t=[tag.id], c=many[:-1])
    assert "errors" not in body and body["data"]["untagCustomers"]["removedCount"] == 0


async def test_a_ten_thousand_clause_filter_is_refused_and_a_sixty_clause_one_answered(
    db: Database, gql: GraphQLClient
) -> None:
    tag = await make_tag(db)
    count = "query($f: CustomerFilter) { customers(filter: $f, first: 0) { totalCount } }"
    huge = {"or": [{"hasTag": tag.id} for _ in range(10_000)]}
    assert refused(gql, count, f=huge) == "FILTER_TOO_COMPLEX"
    # In the document itself the tokens cap bounds a filter to ~3,000 clauses: 2,000 here.
    literal = "{ customers(filter: {or: [" + ", ".join(['{hasTag: "x"}'] * 2_000) + "]}) {"
    assert refused(gql, literal + " totalCount } }") == "FILTER_TOO_COMPLEX"
    usual = {"or": [{"hasTag": tag.id} for _ in range(60)]}
    assert gql.data(count, f=usual)["customers"]["totalCount"] == 0


# -- Time limit and disconnect ----------------------------------------------------------------

UPSERT = (
    "mutation($input: [CustomerInput!]!) { upsertCustomers(input: $input) {"
    " customers { id } userErrors { code } } }"
)


def batch(prefix: str, count: int = 10_000) -> list[dict[str, str]]:
    return [{"id": f"{prefix}-{i}", "name": f"超时客户{i}"} for i in range(count)]


async def stored(db: Database, prefix: str) -> int:
    rows = await db.read(
        "MATCH (c:Customer) WHERE c.id STARTS WITH $prefix RETURN count(c) AS n", prefix=prefix
    )
    return int(rows[0]["n"])


async def wait_until_no_upsert_runs(db: Database) -> None:
    """Waits until Neo4j runs no upsert_customers transaction (it was terminated)."""
    deadline = time.monotonic() + 10
    while True:
        running = await db.read(
            "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $name "
            "RETURN count(*) AS n",
            name="upsert_customers:",
        )
        if running[0]["n"] == 0:
            return
        assert time.monotonic() < deadline, "the cancelled transaction still runs"
        time.sleep(0.1)


# 10,000 customers take many seconds to write on the test instance: the request is cancelled
# while Neo4j runs its transaction (after the ~1 s it takes to decode and convert the input).


async def test_the_time_limit_cancels_a_long_mutation_and_its_transaction(
    db: Database, api_with: ApiWith, gql: GraphQLClient
) -> None:
    client = GraphQLClient(api_with(request_timeout=2.0))
    tag = await make_tag(db)
    prefix = unique("timeout")
    started = time.perf_counter()
    body = client.execute(UPSERT, input=batch(prefix))
    assert code_of(body) == "TIMEOUT"
    assert time.perf_counter() - started < 6
    await wait_until_no_upsert_runs(db)
    assert await stored(db, prefix) == 0  # rolled back, not committed later
    assert client.data(TAG, id=tag.id)["tag"]["id"] == tag.id  # still serving
    # Writes work again too (right after the rollback Neo4j may take over 2 s for the first).
    small = batch(unique("after-timeout"), 3)
    assert len(gql.data(UPSERT, input=small)["upsertCustomers"]["customers"]) == 3


async def test_a_disconnected_client_cancels_its_request(
    db: Database, api_with: ApiWith, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="api")
    client = api_with(request_timeout=60)
    prefix = unique("gone")
    payload = {"query": UPSERT, "variables": {"input": batch(prefix)}}
    with pytest.raises(httpx.ReadTimeout):  # the client gives up and closes its connection
        client.post("/graphql", json=payload, timeout=httpx.Timeout(60, read=2.0))
    deadline = time.monotonic() + 10
    while "the client disconnected" not in caplog.text:
        assert time.monotonic() < deadline, "the request was not cancelled"
        time.sleep(0.05)
    await wait_until_no_upsert_runs(db)
    assert await stored(db, prefix) == 0
    assert client.get("/healthz").status_code == 200


# -- Production mode and CORS ----------------------------------------------------------------

INTROSPECTION = "{ __schema { queryType { name } } }"


def test_introspection_and_graphiql_are_on_locally(gql: GraphQLClient) -> None:
    assert gql.data(INTROSPECTION) == {"__schema": {"queryType": {"name": "Query"}}}
    page = gql.http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_production_refuses_introspection_and_serves_no_graphiql(api_with: ApiWith) -> None:
    http = api_with(env="production")
    client = GraphQLClient(http)
    assert refused(client, INTROSPECTION) == "INTROSPECTION_DISABLED"
    assert client.data("{ __typename }") == {"__typename": "Query"}  # plain queries still run
    assert http.get("/graphql", headers={"Accept": "text/html"}).status_code == 404


def test_cors_answers_preflight_from_allowed_origins_only(api_with: ApiWith) -> None:
    http = api_with(cors_origins=["https://crm.example.com"])
    preflight = {"Access-Control-Request-Method": "POST"}
    allowed = http.options("/graphql", headers={"Origin": "https://crm.example.com", **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://crm.example.com"
    assert "POST" in allowed.headers["access-control-allow-methods"]
    other = http.options("/graphql", headers={"Origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers
    simple = http.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"Origin": "https://crm.example.com"},
    )
    assert simple.headers["access-control-allow-origin"] == "https://crm.example.com"
    foreign = http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in foreign.headers
