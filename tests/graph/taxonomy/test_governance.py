"""Governance reports: tag usage, stale tags and the distribution of a category."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from graph.admin import snapshot_graph
from graph.customers.model import Customer
from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.taxonomy.governance import find_stale_tags, find_tag_usage_by_ids, tag_distribution
from graph.taxonomy.model import Tag
from graph.viewer import Viewer
from tests.factories import make_category, make_chain, make_customers, make_tag

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)
EVERYTHING = 1_000_000


async def assign(db: Database, customer: Customer, tag: Tag, since: datetime) -> None:
    """A current assignment that started at `since`."""
    await db.write(
        "MATCH (c:Customer {id: $c}), (t:Tag {id: $t})"
        " CREATE (c)-[:TAGGED {since: $since, by: 'test', source: 'API'}]->(t)",
        c=customer.id,
        t=tag.id,
        since=since,
    )


async def assign_past(
    db: Database, customer: Customer, tag: Tag, since: datetime, until: datetime
) -> None:
    """An assignment that ran from `since` to `until`."""
    await db.write(
        "MATCH (c:Customer {id: $c}), (t:Tag {id: $t})"
        " CREATE (c)-[:WAS_TAGGED {since: $since, until: $until, by: 'test', source: 'API',"
        " removedBy: 'test', reason: 'REMOVED'}]->(t)",
        c=customer.id,
        t=tag.id,
        since=since,
        until=until,
    )


async def set_status(db: Database, tag: Tag, status: str) -> None:
    await db.write("MATCH (t:Tag {id: $id}) SET t.status = $status", id=tag.id, status=status)


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


async def test_usage_counts_direct_holders_holders_through_descendants_and_last_assignment(
    db: Database, viewer: Viewer
) -> None:
    root, child = await make_chain(db, 2)
    c1, c2, c3 = await make_customers(db, 3)
    await assign(db, c1, root, days_ago(30))
    await assign(db, c2, root, days_ago(20))
    await assign(db, c2, child, days_ago(10))
    await assign(db, c3, child, days_ago(40))
    # A past assignment counts for "last assigned" but not for the current holders.
    await assign_past(db, c3, root, days_ago(5), days_ago(1))

    usage = await find_tag_usage_by_ids(db, viewer, ids=[root.id, child.id, "tag-ghost"])

    assert set(usage) == {root.id, child.id}
    assert (usage[root.id].direct_customers, usage[root.id].customers_with_descendants) == (2, 3)
    assert (usage[child.id].direct_customers, usage[child.id].customers_with_descendants) == (2, 2)
    assert usage[root.id].last_assigned_at == days_ago(5)
    assert usage[child.id].last_assigned_at == days_ago(10)


async def test_usage_of_a_never_assigned_tag_is_zero_without_a_last_assignment(
    db: Database, viewer: Viewer
) -> None:
    tag = await make_tag(db)
    usage = (await find_tag_usage_by_ids(db, viewer, ids=[tag.id]))[tag.id]
    assert (usage.direct_customers, usage.customers_with_descendants) == (0, 0)
    assert usage.last_assigned_at is None


async def test_usage_counts_assignments_made_through_tagging(db: Database, viewer: Viewer) -> None:
    tag = await make_tag(db)
    members = await make_customers(db, 2)
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(c.id for c in members)), tag_ids=[tag.id]
    )
    usage = (await find_tag_usage_by_ids(db, viewer, ids=[tag.id]))[tag.id]
    assert usage.direct_customers == 2
    assert usage.last_assigned_at is not None


async def test_stale_tags_list_never_used_and_long_unused_tags_only(
    db: Database, viewer: Viewer
) -> None:
    category = await make_category(db)
    never = await make_tag(db, category=category)
    long_unused = await make_tag(db, category=category)
    removed_long_ago = await make_tag(db, category=category)
    recent = await make_tag(db, category=category)
    recently_removed = await make_tag(db, category=category)
    c1, c2 = await make_customers(db, 2)
    await assign(db, c1, long_unused, days_ago(400))
    await assign(db, c2, long_unused, days_ago(100))
    await assign_past(db, c1, removed_long_ago, days_ago(200), days_ago(150))
    await assign(db, c1, recent, days_ago(10))
    await assign_past(db, c2, recently_removed, days_ago(5), days_ago(1))

    stale = await find_stale_tags(db, viewer, unused_for_days=90, now=NOW, limit=EVERYTHING)

    created = {t.id for t in (never, long_unused, removed_long_ago, recent, recently_removed)}
    mine = [s for s in stale if s.tag_id in created]
    # Never-assigned first, then the oldest last assignment.
    assert [s.tag_id for s in mine] == [never.id, removed_long_ago.id, long_unused.id]
    assert [s.last_assigned_at for s in mine] == [None, days_ago(200), days_ago(100)]
    assert [s.direct_customers for s in mine] == [0, 0, 2]
    assert {s.category_id for s in mine} == {category.id}


async def test_a_tag_assigned_exactly_at_the_cutoff_is_not_stale(
    db: Database, viewer: Viewer
) -> None:
    tag = await make_tag(db)
    [member] = await make_customers(db)
    await assign(db, member, tag, days_ago(30))
    assert tag.id not in {
        s.tag_id
        for s in await find_stale_tags(db, viewer, unused_for_days=30, now=NOW, limit=EVERYTHING)
    }
    assert tag.id in {
        s.tag_id
        for s in await find_stale_tags(db, viewer, unused_for_days=29, now=NOW, limit=EVERYTHING)
    }


async def test_stale_tags_stop_at_the_limit(db: Database, viewer: Viewer) -> None:
    await make_tag(db)
    await make_tag(db)
    assert len(await find_stale_tags(db, viewer, unused_for_days=1, now=NOW, limit=1)) == 1
    assert await find_stale_tags(db, viewer, unused_for_days=1, now=NOW, limit=0) == []


async def test_retired_tags_are_not_reported(db: Database, viewer: Viewer) -> None:
    category = await make_category(db)
    merged = await make_tag(db, category=category)
    deleted = await make_tag(db, category=category)
    deprecated = await make_tag(db, category=category)
    [member] = await make_customers(db)
    await assign_past(db, member, merged, days_ago(400), days_ago(300))
    await set_status(db, merged, "MERGED")
    await set_status(db, deleted, "DELETED")
    await set_status(db, deprecated, "DEPRECATED")

    stale = {
        s.tag_id
        for s in await find_stale_tags(db, viewer, unused_for_days=90, now=NOW, limit=EVERYTHING)
    }
    distribution = await tag_distribution(db, viewer, category_id=category.id)

    assert deprecated.id in stale, "a deprecated tag is live"
    assert merged.id not in stale and deleted.id not in stale
    assert [share.tag_id for share in distribution.tags] == [deprecated.id]


@pytest.mark.parametrize("days", [0, -1, 3651])
async def test_unused_for_days_outside_1_to_3650_is_invalid_input(
    db: Database, viewer: Viewer, days: int
) -> None:
    with pytest.raises(UserInputError) as refused:
        await find_stale_tags(db, viewer, unused_for_days=days, now=NOW, limit=10)
    assert [(e.code, e.field) for e in refused.value.errors] == [
        (ErrorCode.INVALID_INPUT, ("unusedForDays",))
    ]


async def test_stale_tags_need_a_timezone_aware_clock(db: Database, viewer: Viewer) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await find_stale_tags(
            db, viewer, unused_for_days=30, now=NOW.replace(tzinfo=None), limit=10
        )


async def test_stale_tags_of_categories_the_viewer_may_not_see_are_not_reported(
    db: Database,
) -> None:
    shown, hidden = await make_tag(db), await make_tag(db)
    viewer = Viewer(user="analyst", visible_category_ids=frozenset({shown.category_id}))
    stale = await find_stale_tags(db, viewer, unused_for_days=30, now=NOW, limit=EVERYTHING)
    assert [s.tag_id for s in stale] == [shown.id]
    assert hidden.id not in {s.tag_id for s in stale}


async def total_customers(db: Database) -> int:
    return int((await db.read("MATCH (c:Customer) RETURN count(c) AS n"))[0]["n"])


async def test_distribution_counts_every_depth_and_distinct_customers(
    db: Database, viewer: Viewer
) -> None:
    category = await make_category(db)
    root = await make_tag(db, category=category)
    left = await make_tag(db, parent=root)
    right = await make_tag(db, parent=root)
    other_root = await make_tag(db, category=category)
    c1, c2, c3, c4, _untagged = await make_customers(db, 5)
    for customer, tag in ((c1, left), (c2, right), (c3, left), (c3, right), (c4, other_root)):
        await assign(db, customer, tag, days_ago(1))

    distribution = await tag_distribution(db, viewer, category_id=category.id)
    total = await total_customers(db)

    by_tag = {share.tag_id: share for share in distribution.tags}
    assert set(by_tag) == {root.id, left.id, right.id, other_root.id}
    assert (by_tag[root.id].direct_customers, by_tag[root.id].customers_with_descendants) == (0, 3)
    assert (by_tag[left.id].direct_customers, by_tag[left.id].customers_with_descendants) == (2, 2)
    assert by_tag[other_root.id].customers_with_descendants == 1
    assert by_tag[root.id].share == pytest.approx(3 / total)
    assert distribution.total_customers == total
    assert distribution.customers_with_any_tag == 4
    assert distribution.share_with_any_tag == pytest.approx(4 / total)
    # Most customers first.
    assert distribution.tags[0].tag_id == root.id
    assert distribution.tags[-1].tag_id == other_root.id


async def test_distribution_shares_add_up(db: Database, viewer: Viewer) -> None:
    lifecycle = await make_category(db, exclusive=True)
    stages = [await make_tag(db, category=lifecycle) for _ in range(3)]
    members = await make_customers(db, 6)
    for index, customer in enumerate(members[:5]):
        stage = stages[index % 3]
        await tag_customers(
            db, viewer, selection=CustomerSelection((customer.id,)), tag_ids=[stage.id]
        )

    distribution = await tag_distribution(db, viewer, category_id=lifecycle.id)

    # One tag per customer: the tags' customers add up to the customers with any tag.
    assert sum(share.customers_with_descendants for share in distribution.tags) == 5
    assert distribution.customers_with_any_tag == 5
    assert sum(share.share for share in distribution.tags) == pytest.approx(
        distribution.share_with_any_tag
    )
    assert [share.direct_customers for share in distribution.tags] == [2, 2, 1]


async def test_distribution_of_a_category_without_tags_is_empty(
    db: Database, viewer: Viewer
) -> None:
    category = await make_category(db)
    distribution = await tag_distribution(db, viewer, category_id=category.id)
    assert distribution.tags == ()
    assert distribution.customers_with_any_tag == 0
    assert distribution.share_with_any_tag == 0.0


async def test_distribution_of_an_unknown_or_hidden_category_is_not_found(
    db: Database, viewer: Viewer
) -> None:
    hidden = await make_category(db)
    shown = await make_category(db)
    restricted = Viewer(user="analyst", visible_category_ids=frozenset({shown.id}))
    before = await snapshot_graph(db)
    for who, category_id in ((viewer, "cat-ghost"), (restricted, hidden.id)):
        with pytest.raises(UserInputError) as refused:
            await tag_distribution(db, who, category_id=category_id)
        assert [(e.code, e.field) for e in refused.value.errors] == [
            (ErrorCode.NOT_FOUND, ("categoryId",))
        ]
    assert await snapshot_graph(db) == before
