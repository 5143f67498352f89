"""Hidden categories leak nowhere: for a viewer restricted to random categories of a random
small world, every count the API gives equals the count the plain-Python reference
(tests/visibility_reference.py) computes over the visible categories only, on both paths
(the index's and Cypher's)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from api.context import Context
from api.schema import schema
from graph.database import Database
from graph.segments.model import CustomerFilter, HadTag
from graph.segments.serialization import filter_to_json
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers, untag_customers
from graph.taxonomy.model import Tag
from graph.viewer import ALL_PERMISSIONS, Viewer
from services.index_keeper import IndexKeeper
from settings import Settings
from tests.factories import VIEWER, make_category, make_customers, make_tag
from tests.visibility_reference import (
    NOT_FOUND,
    SmallWorld,
    cooccurring,
    customer_count,
    distribution,
    history_entries,
    segment,
    tag_facets,
)

Runner = Callable[[Callable[[Database], Awaitable[Any]]], Any]
CATEGORIES = 3


@dataclass(frozen=True)
class Shape:
    """A world to build: per category, each tag's parent (an earlier tag's index, or None);
    per customer, the indexes of the tags it holds and of those it held; the visible
    categories."""

    trees: tuple[tuple[int | None, ...], ...]
    current: tuple[frozenset[int], ...]
    ended: tuple[frozenset[int], ...]
    visible: frozenset[int]


@st.composite
def shapes(draw: st.DrawFn) -> Shape:
    """Small random worlds: 3 categories of 1-4 tags, 2-5 customers, any visible subset."""
    trees = tuple(
        tuple(
            draw(st.none() | st.integers(0, i - 1)) if i else None
            for i in range(draw(st.integers(1, 4)))
        )
        for _ in range(CATEGORIES)
    )
    size = sum(len(tree) for tree in trees)
    customers = draw(st.integers(2, 5))
    tags = st.frozensets(st.integers(0, size - 1), max_size=size)
    current = tuple(draw(tags) for _ in range(customers))
    ended = tuple(draw(tags) - held for held in current)
    visible = draw(st.frozensets(st.integers(0, CATEGORIES - 1)))
    return Shape(trees, current, ended, visible)


async def build(db: Database, shape: Shape) -> tuple[SmallWorld, list[str]]:
    """The shape in the graph (new categories, tags and customers), and as a SmallWorld; with
    the tag ids in index order."""
    categories = [await make_category(db) for _ in shape.trees]
    world = SmallWorld([c.id for c in categories], {}, {})
    tag_ids: list[str] = []
    for category, tree in zip(categories, shape.trees, strict=True):
        made: list[Tag] = []
        for parent in tree:
            above = None if parent is None else made[parent]
            tag = await make_tag(db, category=category if above is None else None, parent=above)
            made.append(tag)
            world.parent[tag.id] = None if above is None else above.id
            world.category[tag.id] = category.id
        tag_ids += [tag.id for tag in made]
    members = await make_customers(db, len(shape.current))
    for member, held, ended in zip(members, shape.current, shape.ended, strict=True):
        world.current[member.id] = {tag_ids[i] for i in held}
        world.ended[member.id] = {tag_ids[i] for i in ended}
        selection = CustomerSelection((member.id,))
        if held | ended:
            ids = [tag_ids[i] for i in sorted(held | ended)]
            await tag_customers(db, VIEWER, selection=selection, tag_ids=ids)
        if ended:
            ids = [tag_ids[i] for i in sorted(ended)]
            await untag_customers(db, VIEWER, selection=selection, tag_ids=ids)
    return world, tag_ids


def test_every_count_equals_the_reference_over_visible_categories(
    settings: Settings, db: Database, run: Runner
) -> None:
    del db  # the test database must be up; the examples use the runner's own connection
    keeper: IndexKeeper = run(_keeper)

    @examples(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(shape=shapes())
    def check(shape: Shape) -> None:
        run(lambda db: _check(db, settings, keeper, shape))

    check()


async def _keeper(db: Database) -> IndexKeeper:
    keeper = IndexKeeper(db)
    await keeper.rebuild()
    return keeper


async def _check(db: Database, settings: Settings, keeper: IndexKeeper, shape: Shape) -> None:
    full, tag_ids = await build(db, shape)
    await keeper.catch_up()
    visible = frozenset(full.categories[i] for i in shape.visible)
    viewer = Viewer(user="restricted", visible_category_ids=visible, permissions=ALL_PERMISSIONS)
    seen = full.restricted(visible)
    for path_keeper in (keeper, None):  # the index's path, then Cypher's
        ask = _Asker(Context(settings, db, viewer, path_keeper))
        for tag_id in tag_ids:
            await ask.tag_counts(seen, tag_id)
        for customer_filter in _filters(full, seen, tag_ids):
            await ask.total(seen, customer_filter)
        for category in full.categories:
            await ask.facets(seen, category)
            await ask.distribution(seen, category)
        for tag_id in tag_ids:
            await ask.facets(seen, tag_id)
            await ask.cooccurring(seen, tag_id)
        for customer in full.customers:
            await ask.history(seen, customer)
        await ask.categories(seen)


def _filters(full: SmallWorld, seen: SmallWorld, tag_ids: list[str]) -> list[CustomerFilter]:
    """Filters naming each tag (visible or not) in every kind of clause, and each category."""
    since, until = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
    # The customers of this world only (filters must name a tag to stay inside it).
    everything = CustomerFilter(has_any_tag=tuple(tag_ids))
    visible = CustomerFilter(has_any_tag=tuple(seen.category)) if seen.category else everything
    found = [everything, visible]
    for tag_id in tag_ids:
        found += [
            CustomerFilter(has_tag=tag_id),
            CustomerFilter(has_all_tags=(tag_id, tag_ids[-1])),
            CustomerFilter(has_any_tag=(tag_id, tag_ids[0])),
            CustomerFilter(and_=(visible, CustomerFilter(not_=CustomerFilter(has_tag=tag_id)))),
            CustomerFilter(
                or_=(CustomerFilter(has_tag=tag_id), CustomerFilter(has_tag=tag_ids[0]))
            ),
            CustomerFilter(had_tag=HadTag(tag_id, since, until)),
        ]
    found += [CustomerFilter(has_any_tag_in_category=c) for c in full.categories]
    return found


class _Asker:
    """Runs the fields for one context and compares them with the reference."""

    def __init__(self, context: Context) -> None:
        self.context = context

    async def ask(self, query: str, **variables: Any) -> tuple[Any, str | None]:
        result = await schema.execute(query, variable_values=variables, context_value=self.context)
        errors = result.errors or []
        code = errors[0].formatted.get("extensions", {}).get("code") if errors else None
        return result.data, code

    async def tag_counts(self, seen: SmallWorld, tag_id: str) -> None:
        data, _ = await self.ask(
            "query($id: ID!) { tag(id: $id) { id customerCount direct: customerCount("
            "includeDescendants: false) customers(first: 100) { totalCount edges { node { id "
            "} } } } }",
            id=tag_id,
        )
        if tag_id not in seen.category:
            assert data["tag"] is None
            return
        assert data["tag"]["customerCount"] == customer_count(
            seen, tag_id, include_descendants=True
        )
        assert data["tag"]["direct"] == customer_count(seen, tag_id, include_descendants=False)
        holders = {c for c in seen.customers if seen.holds(c, tag_id)}
        assert {e["node"]["id"] for e in data["tag"]["customers"]["edges"]} == holders

    async def total(self, seen: SmallWorld, customer_filter: CustomerFilter | None) -> None:
        data, code = await self.ask(
            "query($f: CustomerFilter) { customers(filter: $f, first: 100) { totalCount "
            "edges { node { id } } } }",
            f=_as_input(customer_filter),
        )
        expected = segment(seen, customer_filter)
        if expected == NOT_FOUND:
            assert (data, code) == (None, NOT_FOUND), customer_filter
            return
        found = data["customers"]
        assert found["totalCount"] == len(expected), customer_filter
        assert {e["node"]["id"] for e in found["edges"]} == expected, customer_filter

    async def facets(self, seen: SmallWorld, parent: str) -> None:
        scope = CustomerFilter(has_any_tag=tuple(seen.category)) if seen.category else None
        data, code = await self.ask(
            "query($p: ID, $f: CustomerFilter) { facets(dimension: TAG, parent: $p, filter: $f) "
            "{ key customers } }",
            p=parent,
            f=_as_input(scope),
        )
        if scope is None:  # nothing visible: every tag facet is empty
            assert data["facets"] == [] or code is not None
            return
        expected = tag_facets(seen, scope, parent)
        assert [(b["key"], b["customers"]) for b in data["facets"]] == expected

    async def distribution(self, seen: SmallWorld, category: str) -> None:
        data, code = await self.ask(
            "query($id: ID!) { tagDistribution(categoryId: $id) { customersWithAnyTag "
            "tags { tag { id } directCustomers customersWithDescendants } } }",
            id=category,
        )
        expected = distribution(seen, category)
        if expected == NOT_FOUND:
            assert code == NOT_FOUND
            return
        assert isinstance(expected, dict)
        found = data["tagDistribution"]
        assert found["customersWithAnyTag"] == expected["customersWithAnyTag"]
        assert {
            t["tag"]["id"]: (t["directCustomers"], t["customersWithDescendants"])
            for t in found["tags"]
        } == expected["tags"]

    async def cooccurring(self, seen: SmallWorld, anchor: str) -> None:
        scope = CustomerFilter(has_any_tag=tuple(seen.category)) if seen.category else None
        data, code = await self.ask(
            "query($id: ID!, $f: CustomerFilter) { coOccurringTags(tagId: $id, filter: $f, "
            "first: 100) { tag { id } together withTag } }",
            id=anchor,
            f=_as_input(scope),
        )
        expected = cooccurring(seen, anchor, scope)
        if expected == NOT_FOUND:
            assert (data, code) == (None, NOT_FOUND)
            return
        found = {c["tag"]["id"]: (c["together"], c["withTag"]) for c in data["coOccurringTags"]}
        assert found == expected

    async def history(self, seen: SmallWorld, customer: str) -> None:
        data, _ = await self.ask(
            "query($id: ID!, $at: DateTime!) { customer(id: $id) { tags { id } "
            "tagsAsOf(at: $at) { id } tagHistory(first: 100) { totalCount edges { node { tag "
            "{ id } } } } } }",
            id=customer,
            at=datetime.now(UTC).isoformat(),
        )
        found = data["customer"]
        assert {t["id"] for t in found["tags"]} == seen.current[customer]
        assert {t["id"] for t in found["tagsAsOf"]} == seen.current[customer]
        assert found["tagHistory"]["totalCount"] == history_entries(seen, customer)
        tags = {e["node"]["tag"]["id"] for e in found["tagHistory"]["edges"]}
        assert tags == seen.current[customer] | seen.ended[customer]

    async def categories(self, seen: SmallWorld) -> None:
        data, _ = await self.ask("{ tagCategories { id tags { id } } }")
        found = {c["id"]: {t["id"] for t in c["tags"]} for c in data["tagCategories"]}
        assert set(found) == set(seen.categories)
        for category, tags in found.items():
            tops = {t for t, p in seen.parent.items() if p is None and seen.category[t] == category}
            assert tags == tops


def _as_input(customer_filter: CustomerFilter | None) -> dict[str, Any] | None:
    return None if customer_filter is None else filter_to_json(customer_filter)
