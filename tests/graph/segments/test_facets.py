"""Facets: a segment split over one tree level, drilled down one level at a time."""

from __future__ import annotations

import pytest

from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.segments.facets import find_cooccurring_tags, find_facets
from graph.segments.model import CustomerFilter, FacetDimension
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.viewer import Viewer
from tests.factories import make_category, make_customers, make_tag


async def test_regions_split_by_area_then_province(db: Database, viewer: Viewer) -> None:
    marker = await make_tag(db)
    south = await make_customers(db, 2, region_code="440100", industry_code="13")
    east = await make_customers(db, 1, region_code="330100", industry_code="65")
    await tag_customers(
        db,
        viewer,
        selection=CustomerSelection(tuple(c.id for c in south + east)),
        tag_ids=[marker.id],
    )
    segment = CustomerFilter(has_tag=marker.id)

    areas = await find_facets(
        db, viewer, customer_filter=segment, dimension=FacetDimension.REGION, parent="CN"
    )
    assert [(b.key, b.name, b.customers) for b in areas] == [
        ("CN-SOUTH", "华南", 2),
        ("CN-EAST", "华东", 1),
    ]
    provinces = await find_facets(
        db, viewer, customer_filter=segment, dimension=FacetDimension.REGION, parent="CN-SOUTH"
    )
    assert [(b.key, b.customers) for b in provinces] == [("CN-GD", 2)]
    roots = await find_facets(
        db, viewer, customer_filter=segment, dimension=FacetDimension.REGION, parent=None
    )
    assert [(b.key, b.customers) for b in roots] == [("CN", 3)]
    sections = await find_facets(
        db, viewer, customer_filter=segment, dimension=FacetDimension.INDUSTRY, parent=None
    )
    assert [(b.key, b.customers) for b in sections] == [("C", 2), ("I", 1)]


async def test_tags_split_by_a_categorys_top_level_and_by_children(
    db: Database, viewer: Viewer
) -> None:
    category = await make_category(db)
    buying, visiting = await make_tag(db, category=category), await make_tag(db, category=category)
    frequent = await make_tag(db, parent=buying)
    members = await make_customers(db, 3)
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(c.id for c in members)), tag_ids=[frequent.id]
    )
    await tag_customers(
        db, viewer, selection=CustomerSelection((members[0].id,)), tag_ids=[visiting.id]
    )

    top = await find_facets(
        db, viewer, customer_filter=None, dimension=FacetDimension.TAG, parent=category.id
    )
    assert [(b.key, b.customers) for b in top] == [(buying.id, 3), (visiting.id, 1)]
    below = await find_facets(
        db, viewer, customer_filter=None, dimension=FacetDimension.TAG, parent=buying.id
    )
    assert [(b.key, b.customers) for b in below] == [(frequent.id, 3)]


async def test_a_tag_facet_needs_a_parent(db: Database, viewer: Viewer) -> None:
    with pytest.raises(UserInputError) as refused:
        await find_facets(
            db, viewer, customer_filter=None, dimension=FacetDimension.TAG, parent=None
        )
    assert refused.value.errors[0].code is ErrorCode.INVALID_INPUT


async def test_cooccurring_tags_come_with_count_and_lift(db: Database, viewer: Viewer) -> None:
    marker, anchor = await make_tag(db), await make_tag(db)
    friend, other = await make_tag(db), await make_tag(db)
    members = await make_customers(db, 4)
    ids = [c.id for c in members]
    await tag_customers(db, viewer, selection=CustomerSelection(tuple(ids)), tag_ids=[marker.id])
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(ids[:2])), tag_ids=[anchor.id, friend.id]
    )
    await tag_customers(db, viewer, selection=CustomerSelection(tuple(ids[1:])), tag_ids=[other.id])

    found = await find_cooccurring_tags(
        db,
        viewer,
        anchor_tag_id=anchor.id,
        customer_filter=CustomerFilter(has_tag=marker.id),
        limit=10,
    )
    by_tag = {c.tag_id: c for c in found}
    assert set(by_tag) == {marker.id, friend.id, other.id}
    assert (by_tag[friend.id].together, by_tag[friend.id].with_tag) == (2, 2)
    assert by_tag[friend.id].lift == pytest.approx((2 / 2) / (2 / 4))
    assert by_tag[other.id].together == 1
    assert by_tag[other.id].lift == pytest.approx((1 / 2) / (3 / 4))
    assert found[0].tag_id in (marker.id, friend.id)
