"""The segment compiler's output: parameterized, composed only of constant fragments."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.errors import ErrorCode, UserInputError
from graph.segments import (
    MAX_CLAUSES,
    MAX_DEPTH,
    CustomerFilter,
    compile_filter,
    count_query,
    page_query,
)


def test_no_filter_compiles_to_true() -> None:
    assert compile_filter(None).predicate == "true"
    assert compile_filter(CustomerFilter()).predicate == "true"


def test_fields_of_one_filter_combine_with_and_and_values_become_parameters() -> None:
    compiled = compile_filter(
        CustomerFilter(has_tag="tag-1", in_region="CN-SOUTH", employees_gte=500)
    )
    assert compiled.parameters == {"f0": "tag-1", "f1": "CN-SOUTH", "f2": 500}
    assert compiled.predicate == (
        "EXISTS { MATCH (c)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(:Tag {id: $f0}) } AND "
        "EXISTS { MATCH (c)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(:Region {code: $f1}) } AND "
        "c.employees >= $f2"
    )


def test_or_and_not_nest_with_parentheses() -> None:
    compiled = compile_filter(
        CustomerFilter(
            or_=(CustomerFilter(in_industry="C"), CustomerFilter(in_industry="I")),
            not_=CustomerFilter(name_contains="测试"),
        )
    )
    assert compiled.predicate == (
        "((EXISTS { MATCH (c)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF*0..]->(:Industry "
        "{code: $f0}) }) OR "
        "(EXISTS { MATCH (c)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF*0..]->(:Industry "
        "{code: $f1}) })) AND "
        "NOT (toLower(c.name) CONTAINS toLower($f2))"
    )
    assert compiled.parameters == {"f0": "C", "f1": "I", "f2": "测试"}


def test_hostile_values_never_reach_the_query_text() -> None:
    hostile = "x'}) DETACH DELETE c //"
    compiled = compile_filter(CustomerFilter(has_tag=hostile, name_contains=hostile))
    for text in (compiled.predicate, page_query(compiled), count_query(compiled)):
        assert hostile not in text
        assert "DELETE" not in text
    assert set(compiled.parameters.values()) == {hostile}


def test_dates_are_parameters() -> None:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    compiled = compile_filter(CustomerFilter(last_interaction_before=moment))
    assert compiled.predicate == "c.lastInteractionAt < $f0"
    assert compiled.parameters == {"f0": moment}


def test_nesting_beyond_the_limit_is_refused() -> None:
    node = CustomerFilter(has_tag="t")
    for _ in range(MAX_DEPTH):
        node = CustomerFilter(not_=node)
    with pytest.raises(UserInputError) as refused:
        compile_filter(node)
    assert refused.value.errors[0].code is ErrorCode.FILTER_TOO_COMPLEX


def test_too_many_clauses_are_refused() -> None:
    wide = CustomerFilter(or_=tuple(CustomerFilter(has_tag=f"t{i}") for i in range(MAX_CLAUSES)))
    with pytest.raises(UserInputError) as refused:
        compile_filter(wide)
    assert refused.value.errors[0].code is ErrorCode.FILTER_TOO_COMPLEX
