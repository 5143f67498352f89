"""Duplicate tags (R1) in the graph: candidates by name and by holders, and pairs marked
distinct (the name and overlap arithmetic: test_duplicate_scoring)."""

from __future__ import annotations

import pytest

from graph.admin import snapshot_graph
from graph.customers.model import Customer
from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.taxonomy.duplicates import find_duplicate_candidates, mark_tags_distinct
from graph.taxonomy.model import DuplicateCandidate, Tag
from graph.text import normalize_name
from graph.viewer import Viewer
from tests.factories import make_category, make_customers, make_tag, unique

EVERYTHING = 1_000_000


async def candidates_among(
    db: Database, viewer: Viewer, *tags: Tag
) -> dict[tuple[str, str], DuplicateCandidate]:
    """The candidates whose two tags are both among these (the database holds other tests')."""
    ids = {tag.id for tag in tags}
    found = await find_duplicate_candidates(db, viewer, limit=EVERYTHING)
    return {(c.tag_a_id, c.tag_b_id): c for c in found if c.tag_a_id in ids and c.tag_b_id in ids}


def pair(x: Tag, y: Tag) -> tuple[str, str]:
    return (x.id, y.id) if x.id < y.id else (y.id, x.id)


async def set_aliases(db: Database, tag: Tag, *aliases: str) -> None:
    await db.write(
        "MATCH (t:Tag {id: $id}) SET t.aliases = $aliases, t.normalizedAliases = $normalized",
        id=tag.id,
        aliases=list(aliases),
        normalized=[normalize_name(alias) for alias in aliases],
    )


async def hold(db: Database, viewer: Viewer, customers: list[Customer], *tags: Tag) -> None:
    await tag_customers(
        db,
        viewer,
        selection=CustomerSelection(tuple(c.id for c in customers)),
        tag_ids=[t.id for t in tags],
    )


async def siblings(db: Database, *names: str) -> list[Tag]:
    parent = await make_tag(db)
    return [await make_tag(db, parent=parent, name=name) for name in names]


async def test_near_identical_chinese_names_are_candidates(db: Database, viewer: Viewer) -> None:
    important, key = await siblings(db, "重要客户", "重点客户")
    found = await candidates_among(db, viewer, important, key)
    candidate = found[pair(important, key)]
    assert candidate.reasons == ("SIMILAR_NAME",)
    assert candidate.score == 0.75


async def test_siblings_differing_by_an_antonym_are_not_candidates(
    db: Database, viewer: Viewer
) -> None:
    high, low, important, key = await siblings(db, "高频购买", "低频购买", "重要客户", "重点客户")
    due_30, due_90 = await siblings(db, "30天内到期", "90天内到期")
    active, inactive = await siblings(db, "活跃", "不活跃")
    found = await candidates_among(db, viewer, high, low, important, key, due_30, due_90, active,
                                   inactive)  # fmt: skip
    assert set(found) == {pair(important, key)}


async def test_same_normalized_name_in_different_places_is_a_candidate(
    db: Database, viewer: Viewer
) -> None:
    name = unique("vip客户")
    full_width = await make_tag(db, name=name.upper().replace("VIP", "ＶＩＰ"))
    plain = await make_tag(db, name=name)
    found = await candidates_among(db, viewer, full_width, plain)
    assert found[pair(full_width, plain)].reasons == ("SAME_NORMALIZED_NAME",)
    assert found[pair(full_width, plain)].score == 1.0


async def test_alias_collision_is_a_reason(db: Database, viewer: Viewer) -> None:
    big_accounts = await make_tag(db, name=unique("大客户"))
    key_accounts = await make_tag(db, name=unique("KA"))
    strategic = await make_tag(db, name=unique("战略"))
    await set_aliases(db, key_accounts, f" {big_accounts.name.upper()} ")  # alias = other's name
    shared_alias = unique("共用别名")
    await set_aliases(db, strategic, shared_alias)
    await set_aliases(db, big_accounts, shared_alias)  # alias = other's alias
    found = await candidates_among(db, viewer, big_accounts, key_accounts, strategic)
    assert found[pair(big_accounts, key_accounts)].reasons == ("ALIAS_COLLISION",)
    assert found[pair(big_accounts, strategic)].reasons == ("ALIAS_COLLISION",)
    assert found[pair(big_accounts, key_accounts)].score == 0.95
    assert pair(key_accounts, strategic) not in found


async def test_a_name_containing_another_is_a_candidate(db: Database, viewer: Viewer) -> None:
    short = await make_tag(db, name="VIP")
    longer = await make_tag(db, name="VIP客户")
    found = await candidates_among(db, viewer, short, longer)
    assert found[pair(short, longer)].reasons == ("CONTAINS",)
    assert found[pair(short, longer)].score == 0.9


async def test_a_tag_and_its_descendants_share_words_without_being_candidates(
    db: Database, viewer: Viewer
) -> None:
    stem = unique("VIP")
    parent = await make_tag(db, name=f"{stem}客户")
    child = await make_tag(db, parent=parent, name=stem)
    grandchild = await make_tag(db, parent=child, name=f"{stem}客户")
    found = await candidates_among(db, viewer, parent, child, grandchild)
    # Only the exact collision counts between a tag and its ancestors.
    assert set(found) == {pair(parent, grandchild)}
    assert found[pair(parent, grandchild)].reasons == ("SAME_NORMALIZED_NAME",)


async def test_customer_overlap_is_found_for_tags_held_by_the_same_customers(
    db: Database, viewer: Viewer
) -> None:
    first, second = await make_tag(db), await make_tag(db)
    members = await make_customers(db, 25)
    await hold(db, viewer, members, first)
    await hold(db, viewer, members[:24], second)
    found = await candidates_among(db, viewer, first, second)
    assert found[pair(first, second)].reasons == ("CUSTOMER_OVERLAP",)
    assert found[pair(first, second)].score == round(24 / 25, 4)


async def test_customer_overlap_of_tags_with_more_holders_than_the_screening_sample(
    db: Database, viewer: Viewer
) -> None:
    first, second, third = await make_tag(db), await make_tag(db), await make_tag(db)
    members = await make_customers(db, 130)
    await hold(db, viewer, members, first)
    await hold(db, viewer, members[:120], second)
    # 110 holders like `first`, but only 70 of them shared: Jaccard 70 / 170.
    await hold(db, viewer, members[60:], third)
    await hold(db, viewer, await make_customers(db, 40), third)
    found = await candidates_among(db, viewer, first, second, third)
    assert set(found) == {pair(first, second)}
    assert found[pair(first, second)].score == round(120 / 130, 4)


async def test_overlap_needs_twenty_holders_and_a_jaccard_of_at_least_0_8(
    db: Database, viewer: Viewer
) -> None:
    few_a, few_b, half_a, half_b = [await make_tag(db) for _ in range(4)]
    few = await make_customers(db, 19)
    await hold(db, viewer, few, few_a, few_b)
    many = await make_customers(db, 40)
    await hold(db, viewer, many[:30], half_a)
    await hold(db, viewer, many[10:], half_b)  # Jaccard 20 / 40
    assert await candidates_among(db, viewer, few_a, few_b, half_a, half_b) == {}


async def test_name_and_overlap_evidence_combine(db: Database, viewer: Viewer) -> None:
    important, key = await siblings(db, "重要客户", "重点客户")
    members = await make_customers(db, 20)
    await hold(db, viewer, members, important, key)
    candidate = (await candidates_among(db, viewer, important, key))[pair(important, key)]
    assert candidate.reasons == ("SIMILAR_NAME", "CUSTOMER_OVERLAP")
    assert candidate.score == 1.0  # 1 - (1 - 0.75) × (1 - 1.0)


async def test_tags_of_one_exclusive_category_never_overlap(db: Database, viewer: Viewer) -> None:
    lifecycle = await make_category(db, exclusive=True)
    first = await make_tag(db, category=lifecycle)
    second = await make_tag(db, category=lifecycle)
    members = await make_customers(db, 20)
    await hold(db, viewer, members, first)
    await hold(db, viewer, members, second)  # replaces `first`: nothing in common
    assert await candidates_among(db, viewer, first, second) == {}


async def test_retired_tags_are_not_candidates(db: Database, viewer: Viewer) -> None:
    important, key, vital = await siblings(db, "重要客户", "重点客户", "重要客户群")
    await db.write("MATCH (t:Tag {id: $id}) SET t.status = 'MERGED'", id=key.id)
    await db.write("MATCH (t:Tag {id: $id}) SET t.status = 'DEPRECATED'", id=vital.id)
    found = await candidates_among(db, viewer, important, key, vital)
    assert set(found) == {pair(important, vital)}, "deprecated tags are live, merged ones not"


async def test_marked_distinct_pair_is_never_proposed_again(db: Database, viewer: Viewer) -> None:
    important, key = await siblings(db, "重要客户", "重点客户")
    await mark_tags_distinct(db, viewer, tag_a_id=key.id, tag_b_id=important.id)
    assert await candidates_among(db, viewer, important, key) == {}
    rows = await db.read(
        "MATCH (a:Tag)-[d:DISTINCT_FROM]-(b:Tag) WHERE a.id = $a AND b.id = $b"
        " RETURN startNode(d).id AS start, d.by AS by, d.at AS at",
        a=important.id,
        b=key.id,
    )
    assert [(row["start"], row["by"]) for row in rows] == [(min(important.id, key.id), "test")]
    assert rows[0]["at"] is not None


async def test_marking_a_pair_distinct_again_changes_nothing(db: Database, viewer: Viewer) -> None:
    first, second = await make_tag(db), await make_tag(db)
    await mark_tags_distinct(db, viewer, tag_a_id=first.id, tag_b_id=second.id)
    before = await snapshot_graph(db)
    await mark_tags_distinct(db, viewer, tag_a_id=second.id, tag_b_id=first.id)
    await mark_tags_distinct(db, viewer, tag_a_id=first.id, tag_b_id=second.id)
    assert await snapshot_graph(db) == before


async def test_marking_unknown_tags_distinct_is_refused_and_changes_nothing(
    db: Database, viewer: Viewer
) -> None:
    tag = await make_tag(db)
    before = await snapshot_graph(db)
    for tag_a, tag_b, fields in (
        (tag.id, "tag-ghost", [("tagBId",)]),
        ("tag-ghost", tag.id, [("tagAId",)]),
        ("tag-ghost-1", "tag-ghost-2", [("tagAId",), ("tagBId",)]),
    ):
        with pytest.raises(UserInputError) as refused:
            await mark_tags_distinct(db, viewer, tag_a_id=tag_a, tag_b_id=tag_b)
        assert [(e.code, e.field) for e in refused.value.errors] == [
            (ErrorCode.NOT_FOUND, field) for field in fields
        ]
    assert await snapshot_graph(db) == before


async def test_marking_a_tag_distinct_from_itself_is_invalid_input(
    db: Database, viewer: Viewer
) -> None:
    tag = await make_tag(db)
    before = await snapshot_graph(db)
    with pytest.raises(UserInputError) as refused:
        await mark_tags_distinct(db, viewer, tag_a_id=tag.id, tag_b_id=tag.id)
    assert refused.value.errors[0].code == ErrorCode.INVALID_INPUT
    assert await snapshot_graph(db) == before


async def test_marking_a_tag_the_viewer_may_not_see_is_not_found(db: Database) -> None:
    shown, hidden = await make_tag(db), await make_tag(db)
    viewer = Viewer(user="analyst", visible_category_ids=frozenset({shown.category_id}))
    before = await snapshot_graph(db)
    with pytest.raises(UserInputError) as refused:
        await mark_tags_distinct(db, viewer, tag_a_id=shown.id, tag_b_id=hidden.id)
    assert [e.field for e in refused.value.errors] == [("tagBId",)]
    assert await snapshot_graph(db) == before


async def test_candidates_only_pair_tags_the_viewer_may_see(db: Database) -> None:
    important, key = await siblings(db, "重要客户", "重点客户")
    elsewhere = await make_tag(db, name="重要客户")
    viewer = Viewer(user="analyst", visible_category_ids=frozenset({important.category_id}))
    found = await find_duplicate_candidates(db, viewer, limit=EVERYTHING)
    seen = {tag_id for c in found for tag_id in (c.tag_a_id, c.tag_b_id)}
    assert {important.id, key.id} <= seen
    assert elsewhere.id not in seen


async def test_candidates_are_ordered_by_score_then_ids_and_listed_once(
    db: Database, viewer: Viewer
) -> None:
    await siblings(db, "重要客户", "重点客户", "重要客户群")
    found = await find_duplicate_candidates(db, viewer, limit=EVERYTHING)
    keys = [(-c.score, c.tag_a_id, c.tag_b_id) for c in found]
    assert keys == sorted(keys)
    assert all(c.tag_a_id < c.tag_b_id and 0 < c.score <= 1 and c.reasons for c in found)
    assert len({(c.tag_a_id, c.tag_b_id) for c in found}) == len(found)
    assert len(await find_duplicate_candidates(db, viewer, limit=2)) == 2
    with pytest.raises(UserInputError):
        await find_duplicate_candidates(db, viewer, limit=-1)
