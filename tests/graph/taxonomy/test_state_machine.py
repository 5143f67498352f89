"""A Hypothesis state machine: random creates, moves, merges, deletes, tags and untags.

After every step the taxonomy invariants hold (one parent at most, no cycle, one category,
unique sibling names, no duplicate or retired assignments, exclusive categories respected),
merges conserve assignments, and replaying each customer's history gives today's tags.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from typing import Any, ClassVar, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from graph.customers import service as customers
from graph.customers.model import CustomerUpsert
from graph.database import Database
from graph.errors import UserInputError
from graph.history import service as history
from graph.history.model import TagEvent
from graph.pagination import PageRequest
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers, untag_customers
from graph.taxonomy import categories
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.model import NewTag, NewTagCategory
from graph.taxonomy.retire import delete_tag, merge_tags
from graph.viewer import Viewer
from settings import Settings
from tests.factories import unique
from tests.invariants import assert_taxonomy_is_valid

T = TypeVar("T")
VIEWER = Viewer.full_access("state-machine")
NAMES = st.sampled_from(["重要客户", "重点客户", "VIP", "ｖｉｐ", "高活跃", "沉睡客户", "潜在客户"])


class TaxonomyMachine(RuleBasedStateMachine):
    """The steps and invariants; a test subclasses it with the settings to connect with."""

    connection: ClassVar[Settings]
    tags = Bundle("tags")

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.db = Database.connect(self.connection)

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(work)

    def teardown(self) -> None:
        self.run(self.db.close())
        self.loop.close()

    @initialize()
    def prepare(self) -> None:
        self.categories = [
            self.run(categories.create_tag_category(
                self.db, VIEWER, new=NewTagCategory(unique("sm"), exclusive=flag)
            ))
            for flag in (False, True)
        ]  # fmt: skip
        self.customer_ids = [unique("sm-c") for _ in range(4)]
        items = [CustomerUpsert(id=i, name="客户") for i in self.customer_ids]
        self.run(customers.upsert_customers(self.db, VIEWER, items=items))

    def attempt(self, work: Coroutine[Any, Any, T]) -> T | None:
        try:
            return self.run(work)
        except UserInputError:
            return None  # an expected refusal; the invariants prove nothing was half-done

    @rule(target=tags, name=NAMES, exclusive=st.booleans())
    def create_root(self, *, name: str, exclusive: bool) -> str:
        category = self.categories[int(exclusive)]
        new = NewTag(name=name, category_id=category.id)
        created = self.attempt(taxonomy.create_tag(self.db, VIEWER, new=new))
        return created.id if created else "missing-tag"

    @rule(target=tags, parent=tags, name=NAMES)
    def create_child(self, parent: str, name: str) -> str:
        new = NewTag(name=name, parent_id=parent)
        created = self.attempt(taxonomy.create_tag(self.db, VIEWER, new=new))
        return created.id if created else "missing-tag"

    @rule(tag=tags, parent=st.none() | tags)
    def move(self, tag: str, parent: str | None) -> None:
        self.attempt(taxonomy.move_tag(self.db, VIEWER, tag_id=tag, parent_id=parent))

    @rule(source=tags, into=tags)
    def merge(self, source: str, into: str) -> None:
        # (`target` is Hypothesis's keyword for a rule's output bundle, hence `into`.)
        before = self.holders([source, into])
        if self.attempt(merge_tags(self.db, VIEWER, source_ids=[source], target_id=into)):
            assert self.holders([into]) == before, "a merge must conserve assignments"

    @rule(tag=tags, reassign=st.none() | tags, subtree=st.booleans())
    def delete(self, *, tag: str, reassign: str | None, subtree: bool) -> None:
        self.attempt(
            delete_tag(self.db, VIEWER, tag_id=tag, reassign_to=reassign, delete_subtree=subtree)
        )

    @rule(tag=tags, who=st.sets(st.integers(0, 3), min_size=1))
    def tag_customers(self, tag: str, who: set[int]) -> None:
        selection = CustomerSelection(tuple(self.customer_ids[i] for i in who))
        self.attempt(tag_customers(self.db, VIEWER, selection=selection, tag_ids=[tag]))

    @rule(tag=tags, who=st.sets(st.integers(0, 3), min_size=1))
    def untag_customers(self, tag: str, who: set[int]) -> None:
        selection = CustomerSelection(tuple(self.customer_ids[i] for i in who))
        self.attempt(untag_customers(self.db, VIEWER, selection=selection, tag_ids=[tag]))

    def holders(self, tag_ids: list[str]) -> set[str]:
        rows = self.run(self.db.read(
            "MATCH (c:Customer)-[:TAGGED]->(t:Tag) WHERE t.id IN $tags AND c.id IN $ids "
            "RETURN collect(DISTINCT c.id) AS ids", tags=tag_ids, ids=self.customer_ids,
        ))  # fmt: skip
        return set(rows[0]["ids"])

    @invariant()
    def taxonomy_is_valid(self) -> None:
        if hasattr(self, "categories"):
            self.run(assert_taxonomy_is_valid(self.db, [c.id for c in self.categories]))

    @invariant()
    def history_replays_to_the_current_tags(self) -> None:
        if not hasattr(self, "customer_ids"):
            return
        current = self.run(customers.find_tags_by_customer_ids(
            self.db, VIEWER, ids=self.customer_ids
        ))  # fmt: skip
        for customer_id in self.customer_ids:
            page = PageRequest(first=1000, after=None)
            events = self.run(history.find_tag_history(
                self.db, VIEWER, customer_id=customer_id, page=page
            ))  # fmt: skip
            assert replayed(edge.node for edge in events.edges) == {
                t.id for t in current[customer_id]
            }


def replayed(events: Iterable[TagEvent]) -> set[str]:
    """The tags a customer holds after these history events, checking each is possible."""
    held: set[str] = set()
    # Oldest first; at one instant a removal comes before an addition.
    for event in sorted(events, key=lambda e: (e.at, e.action != "REMOVED")):
        if event.action == "ADDED":
            assert event.tag.id not in held, "added while already held"
            held.add(event.tag.id)
        else:
            assert event.tag.id in held, "removed while not held"
            held.discard(event.tag.id)
    return held


def test_random_taxonomy_changes_keep_every_invariant(settings: Settings, db: Database) -> None:
    del db  # the session's database is prepared (schema, reference data) by this fixture

    class Machine(TaxonomyMachine):
        connection = settings

    run_state_machine_as_test(
        Machine,
        settings=settings_for_machine(),
    )


def settings_for_machine() -> Any:
    return settings(
        max_examples=12,
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
