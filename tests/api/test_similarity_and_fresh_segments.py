"""Over HTTP: a committed tag change is in the very next segment count and similarity answer,
similarity explains itself, recommendations name real tags and products, errors are coded."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import httpx
import pytest

from graph.database import Database
from graph.interactions import products
from graph.interactions.model import Interaction, InteractionType, Product
from graph.viewer import Viewer
from services.interactions import record_interactions
from tests.factories import make_customers, make_tag, unique
from tests.graphql import GraphQLClient

VIEWER = Viewer.full_access("api-similarity")
COUNT = "query($t: ID!) { customers(filter: {hasTag: $t}, first: 0) { totalCount } }"
SIMILAR = """query($id: ID!) { similarCustomers(customerId: $id, first: 5) {
  score sharedWeight customer { id name }
  sharedPaths { weight kind keys names nodes { kind key name } } } }"""


@pytest.fixture
def index_ready(api_url: str) -> None:
    """Waits until the API's index is built (it builds in the background at start-up)."""
    deadline = time.monotonic() + 120
    while httpx.get(f"{api_url}/readyz").json().get("index") != "ready":
        assert time.monotonic() < deadline, "the index was not built in time"
        time.sleep(0.1)


async def test_a_tag_change_is_in_the_next_count_and_similarity_answer(
    db: Database, gql: GraphQLClient, index_ready: None
) -> None:
    tag = await make_tag(db)
    target, twin = await make_customers(db, 2, region_code="440300", industry_code="C")
    # Someone elsewhere, so that 深圳 and 制造业 carry weight even in an otherwise empty graph.
    await make_customers(db, 1, region_code="110100", industry_code="A")
    assert gql.data(COUNT, t=tag.id)["customers"]["totalCount"] == 0
    gql.tag_customers([target.id, twin.id], [tag.id])
    assert gql.data(COUNT, t=tag.id)["customers"]["totalCount"] == 2

    similar = gql.data(SIMILAR, id=target.id)["similarCustomers"]
    assert similar[0]["customer"]["id"] == twin.id and similar[0]["score"] == 1.0
    paths = similar[0]["sharedPaths"]
    assert sum(p["weight"] for p in paths) == pytest.approx(similar[0]["sharedWeight"])
    assert [tag.name] in [[n["name"] for n in p["nodes"] if n["kind"] == "TAG"] for p in paths]
    assert {"REGION", "INDUSTRY", "TAG"} <= {p["nodes"][0]["kind"] for p in paths}
    for path in paths:  # the compact form says the same as the nodes
        assert path["keys"] == [n["key"] for n in path["nodes"]]
        assert path["names"] == [n["name"] for n in path["nodes"]]
        assert {path["kind"]} == {n["kind"] for n in path["nodes"]}


async def test_recommendations_over_http(
    db: Database, gql: GraphQLClient, index_ready: None
) -> None:
    common, extra = await make_tag(db), await make_tag(db)
    # No region: only the unique tags connect them, whatever else the shared database holds.
    target, *crowd = await make_customers(db, 4)
    gql.tag_customers([c.id for c in [target, *crowd]], [common.id])
    gql.tag_customers([c.id for c in crowd], [extra.id])
    basic, pro = unique("prod-basic"), unique("prod-pro")
    await products.merge_products(
        db,
        products=[
            Product(basic, "基础版", "CRM", "基础版"),
            Product(pro, "专业版", "CRM", "专业版"),
        ],
    )
    now = datetime.now(UTC)
    bought = [Interaction(unique("i"), target.id, InteractionType.PURCHASE, now, 980.0, basic)]
    bought += [
        Interaction(unique("i"), c.id, InteractionType.PURCHASE, now, 4_800.0, pro) for c in crowd
    ]
    await record_interactions(db, VIEWER, bought, now=now)

    tags = gql.data(
        "query($id: ID!) { recommendTags(customerId: $id, first: 5) {"
        " support score tag { id } backers { id } } }",
        id=target.id,
    )["recommendTags"]
    assert tags[0]["tag"]["id"] == extra.id and tags[0]["support"] == 3
    assert {b["id"] for b in tags[0]["backers"]} == {c.id for c in crowd}
    found = gql.data(
        "query($id: ID!) { recommendProducts(customerId: $id, first: 5) {"
        " buyers product { id tier } backers { id } } }",
        id=target.id,
    )["recommendProducts"]
    assert found[0]["product"] == {"id": pro, "tier": "专业版"} and found[0]["buyers"] == 3
    assert basic not in {r["product"]["id"] for r in found}


def test_unknown_customers_and_oversized_requests_are_coded_errors(
    gql: GraphQLClient, index_ready: None
) -> None:
    missing = gql.execute(SIMILAR, id="no-such-customer")
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    too_many = gql.execute('{ similarCustomers(customerId: "x", first: 1000) { score } }')
    assert too_many["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    both = gql.execute(
        '{ lookalikeCustomers(seedCustomerIds: ["a"], seedFilter: {hasTag: "t"}) { score } }'
    )
    assert both["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
