"""The GraphQL contract of DESIGN.md, end to end over HTTP."""

from __future__ import annotations

import time

import httpx

from graph.database import Database
from tests.factories import make_category, make_chain, make_customers, make_tag, unique
from tests.graphql import GraphQLClient

CUSTOMER_FIELDS = """
  id name kind employees annualRevenue lastInteractionAt
  industry { code name parent { code } }
  region { code name parent { code name } }
  tags { id name path { name } category { name exclusive } }
"""


def test_health_and_readiness(api_url: str) -> None:
    assert httpx.get(f"{api_url}/healthz").json() == {"status": "ok"}
    deadline = time.monotonic() + 120
    ready = httpx.get(f"{api_url}/readyz")
    while ready.json()["index"] == "building":  # 503 until the index is built at start-up
        assert ready.status_code == 503
        assert time.monotonic() < deadline, "the index was not built in time"
        time.sleep(0.1)
        ready = httpx.get(f"{api_url}/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "neo4j": "reachable", "index": "ready"}


def test_graphiql_is_served(api_url: str) -> None:
    page = httpx.get(f"{api_url}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


def test_industries_and_regions_are_trees(gql: GraphQLClient) -> None:
    data = gql.data(
        "{ industries { code name children { code name } }"
        "  regions { code name children { code name children { code name } } } }"
    )
    sections = {s["code"]: s for s in data["industries"]}
    assert len(sections) == 20
    assert sum(len(s["children"]) for s in sections.values()) == 97
    assert sections["C"]["name"] == "制造业"
    china = next(r for r in data["regions"] if r["code"] == "CN")
    south = next(a for a in china["children"] if a["code"] == "CN-SOUTH")
    assert south["name"] == "华南"
    assert "CN-GD" in {p["code"] for p in south["children"]}


def test_build_a_taxonomy_and_tag_customers_through_the_api(gql: GraphQLClient) -> None:
    category = gql.data(
        "mutation($name: String!) { createTagCategory(input: {name: $name, exclusive: false,"
        ' color: "#1e90ff"}) { category { id name exclusive color } userErrors { code } } }',
        name=unique("行为轨迹"),
    )["createTagCategory"]
    assert category["userErrors"] == []
    assert category["category"]["color"] == "#1E90FF"
    category_id = category["category"]["id"]

    create_tag = (
        "mutation($input: CreateTagInput!) { createTag(input: $input) {"
        " tag { id name path { name } category { id } parent { id } } userErrors { code field } } }"
    )
    buying = gql.data(create_tag, input={"name": "购买行为", "categoryId": category_id})
    buying_id = buying["createTag"]["tag"]["id"]
    frequent = gql.data(create_tag, input={"name": "高频购买", "parentId": buying_id})["createTag"]
    assert frequent["tag"]["path"] == [{"name": "购买行为"}, {"name": "高频购买"}]
    assert frequent["tag"]["category"] == {"id": category_id}

    ids = [unique("api-cust") for _ in range(3)]
    upserted = gql.data(
        "mutation($input: [CustomerInput!]!) { upsertCustomers(input: $input) {"
        " customers { id name industry { code } region { code } } userErrors { code } } }",
        input=[
            {
                "id": cid,
                "name": f"客户{i}",
                "employees": 600,
                "industryCode": "13",
                "regionCode": "440100",
            }
            for i, cid in enumerate(ids)
        ],
    )["upsertCustomers"]
    assert upserted["userErrors"] == []
    assert upserted["customers"][0]["region"] == {"code": "440100"}

    tagged = gql.data(
        "mutation($c: [ID!], $t: [ID!]!) { tagCustomers(customerIds: $c, tagIds: $t) {"
        " customerCount addedCount alreadyPresentCount userErrors { code } } }",
        c=ids,
        t=[frequent["tag"]["id"]],
    )["tagCustomers"]
    assert tagged == {
        "customerCount": 3, "addedCount": 3, "alreadyPresentCount": 0, "userErrors": []
    }  # fmt: skip

    data = gql.data(
        "query($id: ID!) { tag(id: $id) { name customerCount"
        "  direct: customerCount(includeDescendants: false)"
        "  children { name customerCount }"
        "  customers(first: 2) { totalCount edges { cursor node { id tags { name } } }"
        "    pageInfo { hasNextPage endCursor } } } }",
        id=buying_id,
    )["tag"]
    assert (data["customerCount"], data["direct"]) == (3, 0)
    assert data["children"] == [{"name": "高频购买", "customerCount": 3}]
    assert data["customers"]["totalCount"] == 3
    assert [e["node"]["id"] for e in data["customers"]["edges"]] == sorted(ids)[:2]
    assert data["customers"]["pageInfo"]["hasNextPage"] is True

    segment = gql.data(
        "query($f: CustomerFilter!) { customers(filter: $f, first: 10) { totalCount"
        f"  edges {{ node {{ {CUSTOMER_FIELDS} }} }} }} }}",
        f={"hasTag": buying_id, "inIndustry": "C", "inRegion": "CN-SOUTH", "employeesGte": 500},
    )["customers"]
    assert segment["totalCount"] == 3
    first = segment["edges"][0]["node"]
    assert first["industry"]["parent"] == {"code": "C"}
    assert first["region"]["parent"]["name"] == "广东省"
    assert first["tags"][0]["path"] == [{"name": "购买行为"}, {"name": "高频购买"}]

    untagged = gql.data(
        "mutation($c: [ID!], $t: [ID!]!) { untagCustomers(customerIds: $c, tagIds: $t) {"
        " removedCount userErrors { code } } }",
        c=ids[:1],
        t=[frequent["tag"]["id"]],
    )["untagCustomers"]
    assert untagged == {"removedCount": 1, "userErrors": []}


async def test_customer_pages_chain_through_cursors(gql: GraphQLClient, db: Database) -> None:
    [tag] = await make_chain(db, depth=1)
    members = await make_customers(db, 5)
    gql.tag_customers([m.id for m in members], [tag.id])
    query = (
        "query($tag: ID!, $after: String) {"
        " customers(filter: {hasTag: $tag}, first: 2, after: $after)"
        " { edges { node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } }"
    )
    seen, after = [], None
    while True:
        page = gql.data(query, tag=tag.id, after=after)["customers"]
        seen += [e["node"]["id"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(m.id for m in members)


async def test_tag_categories_list_their_top_level_tags(gql: GraphQLClient, db: Database) -> None:
    category = await make_category(db, exclusive=True)
    await make_chain(db, depth=2, category=category)
    data = gql.data("{ tagCategories { id exclusive tags { name children { name } } } }")
    mine = next(c for c in data["tagCategories"] if c["id"] == category.id)
    assert mine["exclusive"] is True
    assert len(mine["tags"]) == 1
    assert len(mine["tags"][0]["children"]) == 1


async def test_tags_search_pages_and_counts(gql: GraphQLClient, db: Database) -> None:
    category = await make_category(db)
    marker = unique("分页")
    for i in range(5):
        await make_tag(db, category=category, name=f"{marker}{i}")
    first = gql.data(
        "query($s: String!) { tags(search: $s, first: 3) { totalCount edges { node { name } }"
        " pageInfo { hasNextPage endCursor } } }",
        s=marker,
    )["tags"]
    assert first["totalCount"] == 5
    assert [e["node"]["name"] for e in first["edges"]] == [f"{marker}{i}" for i in range(3)]
    rest = gql.data(
        "query($s: String!, $a: String) { tags(search: $s, first: 3, after: $a) {"
        " edges { node { name } } pageInfo { hasNextPage } } }",
        s=marker,
        a=first["pageInfo"]["endCursor"],
    )["tags"]
    assert [e["node"]["name"] for e in rest["edges"]] == [f"{marker}3", f"{marker}4"]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_unknown_ids_read_as_null(gql: GraphQLClient) -> None:
    data = gql.data('{ customer(id: "nobody") { id } tag(id: "nothing") { id } }')
    assert data == {"customer": None, "tag": None}


async def test_segment_cypher_lists_the_same_customers_as_the_api(
    gql: GraphQLClient, db: Database
) -> None:
    [tag] = await make_chain(db, depth=1)
    members = await make_customers(db, 3, industry_code="39", region_code="440300")
    await make_customers(db, 2, industry_code="39", region_code="440300")
    gql.tag_customers([m.id for m in members], [tag.id])
    segment = {"hasAnyTag": [tag.id], "inRegion": "CN-SOUTH", "not": {"employeesGte": 10}}
    data = gql.data(
        "query($f: CustomerFilter!) { segmentCypher(filter: $f) { cypher parameters browserParams }"
        " customers(filter: $f, first: 100) { edges { node { id } } } }",
        f=segment,
    )
    rows = await db.read(data["segmentCypher"]["cypher"], **data["segmentCypher"]["parameters"])
    assert [row["id"] for row in rows] == [e["node"]["id"] for e in data["customers"]["edges"]]
    assert sorted(row["id"] for row in rows) == sorted(m.id for m in members)
    assert data["segmentCypher"]["browserParams"].startswith(":params {f0: [")


async def test_facets_drill_down_over_http(gql: GraphQLClient, db: Database) -> None:
    [tag] = await make_chain(db, depth=1)
    members = await make_customers(db, 2, industry_code="39", region_code="440300")
    gql.tag_customers([m.id for m in members], [tag.id])
    data = gql.data(
        'query($f: CustomerFilter) { areas: facets(dimension: REGION, parent: "CN", filter: $f)'
        ' { key name customers } divisions: facets(dimension: INDUSTRY, parent: "C",'
        " filter: $f) { key customers } }",
        f={"hasTag": tag.id},
    )
    assert data["areas"] == [{"key": "CN-SOUTH", "name": "华南", "customers": 2}]
    assert data["divisions"] == [{"key": "39", "customers": 2}]


async def test_saved_segments_over_http(gql: GraphQLClient, db: Database) -> None:
    [tag] = await make_chain(db, depth=1)
    members = await make_customers(db, 2)
    gql.tag_customers([m.id for m in members], [tag.id])
    created = gql.data(
        "mutation($input: CreateSegmentInput!) { createSegment(input: $input) {"
        " segment { id kind filter count customers(first: 1) { totalCount edges { node { id } } } }"
        " userErrors { code } } }",
        input={"name": unique("华南大客户"), "kind": "STATIC", "filter": {"hasTag": tag.id}},
    )["createSegment"]
    assert created["userErrors"] == []
    segment = created["segment"]
    assert (segment["kind"], segment["filter"], segment["count"]) == (
        "STATIC", {"hasTag": tag.id}, 2
    )  # fmt: skip
    assert segment["customers"]["totalCount"] == 2
    listed = gql.data("{ segments { id } }")["segments"]
    assert segment["id"] in [s["id"] for s in listed]


async def test_customers_ordered_by_employees_descending_over_http(
    gql: GraphQLClient, db: Database
) -> None:
    [tag] = await make_chain(db, depth=1)
    sized = [await make_customers(db, 1, employees=n) for n in (50, 900, 300)]
    unknown = await make_customers(db, 1)
    everyone = [c.id for group in [*sized, unknown] for c in group]
    gql.tag_customers(everyone, [tag.id])
    query = (
        "query($f: CustomerFilter, $a: String) { customers(filter: $f, first: 2, after: $a,"
        " orderBy: {field: EMPLOYEES, direction: DESC}) { edges { node { employees } }"
        " pageInfo { hasNextPage endCursor } } }"
    )
    seen: list[int | None] = []
    after = None
    while True:
        page = gql.data(query, f={"hasTag": tag.id}, a=after)["customers"]
        seen += [e["node"]["employees"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [900, 300, 50, None]
