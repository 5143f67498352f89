"""CustomerFilter inputs built by the API's own conversion equal Strawberry's generic one."""

from __future__ import annotations

from typing import Any

from graphql import coerce_input_value
from hypothesis import given
from hypothesis import strategies as st
from strawberry.types.arguments import convert_argument

from api.schema import schema
from api.segments.inputs import CustomerFilterInput
from graph.segments.model import CustomerFilter

ids = st.sampled_from(["tag-1", "tag-2", "C", "CN-SOUTH", "区域"])
times = st.sampled_from(["2026-01-01T00:00:00Z", "2026-02-01T08:00:00+08:00"])
leaves: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {},
    optional={
        "hasTag": ids,
        "hasAllTags": st.lists(ids, max_size=3),
        "hasAnyTag": st.lists(ids, max_size=3) | st.none(),
        "hasAnyTagInCategory": ids,
        "hadTag": st.fixed_dictionaries({"tagId": ids, "since": times, "until": times}),
        "inIndustry": ids,
        "inRegion": ids | st.none(),
        "employeesGte": st.integers(0, 10_000),
        "annualRevenueLte": st.floats(0, 1e9),
        "createdAfter": times,
        "nameContains": st.text(max_size=5),
    },
)
values = st.recursive(
    leaves,
    lambda children: st.fixed_dictionaries(
        {},
        optional={
            "and": st.lists(children, max_size=3),
            "or": st.lists(children, max_size=3) | st.none(),
            "not": children,
        },
    ),
    max_leaves=8,
)


def _convert(value: dict[str, Any]) -> CustomerFilter:
    coerced = coerce_input_value(value, schema._schema.get_type("CustomerFilter"))  # type: ignore[arg-type]
    registry = schema.schema_converter.scalar_registry
    converted = convert_argument(coerced, CustomerFilterInput, registry, schema.config)
    assert isinstance(converted, CustomerFilterInput)
    return converted.to_model()


@given(values)
def test_filters_built_directly_equal_the_generic_conversion(value: dict[str, Any]) -> None:
    definition = CustomerFilterInput.__strawberry_definition__  # type: ignore[attr-defined]
    direct = _convert(value)
    hook, definition.from_input = definition.from_input, None
    assert hook is not None
    try:
        generic = _convert(value)
    finally:
        definition.from_input = hook
    assert direct == generic
