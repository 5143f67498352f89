"""Similarity: the fast search equals the exact measure, which is SimGIC as defined in the
docs (checked against a plain-Python evaluation), explanations add up, recommendations obey
the taxonomy's rules."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import AsyncIterator

import pytest

from graph.database import Database
from graph.segments.model import CustomerFilter
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.model import TagChanges
from graph.viewer import Viewer
from services.index_keeper import IndexKeeper
from services.neighbours import Neighbours
from setindex.similarity import Similarity, TotalsSnapshot, TreeWeights
from tests.factories import make_category, make_customers, make_tag
from tests.segment_reference import World, generated_world

PREFIX = "sim-"
VIEWER = Viewer.full_access("similarity-tests")
TREES = TreeWeights(tag=1.0, industry=0.5, region=0.5)


@pytest.fixture(scope="module")
async def world(db: Database) -> AsyncIterator[World]:
    """A generated data set of its own (personas, so that similar customers exist)."""
    async with generated_world(db, 500, 7, PREFIX) as world:
        yield world


@pytest.fixture
async def keeper(db: Database, world: World) -> IndexKeeper:
    """An index built from the test database now."""
    del world
    keeper = IndexKeeper(db)
    await keeper.rebuild()
    return keeper


def _sample(world: World, count: int) -> list[str]:
    return random.Random(3).sample([str(c["id"]) for c in world.customers], count)


async def test_fast_search_returns_exactly_the_exact_ranking(
    world: World, keeper: IndexKeeper
) -> None:
    assert keeper.store is not None
    similarity = Similarity(keeper.store, TREES)
    for customer_id in _sample(world, 40):
        profile = similarity.customer_profile(keeper.store.positions[customer_id])
        fast = similarity.top(profile, 20)
        exact = similarity.exact_top(profile, 20)
        assert [(m.customer, m.score) for m in fast] == [(m.customer, m.score) for m in exact]


async def test_scores_are_simgic_of_ancestor_expanded_sets(
    world: World, keeper: IndexKeeper
) -> None:
    store = keeper.store
    assert store is not None
    similarity = Similarity(store, TREES)
    alive = len(store.alive)

    def nodes(customer: dict[str, object]) -> set[str]:
        held: set[str] = set()
        for tag, _, until in customer["assignments"]:  # type: ignore[attr-defined]
            if until is None:
                held |= {f"tag:{t}" for t in world.ancestors(tag)}
        for kind in ("industry", "region"):
            if customer[kind] is not None:
                held |= {
                    f"{kind}:{n.split(':', 1)[1]}"
                    for n in world.ancestors(f"{kind}:{customer[kind]}")
                }
        return held

    def weight(node: str) -> float:
        kind, key = node.split(":", 1)
        number = store.forest.by_key[(kind.upper(), key)]  # type: ignore[index]
        scale = {"tag": TREES.tag, "industry": TREES.industry, "region": TREES.region}[kind]
        return scale * -math.log(len(store.closure[number]) / alive)

    by_id = {str(c["id"]): c for c in world.customers}
    ids = _sample(world, 12)
    for first, second in itertools.pairwise(ids):
        a, b = nodes(by_id[first]), nodes(by_id[second])
        expected = sum(map(weight, a & b)) / sum(map(weight, a | b))
        found = similarity.score_pair(store.positions[first], store.positions[second])
        assert found == pytest.approx(expected, abs=1e-9)
        assert found == pytest.approx(
            similarity.score_pair(store.positions[second], store.positions[first]), abs=1e-9
        )
        assert similarity.score_pair(store.positions[first], store.positions[first]) == 1.0


async def test_customers_sharing_nothing_score_zero(db: Database, keeper: IndexKeeper) -> None:
    first_tag, second_tag = await make_tag(db), await make_tag(db)
    first, second = await make_customers(db, 2)
    await tag_customers(
        db, VIEWER, selection=CustomerSelection((first.id,)), tag_ids=[first_tag.id]
    )
    await tag_customers(
        db, VIEWER, selection=CustomerSelection((second.id,)), tag_ids=[second_tag.id]
    )
    await keeper.catch_up()
    assert keeper.store is not None
    similarity = Similarity(keeper.store, TREES)
    positions = keeper.store.positions
    assert similarity.score_pair(positions[first.id], positions[second.id]) == 0.0


async def test_shared_paths_add_up_to_the_numerator_and_exclude_the_customer(
    db: Database, world: World, keeper: IndexKeeper
) -> None:
    service = Neighbours(db, keeper, TREES)
    for customer_id in _sample(world, 10):
        found = service.similar_customers(VIEWER, customer_id, 10)
        assert customer_id not in {s.customer_id for s in found}
        assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
        for item in found:
            assert sum(p.weight for p in item.shared_paths) == pytest.approx(item.shared_weight)
            for path in item.shared_paths:
                assert path.nodes[0].kind == path.nodes[-1].kind


async def test_lookalikes_exclude_the_seeds_and_one_seed_is_plain_similarity(
    db: Database, world: World, keeper: IndexKeeper
) -> None:
    service = Neighbours(db, keeper, TREES)
    seeds = _sample(world, 5)
    found = await service.lookalike_customers(VIEWER, seeds, None, 20)
    assert len(found) == 20 and not {s.customer_id for s in found} & set(seeds)
    single = await service.lookalike_customers(VIEWER, seeds[:1], None, 10)
    plain = service.similar_customers(VIEWER, seeds[0], 10)
    assert [(s.customer_id, s.score) for s in single] == [(s.customer_id, s.score) for s in plain]
    by_filter = await service.lookalike_customers(
        VIEWER, None, CustomerFilter(in_region="CN-SOUTH", employees_gte=500), 5
    )
    assert all(s.score > 0 for s in by_filter)


async def test_tag_recommendations_skip_held_deprecated_and_exclusive_conflicts(
    db: Database, keeper: IndexKeeper
) -> None:
    exclusive = await make_category(db, exclusive=True)
    stage_a, stage_b = (
        await make_tag(db, category=exclusive),
        await make_tag(db, category=exclusive),
    )
    shared, popular, retired = await make_tag(db), await make_tag(db), await make_tag(db)
    target, *crowd = await make_customers(db, 6, region_code="440300", industry_code="C")
    await tag_customers(
        db, VIEWER, selection=CustomerSelection((target.id,)), tag_ids=[shared.id, stage_a.id]
    )
    crowd_ids = tuple(c.id for c in crowd)
    await tag_customers(
        db, VIEWER, selection=CustomerSelection(crowd_ids), tag_ids=[shared.id, popular.id]
    )
    await tag_customers(
        db, VIEWER, selection=CustomerSelection(crowd_ids), tag_ids=[retired.id, stage_b.id]
    )
    await taxonomy.update_tag(
        db, VIEWER, tag_id=retired.id, changes=TagChanges(status="DEPRECATED")
    )
    await keeper.catch_up()

    found = Neighbours(db, keeper, TREES).recommend_tags(VIEWER, target.id, 50)
    recommended = {r.tag_id for r in found}
    assert popular.id in recommended
    assert not recommended & {shared.id, stage_a.id, stage_b.id, retired.id}
    best = next(r for r in found if r.tag_id == popular.id)
    assert best.support == 5 and set(best.backers) <= set(crowd_ids)


async def test_a_tag_change_shows_in_the_next_answer(db: Database, keeper: IndexKeeper) -> None:
    rare = await make_tag(db)
    target, twin = await make_customers(db, 2)
    await tag_customers(db, VIEWER, selection=CustomerSelection((target.id,)), tag_ids=[rare.id])
    await keeper.catch_up()
    service = Neighbours(db, keeper, TREES)
    assert twin.id not in {s.customer_id for s in service.similar_customers(VIEWER, target.id, 5)}
    await tag_customers(db, VIEWER, selection=CustomerSelection((twin.id,)), tag_ids=[rare.id])
    await keeper.catch_up()
    assert service.similar_customers(VIEWER, target.id, 1)[0].customer_id == twin.id


async def test_pruning_by_an_older_totals_snapshot_stays_exact(
    db: Database, world: World, keeper: IndexKeeper
) -> None:
    store = keeper.store
    assert store is not None
    snapshot = TotalsSnapshot.take(store, TREES)
    movers = _sample(world, 30)[:15]  # change some customers after the snapshot
    extra = await make_tag(db)
    await tag_customers(db, VIEWER, selection=CustomerSelection(tuple(movers)), tag_ids=[extra.id])
    await keeper.catch_up()
    similarity = Similarity(store, TREES, snapshot)
    assert similarity.snapshot is snapshot
    for customer_id in _sample(world, 30):
        profile = similarity.customer_profile(store.positions[customer_id])
        fast = similarity.top(profile, 20)
        exact = similarity.exact_top(profile, 20)
        assert [(m.customer, m.score) for m in fast] == [(m.customer, m.score) for m in exact]
