"""Tagging: all or nothing, idempotent, exclusive categories replace."""

from __future__ import annotations

import pytest

from graph.admin import snapshot_graph
from graph.customers import service as customers
from graph.customers.model import Customer
from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.segments.model import CustomerFilter
from graph.tagging.model import CustomerSelection, Provenance
from graph.tagging.service import MAX_CUSTOMERS_PER_CALL, tag_customers, untag_customers
from graph.taxonomy import tags
from graph.viewer import Viewer
from tests.factories import make_category, make_customers, make_tag


def ids(*groups: list[Customer]) -> CustomerSelection:
    return CustomerSelection(tuple(c.id for group in groups for c in group))


async def test_tagging_twice_leaves_one_assignment(db: Database, viewer: Viewer) -> None:
    tag = await make_tag(db)
    members = await make_customers(db, 3)
    first = await tag_customers(db, viewer, selection=ids(members), tag_ids=[tag.id])
    second = await tag_customers(db, viewer, selection=ids(members), tag_ids=[tag.id])
    assert (first.added, first.already_present) == (3, 0)
    assert (second.added, second.already_present) == (0, 3)
    counts = await tags.count_customers_by_tag_ids(
        db, viewer, ids=[tag.id], include_descendants=False
    )
    assert counts[tag.id] == 3


async def test_assignments_record_who_when_and_how(db: Database, viewer: Viewer) -> None:
    tag = await make_tag(db)
    [member] = await make_customers(db)
    await tag_customers(
        db,
        viewer,
        selection=ids([member]),
        tag_ids=[tag.id],
        provenance=Provenance(by=viewer.user, note="展会名单"),
    )
    rows = await db.read(
        "MATCH (:Customer {id: $c})-[r:TAGGED]->(:Tag {id: $t}) RETURN properties(r) AS r",
        c=member.id,
        t=tag.id,
    )
    assignment = rows[0]["r"]
    assert assignment["by"] == viewer.user
    assert assignment["source"] == "API"
    assert assignment["note"] == "展会名单"
    assert assignment["since"] is not None


async def test_one_unknown_customer_means_nothing_is_applied(db: Database, viewer: Viewer) -> None:
    tag = await make_tag(db)
    members = await make_customers(db, 2)
    before = await snapshot_graph(db)
    selection = CustomerSelection((members[0].id, "ghost-1", members[1].id, "ghost-2"))
    with pytest.raises(UserInputError) as refused:
        await tag_customers(db, viewer, selection=selection, tag_ids=[tag.id])
    assert [e.code for e in refused.value.errors] == [ErrorCode.NOT_FOUND] * 2
    assert "ghost-1" in refused.value.errors[0].message
    assert await snapshot_graph(db) == before


async def test_unknown_tags_are_refused(db: Database, viewer: Viewer) -> None:
    members = await make_customers(db)
    before = await snapshot_graph(db)
    with pytest.raises(UserInputError) as refused:
        await tag_customers(db, viewer, selection=ids(members), tag_ids=["tag-ghost"])
    assert refused.value.errors[0].field == ("tagIds", "0")
    assert await snapshot_graph(db) == before


async def test_an_exclusive_category_keeps_one_tag_per_customer(
    db: Database, viewer: Viewer
) -> None:
    lifecycle = await make_category(db, exclusive=True)
    prospect = await make_tag(db, category=lifecycle, name="潜在客户")
    won = await make_tag(db, category=lifecycle, name="已成交客户")
    members = await make_customers(db, 2)
    await tag_customers(db, viewer, selection=ids(members), tag_ids=[prospect.id])
    result = await tag_customers(db, viewer, selection=ids(members), tag_ids=[won.id])
    assert (result.added, result.replaced) == (2, 2)
    held = await customers.find_tags_by_customer_ids(db, viewer, ids=[c.id for c in members])
    assert all([t.id for t in held[c.id]] == [won.id] for c in members)


async def test_two_tags_of_one_exclusive_category_in_one_call_are_refused(
    db: Database, viewer: Viewer
) -> None:
    lifecycle = await make_category(db, exclusive=True)
    first = await make_tag(db, category=lifecycle)
    second = await make_tag(db, category=lifecycle)
    members = await make_customers(db)
    with pytest.raises(UserInputError) as refused:
        await tag_customers(db, viewer, selection=ids(members), tag_ids=[first.id, second.id])
    assert refused.value.errors[0].code is ErrorCode.EXCLUSIVE_CONFLICT


async def test_tagging_by_filter_reaches_exactly_the_segment(db: Database, viewer: Viewer) -> None:
    marker, target = await make_tag(db), await make_tag(db)
    inside = await make_customers(db, 3)
    outside = await make_customers(db, 2)
    await tag_customers(db, viewer, selection=ids(inside), tag_ids=[marker.id])
    result = await tag_customers(
        db,
        viewer,
        selection=CustomerSelection(customer_filter=CustomerFilter(has_tag=marker.id)),
        tag_ids=[target.id],
    )
    assert result.added == 3
    held = await customers.find_tags_by_customer_ids(db, viewer, ids=[c.id for c in outside])
    assert all(target.id not in [t.id for t in held[c.id]] for c in outside)


async def test_untagging_removes_and_reports_what_it_removed(db: Database, viewer: Viewer) -> None:
    tag = await make_tag(db)
    members = await make_customers(db, 3)
    await tag_customers(db, viewer, selection=ids(members[:2]), tag_ids=[tag.id])
    result = await untag_customers(db, viewer, selection=ids(members), tag_ids=[tag.id])
    assert result.removed == 2
    assert (
        await tags.count_customers_by_tag_ids(db, viewer, ids=[tag.id], include_descendants=True)
    )[tag.id] == 0


async def test_selection_needs_ids_or_filter_and_a_bounded_size(
    db: Database, viewer: Viewer
) -> None:
    tag = await make_tag(db)
    with pytest.raises(UserInputError) as neither:
        await tag_customers(db, viewer, selection=CustomerSelection(), tag_ids=[tag.id])
    assert neither.value.errors[0].code is ErrorCode.INVALID_INPUT
    too_many = CustomerSelection(tuple(f"c{i}" for i in range(MAX_CUSTOMERS_PER_CALL + 1)))
    with pytest.raises(UserInputError) as big:
        await tag_customers(db, viewer, selection=too_many, tag_ids=[tag.id])
    assert big.value.errors[0].code is ErrorCode.TOO_MANY_ITEMS


async def test_counts_with_descendants_count_each_customer_once(
    db: Database, viewer: Viewer
) -> None:
    parent = await make_tag(db)
    child_a, child_b = await make_tag(db, parent=parent), await make_tag(db, parent=parent)
    members = await make_customers(db, 2)
    await tag_customers(db, viewer, selection=ids(members), tag_ids=[child_a.id, child_b.id])
    await tag_customers(db, viewer, selection=ids(members[:1]), tag_ids=[parent.id])
    with_descendants = await tags.count_customers_by_tag_ids(
        db, viewer, ids=[parent.id], include_descendants=True
    )
    direct = await tags.count_customers_by_tag_ids(
        db, viewer, ids=[parent.id], include_descendants=False
    )
    assert (with_descendants[parent.id], direct[parent.id]) == (2, 1)


async def test_concurrent_calls_never_give_two_tags_of_an_exclusive_category(
    db: Database, viewer: Viewer
) -> None:
    import asyncio

    lifecycle = await make_category(db, exclusive=True)
    stages = [await make_tag(db, category=lifecycle) for _ in range(3)]
    members = await make_customers(db, 3)
    await asyncio.gather(
        *(
            tag_customers(
                db, Viewer.full_access(f"c{i}"), selection=ids(members), tag_ids=[stages[i % 3].id]
            )
            for i in range(12)
        )
    )
    held = await customers.find_tags_by_customer_ids(db, viewer, ids=[c.id for c in members])
    assert all(len(tags_) == 1 for tags_ in held.values())
