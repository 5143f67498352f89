"""The segment query templates (cypher/segments/filter_*, source_*): every one renders with a
compiled filter into a query with no slot left and every parameter it names provided."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.cypher import CYPHER_ROOT
from graph.segments import compiler
from graph.segments.compiler import CompiledFilter, compile_filter
from graph.segments.model import CustomerFilter, CustomerOrder, CustomerOrderField, HadTag

FOLDER = CYPHER_ROOT / "segments"
TEMPLATES = sorted([*FOLDER.glob("filter_*.cypher"), *FOLDER.glob("source_*.cypher")])
SLOT = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

Render = Callable[[CompiledFilter], str]

# Each template, how it is rendered, and the parameters its callers add to the filter's own.
CASES: dict[str, tuple[Render, set[str]]] = {
    "filter_page": (compiler.page_query, {"afterId", "limit"}),
    "filter_count": (compiler.count_query, set()),
    "filter_ids": (compiler.ids_query, {"limit"}),
    "filter_listing": (compiler.listing_query, set()),
    "filter_facet_region": (
        lambda c: compiler.facet_query(c, "REGION"),
        {"facetParent", "visibleCategoryIds"},
    ),
    "filter_facet_industry": (
        lambda c: compiler.facet_query(c, "INDUSTRY"),
        {"facetParent", "visibleCategoryIds"},
    ),
    "filter_facet_tag": (
        lambda c: compiler.facet_query(c, "TAG"),
        {"facetParent", "visibleCategoryIds"},
    ),
    "filter_cooccurrence": (
        compiler.cooccurrence_query,
        {"anchorTagId", "visibleCategoryIds", "limit"},
    ),
    "filter_ordered_page": (
        lambda c: compiler.ordered_page_query(
            c, CustomerOrder(CustomerOrderField.NAME, descending=True)
        ),
        {"afterIsNull", "afterValue", "afterId", "limit"},
    ),
}


def _sample(anchor: str | None) -> CompiledFilter:
    since, until = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    compiled = compile_filter(
        CustomerFilter(
            has_tag="t1",
            in_region="CN-SOUTH",
            had_tag=HadTag("t2", since, until),
            or_=(CustomerFilter(employees_gte=500), CustomerFilter(name_contains="华")),
        )
    )
    if anchor is not None:
        compiled.anchor_on(anchor, "key")
    return compiled


def test_every_filter_template_has_a_case() -> None:
    assert {p.stem for p in TEMPLATES if p.stem.startswith("filter_")} == set(CASES)


@pytest.mark.parametrize("anchor", [None, "TAG", "INDUSTRY", "REGION"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_rendered_template_has_no_slot_left_and_every_parameter_provided(
    name: str, anchor: str | None
) -> None:
    render, added_by_caller = CASES[name]
    compiled = _sample(anchor)
    text = render(compiled)
    assert not SLOT.search(text), "every slot is filled"
    assert not text.lstrip().startswith("//"), "the header stays in the file"
    assert compiled.predicate in text
    assert text.startswith(compiled.source())
    assert ("$anchorKey" in text) == (anchor is not None)
    provided = set(compiled.parameters) | added_by_caller
    assert set(PARAMETER.findall(text)) <= provided


@pytest.mark.parametrize("field", list(CustomerOrderField))
@pytest.mark.parametrize("descending", [False, True])
def test_an_ordering_fills_in_only_words_of_its_own(
    field: CustomerOrderField,
    descending: bool,  # noqa: FBT001 - pytest parameter
) -> None:
    text = compiler.ordered_page_query(_sample(None), CustomerOrder(field, descending))
    assert not SLOT.search(text)
    assert text.endswith(f"{' DESC' if descending else ' ASC'}, c.id\nLIMIT $limit")


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_the_header_documents_every_slot(path: Path) -> None:
    lines = path.read_text("utf-8").splitlines()
    header = "\n".join(line for line in lines if line.startswith("//"))
    body = "\n".join(line for line in lines if not line.startswith("//"))
    assert set(SLOT.findall(body)) <= set(SLOT.findall(header))


def test_the_filler_refuses_a_missing_or_unknown_slot() -> None:
    compiled = _sample(None)
    with pytest.raises(ValueError, match="takes"):
        compiler._fill("filter_count", compiled, property="name")
    with pytest.raises(ValueError, match="takes"):
        compiler._fill("filter_ordered_page", compiled, property="name", later=">")


def test_a_slot_in_a_filled_value_is_not_filled_again() -> None:
    compiled = _sample(None)
    compiled.predicate = "c.name = '{{source}}'"  # never a real predicate: text, not a slot
    assert "c.name = '{{source}}'" in compiler.count_query(compiled)


def test_a_misspelt_slot_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiler, "query", lambda name: "// x: y\nMATCH (c) WHERE {{ Predicate }}")
    compiler._template.cache_clear()
    try:
        with pytest.raises(ValueError, match="slot"):
            compiler._template("filter_count")
    finally:
        compiler._template.cache_clear()
