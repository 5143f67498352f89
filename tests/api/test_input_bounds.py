"""Every String and ID input of the schema has a length bound, and the request check finds an
over-long one wherever it sits (no database: the check runs before execution)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLInputType,
    GraphQLScalarType,
    get_named_type,
    is_input_object_type,
    is_object_type,
    parse,
)

from api.input_bounds import bound_of
from api.input_guard import too_long_inputs
from api.schema import schema

GRAPHQL_SCHEMA = schema._schema


def _text_inputs() -> Iterator[tuple[str, str, str]]:
    """(where, scalar, name) of every String or ID input: input-type fields and arguments."""
    for type_ in GRAPHQL_SCHEMA.type_map.values():
        if type_.name.startswith("__"):
            continue
        places: list[tuple[str, str, GraphQLInputType]] = []
        if is_input_object_type(type_):
            places = [(f"{type_.name}.{n}", n, f.type) for n, f in type_.fields.items()]
        elif is_object_type(type_):
            places = [
                (f"{type_.name}.{field}({n})", n, argument.type)
                for field, definition in type_.fields.items()
                for n, argument in definition.args.items()
            ]
        for where, name, input_type in places:
            named = get_named_type(input_type)
            if isinstance(named, GraphQLScalarType) and named.name in ("String", "ID"):
                yield where, named.name, name


TEXT_INPUTS = sorted(_text_inputs())


def test_the_schema_has_text_inputs_to_check() -> None:
    assert len(TEXT_INPUTS) > 80
    assert ("CustomerFilter.nameContains", "String", "nameContains") in TEXT_INPUTS
    assert ("Mutation.tagCustomers(note)", "String", "note") in TEXT_INPUTS


@pytest.mark.parametrize(("where", "scalar", "name"), TEXT_INPUTS)
def test_every_string_and_id_input_has_a_length_bound(where: str, scalar: str, name: str) -> None:
    bound = bound_of(scalar, name)
    assert bound is not None, f"{where} has no bound: add {name!r} to api.input_bounds"
    assert 0 < bound <= 1024  # nothing a client types needs more than a kibi-character


def _errors(query: str, **variables: Any) -> list[tuple[str, list[str]]]:
    found = too_long_inputs(GRAPHQL_SCHEMA, parse(query), None, variables)
    return [((e.extensions or {})["code"], (e.extensions or {})["field"]) for e in found]


def test_an_over_long_literal_is_found_in_an_argument_a_list_and_a_nested_input() -> None:
    long = "长" * 1001
    assert _errors(f'mutation {{ tagCustomers(tagIds: ["t"], note: "{long}") {{ addedCount }} }}')
    assert _errors(
        f'{{ customers(filter: {{or: [{{nameContains: "{long}"}}]}}) {{ totalCount }} }}'
    )
    assert _errors(f'{{ tag(id: "{"x" * 129}") {{ id }} }}') == [("TOO_LONG", ["id"])]
    create = (
        f'mutation {{ createTag(input: {{name: "n", aliases: ["a", "{long}"]}}) {{ __typename }} }}'
    )
    assert _errors(create) == [("TOO_LONG", ["input", "aliases", "1"])]


def test_an_over_long_variable_is_found_in_a_list_and_a_nested_input() -> None:
    query = (
        "query($f: CustomerFilter, $s: String) { customers(filter: $f) { totalCount }"
        " tags(search: $s) { totalCount } }"
    )
    nested = {"and": [{"hadTag": {"tagId": "x" * 200, "since": "", "until": ""}}]}
    assert _errors(query, f=nested) == [("TOO_LONG", ["filter", "and", "0", "hadTag", "tagId"])]
    assert _errors(query, s="s" * 201) == [("TOO_LONG", ["search"])]
    assert _errors(query, s="s" * 200, f={"nameContains": "n" * 200}) == []


def test_a_variable_default_in_the_document_is_bounded_too() -> None:
    query = f'query($s: String = "{"s" * 300}") {{ tags(search: $s) {{ totalCount }} }}'
    assert _errors(query) == [("TOO_LONG", ["search"])]


def test_text_within_its_bounds_and_other_scalars_pass() -> None:
    query = (
        'mutation { createTag(input: {name: "VIP", color: "#fff", description: "d"}) {'
        ' tag { id } } tagCustomers(tagIds: ["t"], note: "n", expiresAt: "2026-01-01") {'
        " addedCount } }"
    )
    assert _errors(query) == []


def test_each_item_of_a_large_batch_is_checked() -> None:
    batch = [
        {
            "id": f"crm-{i}",
            "customerId": f"C{i:07d}",
            "type": "VISIT",
            "at": "2026-01-01",
            "channel": "线上活动",
            "productId": "p-1",
            "amount": 1.0,
        }
        for i in range(10_000)
    ]
    query = "mutation($b: [InteractionInput!]!) { recordInteractions(input: $b) { recordedCount } }"
    assert _errors(query, b=batch) == []
    batch[9_999]["channel"] = "c" * 65
    assert _errors(query, b=batch) == [("TOO_LONG", ["input", "9999", "channel"])]
