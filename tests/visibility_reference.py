"""What a viewer restricted to some tag categories should be told, in plain Python: the counts
of a small world computed after removing every tag (and assignment) of the other categories,
so that property tests can check that no answer of the API depends on a hidden category.

The world is a few categories of tag trees and a few customers, each holding some tags now and
having held others (ended assignments); `restricted` drops the hidden part, and the functions
below count over what is left, as the API's fields define their figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from graph.segments.model import CustomerFilter, named_taxonomy
from tests.segment_reference import World, matches

NOT_FOUND = "NOT_FOUND"
# hadTag windows in the tests span every assignment they make: the reference gives each one
# these times (what matters is only that it overlaps such a window).
SINCE, UNTIL = datetime(2020, 1, 1, tzinfo=UTC), datetime(2021, 1, 1, tzinfo=UTC)


@dataclass
class SmallWorld:
    """Tags (parent and category of each), and per customer the tags held now and ended."""

    categories: list[str]
    parent: dict[str, str | None]
    category: dict[str, str]
    current: dict[str, set[str]] = field(default_factory=dict)
    ended: dict[str, set[str]] = field(default_factory=dict)

    @property
    def customers(self) -> list[str]:
        """The customer ids, in id order."""
        return sorted(self.current)

    def restricted(self, visible: frozenset[str]) -> SmallWorld:
        """The world as a viewer who sees only these categories knows it."""
        seen = {tag for tag, category in self.category.items() if category in visible}
        return SmallWorld(
            categories=[c for c in self.categories if c in visible],
            parent={t: p for t, p in self.parent.items() if t in seen},
            category={t: c for t, c in self.category.items() if t in seen},
            current={c: held & seen for c, held in self.current.items()},
            ended={c: held & seen for c, held in self.ended.items()},
        )

    def ancestors(self, tag: str) -> set[str]:
        """The tag and every tag above it."""
        chain = {tag}
        above = self.parent.get(tag)
        while above is not None:
            chain.add(above)
            above = self.parent.get(above)
        return chain

    def holds(self, customer: str, tag: str) -> bool:
        """Whether the customer holds the tag or one of its descendants now."""
        return any(tag in self.ancestors(held) for held in self.current[customer])

    def as_segment_world(self) -> World:
        """The world in the shape of tests.segment_reference (assignments only, no fields)."""
        customers: list[dict[str, object]] = [
            {
                "id": customer,
                "assignments": [[t, SINCE, None] for t in sorted(self.current[customer])]
                + [[t, SINCE, UNTIL] for t in sorted(self.ended[customer])],
                "employees": None, "revenue": None, "lastInteractionAt": None,
                "createdAt": None, "name": customer, "industry": None, "region": None,
            }
            for customer in self.customers
        ]  # fmt: skip
        parents = {t: p for t, p in self.parent.items() if p is not None}
        return World(customers, parents, dict(self.category))


def names_seen(world: SmallWorld, customer_filter: CustomerFilter | None) -> bool:
    """Whether every tag and category the filter names exists in (the restricted) world."""
    named = named_taxonomy(customer_filter)
    return all(t in world.category for t in named.tag_ids) and all(
        c in world.categories for c in named.category_ids
    )


def segment(world: SmallWorld, customer_filter: CustomerFilter | None) -> set[str] | str:
    """The filter's customers, or NOT_FOUND when it names a tag or category not in the world."""
    if not names_seen(world, customer_filter):
        return NOT_FOUND
    if customer_filter is None:
        return set(world.customers)
    shaped = world.as_segment_world()
    return {str(c["id"]) for c in shaped.customers if matches(shaped, c, customer_filter)}


def customer_count(world: SmallWorld, tag: str, *, include_descendants: bool) -> int:
    """Tag.customerCount: customers holding the tag (or a descendant); 0 for an unseen tag."""
    if tag not in world.category:
        return 0
    if include_descendants:
        return sum(world.holds(c, tag) for c in world.customers)
    return sum(tag in world.current[c] for c in world.customers)


def tag_facets(
    world: SmallWorld, customer_filter: CustomerFilter | None, parent: str
) -> list[tuple[str, int]] | str:
    """facets(TAG, parent): per child of a tag (or top-level tag of a category), the filter's
    customers holding it or a descendant; buckets without customers left out."""
    members = segment(world, customer_filter)
    if isinstance(members, str):
        return members
    if parent in world.categories:
        buckets = [t for t, p in world.parent.items() if p is None and world.category[t] == parent]
    else:
        buckets = [t for t, p in world.parent.items() if p == parent]
    found = [(b, sum(world.holds(c, b) for c in members)) for b in buckets]
    return sorted(((b, n) for b, n in found if n), key=lambda item: (-item[1], item[0]))


def distribution(world: SmallWorld, category: str) -> dict[str, object] | str:
    """tagDistribution: customers holding any tag of the category directly, and per tag its
    direct and with-descendants customers (those of this world)."""
    if category not in world.categories:
        return NOT_FOUND
    tags = [t for t, c in world.category.items() if c == category]
    return {
        "customersWithAnyTag": sum(bool(world.current[c] & set(tags)) for c in world.customers),
        "tags": {
            t: (
                customer_count(world, t, include_descendants=False),
                customer_count(world, t, include_descendants=True),
            )
            for t in tags
        },
    }


def cooccurring(
    world: SmallWorld, anchor: str, customer_filter: CustomerFilter | None
) -> dict[str, tuple[int, int]] | str:
    """coOccurringTags: per other tag held directly inside the segment by a customer holding
    the anchor (or a descendant), (together, withTag)."""
    members = segment(world, customer_filter)
    if isinstance(members, str) or anchor not in world.category:
        return NOT_FOUND
    anchored = {c for c in members if world.holds(c, anchor)}
    found: dict[str, tuple[int, int]] = {}
    for tag in world.category:
        if tag == anchor:
            continue
        holders = {c for c in members if tag in world.current[c]}
        if holders & anchored:
            found[tag] = (len(holders & anchored), len(holders))
    return found


def history_entries(world: SmallWorld, customer: str) -> int:
    """tagHistory's totalCount: an ADDED event per current assignment, ADDED and REMOVED per
    ended one."""
    return len(world.current[customer]) + 2 * len(world.ended[customer])
