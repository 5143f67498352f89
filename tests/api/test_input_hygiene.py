"""Bad text and values over HTTP: invisible characters in names, lone surrogates, over-long
strings, dates out of range, values of the wrong form. Each is a client error with a stable
code, never 'Unexpected error.', and nothing is written."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.admin import snapshot_graph
from graph.database import Database
from tests.factories import make_category, make_customers, make_tag, unique
from tests.graphql import GraphQLClient

CREATE_TAG = (
    "mutation($input: CreateTagInput!) { createTag(input: $input) {"
    " tag { id name } userErrors { code message field } } }"
)
RECORD = (
    "mutation($input: [InteractionInput!]!) { recordInteractions(input: $input) {"
    " recordedCount userErrors { code field } } }"
)


def post_raw(gql: GraphQLClient, body: dict[str, Any]) -> dict[str, Any]:
    """Post a body as JSON with \\u escapes, as a browser would send a lone surrogate (a
    UTF-8 encoder refuses one)."""
    response = gql.http.post(
        "/graphql", content=json.dumps(body), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    decoded: dict[str, Any] = response.json()
    return decoded


def codes(body: dict[str, Any]) -> list[str]:
    """The codes of a response's errors; none may be the masked unexpected error."""
    errors = body.get("errors") or []
    assert all(e["message"] != "Unexpected error." for e in errors), errors
    return [e["extensions"]["code"] for e in errors]


@pytest.fixture(autouse=True)
def no_unexpected_errors(caplog: pytest.LogCaptureFixture) -> Any:
    """None of these requests is an unexpected error in the log."""
    yield
    assert not [r for r in caplog.records if r.name == "api" and r.levelno >= logging.ERROR]


@pytest.mark.parametrize("variant", ["V\u200bIP", "VIP\u2060", "\ufeffvip", "V\x00IP", "ＶＩＰ"])
async def test_an_invisible_or_full_width_variant_of_a_sibling_name_is_a_duplicate(
    gql: GraphQLClient, db: Database, variant: str
) -> None:
    category = await make_category(db)
    await make_tag(db, category=category, name="VIP")
    before = await snapshot_graph(db)
    payload = gql.data(CREATE_TAG, input={"name": variant, "categoryId": category.id})
    assert payload["createTag"]["userErrors"][0]["code"] == "DUPLICATE_NAME"
    assert await snapshot_graph(db) == before


@pytest.mark.parametrize("name", ["\u200b", "\x00", " \u200d\ufeff ", "\u2060\u200c"])
async def test_a_name_empty_once_cleaned_is_refused(
    gql: GraphQLClient, db: Database, name: str
) -> None:
    category = await make_category(db)
    before = await snapshot_graph(db)
    for query, variables in (
        (CREATE_TAG, {"input": {"name": name, "categoryId": category.id}}),
        (
            "mutation($n: String!) { createTagCategory(input: {name: $n}) {"
            " userErrors { code field } } }",
            {"n": name},
        ),
        (
            "mutation($n: String!) { createSegment(input: {name: $n, filter: {employeesGte: 1}})"
            " { userErrors { code field } } }",
            {"n": name},
        ),
    ):
        [payload] = gql.data(query, **variables).values()
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
            ("INVALID_INPUT", ["input", "name"])
        ]
    assert await snapshot_graph(db) == before


async def test_names_are_stored_cleaned(gql: GraphQLClient, db: Database) -> None:
    category = await make_category(db)
    name = unique("ＶＩＰ\u200b客户\x07")
    payload = gql.data(CREATE_TAG, input={"name": f" {name}\t", "categoryId": category.id})
    assert payload["createTag"]["tag"]["name"] == unique_clean(name)


def unique_clean(name: str) -> str:
    """What the API stores for such a name: half-width, no control or zero-width character."""
    return name.replace("ＶＩＰ", "VIP").replace("\u200b", "").replace("\x07", "")


async def test_a_lone_surrogate_is_one_coded_error_in_a_literal_a_variable_and_a_nested_input(
    gql: GraphQLClient, db: Database
) -> None:
    category = await make_category(db)
    before = await snapshot_graph(db)
    bodies: list[dict[str, Any]] = [
        {"query": '{ tag(id: "x\ud800") { id } }'},
        {"query": "query($id: ID!) { tag(id: $id) { id } }", "variables": {"id": "\udfff"}},
        {
            "query": CREATE_TAG,
            "variables": {
                "input": {"name": "ok", "categoryId": category.id, "aliases": ["a", "b\ud83d"]}
            },
        },
        {"query": 'mutation { createTagCategory(input: {name: "\ud800"}) { category { id } } }'},
    ]
    fields = []
    for body in bodies:
        answer = post_raw(gql, body)
        assert answer["data"] is None
        assert codes(answer) == ["INVALID_UNICODE"]
        fields.append(answer["errors"][0]["extensions"]["field"])
    assert fields[1] == ["variables", "id"]
    assert fields[2] == ["variables", "input", "aliases", "1"]
    assert await snapshot_graph(db) == before


@pytest.mark.parametrize(
    ("since", "code"),
    [
        ("not a date", "INVALID_VALUE"),
        ("2026-13-01T00:00:00Z", "INVALID_VALUE"),
        ("9999-01-01T00:00:00Z", "DATE_OUT_OF_RANGE"),
        ("1899-12-31T23:59:59Z", "DATE_OUT_OF_RANGE"),
    ],
)
def test_a_bad_datetime_is_a_coded_client_error_in_a_literal_and_a_variable(
    gql: GraphQLClient, since: str, code: str
) -> None:
    fields = 'tagId: "t", until: "2026-02-01T00:00:00Z") { entered }'
    literal = gql.execute(f'{{ tagFlow(since: "{since}", {fields} }}')
    variable = gql.execute(f"query($s: DateTime!) {{ tagFlow(since: $s, {fields} }}", s=since)
    assert codes(literal) == [code]
    assert codes(variable) == [code]


@pytest.mark.parametrize(
    ("literal", "query", "variables"),
    [
        (
            "{ customers(orderBy: {field: NOPE}) { totalCount } }",
            "query($f: CustomerOrderField!) { customers(orderBy: {field: $f}) { totalCount } }",
            {"f": "NOPE"},
        ),
        (
            "{ facets(dimension: COLOUR) { __typename } }",
            "query($d: FacetDimension!) { facets(dimension: $d) { __typename } }",
            {"d": 3},
        ),
        (
            "{ tag(id: {a: 1}) { id } }",
            "query($id: ID!) { tag(id: $id) { id } }",
            {"id": [1, 2]},
        ),
        (
            "{ customers(first: 1.5) { totalCount } }",
            "query($n: Int) { customers(first: $n) { totalCount } }",
            {"n": "ten"},
        ),
    ],
)
def test_a_value_of_the_wrong_form_is_invalid_value_in_a_literal_and_a_variable(
    gql: GraphQLClient, literal: str, query: str, variables: dict[str, Any]
) -> None:
    assert codes(gql.execute(literal)) == ["INVALID_VALUE"]
    assert codes(gql.execute(query, **variables)) == ["INVALID_VALUE"]


async def test_a_bad_colour_is_a_user_error_in_a_literal_and_a_variable(
    gql: GraphQLClient, db: Database
) -> None:
    category = await make_category(db)
    literal = gql.data(
        f'mutation {{ createTag(input: {{name: "c", categoryId: "{category.id}", color: "red"}})'
        " { userErrors { code field } } }"
    )
    variable = gql.data(CREATE_TAG, input={"name": "c", "categoryId": category.id, "color": "#12"})
    for payload in (literal["createTag"], variable["createTag"]):
        assert payload["userErrors"] == [
            {**payload["userErrors"][0], "code": "INVALID_COLOR", "field": ["input", "color"]}
        ]


async def test_a_one_megabyte_note_is_too_long_and_names_its_field(
    gql: GraphQLClient, db: Database
) -> None:
    tag = await make_tag(db)
    [customer] = await make_customers(db)
    before = await snapshot_graph(db)
    body = gql.execute(
        "mutation($c: [ID!], $t: [ID!]!, $n: String) {"
        " tagCustomers(customerIds: $c, tagIds: $t, note: $n) { addedCount } }",
        c=[customer.id],
        t=[tag.id],
        n="备" * 1_000_000,
    )
    assert body["data"] is None
    assert codes(body) == ["TOO_LONG"]
    assert body["errors"][0]["extensions"]["field"] == ["note"]
    assert await snapshot_graph(db) == before


def test_over_long_search_text_and_ids_are_too_long(gql: GraphQLClient) -> None:
    search = gql.execute("query($s: String) { tags(search: $s) { totalCount } }", s="找" * 201)
    nested = gql.execute(
        "query($f: CustomerFilter) { customers(filter: $f) { totalCount } }",
        f={"or": [{"inRegion": "CN"}, {"hasAnyTag": ["t", "x" * 129]}]},
    )
    assert codes(search) == ["TOO_LONG"]
    assert codes(nested) == ["TOO_LONG"]
    assert nested["errors"][0]["extensions"]["field"] == ["filter", "or", "1", "hasAnyTag", "1"]


@pytest.mark.parametrize(
    ("at", "code"),
    [("9999-01-01T00:00:00Z", "DATE_OUT_OF_RANGE"), ("not a date", "INVALID_VALUE")],
)
async def test_an_interaction_dated_out_of_range_is_refused(
    gql: GraphQLClient, db: Database, at: str, code: str
) -> None:
    [customer] = await make_customers(db)
    before = await snapshot_graph(db)
    item = {"id": unique("crm"), "customerId": customer.id, "type": "VISIT", "at": at}
    assert codes(gql.execute(RECORD, input=[item])) == [code]
    assert await snapshot_graph(db) == before


async def test_an_interaction_in_the_future_beyond_the_clock_skew_is_a_user_error(
    gql: GraphQLClient, db: Database
) -> None:
    [customer] = await make_customers(db)
    before = await snapshot_graph(db)
    now = datetime.now(UTC)
    items = [
        {"id": unique("crm"), "customerId": customer.id, "type": "VISIT", "at": at.isoformat()}
        for at in (now - timedelta(days=1), now + timedelta(days=2))
    ]
    payload = gql.data(RECORD, input=items)["recordInteractions"]
    assert payload["recordedCount"] == 0
    assert payload["userErrors"] == [{"code": "DATE_OUT_OF_RANGE", "field": ["input", "1", "at"]}]
    assert await snapshot_graph(db) == before
    # A client clock a few minutes ahead is fine.
    items[1]["at"] = (now + timedelta(minutes=5)).isoformat()
    assert gql.data(RECORD, input=items)["recordInteractions"]["recordedCount"] == 2
