"""The index without Neo4j: a store built from generated facts answers every filter it supports
exactly as the plain-Python reference evaluator does."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import refdata
from datagen import Dataset, build_dataset
from graph.index_feed.model import CustomerFact, TreeNodeFact
from graph.segments.model import CustomerFilter
from setindex.evaluate import evaluate, supports
from setindex.forest import Forest
from setindex.store import CustomerStore
from tests.segment_reference import World, reference_segment
from tests.segment_strategies import filters

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    delta = moment - _EPOCH
    return delta.days * 86_400_000_000 + delta.seconds * 1_000_000 + delta.microseconds


def _node(kind: str, key: str, name: str, parent: str | None, category: str | None = None,
          *, exclusive: bool = False) -> TreeNodeFact:  # fmt: skip
    return TreeNodeFact(kind, key, name, parent, category, exclusive=exclusive, status="ACTIVE")


def _tree_facts(dataset: Dataset) -> list[TreeNodeFact]:
    exclusive = {category.id: category.exclusive for category in dataset.categories}
    return [
        *(_node("TAG", t.id, t.name, t.parent_id, t.category_id, exclusive=exclusive[t.category_id])
          for t in dataset.tags),
        *(_node("INDUSTRY", i.code, i.name, i.parent_code) for i in refdata.industries()),
        *(_node("REGION", r.code, r.name, r.parent_code) for r in refdata.regions()),
    ]  # fmt: skip


def _world_and_store(size: int, seed: int) -> tuple[World, CustomerStore]:
    dataset = build_dataset(size, seed=seed, id_prefix="pure-")
    customers = sorted((c for batch in dataset.customers(batch_size=500) for c in batch),
                       key=lambda c: c.id)  # fmt: skip
    facts = [
        CustomerFact(
            id=c.id,
            employees=None if c.employees is None else float(c.employees),
            annual_revenue=c.annual_revenue,
            last_interaction_us=_micros(c.last_interaction_at),
            created_us=_micros(c.created_at),
            tag_ids=c.tag_ids,
            industry_code=c.industry_code,
            region_code=c.region_code,
            name=c.name,
            kind=c.kind,
            email=c.email,
            phone=c.phone,
            updated_us=None,
            offsets=(0, 0, 0),
        )
        for c in customers
    ]
    store = CustomerStore.build(Forest.build(_tree_facts(dataset)), facts)
    parents = {t.id: t.parent_id for t in dataset.tags if t.parent_id is not None}
    parents |= {f"industry:{i.code}": f"industry:{i.parent_code}"
                for i in refdata.industries() if i.parent_code}  # fmt: skip
    parents |= {f"region:{r.code}": f"region:{r.parent_code}"
                for r in refdata.regions() if r.parent_code}  # fmt: skip
    world = World(
        customers=[
            {
                "id": c.id, "name": c.name, "employees": c.employees,
                "revenue": c.annual_revenue, "lastInteractionAt": c.last_interaction_at,
                "createdAt": c.created_at, "industry": c.industry_code, "region": c.region_code,
                "assignments": [[tag_id, c.created_at, None] for tag_id in c.tag_ids],
            }
            for c in customers
        ],
        parents=parents,
        category_of={t.id: t.category_id for t in dataset.tags},
    )  # fmt: skip
    return world, store


WORLD, STORE = _world_and_store(400, seed=11)


def _ids(store: CustomerStore, customer_filter: CustomerFilter | None) -> set[str]:
    return {store.ids[number] for number in evaluate(store, customer_filter)}


def test_no_filter_is_every_customer() -> None:
    assert _ids(STORE, None) == {str(c["id"]) for c in WORLD.customers}


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_supported_filters_select_what_the_reference_evaluator_selects(data: st.DataObject) -> None:
    customer_filter = data.draw(filters(WORLD))
    assume(supports(customer_filter))  # history and name search are the graph's
    assert _ids(STORE, customer_filter) == reference_segment(WORLD, customer_filter)


def test_history_and_name_search_are_left_to_the_graph() -> None:
    assert not supports(CustomerFilter(name_contains="科技"))
    assert not supports(CustomerFilter(and_=(CustomerFilter(name_contains="x"),)))
    assert supports(CustomerFilter(not_=CustomerFilter(employees_gte=500)))


def test_the_store_keeps_what_a_page_shows() -> None:
    first = WORLD.customers[0]
    [customer] = STORE.customers([STORE.positions[str(first["id"])]])
    assert (customer.id, customer.name, customer.employees) == (
        first["id"], first["name"], first["employees"],
    )  # fmt: skip
    assert customer.industry_code == first["industry"]


def test_a_read_in_a_worker_thread_waits_while_a_change_is_applied() -> None:
    seen: list[int] = []
    with STORE.guard:  # as the keeper holds it while it applies a batch
        reader = threading.Thread(target=STORE.locked, args=(seen.append, STORE.version))
        reader.start()
        reader.join(timeout=0.2)
        assert reader.is_alive() and seen == []
    reader.join(timeout=5)
    assert seen == [STORE.version]
