"""Customers: upserts, lookups and the basic segment filters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.admin import snapshot_graph
from graph.customers import service as customers
from graph.customers.model import UNSET, CustomerUpsert
from graph.database import Database
from graph.errors import ErrorCode, NotFound, UserInputError
from graph.interactions.model import Interaction, InteractionType
from graph.pagination import PageRequest
from graph.segments.model import CustomerFilter
from graph.segments.service import count_customers, find_customers
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.viewer import Viewer
from services.interactions import record_interactions
from tests.factories import make_chain, make_customers, unique


async def test_upsert_creates_then_updates_only_the_given_fields(
    db: Database, viewer: Viewer
) -> None:
    customer_id = unique("cust")
    [created] = await customers.upsert_customers(
        db,
        viewer,
        items=[
            CustomerUpsert(
                id=customer_id,
                name="华锐精密",
                employees=800,
                industry_code="C",
                region_code="440100",
            )
        ],
    )
    assert (created.employees, created.industry_code, created.region_code) == (800, "C", "440100")
    [updated] = await customers.upsert_customers(
        db, viewer, items=[CustomerUpsert(id=customer_id, annual_revenue=1.5e8, region_code=None)]
    )
    assert updated.name == "华锐精密"
    assert updated.employees == 800
    assert updated.annual_revenue == 1.5e8
    assert updated.region_code is None
    assert updated.created_at == created.created_at


async def test_upsert_with_an_unknown_code_applies_nothing(db: Database, viewer: Viewer) -> None:
    good, bad = unique("cust"), unique("cust")
    before = await snapshot_graph(db)
    with pytest.raises(UserInputError) as refused:
        await customers.upsert_customers(
            db,
            viewer,
            items=[
                CustomerUpsert(id=good, name="好客户", industry_code="C"),
                CustomerUpsert(id=bad, name="坏客户", industry_code="ZZ"),
            ],
        )
    [error] = refused.value.errors
    assert (error.code, error.field) == (ErrorCode.NOT_FOUND, ("input", "1", "industryCode"))
    assert await snapshot_graph(db) == before


@pytest.mark.parametrize(
    ("item", "code", "field"),
    [
        (CustomerUpsert(id="new-without-name"), ErrorCode.INVALID_INPUT, "name"),
        (CustomerUpsert(id="x", name="  "), ErrorCode.INVALID_INPUT, "name"),
        (CustomerUpsert(id="x", name="名" * 201), ErrorCode.NAME_TOO_LONG, "name"),
        (CustomerUpsert(id="x", name="n", kind="ROBOT"), ErrorCode.INVALID_INPUT, "kind"),
        (CustomerUpsert(id="x", name="n", employees=-1), ErrorCode.INVALID_INPUT, "employees"),
        (CustomerUpsert(id="x", name="n", email="nope"), ErrorCode.INVALID_INPUT, "email"),
    ],
)
async def test_invalid_customer_fields_are_refused_with_their_field(
    db: Database, viewer: Viewer, item: CustomerUpsert, code: ErrorCode, field: str
) -> None:
    before = await snapshot_graph(db)
    with pytest.raises(UserInputError) as refused:
        await customers.upsert_customers(db, viewer, items=[item])
    assert (refused.value.errors[0].code, refused.value.errors[0].field) == (
        code,
        ("input", "0", field),
    )
    assert await snapshot_graph(db) == before


async def test_get_customer_raises_not_found(db: Database, viewer: Viewer) -> None:
    with pytest.raises(NotFound):
        await customers.get_customer(db, viewer, customer_id="no-such-customer")


async def test_filters_select_by_tag_subtree_industry_region_and_size(
    db: Database, viewer: Viewer
) -> None:
    chain = await make_chain(db, depth=3)
    big_south = await make_customers(db, 2, industry_code="13", region_code="440300", employees=900)
    small_south = await make_customers(
        db, 1, industry_code="13", region_code="440300", employees=50
    )
    big_east = await make_customers(db, 1, industry_code="13", region_code="330100", employees=900)
    everyone = [*big_south, *small_south, *big_east]
    await tag_customers(
        db,
        viewer,
        selection=CustomerSelection(tuple(c.id for c in everyone)),
        tag_ids=[chain[-1].id],
    )

    segment = CustomerFilter(
        has_tag=chain[0].id, in_industry="C", in_region="CN-SOUTH", employees_gte=500
    )
    page = await find_customers(
        db, viewer, page=PageRequest(first=10, after=None), customer_filter=segment
    )
    assert {edge.node.id for edge in page.edges} == {c.id for c in big_south}
    assert await count_customers(db, viewer, customer_filter=segment) == 2

    either = CustomerFilter(
        has_tag=chain[1].id,
        or_=(CustomerFilter(in_region="CN-EAST"), CustomerFilter(employees_lte=100)),
    )
    assert await count_customers(db, viewer, customer_filter=either) == 2


async def test_pagination_visits_every_customer_once(db: Database, viewer: Viewer) -> None:
    tag = (await make_chain(db, depth=1))[0]
    members = await make_customers(db, 7)
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(c.id for c in members)), tag_ids=[tag.id]
    )
    seen: list[str] = []
    after = None
    while True:
        page = await find_customers(
            db,
            viewer,
            page=PageRequest(first=3, after=after),
            customer_filter=CustomerFilter(has_tag=tag.id),
        )
        seen += [edge.node.id for edge in page.edges]
        if not page.has_next_page:
            break
        after = (page.edges[-1].node.id,)
    assert seen == sorted(c.id for c in members)


async def test_unset_fields_are_distinct_from_null() -> None:
    assert CustomerUpsert(id="x").name is UNSET
    assert CustomerUpsert(id="x", name=None).name is None


async def test_erasing_a_customer_takes_its_interactions_with_it(
    db: Database, viewer: Viewer
) -> None:
    (member,) = await make_customers(db, 1)
    interaction_id = unique("visit")
    await record_interactions(
        db,
        viewer,
        [Interaction(interaction_id, member.id, InteractionType.VISIT, datetime.now(UTC))],
    )
    await customers.erase_customer(db, viewer, customer_id=member.id)
    rows = await db.read("MATCH (i:Interaction {id: $id}) RETURN count(i) AS n", id=interaction_id)
    assert rows[0]["n"] == 0
