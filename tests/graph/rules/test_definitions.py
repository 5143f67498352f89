"""Rule definitions: concurrent creations and renames under one name end in DUPLICATE_NAME."""

from __future__ import annotations

import asyncio
from typing import Any, LiteralString

from graph.cypher import Queries
from graph.database import Database, Record
from graph.errors import ErrorCode, UserInputError
from graph.rules.definitions import create_rule, find_rules, update_rule
from graph.rules.model import (
    ActionKind,
    InteractionAggregate,
    Measure,
    RuleCondition,
    RuleInput,
    TagRule,
)
from graph.segments.model import CustomerFilter
from graph.viewer import Viewer
from tests.factories import make_tag, unique

NAME_CHECK = Queries("rules")("find_rule_by_name")


class NameChecksTogether(Database):
    """Holds each rule-name check until `parties` of them are waiting, so that every concurrent
    create passes the check before any writes: the unique constraint is what refuses them."""

    def __init__(self, db: Database, parties: int) -> None:
        super().__init__(db.driver, db.name)
        self.barrier = asyncio.Barrier(parties)

    async def read(self, query: LiteralString, **parameters: Any) -> list[Record]:
        if query == NAME_CHECK:
            await self.barrier.wait()
        return await super().read(query, **parameters)


async def rule_input(db: Database, name: str) -> RuleInput:
    marker, target = await make_tag(db), await make_tag(db)
    condition = RuleCondition(
        CustomerFilter(has_tag=marker.id), (InteractionAggregate(Measure.DAYS_SINCE_LAST, min=30),)
    )
    return RuleInput(name, condition, ActionKind.ADD_TAG, target.id)


def assert_one_created_and_the_rest_duplicates(results: list[object], name: str) -> None:
    created = [r for r in results if isinstance(r, TagRule)]
    refused = [r for r in results if isinstance(r, UserInputError)]
    assert len(created) == 1, results
    assert len(refused) == len(results) - 1, results
    for error in refused:
        [only] = error.errors
        assert only.code is ErrorCode.DUPLICATE_NAME
        assert only.field == ("input", "name")
        assert only.message == f"a rule named {name!r} exists"


async def test_two_creates_of_one_new_name_past_the_check_give_duplicate_name(
    db: Database, viewer: Viewer
) -> None:
    name = unique("并发规则")
    new = await rule_input(db, name)
    together = NameChecksTogether(db, 2)
    results = await asyncio.gather(
        create_rule(together, viewer, new=new), create_rule(together, viewer, new=new),
        return_exceptions=True,
    )  # fmt: skip
    assert_one_created_and_the_rest_duplicates(list(results), name)
    assert [r.name for r in await find_rules(db, viewer)].count(name) == 1


async def test_concurrent_creates_of_one_new_name_make_exactly_one_rule(
    db: Database, viewer: Viewer
) -> None:
    name = unique("并发规则")
    new = await rule_input(db, name)
    results = await asyncio.gather(
        *(create_rule(db, viewer, new=new) for _ in range(8)), return_exceptions=True
    )
    assert_one_created_and_the_rest_duplicates(list(results), name)


async def test_two_renames_to_one_new_name_past_the_check_give_duplicate_name(
    db: Database, viewer: Viewer
) -> None:
    name = unique("改名规则")
    first = await create_rule(db, viewer, new=await rule_input(db, unique("甲")))
    second = await create_rule(db, viewer, new=await rule_input(db, unique("乙")))
    renamed = [await rule_input(db, name) for _ in range(2)]
    together = NameChecksTogether(db, 2)
    results = await asyncio.gather(
        update_rule(together, viewer, rule_id=first.id, new=renamed[0]),
        update_rule(together, viewer, rule_id=second.id, new=renamed[1]),
        return_exceptions=True,
    )
    assert_one_created_and_the_rest_duplicates(list(results), name)
