"""Tag history: every add, removal, replacement, expiry and merge is kept and can be asked for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from graph.admin import snapshot_graph
from graph.customers import service as customers
from graph.database import Database
from graph.errors import NotFound
from graph.history import service as history
from graph.history.model import TagEvent
from graph.pagination import PageRequest
from graph.tagging.model import CustomerSelection, Provenance, TagSource
from graph.tagging.service import expire_assignments, tag_customers, untag_customers
from graph.taxonomy.retire import merge_tags
from graph.viewer import Viewer
from tests.factories import make_category, make_customers, make_tag

T0 = datetime(2026, 9, 1, tzinfo=UTC)


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


async def all_events(db: Database, viewer: Viewer, customer_id: str) -> list[TagEvent]:
    events: list[TagEvent] = []
    after = None
    while True:
        page = await history.find_tag_history(
            db, viewer, customer_id=customer_id, page=PageRequest(first=2, after=after)
        )
        events += [edge.node for edge in page.edges]
        if not page.has_next_page:
            return events
        last = page.edges[-1].node
        after = (last.at.isoformat(), last.action, last.tag.id)


async def test_history_lists_adds_and_removals_newest_first_with_provenance(
    db: Database, viewer: Viewer
) -> None:
    tag = await make_tag(db)
    [member] = await make_customers(db)
    selection = CustomerSelection((member.id,))
    manual = Provenance(by="alice", source=TagSource.MANUAL, note="展会名单")
    await tag_customers(
        db, viewer, selection=selection, tag_ids=[tag.id], provenance=manual, now=day(1)
    )
    await untag_customers(
        db,
        viewer,
        selection=selection,
        tag_ids=[tag.id],
        provenance=Provenance(by="bob"),
        now=day(2),
    )
    await tag_customers(db, viewer, selection=selection, tag_ids=[tag.id], now=day(3))
    events = await all_events(db, viewer, member.id)
    assert [(e.action, e.at) for e in events] == [
        ("ADDED", day(3)),
        ("REMOVED", day(2)),
        ("ADDED", day(1)),
    ]
    assert (events[2].by, events[2].source, events[2].note) == ("alice", "MANUAL", "展会名单")
    assert (events[1].by, events[1].reason) == ("bob", "REMOVED")
    assert await history.count_tag_history(db, viewer, customer_id=member.id) == 3


async def test_tags_as_of_replays_the_past(db: Database, viewer: Viewer) -> None:
    a, b = await make_tag(db), await make_tag(db)
    [member] = await make_customers(db)
    selection = CustomerSelection((member.id,))
    await tag_customers(db, viewer, selection=selection, tag_ids=[a.id], now=day(1))
    await tag_customers(db, viewer, selection=selection, tag_ids=[b.id], now=day(5))
    await untag_customers(db, viewer, selection=selection, tag_ids=[a.id], now=day(10))

    async def held(at: datetime) -> set[str]:
        snapshot = await history.find_tags_as_of(db, viewer, customer_ids=[member.id], at=at)
        return {t.id for t in snapshot[member.id]}

    assert await held(day(0)) == set()
    assert await held(day(1)) == {a.id}
    assert await held(day(7)) == {a.id, b.id}
    assert await held(day(10)) == {b.id}


async def test_lifecycle_moves_are_counted_per_period(db: Database, viewer: Viewer) -> None:
    lifecycle = await make_category(db, exclusive=True)
    prospect = await make_tag(db, category=lifecycle, name="潜在客户")
    won = await make_tag(db, category=lifecycle, name="已成交客户")
    members = await make_customers(db, 3)
    everyone = CustomerSelection(tuple(m.id for m in members))
    await tag_customers(db, viewer, selection=everyone, tag_ids=[prospect.id], now=day(1))
    await tag_customers(
        db, viewer, selection=CustomerSelection((members[0].id,)), tag_ids=[won.id], now=day(20)
    )
    await tag_customers(
        db, viewer, selection=CustomerSelection((members[1].id,)), tag_ids=[won.id], now=day(40)
    )

    moves = await history.find_tag_moves(
        db, viewer, from_tag_id=prospect.id, to_tag_id=won.id, start=day(15), end=day(30)
    )
    assert (moves.customers, moves.sample_ids) == (1, (members[0].id,))
    flow = await history.count_tag_flow(db, viewer, tag_id=prospect.id, start=day(0), end=day(50))
    assert (flow.entered, flow.left) == (3, 2)
    replaced = await all_events(db, viewer, members[0].id)
    assert [(e.action, e.tag.id, e.reason) for e in replaced[:2]] == [
        ("ADDED", won.id, None),
        ("REMOVED", prospect.id, "REPLACED"),
    ]


async def test_expired_assignments_are_swept_and_recorded(db: Database, viewer: Viewer) -> None:
    tag = await make_tag(db)
    [member] = await make_customers(db)
    trial = Provenance(by="campaign", expires_at=day(7))
    await tag_customers(
        db,
        viewer,
        selection=CustomerSelection((member.id,)),
        tag_ids=[tag.id],
        provenance=trial,
        now=day(0),
    )
    assert await expire_assignments(db, now=day(6)) == 0
    assert await expire_assignments(db, now=day(8)) >= 1
    held = await customers.find_tags_by_customer_ids(db, viewer, ids=[member.id])
    assert held[member.id] == []
    [removal, _] = await all_events(db, viewer, member.id)
    assert (removal.action, removal.reason) == ("REMOVED", "EXPIRED")


async def test_merges_are_part_of_the_history(db: Database, viewer: Viewer) -> None:
    source, target = await make_tag(db), await make_tag(db)
    [member] = await make_customers(db)
    await tag_customers(
        db, viewer, selection=CustomerSelection((member.id,)), tag_ids=[source.id], now=day(1)
    )
    await merge_tags(db, viewer, source_ids=[source.id], target_id=target.id)
    events = await all_events(db, viewer, member.id)
    assert {(e.action, e.tag.id, e.reason, e.source) for e in events[:2]} == {
        ("ADDED", target.id, None, "MERGE"),
        ("REMOVED", source.id, "MERGED", "MERGE"),
    }


async def test_erasing_a_customer_removes_it_with_its_history(db: Database, viewer: Viewer) -> None:
    tag = await make_tag(db)
    [member] = await make_customers(db, industry_code="13")
    selection = CustomerSelection((member.id,))
    await tag_customers(db, viewer, selection=selection, tag_ids=[tag.id], now=day(1))
    await untag_customers(db, viewer, selection=selection, tag_ids=[tag.id], now=day(2))
    assert (
        await customers.erase_customer(db, viewer, customer_id=member.id) == 2
    )  # WAS_TAGGED, IN_INDUSTRY
    rows = await db.read(
        "MATCH (t:Tag {id: $t}) RETURN COUNT { (t)<-[:TAGGED|WAS_TAGGED]-() } AS refs", t=tag.id
    )
    assert rows[0]["refs"] == 0
    before = await snapshot_graph(db)
    with pytest.raises(NotFound):
        await customers.erase_customer(db, viewer, customer_id=member.id)
    assert await snapshot_graph(db) == before
