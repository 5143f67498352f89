"""The governance fields (stale tags, distribution, duplicate candidates, usage) through the
application's schema, executed in-process with a real database behind it."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLFormattedError

from api.context import Context
from api.schema import schema
from graph.admin import snapshot_graph
from graph.database import Database
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.viewer import ALL_PERMISSIONS, Viewer
from settings import Settings
from tests.factories import make_category, make_customers, make_tag

STALE = """
query($days: Int!, $first: Int) {
  staleTags(unusedForDays: $days, first: $first) {
    directCustomers lastAssignedAt tag { id name category { id } }
  }
}"""

DISTRIBUTION = """
query($id: ID!) {
  tagDistribution(categoryId: $id) {
    category { id } totalCustomers customersWithAnyTag shareWithAnyTag
    tags { directCustomers customersWithDescendants share tag { id name } }
  }
}"""

CANDIDATES = """
query($first: Int) {
  tagDuplicateCandidates(first: $first) { score reasons tagA { id name } tagB { id name } }
}"""

MARK = """
mutation($a: ID!, $b: ID!) {
  markTagsDistinct(tagAId: $a, tagBId: $b) { userErrors { code message field } }
}"""


async def execute(
    settings: Settings, db: Database, viewer: Viewer, query: str, **variables: Any
) -> tuple[dict[str, Any] | None, list[GraphQLFormattedError]]:
    """The data and the errors (as clients see them) of one operation."""
    result = await schema.execute(
        query, variable_values=variables, context_value=Context(settings, db, viewer)
    )
    return result.data, [error.formatted for error in result.errors or []]


async def data(
    settings: Settings, db: Database, viewer: Viewer, query: str, **variables: Any
) -> dict[str, Any]:
    """The data of an operation that must have no errors."""
    found, errors = await execute(settings, db, viewer, query, **variables)
    assert errors == [] and found is not None
    return found


def only(*category_ids: str) -> Viewer:
    """A viewer who sees these categories only, so the lists hold only this test's tags."""
    return Viewer(
        user="test", visible_category_ids=frozenset(category_ids), permissions=ALL_PERMISSIONS
    )


async def test_stale_tags_resolve_their_tags(settings: Settings, db: Database) -> None:
    category = await make_category(db)
    never = await make_tag(db, category=category, name="从未使用")
    used = await make_tag(db, category=category)
    [member] = await make_customers(db)
    await tag_customers(
        db, only(category.id), selection=CustomerSelection((member.id,)), tag_ids=[used.id]
    )

    found = await data(settings, db, only(category.id), STALE, days=30, first=10)

    assert found["staleTags"] == [
        {
            "directCustomers": 0,
            "lastAssignedAt": None,
            "tag": {"id": never.id, "name": "从未使用", "category": {"id": category.id}},
        }
    ]


@pytest.mark.parametrize(
    ("variables", "code", "field"),
    [
        ({"days": 0}, "INVALID_INPUT", ["unusedForDays"]),
        ({"days": 3651}, "INVALID_INPUT", ["unusedForDays"]),
        ({"days": 30, "first": 101}, "PAGE_SIZE_EXCEEDED", ["first"]),
        ({"days": 30, "first": -1}, "INVALID_INPUT", ["first"]),
    ],
)
async def test_bad_stale_tags_arguments_are_coded_errors(
    settings: Settings,
    db: Database,
    viewer: Viewer,
    variables: dict[str, Any],
    code: str,
    field: list[str],
) -> None:
    found, errors = await execute(settings, db, viewer, STALE, **variables)
    assert found is None
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in errors] == [(code, field)]


async def test_tag_distribution(settings: Settings, db: Database, viewer: Viewer) -> None:
    category = await make_category(db)
    root = await make_tag(db, category=category)
    child = await make_tag(db, parent=root)
    members = await make_customers(db, 2)
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(c.id for c in members)), tag_ids=[child.id]
    )

    found = (await data(settings, db, viewer, DISTRIBUTION, id=category.id))["tagDistribution"]

    assert found["category"] == {"id": category.id}
    assert found["customersWithAnyTag"] == 2
    assert found["shareWithAnyTag"] == pytest.approx(2 / found["totalCustomers"])
    counts = {t["tag"]["id"]: (t["directCustomers"], t["customersWithDescendants"])
              for t in found["tags"]}  # fmt: skip
    assert counts == {root.id: (0, 2), child.id: (2, 2)}


async def test_distribution_of_an_unknown_category_is_not_found(
    settings: Settings, db: Database, viewer: Viewer
) -> None:
    found, errors = await execute(settings, db, viewer, DISTRIBUTION, id="cat-ghost")
    assert found is None
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
    assert errors[0]["extensions"]["field"] == ["categoryId"]


async def test_duplicate_candidates_and_marking_them_distinct(
    settings: Settings, db: Database
) -> None:
    category = await make_category(db)
    parent = await make_tag(db, category=category)
    important = await make_tag(db, parent=parent, name="重要客户")
    key = await make_tag(db, parent=parent, name="重点客户")
    viewer = only(category.id)

    found = (await data(settings, db, viewer, CANDIDATES, first=10))["tagDuplicateCandidates"]
    a, b = sorted((important, key), key=lambda t: t.id)
    assert found == [
        {
            "score": 0.75,
            "reasons": ["SIMILAR_NAME"],
            "tagA": {"id": a.id, "name": a.name},
            "tagB": {"id": b.id, "name": b.name},
        }
    ]

    marked = await data(settings, db, viewer, MARK, a=key.id, b=important.id)
    assert marked["markTagsDistinct"]["userErrors"] == []
    after = await data(settings, db, viewer, CANDIDATES, first=10)
    assert after["tagDuplicateCandidates"] == []


async def test_too_many_duplicate_candidates_asked_is_a_coded_error(
    settings: Settings, db: Database, viewer: Viewer
) -> None:
    found, errors = await execute(settings, db, viewer, CANDIDATES, first=101)
    assert found is None
    assert errors[0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"


@pytest.mark.parametrize(
    ("pair", "expected"),
    [
        (("known", "tag-ghost"), [("NOT_FOUND", ["tagBId"])]),
        (("tag-ghost", "known"), [("NOT_FOUND", ["tagAId"])]),
        (("known", "known"), [("INVALID_INPUT", ["tagBId"])]),
    ],
)
async def test_refused_mark_tags_distinct_returns_user_errors_and_changes_nothing(
    settings: Settings,
    db: Database,
    viewer: Viewer,
    pair: tuple[str, str],
    expected: list[tuple[str, list[str]]],
) -> None:
    tag = await make_tag(db)
    a, b = (tag.id if side == "known" else side for side in pair)
    before = await snapshot_graph(db)
    payload = (await data(settings, db, viewer, MARK, a=a, b=b))["markTagsDistinct"]
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == expected
    assert await snapshot_graph(db) == before
