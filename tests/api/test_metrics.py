"""/metrics: Prometheus' text for a key with READ_METRICS, labelled by what the schema and the
routes bound (never by what a client names), and nothing without a credential."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from graph.database import Database
from graph.viewer import Permission, Role
from tests.factories import bearer, make_api_key, unique
from tests.graphql import GraphQLClient


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_need_a_credential_and_the_permission(api_url: str) -> None:
    assert httpx.get(f"{api_url}/metrics").status_code == 401


async def test_a_key_without_read_metrics_is_refused(db: Database, api_url: str) -> None:
    sales = await make_api_key(db, Role.SALES)
    refused = httpx.get(f"{api_url}/metrics", headers=bearer(sales))
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_requests_errors_the_index_and_neo4j_are_measured(
    db: Database, gql: GraphQLClient, api_url: str
) -> None:
    scraper = await make_api_key(
        db, Role.INTEGRATION, permissions=frozenset({Permission.READ_METRICS})
    )
    before = _samples(httpx.get(f"{api_url}/metrics", headers=bearer(scraper)).text)
    gql.data("{ customers(first: 1) { totalCount } }")
    missing = unique("tag")
    gql.execute("query($t: ID) { customers(filter: {hasTag: $t}) { totalCount } }", t=missing)
    name = unique("ClientChosenName")
    gql.data(f"query {name.replace('-', '_')} {{ viewer {{ user }} }}")

    scraped = httpx.get(f"{api_url}/metrics", headers=bearer(scraper))
    assert scraped.status_code == 200
    after = _samples(scraped.text)

    def grew(metric: str, **labels: str) -> float:
        key = (metric, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    query = {"operation": "query", "field": "customers"}
    assert grew("taggraph_graphql_request_seconds_count", **query) == 2
    assert grew("taggraph_graphql_errors_total", code="NOT_FOUND", field="customers") == 1
    assert grew("taggraph_http_requests_total", route="/graphql", status="200") >= 3
    assert name.replace("-", "_") not in scraped.text  # a client's names never become labels
    assert after[("taggraph_index_ready", ())] == 1
    assert after[("taggraph_neo4j_calls_total", ())] > 0
    assert after[("taggraph_neo4j_pool_size", ())] > 0
