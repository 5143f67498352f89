"""Interactions: idempotent batches by client id, lastInteractionAt, products, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from graph.admin import snapshot_graph
from graph.customers import service as customers
from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.interactions import products
from graph.interactions.model import Interaction, InteractionType, Product
from graph.interactions.service import find_interactions_by_customer_ids
from graph.viewer import Viewer
from services.interactions import record_interactions
from tests.factories import make_customers, unique

NOW = datetime(2026, 6, 1, tzinfo=UTC)


async def test_a_retried_batch_records_nothing_twice(db: Database, viewer: Viewer) -> None:
    [member] = await make_customers(db)
    batch = [
        Interaction(
            unique("i"), member.id, InteractionType.VISIT, NOW - timedelta(days=d, microseconds=7)
        )
        for d in (3, 1, 7)
    ]
    first = await record_interactions(db, viewer, batch, now=NOW)
    second = await record_interactions(db, viewer, batch, now=NOW)
    assert (first.recorded, first.duplicates) == (3, 0)
    assert (second.recorded, second.duplicates) == (0, 3)
    found = await find_interactions_by_customer_ids(db, customer_ids=[member.id])
    assert [i.at for i in found[member.id]] == [
        NOW - timedelta(days=d, microseconds=7) for d in (1, 3, 7)
    ]
    after = (await customers.find_customers_by_ids(db, viewer, ids=[member.id]))[member.id]
    assert after.last_interaction_at == NOW - timedelta(days=1, microseconds=7)


async def test_last_interaction_only_moves_forward(db: Database, viewer: Viewer) -> None:
    [member] = await make_customers(db)
    await record_interactions(
        db, viewer, [Interaction(unique("i"), member.id, InteractionType.CALL, NOW)], now=NOW
    )
    older = Interaction(unique("i"), member.id, InteractionType.CALL, NOW - timedelta(days=30))
    await record_interactions(db, viewer, [older], now=NOW)
    after = (await customers.find_customers_by_ids(db, viewer, ids=[member.id]))[member.id]
    assert after.last_interaction_at == NOW


async def test_a_purchase_links_the_product(db: Database, viewer: Viewer) -> None:
    [member] = await make_customers(db)
    product = Product(unique("prod"), "客户管理CRM 专业版", "客户管理CRM", "专业版")
    await products.merge_products(db, products=[product])
    purchase = Interaction(
        unique("i"),
        member.id,
        InteractionType.PURCHASE,
        NOW,
        amount=98_000.0,
        product_id=product.id,
    )
    await record_interactions(db, viewer, [purchase], now=NOW)
    rows = await db.read(
        "MATCH (c:Customer {id: $c})-[p:PURCHASED]->(:Product {id: $p}),"
        " (c)-[:HAD]->(i:Interaction)-[:ABOUT]->(:Product {id: $p})"
        " RETURN p.amount AS amount, i.id AS interaction",
        c=member.id,
        p=product.id,
    )
    assert rows == [{"amount": 98_000.0, "interaction": purchase.id}]


async def test_one_unknown_customer_or_product_records_nothing(
    db: Database, viewer: Viewer
) -> None:
    [member] = await make_customers(db)
    before = await snapshot_graph(db)
    batch = [
        Interaction(unique("i"), member.id, InteractionType.VISIT, NOW),
        Interaction(unique("i"), "ghost", InteractionType.VISIT, NOW),
        Interaction(unique("i"), member.id, InteractionType.PURCHASE, NOW, product_id="nothing"),
    ]
    with pytest.raises(UserInputError) as refused:
        await record_interactions(db, viewer, batch, now=NOW)
    assert [(e.code, e.field) for e in refused.value.errors] == [
        (ErrorCode.NOT_FOUND, ("input", "1", "customerId")),
        (ErrorCode.NOT_FOUND, ("input", "2", "productId")),
    ]
    assert await snapshot_graph(db) == before


async def test_bad_batches_are_refused(db: Database, viewer: Viewer) -> None:
    [member] = await make_customers(db)
    same = unique("i")
    batch = [
        Interaction(same, member.id, InteractionType.VISIT, NOW),
        Interaction(same, member.id, InteractionType.VISIT, NOW),
        Interaction(unique("i"), member.id, InteractionType.PURCHASE, NOW, amount=-1.0),
    ]
    with pytest.raises(UserInputError) as refused:
        await record_interactions(db, viewer, batch, now=NOW)
    assert {e.code for e in refused.value.errors} == {ErrorCode.INVALID_INPUT}
    assert len(refused.value.errors) == 2
