"""A category a viewer may not see does not exist for it: saved segments, rules, similarity,
recommendations and the figures mutations report, with a restricted viewer, executed
in-process on the index's path and on Cypher's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from graph.database import Database
from graph.interactions import products
from graph.interactions.model import Interaction, InteractionType, Product
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers, untag_customers
from services.index_keeper import IndexKeeper
from services.interactions import record_interactions
from settings import Settings
from tests.factories import VIEWER, make_customers, unique
from tests.visibility_scene import (
    SINCE,
    UNTIL,
    Restricted,
    Scene,
    ask,
    make_scene,
    shared_keys,
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
    assert not shared_keys(answers[0]) & hidden_keys
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
        assert not shared_keys(answer) & hidden_keys


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
