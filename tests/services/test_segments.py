"""The index beside the graph answers exactly what the Cypher path answers, and follows every
kind of write through the change notices."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from graph.customers import service as customers
from graph.customers.model import CustomerUpsert
from graph.database import Database
from graph.pagination import PageRequest
from graph.segments import facets
from graph.segments.compiler import compile_filter, ids_query
from graph.segments.model import CustomerFilter, FacetDimension
from graph.segments.service import count_customers, find_customers
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers, untag_customers
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.retire import merge_tags
from graph.viewer import Viewer
from services.index_keeper import IndexKeeper
from services.segments import Segments
from setindex.evaluate import evaluate, supports
from setindex.rows import NodeRows
from tests.factories import make_chain, make_customers, make_tag, unique
from tests.segment_reference import World, generated_world
from tests.segment_strategies import filters

T = TypeVar("T")
Runner = Callable[[Callable[[Database], Awaitable[Any]]], Any]
PREFIX = "six-"
VIEWER = Viewer.full_access("index-tests")


@pytest.fixture(scope="module")
async def world(db: Database) -> AsyncIterator[World]:
    """A generated data set of its own, read back as plain data."""
    async with generated_world(db, 400, 5, PREFIX) as world:
        yield world


@pytest.fixture
async def keeper(db: Database) -> IndexKeeper:
    """An index built from the test database now (not following it until asked)."""
    keeper = IndexKeeper(db)
    await keeper.rebuild()
    return keeper


def test_random_filters_select_the_same_customers_as_cypher(world: World, run: Runner) -> None:
    members = {str(c["id"]) for c in world.customers}
    store = run(lambda db: IndexKeeper(db).rebuild())

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(customer_filter=filters(world).filter(supports))
    def check(customer_filter: CustomerFilter) -> None:
        compiled = compile_filter(customer_filter)
        rows = run(lambda db: db.read(ids_query(compiled), **compiled.parameters, limit=10**7))
        expected = {row["id"] for row in rows} & members
        found = {store.ids[n] for n in evaluate(store, customer_filter)} & members
        assert found == expected, customer_filter

    check()


async def test_index_follows_tagging_untagging_and_erasure(
    db: Database, keeper: IndexKeeper
) -> None:
    chain = await make_chain(db, 3)
    first, second = await make_customers(db, 2, region_code="440300", industry_code="C")
    await keeper.catch_up()
    root = CustomerFilter(has_tag=chain[0].id)
    assert _ids(keeper, root) == set()
    assert {first.id, second.id} <= _ids(keeper, CustomerFilter(in_region="CN-SOUTH"))

    await tag_customers(db, VIEWER, selection=CustomerSelection((first.id,)), tag_ids=[chain[2].id])
    await keeper.catch_up()
    assert _ids(keeper, root) == {first.id}

    await untag_customers(
        db, VIEWER, selection=CustomerSelection((first.id,)), tag_ids=[chain[2].id]
    )
    await customers.erase_customer(db, VIEWER, customer_id=second.id)
    await keeper.catch_up()
    assert _ids(keeper, root) == set()
    assert second.id not in _ids(keeper, CustomerFilter(in_region="CN-SOUTH"))


async def test_index_follows_moves_and_merges(db: Database, keeper: IndexKeeper) -> None:
    old_root, child = await make_chain(db, 2)
    new_root = await make_tag(db)
    (member,) = await make_customers(db, 1)
    await tag_customers(db, VIEWER, selection=CustomerSelection((member.id,)), tag_ids=[child.id])
    await keeper.catch_up()
    assert _ids(keeper, CustomerFilter(has_tag=old_root.id)) == {member.id}

    await taxonomy.move_tag(db, VIEWER, tag_id=child.id, parent_id=new_root.id)
    await keeper.catch_up()
    assert _ids(keeper, CustomerFilter(has_tag=old_root.id)) == set()
    assert _ids(keeper, CustomerFilter(has_tag=new_root.id)) == {member.id}

    target = await make_tag(db)
    await merge_tags(db, VIEWER, source_ids=[new_root.id], target_id=target.id)
    await keeper.catch_up()
    assert _ids(keeper, CustomerFilter(has_tag=target.id)) == {member.id}
    assert _ids(keeper, CustomerFilter(has_tag=child.id)) == {member.id}


async def test_pages_counts_and_facets_agree_with_the_cypher_path(
    db: Database, keeper: IndexKeeper
) -> None:
    tag = await make_tag(db)
    group = await make_customers(db, 7, region_code="440300", industry_code="C", employees=600)
    await tag_customers(
        db, VIEWER, selection=CustomerSelection(tuple(c.id for c in group)), tag_ids=[tag.id]
    )
    late = await make_customers(db, 3, region_code="110100", employees=900)  # after the build
    in_beijing_time = datetime(2026, 11, 1, 8, 30, 15, 123456, tzinfo=timezone(timedelta(hours=8)))
    await customers.upsert_customers(
        db, VIEWER, items=[CustomerUpsert(id=late[0].id, last_interaction_at=in_beijing_time)]
    )
    await tag_customers(
        db, VIEWER, selection=CustomerSelection(tuple(c.id for c in late)), tag_ids=[tag.id]
    )
    await keeper.catch_up()
    fast = Segments(db, keeper)
    segment = CustomerFilter(has_tag=tag.id, employees_gte=500)

    assert await fast.count(VIEWER, segment) == 10
    assert await fast.count(VIEWER, segment) == await count_customers(
        db, VIEWER, customer_filter=segment
    )
    seen: list[str] = []
    after: tuple[Any, ...] | None = None
    while True:
        page = await fast.page(VIEWER, PageRequest(3, after), segment)
        reference = await find_customers(
            db, VIEWER, page=PageRequest(3, after), customer_filter=segment
        )
        assert [e.node for e in page.edges] == [e.node for e in reference.edges]
        offsets = [e.node.last_interaction_at.utcoffset() for e in page.edges
                   if e.node.last_interaction_at]  # fmt: skip
        assert offsets == [e.node.last_interaction_at.utcoffset() for e in reference.edges
                           if e.node.last_interaction_at]  # fmt: skip
        seen += [e.node.id for e in page.edges]
        if not page.has_next_page:
            break
        after = (page.edges[-1].node.id,)
    assert seen == sorted(c.id for c in [*group, *late])
    for request in (PageRequest(0, None), PageRequest(0, (seen[-1],))):
        empty = await fast.page(VIEWER, request, segment)
        reference = await find_customers(db, VIEWER, page=request, customer_filter=segment)
        assert (empty.edges, empty.has_next_page) == ([], reference.has_next_page)
    for dimension, parent in (
        (FacetDimension.REGION, None),
        (FacetDimension.REGION, "CN"),
        (FacetDimension.INDUSTRY, None),
        (FacetDimension.TAG, tag.category_id),
    ):
        assert await fast.facets(VIEWER, segment, dimension, parent) == await facets.find_facets(
            db, VIEWER, customer_filter=segment, dimension=dimension, parent=parent
        )


async def test_customers_in_the_index_equal_the_graphs_after_edits_and_erasure(
    db: Database, keeper: IndexKeeper
) -> None:
    before = await make_customers(db, 3, region_code="440300", industry_code="C", employees=60)
    await keeper.catch_up()
    await customers.upsert_customers(
        db,
        VIEWER,
        items=[
            CustomerUpsert(
                id=before[0].id,
                name="深圳华南精密制造有限公司",
                email="buyer@example.cn",
                phone="+86 755 1234 5678",
                annual_revenue=12_500_000.5,
                kind="PERSON",
            ),
            CustomerUpsert(id=before[1].id, employees=None, region_code=None),
        ],
    )
    after = await make_customers(db, 2, industry_code="39")  # new numbers after the build
    await customers.erase_customer(db, VIEWER, customer_id=before[2].id)
    await keeper.catch_up()
    store = keeper.store
    assert store is not None
    ids = [c.id for c in [*before, *after]]
    graph_view = await customers.find_customers_by_ids(db, VIEWER, ids=ids)
    index_view = {
        customer_id: store.customer(store.positions[customer_id])
        for customer_id in ids
        if store.positions[customer_id] in store.alive
    }
    assert index_view == graph_view
    assert before[2].id not in index_view
    assert index_view[before[0].id].name == "深圳华南精密制造有限公司"


async def test_filters_the_index_cannot_answer_go_to_the_graph(
    db: Database, keeper: IndexKeeper
) -> None:
    name = unique("独特名")
    tag = await make_tag(db)
    (member,) = await make_customers(db, 1)
    await customers.upsert_customers(db, VIEWER, items=[CustomerUpsert(id=member.id, name=name)])
    await tag_customers(db, VIEWER, selection=CustomerSelection((member.id,)), tag_ids=[tag.id])
    segment = CustomerFilter(name_contains=name)
    assert not supports(segment)
    fast = Segments(db, keeper)
    assert await fast.count(VIEWER, segment) == 1
    page = await fast.page(VIEWER, PageRequest(5, None), segment)
    assert [e.node.id for e in page.edges] == [member.id]


def _ids(keeper: IndexKeeper, customer_filter: CustomerFilter) -> set[str]:
    store = keeper.store
    assert store is not None
    return {store.ids[number] for number in evaluate(store, customer_filter)}


def test_compacted_rows_equal_the_rows_they_fold() -> None:
    base = NodeRows(np.array([0, 2, 2, 5]), np.array([1, 4, 0, 2, 3], np.uint16))
    base.set(1, np.array([7], np.uint16))
    base.set(4, np.array([5, 6], np.uint16))  # a customer added after the build
    base.set(0, np.array([], np.uint16))
    compact = base.compacted(5)
    for customer in range(5):
        assert compact.get(customer).tolist() == base.get(customer).tolist()
    assert compact.changed == {}


async def test_a_burst_of_notices_is_read_page_by_page(
    db: Database, keeper: IndexKeeper, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("services.index_keeper.NOTICES_PER_POLL", 2)
    tag = await make_tag(db)
    members = await make_customers(db, 5)
    for member in members:  # five transactions, five notices
        await tag_customers(db, VIEWER, selection=CustomerSelection((member.id,)), tag_ids=[tag.id])
    await keeper.catch_up()
    assert _ids(keeper, CustomerFilter(has_tag=tag.id)) == {m.id for m in members}
