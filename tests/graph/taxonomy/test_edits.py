"""Changing the taxonomy: rename, move, merge, delete — atomic, and the tree stays a tree."""

from __future__ import annotations

import asyncio
import random

import pytest

from graph.admin import snapshot_graph
from graph.customers import service as customers
from graph.customers.model import Customer
from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.taxonomy import edits as taxonomy
from graph.taxonomy import tags
from graph.taxonomy.model import TagChanges
from graph.taxonomy.retire import delete_tag, merge_tags
from graph.viewer import Viewer
from tests.factories import make_category, make_chain, make_customers, make_tag
from tests.invariants import assert_taxonomy_is_valid


def holders(*groups: list[Customer]) -> CustomerSelection:
    return CustomerSelection(tuple(c.id for group in groups for c in group))


async def test_rename_checks_siblings_and_deprecation_blocks_new_assignments(
    db: Database, viewer: Viewer
) -> None:
    parent = await make_tag(db)
    first = await make_tag(db, parent=parent, name="重要客户")
    second = await make_tag(db, parent=parent, name="次要客户")
    with pytest.raises(UserInputError) as clash:
        await taxonomy.update_tag(db, viewer, tag_id=second.id, changes=TagChanges(name="重要客户"))
    assert clash.value.errors[0].code is ErrorCode.DUPLICATE_NAME
    renamed = await taxonomy.update_tag(
        db, viewer, tag_id=first.id, changes=TagChanges(name="重点客户 ")
    )
    assert renamed.name == "重点客户"
    deprecated = await taxonomy.update_tag(
        db, viewer, tag_id=first.id, changes=TagChanges(status="DEPRECATED")
    )
    assert deprecated.status == "DEPRECATED"
    members = await make_customers(db)
    with pytest.raises(UserInputError) as refused:
        await tag_customers(db, viewer, selection=holders(members), tag_ids=[first.id])
    assert refused.value.errors[0].code is ErrorCode.TAG_DEPRECATED


async def test_move_carries_the_subtree_and_refuses_cycles(db: Database, viewer: Viewer) -> None:
    chain = await make_chain(db, depth=4)
    other = await make_tag(db, category=None, parent=None)
    before = await snapshot_graph(db)
    for new_parent in (chain[1], chain[2], chain[3]):
        with pytest.raises(UserInputError) as cycle:
            await taxonomy.move_tag(db, viewer, tag_id=chain[1].id, parent_id=new_parent.id)
        assert cycle.value.errors[0].code is ErrorCode.CYCLE
    assert await snapshot_graph(db) == before
    moved = await taxonomy.move_tag(db, viewer, tag_id=chain[1].id, parent_id=other.id)
    assert moved.parent_id == other.id
    assert moved.category_id == other.category_id
    paths = await tags.find_paths_by_ids(db, viewer, ids=[chain[3].id])
    assert [t.id for t in paths[chain[3].id]] == [other.id, chain[1].id, chain[2].id, chain[3].id]
    await assert_taxonomy_is_valid(db, [chain[0].category_id, other.category_id])


async def test_moving_under_itself_is_a_cycle(db: Database, viewer: Viewer) -> None:
    chain = await make_chain(db, depth=3)
    for target in chain:
        with pytest.raises(UserInputError) as cycle:
            await taxonomy.move_tag(db, viewer, tag_id=chain[0].id, parent_id=target.id)
        assert cycle.value.errors[0].code is ErrorCode.CYCLE


async def test_move_to_the_top_of_another_category(db: Database, viewer: Viewer) -> None:
    chain = await make_chain(db, depth=3)
    elsewhere = await make_category(db)
    moved = await taxonomy.move_tag(
        db, viewer, tag_id=chain[1].id, parent_id=None, category_id=elsewhere.id
    )
    assert (moved.parent_id, moved.category_id) == (None, elsewhere.id)
    found = await tags.find_tags_by_ids(db, viewer, ids=[chain[2].id])
    assert found[chain[2].id].category_id == elsewhere.id
    await assert_taxonomy_is_valid(db, [chain[0].category_id, elsewhere.id])


async def test_move_into_a_name_clash_is_refused(db: Database, viewer: Viewer) -> None:
    a, b = await make_tag(db), await make_tag(db)
    await make_tag(db, parent=a, name="高活跃")
    wanderer = await make_tag(db, parent=b, name="高活跃")
    with pytest.raises(UserInputError) as clash:
        await taxonomy.move_tag(db, viewer, tag_id=wanderer.id, parent_id=a.id)
    assert clash.value.errors[0].code is ErrorCode.DUPLICATE_NAME


async def test_concurrent_random_moves_leave_a_valid_tree(db: Database) -> None:
    category = await make_category(db)
    nodes = [await make_tag(db, category=category) for _ in range(4)]
    for _ in range(10):
        nodes.append(await make_tag(db, parent=random.choice(nodes)))
    rng = random.Random(7)

    async def client(number: int) -> None:
        viewer = Viewer.full_access(f"mover-{number}")
        for _ in range(8):
            tag, parent = rng.choice(nodes), rng.choice([*nodes, None])
            try:
                await taxonomy.move_tag(
                    db, viewer, tag_id=tag.id, parent_id=parent.id if parent else None
                )
            except UserInputError as refused:
                assert refused.errors[0].code in (ErrorCode.CYCLE, ErrorCode.DUPLICATE_NAME)

    await asyncio.gather(*(client(n) for n in range(8)))
    await assert_taxonomy_is_valid(db, [category.id])


async def test_merge_moves_assignments_children_and_names(db: Database, viewer: Viewer) -> None:
    parent = await make_tag(db)
    target = await make_tag(db, parent=parent, name="重要客户")
    source = await make_tag(db, parent=parent, name="重点客户")
    child = await make_tag(db, parent=source, name="重点客户-华南")
    only_source, both = await make_customers(db, 2), await make_customers(db, 1)
    await tag_customers(db, viewer, selection=holders(only_source, both), tag_ids=[source.id])
    await tag_customers(db, viewer, selection=holders(both), tag_ids=[target.id])

    result = await merge_tags(db, viewer, source_ids=[source.id], target_id=target.id)
    assert (result.customers, result.added, result.children_moved) == (3, 2, 1)
    assert "重点客户" in result.target.aliases
    held = await customers.find_tags_by_customer_ids(
        db, viewer, ids=[c.id for c in [*only_source, *both]]
    )
    assert all([t.id for t in tags_] == [target.id] for tags_ in held.values())
    retired = (await tags.find_tags_by_ids(db, viewer, ids=[source.id]))[source.id]
    assert (retired.status, retired.parent_id) == ("MERGED", None)
    moved_child = (await tags.find_tags_by_ids(db, viewer, ids=[child.id]))[child.id]
    assert moved_child.parent_id == target.id
    await assert_taxonomy_is_valid(db, [parent.category_id])


async def test_merging_an_ancestor_into_its_descendant_is_refused(
    db: Database, viewer: Viewer
) -> None:
    chain = await make_chain(db, depth=3)
    before = await snapshot_graph(db)
    with pytest.raises(UserInputError) as refused:
        await merge_tags(db, viewer, source_ids=[chain[0].id], target_id=chain[2].id)
    assert refused.value.errors[0].code is ErrorCode.CYCLE
    assert await snapshot_graph(db) == before


async def test_merged_tags_cannot_be_assigned_or_changed(db: Database, viewer: Viewer) -> None:
    target, source = await make_tag(db), await make_tag(db)
    await merge_tags(db, viewer, source_ids=[source.id], target_id=target.id)
    members = await make_customers(db)
    with pytest.raises(UserInputError) as refused:
        await tag_customers(db, viewer, selection=holders(members), tag_ids=[source.id])
    assert refused.value.errors[0].code is ErrorCode.TAG_RETIRED
    with pytest.raises(UserInputError) as again:
        await merge_tags(db, viewer, source_ids=[source.id], target_id=target.id)
    assert again.value.errors[0].code is ErrorCode.TAG_RETIRED


async def test_delete_refuses_tags_in_use_and_changes_nothing(db: Database, viewer: Viewer) -> None:
    chain = await make_chain(db, depth=2)
    members = await make_customers(db)
    await tag_customers(db, viewer, selection=holders(members), tag_ids=[chain[1].id])
    before = await snapshot_graph(db)
    for tag_id in (chain[0].id, chain[1].id):
        with pytest.raises(UserInputError) as refused:
            await delete_tag(db, viewer, tag_id=tag_id)
        assert refused.value.errors[0].code is ErrorCode.IN_USE
    assert await snapshot_graph(db) == before


async def test_delete_with_reassignment_keeps_customers_tagged(
    db: Database, viewer: Viewer
) -> None:
    chain = await make_chain(db, depth=3)
    keeper = await make_tag(db)
    members = await make_customers(db, 2)
    await tag_customers(db, viewer, selection=holders(members), tag_ids=[chain[2].id])
    result = await delete_tag(
        db, viewer, tag_id=chain[1].id, reassign_to=keeper.id, delete_subtree=True
    )
    assert set(result.deleted_ids) == {chain[1].id, chain[2].id}
    assert result.reassigned_customers == 2
    held = await customers.find_tags_by_customer_ids(db, viewer, ids=[c.id for c in members])
    assert all([t.id for t in tags_] == [keeper.id] for tags_ in held.values())
    remaining = await tags.find_tags_by_ids(db, viewer, ids=[chain[1].id, chain[2].id])
    # Both had history (the reassigned assignments), so they stay, retired, for history.
    assert {t.status for t in remaining.values()} == {"DELETED"}
    children = await tags.find_children_by_parent_ids(db, viewer, parent_ids=[chain[0].id])
    assert children[chain[0].id] == []


async def test_an_unused_tag_is_deleted_entirely(db: Database, viewer: Viewer) -> None:
    tag = await make_tag(db)
    assert (await delete_tag(db, viewer, tag_id=tag.id)).deleted_ids == (tag.id,)
    assert await tags.find_tags_by_ids(db, viewer, ids=[tag.id]) == {}


async def test_a_merge_that_brings_a_second_exclusive_tag_is_refused(
    db: Database, viewer: Viewer
) -> None:
    """Found by the state machine: the source's children follow it into the exclusive category."""
    open_category = await make_category(db)
    lifecycle = await make_category(db, exclusive=True)
    source = await make_tag(db, category=open_category)
    child = await make_tag(db, parent=source)
    target = await make_tag(db, category=lifecycle)
    [member] = await make_customers(db)
    await tag_customers(db, viewer, selection=holders([member]), tag_ids=[source.id, child.id])
    before = await snapshot_graph(db)
    with pytest.raises(UserInputError) as refused:
        await merge_tags(db, viewer, source_ids=[source.id], target_id=target.id)
    assert refused.value.errors[0].code is ErrorCode.EXCLUSIVE_CONFLICT
    assert await snapshot_graph(db) == before


async def test_moving_a_subtree_held_twice_into_an_exclusive_category_is_refused(
    db: Database, viewer: Viewer
) -> None:
    parent = await make_tag(db)
    child = await make_tag(db, parent=parent)
    lifecycle = await make_category(db, exclusive=True)
    [member] = await make_customers(db)
    await tag_customers(db, viewer, selection=holders([member]), tag_ids=[parent.id, child.id])
    with pytest.raises(UserInputError) as refused:
        await taxonomy.move_tag(
            db, viewer, tag_id=parent.id, parent_id=None, category_id=lifecycle.id
        )
    assert refused.value.errors[0].code is ErrorCode.EXCLUSIVE_CONFLICT
