"""Tags: creation, sibling-name uniqueness, trees and their invariants."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.admin import snapshot_graph
from graph.database import Database
from graph.errors import ErrorCode, NotFound, UserInputError
from graph.pagination import PageRequest
from graph.taxonomy import edits as taxonomy
from graph.taxonomy import tags
from graph.taxonomy.model import NewTag, Tag
from graph.viewer import Viewer
from tests.factories import make_category, make_chain, make_tag, unique


async def test_a_child_tag_is_in_its_parents_category(db: Database, viewer: Viewer) -> None:
    parent = await make_tag(db)
    child = await taxonomy.create_tag(db, viewer, new=NewTag(name="高频购买", parent_id=parent.id))
    assert child.parent_id == parent.id
    assert child.category_id == parent.category_id
    assert child.status == "ACTIVE"


async def test_sibling_names_are_unique_after_normalization(db: Database, viewer: Viewer) -> None:
    parent = await make_tag(db)
    await taxonomy.create_tag(db, viewer, new=NewTag(name="VIP 客户", parent_id=parent.id))
    with pytest.raises(UserInputError) as refused:
        await taxonomy.create_tag(db, viewer, new=NewTag(name="ｖｉｐ  客户", parent_id=parent.id))
    assert refused.value.errors[0].code is ErrorCode.DUPLICATE_NAME


async def test_the_same_name_is_allowed_under_different_parents(
    db: Database, viewer: Viewer
) -> None:
    first, second = await make_tag(db), await make_tag(db)
    for parent in (first, second):
        await taxonomy.create_tag(db, viewer, new=NewTag(name="高活跃", parent_id=parent.id))


async def test_an_alias_clashing_with_a_sibling_is_a_duplicate(
    db: Database, viewer: Viewer
) -> None:
    category = await make_category(db)
    await taxonomy.create_tag(db, viewer, new=NewTag(name="重要客户", category_id=category.id))
    with pytest.raises(UserInputError) as refused:
        await taxonomy.create_tag(
            db, viewer, new=NewTag(name="核心客户", category_id=category.id, aliases=("重要客户",))
        )
    assert refused.value.errors[0].code is ErrorCode.DUPLICATE_NAME
    assert refused.value.errors[0].field == ("input", "aliases", "0")


async def test_concurrent_identical_creations_make_exactly_one_tag(db: Database) -> None:
    category = await make_category(db)
    new = NewTag(name="并发标签", category_id=category.id)
    viewers = [Viewer.full_access(user=f"client-{i}") for i in range(50)]
    results = await asyncio.gather(
        *(taxonomy.create_tag(db, v, new=new) for v in viewers), return_exceptions=True
    )
    created = [r for r in results if isinstance(r, Tag)]
    refused = [r for r in results if isinstance(r, UserInputError)]
    assert len(created) == 1
    assert len(refused) == 49
    assert all(r.errors[0].code is ErrorCode.DUPLICATE_NAME for r in refused)


async def test_unknown_parent_or_category_is_not_found_and_changes_nothing(
    db: Database, viewer: Viewer
) -> None:
    before = await snapshot_graph(db)
    with pytest.raises(NotFound):
        await taxonomy.create_tag(db, viewer, new=NewTag(name="x", parent_id="tag-missing"))
    with pytest.raises(NotFound):
        await taxonomy.create_tag(db, viewer, new=NewTag(name="x", category_id="cat-missing"))
    assert await snapshot_graph(db) == before


async def test_a_child_cannot_be_put_in_another_category_than_its_parent(
    db: Database, viewer: Viewer
) -> None:
    parent = await make_tag(db)
    other = await make_category(db)
    with pytest.raises(UserInputError) as refused:
        await taxonomy.create_tag(
            db, viewer, new=NewTag(name="x", parent_id=parent.id, category_id=other.id)
        )
    assert refused.value.errors[0].code is ErrorCode.INVALID_INPUT


async def test_path_runs_from_the_root_down_to_the_tag(db: Database, viewer: Viewer) -> None:
    chain = await make_chain(db, depth=5)
    paths = await tags.find_paths_by_ids(db, viewer, ids=[chain[-1].id, chain[0].id])
    assert [t.id for t in paths[chain[-1].id]] == [t.id for t in chain]
    assert [t.id for t in paths[chain[0].id]] == [chain[0].id]


async def test_children_are_listed_by_name(db: Database, viewer: Viewer) -> None:
    parent = await make_tag(db)
    for name in ("丙", "甲", "乙"):
        await make_tag(db, parent=parent, name=name)
    children = await tags.find_children_by_parent_ids(db, viewer, parent_ids=[parent.id])
    assert [t.name for t in children[parent.id]] == sorted(["丙", "甲", "乙"])


async def test_search_finds_tags_by_name_and_alias(db: Database, viewer: Viewer) -> None:
    category = await make_category(db)
    marker = unique("检索")
    await taxonomy.create_tag(db, viewer, new=NewTag(name=f"{marker}甲", category_id=category.id))
    await taxonomy.create_tag(
        db, viewer, new=NewTag(name="别名标签", category_id=category.id, aliases=(f"{marker}乙",))
    )
    page = await tags.find_tags(
        db, viewer, page=PageRequest(first=10, after=None), search=marker.upper()
    )
    assert {edge.node.name for edge in page.edges} == {f"{marker}甲", "别名标签"}


async def test_viewer_sees_only_visible_categories(db: Database) -> None:
    hidden = await make_tag(db)
    shown = await make_tag(db)
    restricted = Viewer(user="u", visible_category_ids=frozenset({shown.category_id}))
    found = await tags.find_tags_by_ids(db, restricted, ids=[hidden.id, shown.id])
    assert set(found) == {shown.id}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(parents=st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=12))
async def test_random_trees_keep_one_parent_no_cycle_and_one_category(
    db: Database, parents: list[int]
) -> None:
    """Each new tag hangs under a random earlier tag (or the category): the tree stays a tree."""
    viewer = Viewer.full_access("hypothesis")
    category = await make_category(db)
    created: list[Tag] = []
    for choice in parents:
        parent = created[choice % len(created)] if created and choice % 3 else None
        created.append(
            await taxonomy.create_tag(
                db,
                viewer,
                new=NewTag(
                    name=unique("t"),
                    category_id=None if parent else category.id,
                    parent_id=parent.id if parent else None,
                ),
            )
        )
    rows = await db.read(
        "MATCH (t:Tag)-[:IN_CATEGORY]->(:TagCategory {id: $category}) "
        "RETURN t.id AS id, COUNT { (t)-[:CHILD_OF]->() } AS parents, "
        "COUNT { (t)-[:IN_CATEGORY]->() } AS categories, "
        "EXISTS { (t)-[:CHILD_OF*1..]->(t) } AS cyclic, "
        "EXISTS { MATCH (t)-[:CHILD_OF*0..]->(root:Tag) WHERE NOT (root)-[:CHILD_OF]->() "
        "         AND (root)-[:IN_CATEGORY]->(:TagCategory {id: $category}) } AS rooted",
        category=category.id,
    )
    assert len(rows) == len(created)
    for row in rows:
        assert row["parents"] <= 1
        assert row["categories"] == 1
        assert not row["cyclic"]
        assert row["rooted"]
