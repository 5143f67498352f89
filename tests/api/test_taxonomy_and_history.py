"""Taxonomy changes and tag history through the GraphQL API, over HTTP."""

from __future__ import annotations

from graph.admin import snapshot_graph
from graph.database import Database
from tests.factories import make_category, make_chain, make_customers, make_tag
from tests.graphql import GraphQLClient

TAG = "mutation($c: [ID!], $t: [ID!]!, $s: TagSource) { tagCustomers(customerIds: $c, tagIds: $t, source: $s) { addedCount replacedCount userErrors { code } } }"  # noqa: E501


async def test_move_merge_and_delete_through_the_api(gql: GraphQLClient, db: Database) -> None:
    chain = await make_chain(db, depth=3)
    cycle = gql.data(
        "mutation($id: ID!, $p: ID) { moveTag(id: $id, parentId: $p) {"
        " tag { id } userErrors { code field } } }",
        id=chain[0].id,
        p=chain[2].id,
    )["moveTag"]
    assert cycle == {"tag": None, "userErrors": [{"code": "CYCLE", "field": ["parentId"]}]}

    moved = gql.data(
        "mutation($id: ID!) { moveTag(id: $id) { tag { parent { id } path { id } } userErrors { code } } }",  # noqa: E501
        id=chain[2].id,
    )["moveTag"]
    assert moved["tag"] == {"parent": None, "path": [{"id": chain[2].id}]}

    members = await make_customers(db, 2)
    gql.data(TAG, c=[m.id for m in members], t=[chain[2].id], s="MANUAL")
    merged = gql.data(
        "mutation($s: [ID!]!, $t: ID!) { mergeTags(sourceIds: $s, targetId: $t) {"
        " tag { id aliases customerCount } customerCount addedCount userErrors { code } } }",
        s=[chain[2].id],
        t=chain[1].id,
    )["mergeTags"]
    assert merged["userErrors"] == []
    assert (merged["customerCount"], merged["addedCount"]) == (2, 2)
    assert merged["tag"]["aliases"] == [chain[2].name]
    assert merged["tag"]["customerCount"] == 2

    in_use = gql.data(
        "mutation($id: ID!) { deleteTag(id: $id) { deletedTagIds userErrors { code } } }",
        id=chain[0].id,
    )["deleteTag"]
    assert in_use == {"deletedTagIds": [], "userErrors": [{"code": "IN_USE"}]}


async def test_update_tag_deprecates_and_renames(gql: GraphQLClient, db: Database) -> None:
    tag = await make_tag(db)
    updated = gql.data(
        "mutation($input: UpdateTagInput!) { updateTag(input: $input) {"
        " tag { name status color aliases } userErrors { code } } }",
        input={
            "id": tag.id,
            "name": "高价值客户",
            "status": "DEPRECATED",
            "color": "#0a0",
            "aliases": ["高净值客户"],
        },
    )["updateTag"]
    assert updated["tag"] == {
        "name": "高价值客户", "status": "DEPRECATED", "color": "#00AA00", "aliases": ["高净值客户"]
    }  # fmt: skip
    [member] = await make_customers(db)
    refused = gql.data(TAG, c=[member.id], t=[tag.id], s="API")["tagCustomers"]
    assert refused["userErrors"] == [{"code": "TAG_DEPRECATED"}]


async def test_history_snapshots_flows_and_erasure(gql: GraphQLClient, db: Database) -> None:
    lifecycle = await make_category(db, exclusive=True)
    prospect = await make_tag(db, category=lifecycle, name="潜在客户")
    won = await make_tag(db, category=lifecycle, name="已成交客户")
    [member] = await make_customers(db)
    gql.data(TAG, c=[member.id], t=[prospect.id], s="RULE")
    replaced = gql.data(TAG, c=[member.id], t=[won.id], s="MANUAL")["tagCustomers"]
    assert replaced == {"addedCount": 1, "replacedCount": 1, "userErrors": []}

    data = gql.data(
        "query($id: ID!) { customer(id: $id) {"
        "  tags { name }"
        '  tagsAsOf(at: "2020-01-01T00:00:00Z") { name }'
        "  tagHistory(first: 10) { totalCount edges { node { action tag { name } source reason by } } } } }",  # noqa: E501
        id=member.id,
    )["customer"]
    assert data["tags"] == [{"name": "已成交客户"}]
    assert data["tagsAsOf"] == []
    history = data["tagHistory"]
    assert history["totalCount"] == 3
    events = [
        (e["node"]["action"], e["node"]["tag"]["name"], e["node"]["reason"])
        for e in history["edges"]
    ]
    assert events == [
        ("ADDED", "已成交客户", None),
        ("REMOVED", "潜在客户", "REPLACED"),
        ("ADDED", "潜在客户", None),
    ]

    moves = gql.data(
        "query($a: ID!, $b: ID!) { tagMoves(fromTagId: $a, toTagId: $b,"
        ' since: "2000-01-01T00:00:00Z", until: "2100-01-01T00:00:00Z") { count sampleCustomerIds }'
        ' tagFlow(tagId: $a, since: "2000-01-01T00:00:00Z", until: "2100-01-01T00:00:00Z") { entered left } }',  # noqa: E501
        a=prospect.id,
        b=won.id,
    )
    assert moves["tagMoves"] == {"count": 1, "sampleCustomerIds": [member.id]}
    assert moves["tagFlow"] == {"entered": 1, "left": 1}

    erased = gql.data(
        "mutation($id: ID!) { eraseCustomer(id: $id) { erasedCustomerId userErrors { code } } }",
        id=member.id,
    )["eraseCustomer"]
    assert erased == {"erasedCustomerId": member.id, "userErrors": []}
    before = await snapshot_graph(db)
    again = gql.data(
        "mutation($id: ID!) { eraseCustomer(id: $id) { erasedCustomerId userErrors { code } } }",
        id=member.id,
    )["eraseCustomer"]
    assert again == {"erasedCustomerId": None, "userErrors": [{"code": "NOT_FOUND"}]}
    assert await snapshot_graph(db) == before
