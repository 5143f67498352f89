"""The segment compiler's output: parameterized, composed only of constant fragments."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.errors import ErrorCode, UserInputError
from graph.segments.compiler import (
    MAX_CLAUSES,
    MAX_DEPTH,
    MAX_LISTED_TAGS,
    browser_params,
    compile_filter,
    count_query,
    listing_query,
    page_query,
)
from graph.segments.model import CustomerFilter, HadTag


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
        "coalesce(c.employees >= $f2, false)"
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
        "NOT (coalesce(toLower(c.name) CONTAINS toLower($f2), false))"
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
    assert compiled.predicate == "coalesce(c.lastInteractionAt < $f0, false)"
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


def test_tag_lists_categories_and_history_compile_to_parameters() -> None:
    since, until = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    compiled = compile_filter(
        CustomerFilter(
            has_all_tags=("a", "b", "a"),
            has_any_tag=("c", "d"),
            has_any_tag_in_category="cat-lifecycle",
            had_tag=HadTag("e", since, until),
        )
    )
    assert compiled.parameters == {
        "f0": ["a", "b"],
        "f1": ["c", "d"],
        "f2": "cat-lifecycle",
        "f3": {"tagId": "e", "since": since, "until": until},
    }
    assert compiled.predicate.startswith(
        "size(COLLECT { MATCH (c)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(a:Tag) WHERE a.id IN $f0"
        " RETURN DISTINCT a.id }) = size($f0) AND "
    )
    assert "$f3.tagId" in compiled.predicate
    assert "r.until IS NULL OR r.until > $f3.since" in compiled.predicate


@pytest.mark.parametrize("field", ["has_all_tags", "has_any_tag"])
def test_a_tag_list_is_one_list_parameter_whatever_its_length(field: str) -> None:
    def compiled_with(count: int) -> tuple[str, str, dict[str, object]]:
        ids = tuple(f"tag-{i:04}" for i in range(count))
        clause = {"has_all_tags": CustomerFilter(has_all_tags=ids),
                  "has_any_tag": CustomerFilter(has_any_tag=ids)}[field]  # fmt: skip
        compiled = compile_filter(
            CustomerFilter(in_region="CN-SOUTH", and_=(clause,), employees_gte=500)
        )
        return compiled.predicate, page_query(compiled), compiled.parameters

    one, many = compiled_with(1), compiled_with(MAX_LISTED_TAGS)
    assert one[:2] == many[:2]  # the same text, so the same cached plan
    assert one[0].count("EXISTS") + one[0].count("COLLECT") == 2
    assert many[2]["f2"] == [f"tag-{i:04}" for i in range(MAX_LISTED_TAGS)]
    assert set(many[2]) == {"f0", "f1", "f2"}


def test_browser_params_show_every_value_as_a_cypher_literal() -> None:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    compiled = compile_filter(
        CustomerFilter(name_contains="华锐\"'", created_after=moment, has_any_tag=("x",))
    )
    assert browser_params(compiled) == (
        ':params {f0: ["x"], f1: datetime("2026-01-01T00:00:00+00:00"), f2: "华锐\\"\'"}'
    )
    assert listing_query(compiled).startswith("MATCH (c:Customer)\nWHERE ")


def test_an_empty_history_period_is_refused() -> None:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(UserInputError) as refused:
        compile_filter(CustomerFilter(had_tag=HadTag("t", moment, moment)))
    assert refused.value.errors[0].code is ErrorCode.INVALID_INPUT
