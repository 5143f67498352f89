"""Upgrading a graph links rules and saved segments saved before FILTERS_ON existed, so that a
viewer who may not see what they name does not see them either."""

from __future__ import annotations

from graph.database import Database
from graph.rules.definitions import create_rule, find_rules
from graph.rules.model import ActionKind, InteractionAggregate, Measure, RuleCondition, RuleInput
from graph.segments.model import CustomerFilter, SegmentKind
from graph.segments.saved import create_segment, find_segments
from graph.viewer import Viewer
from services.upgrade import upgrade_graph
from tests.factories import make_category, make_tag, unique

FORGET_LINKS = "MATCH (n {id: $id})-[link:FILTERS_ON]->() DELETE link"


async def test_an_old_rule_naming_a_hidden_tag_is_hidden_once_the_graph_is_upgraded(
    db: Database, viewer: Viewer
) -> None:
    hidden, target = await make_tag(db), await make_tag(db)
    condition = RuleCondition(
        CustomerFilter(has_tag=hidden.id), (InteractionAggregate(Measure.DAYS_SINCE_LAST, min=30),)
    )
    rule = await create_rule(
        db, viewer, new=RuleInput(unique("旧规则"), condition, ActionKind.ADD_TAG, target.id)
    )
    await db.write(FORGET_LINKS, id=rule.id)  # as saved by a version without the links
    restricted = Viewer(user="sales", visible_category_ids=frozenset({target.category_id}))
    assert rule.id in {r.id for r in await find_rules(db, restricted)}

    first = await upgrade_graph(db)
    again = await upgrade_graph(db)

    assert rule.id not in {r.id for r in await find_rules(db, restricted)}
    assert rule.id in {r.id for r in await find_rules(db, viewer)}
    assert first.rules_linked >= 1 and again.migrations == []
    links = await db.read(
        "MATCH (:TagRule {id: $id})-[link:FILTERS_ON]->() RETURN count(link) AS n", id=rule.id
    )
    assert links == [{"n": 1}]  # the second run added nothing


async def test_an_old_segment_naming_a_hidden_category_is_hidden_once_the_graph_is_upgraded(
    db: Database, viewer: Viewer
) -> None:
    hidden, shown = await make_category(db), await make_category(db)
    segment = await create_segment(
        db,
        viewer,
        name=unique("旧分群"),
        kind=SegmentKind.DYNAMIC,
        customer_filter=CustomerFilter(has_any_tag_in_category=hidden.id),
    )
    await db.write(FORGET_LINKS, id=segment.id)
    restricted = Viewer(user="analyst", visible_category_ids=frozenset({shown.id}))
    assert segment.id in {s.id for s in await find_segments(db, restricted)}

    await upgrade_graph(db)

    assert segment.id not in {s.id for s in await find_segments(db, restricted)}
    assert segment.id in {s.id for s in await find_segments(db, viewer)}
