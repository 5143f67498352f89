"""The compiled Cypher of random filters returns exactly what the reference evaluator says,
and pagination visits every member of a segment once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datagen import REFERENCE_TIME, Dataset
from graph.database import Database
from graph.pagination import PageRequest, decode_cursor
from graph.segments.compiler import compile_filter, ids_query
from graph.segments.explain import explain_membership
from graph.segments.model import CustomerFilter, CustomerOrder, CustomerOrderField
from graph.segments.planner import plan_filter, required_subtrees
from graph.segments.service import count_customers, find_customers
from graph.tagging.model import CustomerSelection
from graph.tagging.service import untag_customers
from graph.viewer import Viewer
from tests.segment_reference import World, generated_world, reference_segment
from tests.segment_strategies import filters, leaves

T = TypeVar("T")
Runner = Callable[[Callable[[Database], Awaitable[Any]]], Any]
PREFIX = "seg-"
SIZE = 600
VIEWER = Viewer.full_access("segments")


@pytest.fixture(scope="module")
async def world(db: Database) -> AsyncIterator[World]:
    """A generated data set with some history (ended assignments), read back as plain data."""

    async def end_some_assignments(dataset: Dataset) -> None:
        first = next(dataset.customers(batch_size=60))
        for offset, member in enumerate(first):
            await untag_customers(
                db, VIEWER, selection=CustomerSelection((member.id,)), tag_ids=[member.tag_ids[0]],
                now=REFERENCE_TIME - timedelta(days=10 * offset),
            )  # fmt: skip

    async with generated_world(db, SIZE, 11, PREFIX, end_some_assignments) as world:
        yield world


def test_compiled_cypher_matches_the_reference_evaluator(world: World, run: Runner) -> None:
    members = {str(c["id"]) for c in world.customers}

    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(customer_filter=filters(world))
    def check(customer_filter: CustomerFilter) -> None:
        compiled = compile_filter(customer_filter)
        rows = run(lambda db: db.read(ids_query(compiled), **compiled.parameters, limit=10**7))
        found = {row["id"] for row in rows} & members
        assert found == reference_segment(world, customer_filter), customer_filter

    check()


def test_pagination_visits_every_member_once(world: World, run: Runner) -> None:
    @settings(max_examples=15, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(customer_filter=leaves(world), size=st.integers(1, 100))
    def check(customer_filter: CustomerFilter, size: int) -> None:
        seen: list[str] = []
        after = None
        while True:
            request = PageRequest(first=size, after=after)

            async def fetch(db: Database, request: PageRequest = request) -> Any:
                return await find_customers(
                    db, VIEWER, page=request, customer_filter=customer_filter
                )

            page = run(fetch)
            seen += [edge.node.id for edge in page.edges]
            if not page.has_next_page:
                break
            after = (page.edges[-1].node.id,)
        assert len(seen) == len(set(seen))
        assert seen == sorted(seen)
        assert len(seen) == run(
            lambda db: count_customers(db, VIEWER, customer_filter=customer_filter)
        )

    check()


def test_explanations_agree_with_the_compiled_query(world: World, run: Runner) -> None:
    sample = [str(c["id"]) for c in world.customers[::75]]

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(customer_filter=filters(world))
    def check(customer_filter: CustomerFilter) -> None:
        members = reference_segment(world, customer_filter)
        for customer_id in sample:

            async def explain(db: Database, customer_id: str = customer_id) -> Any:
                return await explain_membership(
                    db, VIEWER, customer_id=customer_id, customer_filter=customer_filter
                )

            explanation = run(explain)
            assert explanation.matched == (customer_id in members), customer_filter

    check()


ORDER_PROPERTY = {
    CustomerOrderField.NAME: "name",
    CustomerOrderField.EMPLOYEES: "employees",
    CustomerOrderField.ANNUAL_REVENUE: "revenue",
    CustomerOrderField.LAST_INTERACTION: "lastInteractionAt",
    CustomerOrderField.CREATED_AT: "createdAt",
    CustomerOrderField.ID: "id",
}


def test_orderings_page_through_each_member_once_in_order(world: World, run: Runner) -> None:
    by_id = {str(c["id"]): c for c in world.customers}

    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(
        customer_filter=leaves(world),
        field=st.sampled_from(list(CustomerOrderField)),
        descending=st.booleans(),
        size=st.integers(7, 60),
    )
    def check(
        *, customer_filter: CustomerFilter, field: CustomerOrderField, descending: bool, size: int
    ) -> None:
        order = CustomerOrder(field, descending)
        seen: list[str] = []
        after = None
        while True:
            request = PageRequest(first=size, after=after)

            async def fetch(db: Database, request: PageRequest = request) -> Any:
                return await find_customers(
                    db, VIEWER, page=request, customer_filter=customer_filter, order=order
                )

            page = run(fetch)
            seen += [edge.node.id for edge in page.edges]
            if not page.has_next_page:
                break
            after = decode_cursor(page.edges[-1].cursor, 1 if order.is_default else 4)
        assert len(seen) == len(set(seen))
        mine = [customer_id for customer_id in seen if customer_id in by_id]
        assert set(mine) == reference_segment(world, customer_filter)
        prop = ORDER_PROPERTY[field]

        def key(customer_id: str) -> tuple[Any, ...]:
            value = by_id[customer_id][prop]
            return (value is None, value, customer_id)

        expected = sorted(mine, key=key)
        if descending:
            present = [i for i in expected if by_id[i][prop] is not None]
            missing = [i for i in expected if by_id[i][prop] is None]
            present.sort(key=lambda i: (by_id[i][prop], _inverse(i)), reverse=True)
            expected = present + missing
        assert mine == expected

    check()


def _inverse(customer_id: str) -> tuple[int, ...]:
    """Sorts ids in reverse, so that reverse=True keeps ties in ascending id order."""
    return tuple(-ord(ch) for ch in customer_id)


def test_reference_time_is_fixed() -> None:
    assert datetime(2026, 11, 1, tzinfo=UTC) == REFERENCE_TIME


def test_anchored_queries_select_the_same_customers(world: World, run: Runner) -> None:
    members = {str(c["id"]) for c in world.customers}
    subtree_leaves = leaves(world).filter(lambda f: bool(required_subtrees(f)))

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(anchor=subtree_leaves, rest=filters(world), size=st.integers(1, 40))
    def check(anchor: CustomerFilter, rest: CustomerFilter, size: int) -> None:
        customer_filter = CustomerFilter(and_=(anchor, rest))

        async def work(db: Database) -> tuple[set[str], list[str]]:
            compiled = await plan_filter(
                db, VIEWER, customer_filter=customer_filter, anchor_limit=10**9
            )
            assert compiled.anchor is not None
            rows = await db.read(ids_query(compiled), **compiled.parameters, limit=10**7)
            page = await find_customers(db, VIEWER, page=PageRequest(size, None),
                                                  customer_filter=customer_filter)  # fmt: skip
            return {row["id"] for row in rows}, [e.node.id for e in page.edges]

        found, first_page = run(work)
        expected = reference_segment(world, customer_filter)
        assert found & members == expected, customer_filter
        assert [i for i in first_page if i in members] == sorted(expected)[: len(
            [i for i in first_page if i in members])]  # fmt: skip

    check()


def test_required_subtrees_are_the_top_level_conjuncts() -> None:
    nested = CustomerFilter(
        has_tag="t1",
        has_all_tags=("t2", "t1"),
        and_=(CustomerFilter(in_region="CN-SOUTH", or_=(CustomerFilter(in_industry="C"),)),),
        or_=(CustomerFilter(has_tag="t9"),),
        not_=CustomerFilter(in_industry="F"),
    )
    assert required_subtrees(nested) == [("TAG", "t1"), ("TAG", "t2"), ("REGION", "CN-SOUTH")]
