"""A category a viewer may not see does not exist for it: tags, categories, customers' tags and
history, filters, counts, facets, explanations, governance and taxonomy mutations, with a
restricted viewer, executed in-process on the index's path and on Cypher's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from graph.database import Database
from services.index_keeper import IndexKeeper
from settings import Settings
from tests.factories import unique
from tests.visibility_scene import (
    SINCE,
    UNTIL,
    Restricted,
    Scene,
    make_scene,
)


@pytest.fixture(scope="module")
async def keeper(db: Database) -> AsyncIterator[IndexKeeper]:
    """An index of the test database, caught up by each test after its writes."""
    keeper = IndexKeeper(db)
    await keeper.rebuild()
    yield keeper


@pytest.fixture
async def scene(db: Database, keeper: IndexKeeper) -> Scene:
    """The scene (tests.visibility_scene), new for each test."""
    return await make_scene(db, keeper)


@pytest.fixture(params=[True, False], ids=["index", "cypher"])
def restricted(
    request: pytest.FixtureRequest,
    settings: Settings,
    db: Database,
    scene: Scene,
    keeper: IndexKeeper,
) -> Restricted:
    """The restricted viewer on the index's path and on Cypher's."""
    return Restricted(settings, db, scene, keeper if request.param else None)


# -- tags and categories --------------------------------------------------------------------


async def test_hidden_tags_and_categories_do_not_exist(
    restricted: Restricted, scene: Scene
) -> None:
    q = restricted
    assert (await q.data("query($id: ID!) { tag(id: $id) { id } }", id=scene.secret.id)) == {
        "tag": None
    }
    categories = (await q.data("{ tagCategories { id } }"))["tagCategories"]
    assert [c["id"] for c in categories] == [scene.seen.id]
    listed = await q.data(
        "query($c: ID) { tags(categoryId: $c, first: 100) { totalCount edges { node { id } } } }",
        c=scene.hidden.id,
    )
    assert listed["tags"] == {"totalCount": 0, "edges": []}
    everything = await q.data("{ tags(first: 100) { totalCount edges { node { id } } } }")
    ids = {e["node"]["id"] for e in everything["tags"]["edges"]}
    assert ids == {scene.root.id, scene.child.id, scene.other.id}
    assert everything["tags"]["totalCount"] == 3
    by_name = await q.data(
        "query($s: String) { tags(search: $s, first: 10) { totalCount } }", s=scene.secret.name
    )
    assert by_name["tags"]["totalCount"] == 0
    counted = await q.data(
        "query($id: ID!) { tag(id: $id) { customerCount usage { directCustomers "
        "customersWithDescendants } customers(first: 10) { totalCount } children { id } } }",
        id=scene.root.id,
    )
    assert counted["tag"] == {
        "customerCount": 2,
        "usage": {"directCustomers": 0, "customersWithDescendants": 2},
        "customers": {"totalCount": 2},
        "children": [{"id": scene.child.id}],
    }


async def test_a_customer_shows_visible_tags_and_history_only(
    restricted: Restricted, scene: Scene
) -> None:
    target, *_, fourth = scene.customers
    query = """query($id: ID!, $at: DateTime!) { customer(id: $id) {
      tags { id } tagsAsOf(at: $at) { id }
      tagHistory(first: 20) { totalCount edges { node { action tag { id } } } } } }"""
    found = (await restricted.data(query, id=target, at=UNTIL))["customer"]
    assert found["tags"] == [{"id": scene.child.id}]
    assert found["tagsAsOf"] == [{"id": scene.child.id}]
    assert found["tagHistory"]["totalCount"] == 1
    ended = (await restricted.data(query, id=fourth, at=UNTIL))["customer"]
    assert ended["tags"] == [{"id": scene.other.id}]
    assert ended["tagHistory"]["totalCount"] == 1  # not the ADDED and REMOVED of `secret`


# -- filters ------------------------------------------------------------------------------------

FILTERS = [
    lambda s: {"hasTag": s.secret.id},
    lambda s: {"hasAllTags": [s.child.id, s.secret_child.id]},
    lambda s: {"hasAnyTag": [s.child.id, s.secret.id]},
    lambda s: {"hasAnyTagInCategory": s.hidden.id},
    lambda s: {"hadTag": {"tagId": s.secret.id, "since": SINCE, "until": UNTIL}},
    lambda s: {"not": {"hasTag": s.secret_child.id}},
    lambda s: {"or": [{"hasTag": s.child.id}, {"and": [{"hasTag": s.secret.id}]}]},
]


@pytest.mark.parametrize("make", FILTERS)
async def test_a_filter_naming_a_hidden_tag_is_not_found_like_an_unknown_one(
    restricted: Restricted, scene: Scene, make: Any
) -> None:
    hidden = make(scene)
    unknown = _rename(hidden, {scene.secret.id: "tag-ghost", scene.secret_child.id: "tag-ghost",
                               scene.hidden.id: "cat-ghost"})  # fmt: skip
    ids = {"c": scene.seen.id, "t": scene.child.id, "m": scene.customers[0]}
    queries = [
        "query($f: CustomerFilter) { customers(filter: $f, first: 5) { totalCount } }",
        "query($f: CustomerFilter, $c: ID) { facets(dimension: TAG, parent: $c, filter: $f) "
        "{ key } }",
        "query($f: CustomerFilter) { facets(dimension: REGION, filter: $f) { key } }",
        "query($f: CustomerFilter!) { segmentCypher(filter: $f) { cypher } }",
        "query($f: CustomerFilter, $t: ID!) { coOccurringTags(tagId: $t, filter: $f) "
        "{ together } }",
        "query($f: CustomerFilter!, $m: ID!) { explainMembership(customerId: $m, filter: $f) "
        "{ matched } }",
    ]
    if restricted.keeper is not None:  # look-alikes need the index (INDEX_NOT_READY without)
        queries.append("query($f: CustomerFilter) { lookalikeCustomers(seedFilter: $f) { score } }")
    for query in queries:
        used = {name: value for name, value in ids.items() if f"${name}:" in query}
        found_hidden, hidden_codes = await restricted(query, f=hidden, **used)
        found_unknown, unknown_codes = await restricted(query, f=unknown, **used)
        assert (found_hidden, hidden_codes) == (None, ["NOT_FOUND"]), query
        assert (found_unknown, unknown_codes) == (None, ["NOT_FOUND"]), query


def _rename(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: _rename(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, names) for v in value]
    return names.get(value, value) if isinstance(value, str) else value


async def test_counts_facets_and_co_occurrence_count_visible_tags_only(
    restricted: Restricted, scene: Scene
) -> None:
    scope = {"hasAnyTagInCategory": scene.seen.id}
    total = await restricted.data(
        "query($f: CustomerFilter) { customers(filter: $f, first: 10) { totalCount } }", f=scope
    )
    assert total["customers"]["totalCount"] == 3
    facets = await restricted.data(
        "query($p: ID, $f: CustomerFilter) { facets(dimension: TAG, parent: $p, filter: $f) "
        "{ key customers } }",
        p=scene.seen.id,
        f=scope,
    )
    assert facets["facets"] == [
        {"key": key, "customers": 2} for key in sorted([scene.root.id, scene.other.id])
    ]
    for parent in (scene.hidden.id, scene.secret.id):
        hidden = await restricted.data(
            "query($p: ID) { facets(dimension: TAG, parent: $p) { key } }", p=parent
        )
        assert hidden["facets"] == []
    together = await restricted.data(
        "query($id: ID!, $f: CustomerFilter) { coOccurringTags(tagId: $id, filter: $f) "
        "{ tag { id } together withTag } }",
        id=scene.child.id,
        f=scope,
    )
    assert together["coOccurringTags"] == [{"tag": {"id": scene.other.id}, "together": 1,
                                            "withTag": 2}]  # fmt: skip
    found, codes = await restricted(
        "query($id: ID!) { coOccurringTags(tagId: $id) { together } }", id=scene.secret.id
    )
    assert (found, codes) == (None, ["NOT_FOUND"])


async def test_explanations_and_compiled_cypher_name_visible_tags_only(
    restricted: Restricted, scene: Scene
) -> None:
    explained = await restricted.data(
        "query($id: ID!, $f: CustomerFilter!) { explainMembership(customerId: $id, filter: $f) "
        "{ matched path detail children { matched } } }",
        id=scene.customers[0],
        f={"hasAnyTagInCategory": scene.seen.id},
    )
    assert explained["explainMembership"]["matched"] is True
    assert scene.secret_child.name not in str(explained)
    compiled = await restricted.data(
        "query($f: CustomerFilter!) { segmentCypher(filter: $f) { parameters } }",
        f={"hasTag": scene.child.id},
    )
    assert scene.child.id in str(compiled) and scene.secret.id not in str(compiled)


# -- governance -------------------------------------------------------------------------------


async def test_governance_and_history_queries_see_no_hidden_tag(
    restricted: Restricted, scene: Scene
) -> None:
    stale = await restricted.data("{ staleTags(unusedForDays: 1, first: 100) { tag { id } } }")
    assert {t["tag"]["id"] for t in stale["staleTags"]} <= {
        scene.root.id, scene.child.id, scene.other.id
    }  # fmt: skip
    found, codes = await restricted(
        "query($id: ID!) { tagDistribution(categoryId: $id) { customersWithAnyTag } }",
        id=scene.hidden.id,
    )
    assert (found, codes) == (None, ["NOT_FOUND"])
    duplicates = await restricted.data(
        "{ tagDuplicateCandidates(first: 100) { tagA { id } tagB { id } } }"
    )
    named = {t["id"] for c in duplicates["tagDuplicateCandidates"] for t in (c["tagA"], c["tagB"])}
    assert not named & {scene.secret.id, scene.secret_child.id}
    flow = await restricted.data(
        "query($id: ID!, $s: DateTime!, $u: DateTime!) { tagFlow(tagId: $id, since: $s, "
        "until: $u) { entered left } }",
        id=scene.secret.id, s=SINCE, u=UNTIL,
    )  # fmt: skip
    assert flow["tagFlow"] == {"entered": 0, "left": 0}
    moves = await restricted.data(
        "query($a: ID!, $b: ID!, $s: DateTime!, $u: DateTime!) { tagMoves(fromTagId: $a, "
        "toTagId: $b, since: $s, until: $u) { count } }",
        a=scene.secret.id, b=scene.other.id, s=SINCE, u=UNTIL,
    )  # fmt: skip
    assert moves["tagMoves"] == {"count": 0}
    transitions = await restricted.data(
        "query($c: ID, $s: DateTime!, $u: DateTime!) { lifecycleTransitions(since: $s, "
        "until: $u, period: DAY, categoryId: $c) { count } }",
        c=scene.hidden.id, s=SINCE, u=UNTIL,
    )  # fmt: skip
    assert transitions["lifecycleTransitions"] == []


async def test_hidden_tags_cannot_be_changed_or_assigned(
    restricted: Restricted, scene: Scene
) -> None:
    secret, other, hidden = scene.secret.id, scene.other.id, scene.hidden.id
    mutations: list[tuple[str, dict[str, Any], str]] = [
        ("mutation($id: ID!) { updateTag(input: {id: $id, name: \"x\"}) { userErrors { code } } }",
         {"id": secret}, "updateTag"),
        ("mutation($id: ID!, $c: ID) { moveTag(id: $id, categoryId: $c) { userErrors { code } } }",
         {"id": secret, "c": scene.seen.id}, "moveTag"),
        ("mutation($id: ID!, $c: ID) { moveTag(id: $id, categoryId: $c) { userErrors { code } } }",
         {"id": other, "c": hidden}, "moveTag"),
        ("mutation($id: ID!) { deleteTag(id: $id) { userErrors { code } } }",
         {"id": secret}, "deleteTag"),
        ("mutation($id: ID!, $t: ID!) { mergeTags(sourceIds: [$id], targetId: $t) "
         "{ userErrors { code } } }", {"id": secret, "t": other}, "mergeTags"),
        ("mutation($id: ID!, $c: [ID!]) { tagCustomers(tagIds: [$id], customerIds: $c) "
         "{ userErrors { code } } }", {"id": secret, "c": scene.customers[:1]}, "tagCustomers"),
        ("mutation($id: ID!, $f: CustomerFilter) { tagCustomers(tagIds: [$id], filter: $f) "
         "{ userErrors { code } } }", {"id": other, "f": {"hasTag": secret}}, "tagCustomers"),
        ("mutation($n: String!, $c: ID) { createTag(input: {name: $n, categoryId: $c}) "
         "{ userErrors { code } } }", {"n": unique("x"), "c": hidden}, "createTag"),
    ]  # fmt: skip
    for mutation, variables, field in mutations:
        found = await restricted.data(mutation, **variables)
        assert {e["code"] for e in found[field]["userErrors"]} == {"NOT_FOUND"}, field
