"""What the API logs: expected failures below ERROR without a traceback, and no personal data
or secrets anywhere (caplog captures the records of the API served in a thread)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.graphql import GraphQLClient

CUSTOMERS = "query($f: CustomerFilter, $n: Int, $a: String) { customers(filter: $f, first: $n,"
CUSTOMERS += " after: $a) { totalCount edges { cursor } } }"

# Each a mistake of the client's: codes, syntax, validation, variables, userErrors.
EXPECTED: list[tuple[str, dict[str, Any]]] = [
    ("{ customers(first: 1000) { totalCount } }", {}),
    ('{ customers(after: "not-a-cursor") { totalCount } }', {}),
    ('{ tags(after: "bad") { edges { cursor } } }', {}),
    (CUSTOMERS, {"n": 101}),
    (CUSTOMERS, {"f": {"not": {"not": {"not": {"not": {"not": {"not": {"hasTag": "x"}}}}}}}}),
    ("{ customers(first: 1) { nope } }", {}),
    ("{ customers(first: ", {}),
    (CUSTOMERS, {"n": "ten"}),
    (
        'mutation { createTag(input: {name: "x", categoryId: "cat-missing"}) {'
        " userErrors { code } } }",
        {},
    ),
    ("query($t: ID!) { tag(id: $t) { id } }", {}),  # a required variable missing
]

EMAIL, PHONE, PASSWORD = "li.wei.probe@example.com.cn", "13912345678", "Pa55-probe-hunter2"


def test_expected_failures_are_logged_below_error_without_a_traceback(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for query, variables in EXPECTED * 3:
        response = gql.http.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code in (200, 400), response.text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    assert not [r for r in caplog.records if r.exc_info and r.name.startswith(("api", "straw"))]
    assert any(r.name == "api" and r.levelno == logging.INFO for r in caplog.records)


def test_no_email_phone_or_password_reaches_the_log(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    values = {"email": EMAIL, "phone": PHONE, "password": PASSWORD}
    literal = f'{{ customers(filter: {{nameContains: "{EMAIL} {PHONE} {PASSWORD}"}}) {{ x }} }}'
    probes: list[tuple[str, dict[str, Any]]] = [
        (literal, {}),  # validation error quoting the document
        (f'{{ customers(after: "{EMAIL}") {{ totalCount }} }}', {}),  # a bad cursor
        (f'{{ customers(first: "{PHONE}") {{ totalCount }} }}', {}),  # a literal of a wrong type
        (f'{{ customers(filter: {{nameContains: "{PASSWORD}" ) }}', {}),  # a syntax error
        (CUSTOMERS, {"n": EMAIL, "a": PHONE}),  # variables of a wrong type
        (CUSTOMERS, {"f": {"nameContains": PASSWORD, "hasTag": EMAIL}, "a": PHONE}),
    ]
    for query, variables in probes:
        gql.http.post("/graphql", json={"query": query, "variables": variables})
        gql.http.get("/graphql", params={"query": query, **values})  # GET: in the query string
    # The server's records (the test's own HTTP client logs its requests: not the API's log).
    records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    texts = [logging.Formatter().format(record) for record in records]
    for value in (EMAIL, PHONE, PASSWORD):
        assert not [text for text in texts if value in text], value
