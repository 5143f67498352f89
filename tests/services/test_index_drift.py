"""Writes that left no change notice (an edit in Neo4j Browser) reach the index through the
drift check: stable differences in the counts are reloaded, passing ones left to the notices."""

from __future__ import annotations

from graph.database import Database
from services.index_drift import Drift, DriftWatch, GraphCounts, IndexCounts
from services.index_keeper import IndexKeeper
from setindex.forest import NodeKind
from tests.factories import make_customers, make_tag, unique

BROWSER_TAGS = """
MATCH (c:Customer {id: $customerId}), (t:Tag {id: $tagId})
CREATE (c)-[:TAGGED {since: datetime(), by: 'analyst in Browser', source: 'MANUAL'}]->(t)
"""
BROWSER_CUSTOMER = "CREATE (:Customer {id: $id, name: 'Browser 客户', kind: 'COMPANY'})"


def _counts(held: int, customers: int = 10) -> tuple[GraphCounts, IndexCounts]:
    return GraphCounts(1, {"tag-a": held}, customers), IndexCounts(1, {"tag-a": 3}, customers)


def test_a_difference_seen_once_is_left_to_the_notices() -> None:
    watch = DriftWatch()
    assert not watch.observe(*_counts(held=4))
    assert not watch.observe(*_counts(held=3))  # the notice arrived: equal again


def test_a_difference_is_reloaded_once_it_is_stable_and_not_while_the_graph_moves() -> None:
    watch = DriftWatch()
    assert not watch.observe(*_counts(held=4))
    assert not watch.observe(*_counts(held=5))  # the graph still changing: a write in flight
    assert watch.observe(*_counts(held=5)) == Drift(tag_ids=("tag-a",))
    customers = DriftWatch()
    graph, index = GraphCounts(1, {}, 11), IndexCounts(1, {}, 10)
    assert not customers.observe(graph, index)
    assert customers.observe(graph, index) == Drift(customers=True)


async def test_an_assignment_made_in_browser_reaches_the_index(db: Database) -> None:
    keeper = IndexKeeper(db)
    customer = (await make_customers(db))[0]
    tag = await make_tag(db)
    store = await keeper.rebuild()
    node = store.forest.node(NodeKind.TAG, tag.id)
    assert node is not None
    await db.write(BROWSER_TAGS, customerId=customer.id, tagId=tag.id)
    await keeper.catch_up()  # no notice: the index does not know
    assert store.positions[customer.id] not in store.direct[node]

    assert not await keeper.check_drift()
    drift = await keeper.check_drift()

    assert tag.id in drift.tag_ids
    assert store.positions[customer.id] in store.direct[node]


async def test_a_customer_created_in_browser_reaches_the_index(db: Database) -> None:
    keeper = IndexKeeper(db)
    store = await keeper.rebuild()
    customer_id = unique("browser")
    await db.write(BROWSER_CUSTOMER, id=customer_id)

    await keeper.check_drift()
    drift = await keeper.check_drift()

    assert drift.customers
    assert store.positions[customer_id] in store.alive
