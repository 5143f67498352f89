"""A category a viewer may not see does not exist for it, field by field of the schema, executed
in-process with a restricted viewer, on the index's path (a Context with a keeper) and on
Cypher's (without)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from api.context import Context
from api.schema import schema
from graph.database import Database
from graph.interactions import products
from graph.interactions.model import Interaction, InteractionType, Product
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers, untag_customers
from graph.taxonomy.model import Tag, TagCategory
from graph.viewer import Viewer
from services.index_keeper import IndexKeeper
from services.interactions import record_interactions
from services.neighbours import Neighbours, tree_weights
from settings import Settings
from tests.factories import VIEWER, make_category, make_customers, make_tag, unique

SINCE = (datetime.now(UTC) - timedelta(days=1)).isoformat()
UNTIL = (datetime.now(UTC) + timedelta(days=1)).isoformat()


@dataclass
class Scene:
    """A visible and a hidden category, their tags, customers holding both, and a restricted
    viewer who sees only the first."""

    seen: TagCategory
    hidden: TagCategory
    root: Tag  # seen, with `child` under it
    child: Tag
    other: Tag  # seen
    secret: Tag  # hidden, with `secret_child` under it
    secret_child: Tag
    customers: list[str]  # target, its visible twin, its hidden twin, a fourth
    viewer: Viewer


@pytest.fixture(scope="module")
async def keeper(db: Database) -> AsyncIterator[IndexKeeper]:
    """An index of the test database, caught up by each test after its writes."""
    keeper = IndexKeeper(db)
    await keeper.rebuild()
    yield keeper


@pytest.fixture
async def scene(db: Database, keeper: IndexKeeper) -> Scene:
    """Target holds child and secret_child; the twin holds child and other; the hidden twin
    secret_child only; the fourth holds other and secret (then lost secret)."""
    seen, hidden = await make_category(db), await make_category(db)
    root = await make_tag(db, category=seen)
    child = await make_tag(db, parent=root)
    other = await make_tag(db, category=seen)
    secret = await make_tag(db, category=hidden)
    secret_child = await make_tag(db, parent=secret)
    members = [c.id for c in await make_customers(db, 4)]
    target, twin, hidden_twin, fourth = members
    for customer, tags in (
        (target, [child, secret_child]),
        (twin, [child, other]),
        (hidden_twin, [secret_child]),
        (fourth, [other, secret]),
    ):
        selection = CustomerSelection((customer,))
        await tag_customers(db, VIEWER, selection=selection, tag_ids=[t.id for t in tags])
    await untag_customers(db, VIEWER, selection=CustomerSelection((fourth,)), tag_ids=[secret.id])
    await keeper.catch_up()
    viewer = Viewer(user="restricted", visible_category_ids=frozenset({seen.id}))
    return Scene(seen, hidden, root, child, other, secret, secret_child, members, viewer)


PATHS = pytest.mark.parametrize("indexed", [True, False], ids=["index", "cypher"])


async def ask(
    settings: Settings,
    db: Database,
    viewer: Viewer,
    keeper: IndexKeeper | None,
    query: str,
    **variables: Any,
) -> tuple[dict[str, Any] | None, list[str]]:
    """The data and the error codes of one operation."""
    neighbours = Neighbours(db, keeper, tree_weights(settings))
    context = Context(settings, db, viewer, keeper, neighbours)
    result = await schema.execute(query, variable_values=variables, context_value=context)
    codes = [str(e.formatted.get("extensions", {}).get("code")) for e in result.errors or []]
    return result.data, codes


def _paths(found: dict[str, Any]) -> set[str]:
    return {key for path in found["sharedPaths"] for key in path["keys"]}


class Restricted:
    """Operations of the scene's restricted viewer on one path."""

    def __init__(self, settings: Settings, db: Database, scene: Scene, keeper: IndexKeeper | None):
        self.settings, self.db, self.scene, self.keeper = settings, db, scene, keeper

    async def __call__(
        self, query: str, **variables: Any
    ) -> tuple[dict[str, Any] | None, list[str]]:
        return await ask(self.settings, self.db, self.scene.viewer, self.keeper, query, **variables)

    async def data(self, query: str, **variables: Any) -> dict[str, Any]:
        found, codes = await self(query, **variables)
        assert codes == [] and found is not None, codes
        return found


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


# -- saved segments and rules ---------------------------------------------------------------------


async def test_saved_segments_naming_a_hidden_tag_are_invisible(
    settings: Settings, db: Database, restricted: Restricted, scene: Scene, keeper: IndexKeeper
) -> None:
    create = """mutation($n: String!, $f: CustomerFilter!, $k: SegmentKind!) {
      createSegment(input: {name: $n, kind: $k, filter: $f}) {
        segment { id count customers(first: 10) { totalCount } } userErrors { code } } }"""
    made = {}
    for kind in ("DYNAMIC", "STATIC"):
        for label, f in (
            ("hidden", {"hasTag": scene.secret.id}),
            ("category", {"not": {"hasAnyTagInCategory": scene.hidden.id}}),
            ("seen", {"hasTag": scene.root.id}),
        ):
            found, _ = await ask(settings, db, VIEWER, keeper, create, n=unique(label), f=f, k=kind)
            assert found is not None
            made[(kind, label)] = found["createSegment"]["segment"]["id"]
    listed = await restricted.data("{ segments { id } }")
    ids = {s["id"] for s in listed["segments"]}
    for (kind, label), segment_id in made.items():
        one = await restricted.data(
            "query($id: ID!) { segment(id: $id) { id count customers(first: 10) { totalCount } } }",
            id=segment_id,
        )
        if label == "seen":
            assert segment_id in ids
            assert one["segment"] == {"id": segment_id, "count": 2,
                                      "customers": {"totalCount": 2}}, kind  # fmt: skip
        else:
            assert segment_id not in ids and one["segment"] is None, (kind, label)
    refused = await restricted.data(
        create, n=unique("refused"), f={"hasTag": scene.secret.id}, k="DYNAMIC"
    )
    assert refused["createSegment"]["userErrors"] == [{"code": "NOT_FOUND"}]
    for mutation in (
        "mutation($id: ID!) { refreshSegment(id: $id) { userErrors { code } } }",
        "mutation($id: ID!) { deleteSegment(id: $id) { userErrors { code } } }",
    ):
        gone = await restricted.data(mutation, id=made[("STATIC", "hidden")])
        assert next(iter(gone.values()))["userErrors"] == [{"code": "NOT_FOUND"}]


async def test_rules_naming_a_hidden_tag_are_invisible(
    settings: Settings, db: Database, restricted: Restricted, scene: Scene, keeper: IndexKeeper
) -> None:
    create = """mutation($n: String!, $t: ID!, $f: CustomerFilter) {
      createTagRule(input: {name: $n, condition: {filter: $f}, action: ADD_TAG, tagId: $t}) {
        rule { id } userErrors { code field } } }"""
    rules = {}
    for label, tag, f in (
        ("action", scene.secret.id, {"hasTag": scene.other.id}),
        ("condition", scene.other.id, {"hasTag": scene.secret_child.id}),
        ("category", scene.other.id, {"hasAnyTagInCategory": scene.hidden.id}),
        ("seen", scene.other.id, {"hasTag": scene.child.id}),
    ):
        found, codes = await ask(settings, db, VIEWER, keeper, create, n=unique(label), t=tag, f=f)
        assert codes == [] and found is not None
        rules[label] = found["createTagRule"]["rule"]["id"]
    run_all = """mutation($ids: [ID!], $c: [ID!]) { runTagRules(ruleIds: $ids, customerIds: $c)
      { rules { ruleId } } }"""
    everyone, _ = await ask(
        settings, db, VIEWER, keeper, run_all, ids=list(rules.values()), c=scene.customers
    )
    assert everyone is not None
    assert {r["ruleId"] for r in everyone["runTagRules"]["rules"]} == set(rules.values())
    listed = {r["id"] for r in (await restricted.data("{ tagRules { id } }"))["tagRules"]}
    for label, rule_id in rules.items():
        one = await restricted.data("query($id: ID!) { tagRule(id: $id) { id } }", id=rule_id)
        runs = await restricted.data("query($id: ID!) { ruleRuns(ruleId: $id) { at } }", id=rule_id)
        preview, _ = await restricted(
            "query($id: ID!) { previewRule(ruleId: $id) { userErrors { code } } }", id=rule_id
        )
        assert preview is not None
        if label == "seen":
            assert rule_id in listed and one["tagRule"] == {"id": rule_id}
            assert preview["previewRule"]["userErrors"] == []
            assert runs["ruleRuns"] != []
        else:
            assert rule_id not in listed and one["tagRule"] is None, label
            assert runs["ruleRuns"] == []
            assert preview["previewRule"]["userErrors"] == [{"code": "NOT_FOUND"}]
            for mutation in (
                "mutation($id: ID!) { deleteTagRule(id: $id) { userErrors { code } } }",
                "mutation($id: ID!) { setTagRuleEnabled(id: $id, enabled: false) "
                "{ userErrors { code } } }",
            ):
                gone = await restricted.data(mutation, id=rule_id)
                assert next(iter(gone.values()))["userErrors"] == [{"code": "NOT_FOUND"}]
    refusals: list[tuple[str, dict[str, Any]]] = [
        (scene.secret.id, {"hasTag": scene.other.id}),
        (scene.other.id, {"hadTag": {"tagId": scene.secret.id, "since": SINCE, "until": UNTIL}}),
    ]
    for tag, f in refusals:
        refused = await restricted.data(create, n=unique("refused"), t=tag, f=f)
        assert {e["code"] for e in refused["createTagRule"]["userErrors"]} == {"NOT_FOUND"}
    ran = await restricted.data(run_all, ids=list(rules.values()), c=scene.customers)
    assert {r["ruleId"] for r in ran["runTagRules"]["rules"]} == {rules["seen"]}


# -- similarity and recommendations ----------------------------------------------------------


SIMILAR = """query($id: ID!) { similarCustomers(customerId: $id, first: 20) {
  score customer { id } sharedPaths { keys weight } } }"""


async def test_similarity_counts_no_hidden_tag(
    settings: Settings, db: Database, scene: Scene, keeper: IndexKeeper
) -> None:
    target, twin, hidden_twin, _ = scene.customers
    full, _ = await ask(settings, db, VIEWER, keeper, SIMILAR, id=target)
    assert full is not None
    assert hidden_twin in {s["customer"]["id"] for s in full["similarCustomers"]}
    before, _ = await ask(settings, db, scene.viewer, keeper, SIMILAR, id=target)
    assert before is not None
    answers = before["similarCustomers"]
    assert [s["customer"]["id"] for s in answers] == [twin]  # shares `child`, visible only
    hidden_keys = {scene.secret.id, scene.secret_child.id}
    assert not _paths(answers[0]) & hidden_keys
    # Hidden assignments come and go: no score, order or explanation moves.
    await tag_customers(
        db, VIEWER, selection=CustomerSelection((twin, target)), tag_ids=[scene.secret.id]
    )
    await untag_customers(
        db, VIEWER, selection=CustomerSelection((hidden_twin,)), tag_ids=[scene.secret_child.id]
    )
    await keeper.catch_up()
    after, _ = await ask(settings, db, scene.viewer, keeper, SIMILAR, id=target)
    assert after == before
    lookalike = """query($f: CustomerFilter) { lookalikeCustomers(seedFilter: $f, first: 20) {
      score customer { id } sharedPaths { keys } } }"""
    seeds = {"hasTag": scene.child.id}
    found, codes = await ask(settings, db, scene.viewer, keeper, lookalike, f=seeds)
    assert codes == [] and found is not None
    for answer in found["lookalikeCustomers"]:
        assert not _paths(answer) & hidden_keys


async def test_recommendations_come_from_visible_similarity_only(
    settings: Settings, db: Database, scene: Scene, keeper: IndexKeeper
) -> None:
    target, twin, hidden_twin, _ = scene.customers
    shown, kept = unique("prod-shown"), unique("prod-kept")
    await products.merge_products(
        db,
        products=[Product(shown, "可见", "CRM", "专业版"), Product(kept, "隐藏", "CRM", "旗舰版")],
    )
    now = datetime.now(UTC)
    await record_interactions(db, VIEWER, [
        Interaction(unique("i"), twin, InteractionType.PURCHASE, now, 100.0, shown),
        Interaction(unique("i"), hidden_twin, InteractionType.PURCHASE, now, 100.0, kept),
    ], now=now)  # fmt: skip
    await keeper.catch_up()
    tags = """query($id: ID!) { recommendTags(customerId: $id, first: 20) { tag { id } } }"""
    restricted, _ = await ask(settings, db, scene.viewer, keeper, tags, id=target)
    assert restricted is not None
    assert {r["tag"]["id"] for r in restricted["recommendTags"]} == {scene.other.id}
    bought = """query($id: ID!) { recommendProducts(customerId: $id, first: 20) {
      product { id } } }"""
    everyone, _ = await ask(settings, db, VIEWER, keeper, bought, id=target)
    assert everyone is not None
    assert kept in {r["product"]["id"] for r in everyone["recommendProducts"]}
    seen_only, _ = await ask(settings, db, scene.viewer, keeper, bought, id=target)
    assert seen_only is not None
    assert {r["product"]["id"] for r in seen_only["recommendProducts"]} == {shown}


# -- figures of mutations ------------------------------------------------------------------------


async def test_mutation_figures_count_no_hidden_assignment(
    settings: Settings, db: Database, restricted: Restricted, scene: Scene, keeper: IndexKeeper
) -> None:
    fourth = scene.customers[-1]
    [newcomer] = await make_customers(db)
    create = """mutation($n: String!, $t: ID!) { createTagRule(input: {name: $n, trigger: EVENT,
      eventTypes: [SUPPORT_TICKET], action: ADD_TAG, tagId: $t, condition: {aggregates: [
        {measure: COUNT, types: [SUPPORT_TICKET], windowDays: 30, min: 1}]}}) {
      userErrors { code } } }"""
    for tag in (scene.secret, scene.other):
        made, _ = await ask(settings, db, VIEWER, keeper, create, n=unique("工单"), t=tag.id)
        assert made is not None and made["createTagRule"]["userErrors"] == []
    record = """mutation($i: [InteractionInput!]!) { recordInteractions(input: $i) {
      recordedCount tagsAddedCount userErrors { code } } }"""
    at = datetime.now(UTC).isoformat()
    ticket = {"id": unique("t"), "customerId": newcomer.id, "type": "SUPPORT_TICKET", "at": at}
    seen = await restricted.data(record, i=[ticket])
    # Both rules tagged the customer; the restricted caller hears of its visible tag only.
    assert seen["recordInteractions"] == {"recordedCount": 1, "tagsAddedCount": 1,
                                          "userErrors": []}  # fmt: skip
    tags, _ = await ask(
        settings, db, VIEWER, keeper, "query($id: ID!) { customer(id: $id) { tags { id } } }",
        id=newcomer.id,
    )  # fmt: skip
    assert tags is not None
    assert {scene.secret.id, scene.other.id} <= {t["id"] for t in tags["customer"]["tags"]}
    erase = """mutation($id: ID!) { eraseCustomer(id: $id) { removedRelationships } }"""
    erased = await restricted.data(erase, id=fourth)  # holds `other`, held `secret`
    assert erased["eraseCustomer"]["removedRelationships"] == 1
