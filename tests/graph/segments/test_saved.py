"""Saved segments: DYNAMIC ones follow the graph, STATIC ones keep a snapshot until refreshed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.admin import snapshot_graph
from graph.database import Database
from graph.errors import ErrorCode, NotFound, UserInputError
from graph.pagination import PageRequest
from graph.segments import saved as saved_segments
from graph.segments.model import CustomerFilter, HadTag, SegmentKind
from graph.segments.serialization import filter_from_json, filter_to_json
from graph.segments.service import count_customers
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.viewer import Viewer
from tests.factories import make_customers, make_tag, unique

PAGE = PageRequest(first=100, after=None)


def test_a_filter_survives_its_json_form() -> None:
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    nested = CustomerFilter(
        has_all_tags=("a", "b"),
        had_tag=HadTag("c", moment, datetime(2026, 4, 1, tzinfo=UTC)),
        or_=(CustomerFilter(in_region="CN-SOUTH"), CustomerFilter(employees_gte=500)),
        not_=CustomerFilter(created_after=moment, name_contains="测试"),
    )
    assert filter_from_json(filter_to_json(nested)) == nested
    assert filter_to_json(nested)["or"][1] == {"employeesGte": 500}


async def test_dynamic_segments_follow_and_static_ones_keep_their_snapshot(
    db: Database, viewer: Viewer
) -> None:
    tag = await make_tag(db)
    first = await make_customers(db, 2)
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(c.id for c in first)), tag_ids=[tag.id]
    )
    rule = CustomerFilter(has_tag=tag.id)
    dynamic = await saved_segments.create_segment(
        db, viewer, name=unique("动态"), kind=SegmentKind.DYNAMIC, customer_filter=rule
    )
    static = await saved_segments.create_segment(
        db, viewer, name=unique("静态"), kind=SegmentKind.STATIC, customer_filter=rule
    )
    late = await make_customers(db, 1)
    await tag_customers(db, viewer, selection=CustomerSelection((late[0].id,)), tag_ids=[tag.id])

    assert await count_customers(db, viewer, customer_filter=dynamic.filter) == 3
    assert await saved_segments.count_static_members(db, viewer, segment_id=static.id) == 2
    page = await saved_segments.find_static_members(db, viewer, segment_id=static.id, page=PAGE)
    assert [e.node.id for e in page.edges] == sorted(c.id for c in first)
    assert await saved_segments.refresh_segment(db, viewer, segment_id=static.id) == 3
    links = await db.read(
        "MATCH (:Segment {id: $s})-[:FILTERS_ON]->(t:Tag) RETURN collect(t.id) AS ids", s=static.id
    )
    assert links[0]["ids"] == [tag.id]


async def test_duplicate_names_and_wrong_kinds_are_refused(db: Database, viewer: Viewer) -> None:
    name = unique("重复")
    dynamic = await saved_segments.create_segment(
        db,
        viewer,
        name=name,
        kind=SegmentKind.DYNAMIC,
        customer_filter=CustomerFilter(employees_gte=1),
    )
    before = await snapshot_graph(db)
    with pytest.raises(UserInputError) as duplicate:
        await saved_segments.create_segment(
            db,
            viewer,
            name=f" {name.upper()} ",
            kind=SegmentKind.STATIC,
            customer_filter=CustomerFilter(),
        )
    assert duplicate.value.errors[0].code is ErrorCode.DUPLICATE_NAME
    with pytest.raises(UserInputError) as wrong:
        await saved_segments.refresh_segment(db, viewer, segment_id=dynamic.id)
    assert wrong.value.errors[0].code is ErrorCode.INVALID_INPUT
    assert await snapshot_graph(db) == before
    await saved_segments.delete_segment(db, viewer, segment_id=dynamic.id)
    with pytest.raises(NotFound):
        await saved_segments.get_segment(db, viewer, segment_id=dynamic.id)
