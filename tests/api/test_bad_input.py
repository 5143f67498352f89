"""Bad input: a userError (or coded error) with a stable code, and the graph unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from graph.admin import snapshot_graph
from graph.database import Database
from tests.factories import make_category, make_customers, make_tag
from tests.graphql import GraphQLClient

CREATE_TAG = (
    "mutation($input: CreateTagInput!) { createTag(input: $input) {"
    " tag { id } userErrors { code message field } } }"
)


async def test_duplicate_tag_name_under_the_same_parent(gql: GraphQLClient, db: Database) -> None:
    parent = await make_tag(db)
    await make_tag(db, parent=parent, name="重要客户")
    before = await snapshot_graph(db)
    result = gql.data(CREATE_TAG, input={"name": " 重要客户 ", "parentId": parent.id})
    assert result["createTag"]["tag"] is None
    assert result["createTag"]["userErrors"][0]["code"] == "DUPLICATE_NAME"
    assert result["createTag"]["userErrors"][0]["field"] == ["input", "name"]
    assert await snapshot_graph(db) == before


@pytest.mark.parametrize(
    ("tag_input", "code", "field"),
    [
        ({"name": ""}, "INVALID_INPUT", ["input", "name"]),
        ({"name": "   "}, "INVALID_INPUT", ["input", "name"]),
        ({"name": "长" * 65}, "NAME_TOO_LONG", ["input", "name"]),
        ({"name": "ok", "color": "blue"}, "INVALID_COLOR", ["input", "color"]),
        ({"name": "ok", "parentId": "tag-nowhere"}, "NOT_FOUND", ["input", "parentId"]),
        ({"name": "ok", "categoryId": "cat-nowhere"}, "NOT_FOUND", ["input", "categoryId"]),
    ],
)
async def test_invalid_tag_input(
    gql: GraphQLClient,
    db: Database,
    tag_input: dict[str, Any],
    code: str,
    field: list[str],
) -> None:
    category = await make_category(db)
    before = await snapshot_graph(db)
    payload = gql.data(CREATE_TAG, input={"categoryId": category.id, **tag_input})["createTag"]
    if "parentId" in tag_input:
        payload = gql.data(CREATE_TAG, input=tag_input)["createTag"]
    assert payload["tag"] is None
    assert (payload["userErrors"][0]["code"], payload["userErrors"][0]["field"]) == (code, field)
    assert await snapshot_graph(db) == before


async def test_duplicate_category_name(gql: GraphQLClient, db: Database) -> None:
    category = await make_category(db)
    before = await snapshot_graph(db)
    payload = gql.data(
        "mutation($n: String!) { createTagCategory(input: {name: $n}) {"
        " category { id } userErrors { code } } }",
        n=category.name.upper(),
    )["createTagCategory"]
    assert payload == {"category": None, "userErrors": [{"code": "DUPLICATE_NAME"}]}
    assert await snapshot_graph(db) == before


async def test_tagging_unknown_customers_applies_nothing_and_lists_them(
    gql: GraphQLClient, db: Database
) -> None:
    tag = await make_tag(db)
    [known] = await make_customers(db)
    before = await snapshot_graph(db)
    payload = gql.data(
        "mutation($c: [ID!], $t: [ID!]!) { tagCustomers(customerIds: $c, tagIds: $t) {"
        " addedCount userErrors { code message } } }",
        c=[known.id, "ghost-a", "ghost-b"],
        t=[tag.id],
    )["tagCustomers"]
    assert payload["addedCount"] == 0
    assert [e["code"] for e in payload["userErrors"]] == ["NOT_FOUND", "NOT_FOUND"]
    assert "ghost-a" in payload["userErrors"][0]["message"]
    assert await snapshot_graph(db) == before


async def test_upsert_with_an_unknown_region_applies_nothing(
    gql: GraphQLClient, db: Database
) -> None:
    before = await snapshot_graph(db)
    payload = gql.data(
        "mutation($input: [CustomerInput!]!) { upsertCustomers(input: $input) {"
        " customers { id } userErrors { code field } } }",
        input=[
            {"id": "fine-1", "name": "好"},
            {"id": "fine-2", "name": "也好", "regionCode": "XX-NOWHERE"},
        ],
    )["upsertCustomers"]
    assert payload["customers"] == []
    assert payload["userErrors"] == [{"code": "NOT_FOUND", "field": ["input", "1", "regionCode"]}]
    assert await snapshot_graph(db) == before


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ("first: 101", "PAGE_SIZE_EXCEEDED"),
        ("first: -1", "INVALID_INPUT"),
        ('after: "definitely-not-a-cursor"', "INVALID_CURSOR"),
    ],
)
def test_bad_page_arguments_are_coded_errors(gql: GraphQLClient, arguments: str, code: str) -> None:
    for query in (
        f"{{ customers({arguments}) {{ edges {{ cursor }} }} }}",
        f"{{ tags({arguments}) {{ edges {{ cursor }} }} }}",
    ):
        body = gql.execute(query)
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == code


def test_a_cursor_of_another_list_is_refused(gql: GraphQLClient) -> None:
    tags_page = gql.data("{ tags(first: 1) { pageInfo { endCursor } } }")
    cursor = tags_page["tags"]["pageInfo"]["endCursor"]
    body = gql.execute("query($a: String) { customers(after: $a) { edges { cursor } } }", a=cursor)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


def test_over_deep_filters_are_coded_errors(gql: GraphQLClient) -> None:
    # A filter nested deeper than the limit is an expected, coded error …
    deep: dict[str, Any] = {"hasTag": "x"}
    for _ in range(10):
        deep = {"not": deep}
    body = gql.execute(
        "query($f: CustomerFilter) { customers(filter: $f) { edges { cursor } } }", f=deep
    )
    assert body["errors"][0]["extensions"]["code"] == "FILTER_TOO_COMPLEX"
    # … and nothing internal ever reaches the client.
    for error in body["errors"]:
        assert "Traceback" not in error["message"]
        assert "MATCH" not in error["message"]


def test_unexpected_errors_are_masked_and_logged(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*_: Any) -> None:
        raise RuntimeError("driver exploded near MATCH (n) RETURN n")

    monkeypatch.setattr("graph.taxonomy.categories.find_tag_categories", broken)
    body = gql.execute("{ tagCategories { id } }")
    [error] = body["errors"]
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "driver exploded" in caplog.text


def test_a_datetime_without_time_zone_is_taken_as_utc(gql: GraphQLClient) -> None:
    flow = gql.data(
        'query { tagFlow(tagId: "no-such-tag", since: "2026-01-01T00:00:00",'
        ' until: "2026-02-01T00:00:00Z") { entered left } }'
    )
    assert flow["tagFlow"] == {"entered": 0, "left": 0}


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ("{ tags(first: 1) { totalCount }", "GRAPHQL_PARSE_FAILED"),
        ("{ tags(first: 1) { noSuchField } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ customer { id } }", "GRAPHQL_VALIDATION_FAILED"),  # a required argument missing
    ],
)
def test_documents_the_schema_refuses_carry_a_code(
    gql: GraphQLClient, document: str, code: str
) -> None:
    body = gql.execute(document)
    assert [error["extensions"]["code"] for error in body["errors"]] == [code]
