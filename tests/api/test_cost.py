"""The cost estimate (pure): list sizes multiply down the tree, fragments cost what their
inlined selections cost, variables count like literals, and nothing beyond the budget runs."""

from __future__ import annotations

import pytest
from graphql import parse
from hypothesis import given
from hypothesis import strategies as st

from api.cost import Bounds, Refusal, check_operation, expanded_fields
from api.schema import schema

BOUNDS = Bounds(max_cost=10**12, default_list_size=20, max_list_items=100, max_filter_clauses=8)
SCHEMA = schema._schema


def cost(query: str, **variables: object) -> int:
    return check_operation(SCHEMA, parse(query), None, variables, BOUNDS)


@given(first=st.integers(0, 10_000))
def test_a_page_costs_its_size_times_its_items(first: int) -> None:
    literal = cost(f"{{ customers(first: {first}) {{ edges {{ node {{ id name }} }} }} }}")
    variable = cost(
        "query($n: Int) { customers(first: $n) { edges { node { id name } } } }", n=first
    )
    assert literal == variable == 1 + first * (1 + 1 + 2)  # connection, edges, node, 2 fields


@given(first=st.integers(0, 1_000), pairs=st.integers(1, 4))
def test_a_fragment_costs_what_its_inlined_selection_costs(first: int, pairs: int) -> None:
    inner = "id name"
    for _ in range(pairs):
        inner = f"parent {{ children {{ {inner} }} }}"
    inlined = f"{{ tags(first: {first}) {{ edges {{ node {{ {inner} }} }} }} }}"
    spread = (
        f"{{ tags(first: {first}) {{ edges {{ node {{ ...T }} }} }} }} "
        f"fragment T on Tag {{ {inner} }}"
    )
    assert cost(inlined) == cost(spread)


def test_each_children_level_multiplies_by_the_default_list_size() -> None:
    def levels(pairs: int) -> int:
        inner = "id"
        for _ in range(pairs):
            inner = f"parent {{ children {{ {inner} }} }}"
        return cost('{ tag(id: "t") { ' + inner + " } }")

    for pairs in range(1, 4):
        assert 19 * levels(pairs) < levels(pairs + 1) < 20 * levels(pairs)


def test_lists_and_filters_beyond_their_caps_are_refused() -> None:
    with pytest.raises(Refusal) as refused:
        cost("mutation($c: [ID!]) { runTagRules(customerIds: $c) { __typename } }", c=["x"] * 101)
    assert refused.value.code == "TOO_MANY_ITEMS"
    with pytest.raises(Refusal) as refused:
        cost('{ customers(filter: {hasAnyTag: ["a","b","c","d","e","f","g","h"]}) { totalCount } }')
    assert refused.value.code == "FILTER_TOO_COMPLEX"


def test_fragment_expansion_is_counted_without_expanding() -> None:
    bomb = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40))
    document = parse("{ ...F0 } " + bomb + " fragment F40 on Query { a: __typename }")
    assert expanded_fields(document, 1_000) == (1_001, 1_001)
