"""Similarity for a restricted viewer, without Neo4j: computed over the visible categories
only, so that adding or removing assignments of hidden tags changes no score, no order and no
explanation, and every score is the weighted Jaccard of the visible node sets."""

from __future__ import annotations

import math
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.index_feed.model import CustomerFact, TreeNodeFact
from services.neighbours import Neighbours
from setindex.forest import Forest, NodeKind
from setindex.similarity import Similarity, TotalsSnapshot, TreeWeights, node_weights
from setindex.store import CustomerStore

TREES = TreeWeights()
CATEGORIES = ("cat-a", "cat-b", "cat-c")
REGIONS = (("R", None), ("R1", "R"), ("R2", "R"), ("R11", "R1"))
INDUSTRIES = (("I", None), ("I1", "I"), ("I2", "I"))


@dataclass(frozen=True)
class Case:
    """Tag trees per category, customers' tags and regions/industries, a visible subset, and
    for each customer another choice of hidden tags."""

    parents: dict[str, str | None]
    category: dict[str, str]
    tags: tuple[frozenset[str], ...]
    regions: tuple[str | None, ...]
    industries: tuple[str | None, ...]
    visible: frozenset[str]
    other_hidden: tuple[frozenset[str], ...]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """Small forests (3 categories of 1-5 tags) and 3-14 customers."""
    parents: dict[str, str | None] = {}
    category: dict[str, str] = {}
    for cat in CATEGORIES:
        made: list[str] = []
        for i in range(draw(st.integers(1, 5))):
            tag = f"{cat}-t{i}"
            parents[tag] = draw(st.none() | st.sampled_from(made)) if made else None
            category[tag] = cat
            made.append(tag)
    names = sorted(parents)
    size = draw(st.integers(3, 14))
    tag_sets = st.frozensets(st.sampled_from(names), max_size=4)
    tags = tuple(draw(tag_sets) for _ in range(size))
    regions = tuple(draw(st.none() | st.sampled_from([r for r, _ in REGIONS])) for _ in tags)
    industries = tuple(draw(st.none() | st.sampled_from([i for i, _ in INDUSTRIES])) for _ in tags)
    visible = draw(st.frozensets(st.sampled_from(CATEGORIES)))
    hidden = [t for t in names if category[t] not in visible]
    other = tuple(
        draw(st.frozensets(st.sampled_from(hidden), max_size=4)) if hidden else frozenset()
        for _ in tags
    )
    return Case(parents, category, tags, regions, industries, visible, other)


def _node(kind: str, key: str, parent: str | None, category: str | None = None) -> TreeNodeFact:
    return TreeNodeFact(kind, key, key, parent, category, exclusive=False, status="ACTIVE")


def _forest(case: Case) -> Forest:
    facts = [
        *(_node("TAG", t, p, case.category[t]) for t, p in case.parents.items()),
        *(_node("REGION", r, p) for r, p in REGIONS),
        *(_node("INDUSTRY", i, p) for i, p in INDUSTRIES),
    ]
    return Forest.build(facts)


def _store(case: Case, hidden_tags: tuple[frozenset[str], ...] | None = None) -> CustomerStore:
    """The case's store; with `hidden_tags`, each customer's hidden tags replaced by those."""
    facts = []
    for number, tags in enumerate(case.tags):
        held = set(tags)
        if hidden_tags is not None:
            held = {t for t in held if case.category[t] in case.visible} | hidden_tags[number]
        facts.append(
            CustomerFact(
                id=f"c{number:03d}", employees=None, annual_revenue=None,
                last_interaction_us=None, created_us=None, tag_ids=tuple(sorted(held)),
                industry_code=case.industries[number], region_code=case.regions[number],
                name=f"c{number}", kind="COMPANY", email=None, phone=None, updated_us=None,
                offsets=(0, 0, 0),
            )
        )  # fmt: skip
    return CustomerStore.build(_forest(case), facts)


def _answers(store: CustomerStore, visible: frozenset[str]) -> dict[str, object]:
    """Every customer's top 5 (the pruned search with a snapshot, which must equal the exact
    one) with scores and explanations, as ids and keys."""
    similarity = Similarity(
        store, TREES, TotalsSnapshot.take(store, TREES, visible), visible=visible
    )
    found: dict[str, object] = {}
    for number, customer_id in enumerate(store.ids):
        profile = similarity.customer_profile(number)
        matches = similarity.top(profile, 5)
        exact = similarity.exact_top(profile, 5)
        assert [(m.customer, m.score) for m in matches] == [(m.customer, m.score) for m in exact]
        explained = Neighbours._explained(similarity, profile, matches)
        found[customer_id] = [
            (
                answer.customer_id,
                answer.score,
                round(answer.shared_weight, 9),
                [(tuple(n.key for n in p.nodes), round(p.weight, 9)) for p in answer.shared_paths],
            )
            for answer in explained
        ]
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_hidden_assignments_change_no_score_order_or_explanation(case: Case) -> None:
    before = _answers(_store(case), case.visible)
    after = _answers(_store(case, case.other_hidden), case.visible)
    assert before == after


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_restricted_scores_are_weighted_jaccard_of_visible_nodes(case: Case) -> None:
    store = _store(case)
    forest = store.forest
    similarity = Similarity(store, TREES, visible=case.visible)
    alive = len(store.alive)

    def visible_nodes(number: int) -> set[int]:
        return {
            int(n)
            for n in store.closure_rows.get(number)
            if forest.kinds[n] is not NodeKind.TAG or forest.categories[n] in case.visible
        }

    def weight(node: int) -> float:
        return TREES.of(forest.kinds[node]) * -math.log(len(store.closure[node]) / alive)

    for first in range(store.size):
        for second in range(store.size):
            a, b = visible_nodes(first), visible_nodes(second)
            union = sum(map(weight, a | b))
            expected = sum(map(weight, a & b)) / union if union > 0 else 0.0
            found = similarity.score_pair(first, second)
            assert math.isclose(found, expected, abs_tol=1e-9), (first, second)
    weights = node_weights(store, TREES, case.visible)
    assert all(
        weights[n] == 0.0
        for n in range(len(forest))
        if forest.kinds[n] is NodeKind.TAG and forest.categories[n] not in case.visible
    )


@settings(max_examples=60, deadline=None)
@given(case=cases())
def test_full_access_weights_are_unchanged_by_the_visible_set_parameter(case: Case) -> None:
    store = _store(case)
    every = frozenset(CATEGORIES)
    assert list(node_weights(store, TREES)) == list(node_weights(store, TREES, every))
