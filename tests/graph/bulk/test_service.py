"""Bulk loading of a generated data set: complete, consistent, loaded once."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from datagen import build_dataset
from graph.bulk import service as bulk
from graph.bulk.model import LoadReport
from graph.database import Database
from graph.errors import ErrorCode, UserInputError

SIZE = 1_000


@pytest.fixture(scope="module")
async def loaded(db: Database) -> AsyncIterator[LoadReport]:
    """One generated data set (its own id prefix) loaded for this module, removed after it."""
    dataset = build_dataset(SIZE, seed=7, id_prefix="bulk-")
    progress: list[int] = []
    report = await bulk.load_dataset(
        db, dataset=dataset, batch_size=300, on_progress=lambda n, _: progress.append(n)
    )
    assert sum(progress) == SIZE
    yield report
    await db.write(
        "MATCH (n) WHERE (n:Customer OR n:Tag OR n:TagCategory) AND n.id STARTS WITH 'bulk-' "
        "DETACH DELETE n"
    )


async def test_every_generated_customer_and_assignment_is_in_the_graph(
    db: Database, loaded: LoadReport
) -> None:
    dataset = build_dataset(SIZE, seed=7, id_prefix="bulk-")
    expected = sum(len(c.tag_ids) for batch in dataset.customers() for c in batch)
    rows = await db.read(
        "MATCH (c:Customer) WHERE c.id STARTS WITH 'bulk-' "
        "RETURN count(c) AS customers, sum(COUNT { (c)-[:TAGGED]->() }) AS assignments, "
        "sum(COUNT { (c)-[:IN_INDUSTRY]->() }) AS industries, "
        "sum(COUNT { (c)-[:LOCATED_IN]->() }) AS regions"
    )
    assert rows[0]["customers"] == loaded.customers == SIZE
    assert rows[0]["assignments"] == loaded.assignments == expected
    assert rows[0]["regions"] == SIZE


async def test_loaded_taxonomy_is_a_forest_inside_its_categories(
    db: Database, loaded: LoadReport
) -> None:
    rows = await db.read(
        "MATCH (t:Tag) WHERE t.id STARTS WITH 'bulk-' "
        "RETURN count(t) AS tags, "
        "sum(CASE WHEN COUNT { (t)-[:CHILD_OF]->() } > 1 THEN 1 ELSE 0 END) AS multiParent, "
        "sum(CASE WHEN COUNT { (t)-[:IN_CATEGORY]->() } <> 1 THEN 1 ELSE 0 END) AS badCategory, "
        "sum(CASE WHEN EXISTS { MATCH (t)-[:CHILD_OF]->(p)-[:IN_CATEGORY]->(c) "
        "    WHERE NOT (t)-[:IN_CATEGORY]->(c) } THEN 1 ELSE 0 END) AS categoryMismatch, "
        "max(size([(t)-[:CHILD_OF*0..]->(x) | x])) AS maxDepth"
    )
    row = rows[0]
    assert row["tags"] == len(build_dataset(SIZE, seed=7).tags)
    assert (row["multiParent"], row["badCategory"], row["categoryMismatch"]) == (0, 0, 0)
    assert row["maxDepth"] <= 5


async def test_no_customer_holds_two_tags_of_an_exclusive_category(
    db: Database, loaded: LoadReport
) -> None:
    rows = await db.read(
        "MATCH (c:Customer)-[:TAGGED]->(:Tag)-[:IN_CATEGORY]->(cat:TagCategory {exclusive: true}) "
        "WHERE c.id STARTS WITH 'bulk-' "
        "WITH c, cat, count(*) AS held WHERE held > 1 RETURN count(*) AS violations"
    )
    assert rows[0]["violations"] == 0


async def test_loading_the_same_data_set_again_is_refused(db: Database, loaded: LoadReport) -> None:
    with pytest.raises(UserInputError) as refused:
        await bulk.load_dataset(db, dataset=build_dataset(SIZE, seed=7, id_prefix="bulk-"))
    assert refused.value.errors[0].code is ErrorCode.INVALID_INPUT


async def test_a_data_set_whose_category_names_are_taken_is_refused(
    db: Database, loaded: LoadReport
) -> None:
    with pytest.raises(UserInputError) as refused:
        await bulk.load_dataset(db, dataset=build_dataset(SIZE, seed=7, id_prefix="other-"))
    assert refused.value.errors[0].code is ErrorCode.DUPLICATE_NAME


async def test_statistics_are_refreshed_for_the_planner_after_a_load(db: Database) -> None:
    await bulk.prepare_for_replanning(db, timeout_seconds=60)  # waits; raises if unsupported
    assert (await bulk.count_graph(db)).customers >= 0
