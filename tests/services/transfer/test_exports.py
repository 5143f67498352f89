"""Exports read one moment of the graph, respect the viewer's visibility, refuse bad requests
before the first row."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from graph.customers.model import Customer
from graph.database import Database
from graph.errors import ErrorCode, NotFound, UserInputError
from graph.segments import saved
from graph.segments.model import CustomerFilter, SegmentKind
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers, untag_customers
from graph.taxonomy.model import Tag
from graph.viewer import Viewer
from services.index_keeper import IndexKeeper
from services.transfer.exports import Export, Exporter, encode
from services.transfer.paths import split_paths
from services.transfer.writers import ExportFormat, Row
from tests.factories import make_category, make_chain, make_customers, make_tag, unique

VIEWER = Viewer.full_access("export-tests")


async def _rows(export: Export) -> list[Row]:
    return [row async for batch in export.batches for row in batch]


async def _tag(db: Database, customers: list[Customer], tag: Tag) -> None:
    selection = CustomerSelection(customer_ids=tuple(c.id for c in customers))
    await tag_customers(db, VIEWER, selection=selection, tag_ids=[tag.id])


async def _untag(db: Database, customers: list[Customer], tag: Tag) -> None:
    selection = CustomerSelection(customer_ids=tuple(c.id for c in customers))
    await untag_customers(db, VIEWER, selection=selection, tag_ids=[tag.id])


@pytest.fixture
async def keeper(db: Database) -> IndexKeeper:
    """An index of the test database, built now (caught up by each export)."""
    keeper = IndexKeeper(db)
    await keeper.rebuild()
    return keeper


@pytest.mark.parametrize("path", ["index", "cypher"])
async def test_a_segment_export_lists_its_customers_in_id_order_with_tag_paths(
    db: Database, keeper: IndexKeeper, path: str
) -> None:
    chain = await make_chain(db, 2)
    members = await make_customers(db, 3, region_code="CN-GD")
    await _tag(db, members, chain[1])
    exporter = Exporter(db, keeper if path == "index" else None, VIEWER, chunk=2)
    export = await exporter.customers(customer_filter=CustomerFilter(has_tag=chain[0].id))
    rows = await _rows(export)
    assert export.rows_expected == 3
    assert [row[0] for row in rows] == sorted(c.id for c in members)
    category = (await exporter._tag_paths()).names[chain[1].id][0]
    assert all(row[4] == "CN-GD" for row in rows)
    assert all(row[9] == [f"{category}/{chain[0].name}/{chain[1].name}"] for row in rows)


async def test_chosen_columns_come_in_the_order_asked(db: Database) -> None:
    tag = await make_tag(db)
    (member,) = await make_customers(db, 1, employees=42)
    await _tag(db, [member], tag)
    export = await Exporter(db, None, VIEWER).customers(
        customer_filter=CustomerFilter(has_tag=tag.id), columns=["employees", "id", "createdAt"]
    )
    (row,) = await _rows(export)
    assert export.columns == ("employees", "id", "createdAt")
    assert row[:2] == [42, member.id]
    assert isinstance(row[2], datetime)


async def test_tags_can_be_restricted_to_some_categories(db: Database, keeper: IndexKeeper) -> None:
    kept, other = await make_tag(db), await make_tag(db)
    (member,) = await make_customers(db, 1)
    await _tag(db, [member], kept)
    await _tag(db, [member], other)
    export = await Exporter(db, keeper, VIEWER).customers(
        customer_filter=CustomerFilter(has_tag=kept.id),
        columns=["id", "tags"],
        tag_categories=[kept.category_id],
    )
    ((_, paths),) = await _rows(export)
    assert len(paths) == 1 and kept.name in paths[0]  # type: ignore[index,arg-type]


async def test_writes_during_an_export_do_not_show_in_it(db: Database, keeper: IndexKeeper) -> None:
    tag, late = await make_tag(db), await make_tag(db)
    members = await make_customers(db, 6)
    await _tag(db, members, tag)
    export = await Exporter(db, keeper, VIEWER, chunk=2).customers(
        customer_filter=CustomerFilter(has_tag=tag.id), columns=["id", "tags"]
    )
    batches = export.batches
    first = await anext(batches)
    # While the export runs: untag some customers, tag others with a new tag, add a member.
    await _untag(db, members[3:], tag)
    await _tag(db, members, late)
    newcomer = await make_customers(db, 1)
    await _tag(db, newcomer, tag)
    rest = [row async for batch in batches for row in batch]
    rows = first + rest
    assert [row[0] for row in rows] == sorted(c.id for c in members)
    assert all(len(row[1]) == 1 and tag.name in row[1][0] for row in rows)  # type: ignore[arg-type,index]


async def test_assignments_during_an_export_do_not_show_in_it(
    db: Database, keeper: IndexKeeper
) -> None:
    tag, late = await make_tag(db), await make_tag(db)
    members = await make_customers(db, 4)
    await _tag(db, members, tag)
    export = await Exporter(db, keeper, VIEWER, chunk=1).assignments(
        customer_filter=CustomerFilter(has_tag=tag.id)
    )
    first = await anext(export.batches)
    await _untag(db, members, tag)
    await _tag(db, members, late)
    rows = first + [row async for batch in export.batches for row in batch]
    assert [(row[0], row[2], row[3]) for row in rows] == [
        (c.id, tag.id, "API") for c in sorted(members, key=lambda c: c.id)
    ]


async def test_a_restricted_viewer_sees_no_hidden_tag_and_the_visible_count(
    db: Database, keeper: IndexKeeper
) -> None:
    seen, hidden = await make_tag(db), await make_tag(db)
    members = await make_customers(db, 3)
    await _tag(db, members, seen)
    await _tag(db, members[:1], hidden)
    viewer = Viewer(user="restricted", visible_category_ids=frozenset({seen.category_id}))
    exporter = Exporter(db, keeper, viewer)
    export = await exporter.customers(customer_filter=CustomerFilter(has_tag=seen.id))
    rows = await _rows(export)
    assert len(rows) == 3
    assert all(all(hidden.name not in path for path in row[9]) for row in rows)  # type: ignore[union-attr]
    assignments = await _rows(
        await exporter.assignments(customer_filter=CustomerFilter(has_tag=seen.id))
    )
    assert {row[2] for row in assignments} == {seen.id}
    with pytest.raises(UserInputError) as refused:
        await exporter.customers(customer_filter=CustomerFilter(has_tag=hidden.id))
    assert refused.value.errors[0].code == ErrorCode.NOT_FOUND
    with pytest.raises(NotFound):
        await exporter.customers(tag_categories=[hidden.category_id])
    with pytest.raises(NotFound):
        await exporter.taxonomy(category_id=hidden.category_id)
    taxonomy = await _rows(await exporter.taxonomy())
    assert hidden.id not in {row[1] for row in taxonomy}


async def test_saved_segments_export_their_members(db: Database) -> None:
    tag = await make_tag(db)
    members = await make_customers(db, 2)
    await _tag(db, members, tag)
    exporter = Exporter(db, None, VIEWER)
    for kind in SegmentKind:
        segment = await saved.create_segment(
            db,
            VIEWER,
            name=unique("seg"),
            kind=kind,
            customer_filter=CustomerFilter(has_tag=tag.id),
        )
        rows = await _rows(await exporter.customers(segment_id=segment.id, columns=["id"]))
        assert rows == [[c.id] for c in sorted(members, key=lambda c: c.id)]
    with pytest.raises(NotFound):
        await exporter.customers(segment_id=unique("no-such-segment"))


async def test_a_taxonomy_export_lists_the_category_then_parents_before_children(
    db: Database,
) -> None:
    category = await make_category(db, exclusive=True)
    root = await make_tag(db, category=category, name="b根")
    child = await make_tag(db, parent=root, name="a/子")
    other = await make_tag(db, category=category, name="a根")
    rows = await _rows(await Exporter(db, None, VIEWER).taxonomy(category_id=category.id))
    assert [row[1] for row in rows] == [category.id, other.id, root.id, child.id]
    assert rows[0][5] is True
    assert rows[3][0] == f"{category.name}/b根/a\\/子"
    assert split_paths(str(rows[3][0])) == [f"{category.name}/b根/a\\/子"]


async def test_a_tag_history_export_lists_changes_of_the_period_in_time_order(
    db: Database,
) -> None:
    tag = await make_tag(db)
    members = await make_customers(db, 2)
    start = datetime.now(UTC) - timedelta(seconds=1)
    await _tag(db, members, tag)
    await _untag(db, members[:1], tag)
    exporter = Exporter(db, None, VIEWER, chunk=1)
    export = await exporter.history(tag_id=tag.id, start=start, end=start + timedelta(hours=1))
    rows = await _rows(export)
    changes = [(row[1], row[3]) for row in rows]
    assert sorted(changes) == sorted([(members[0].id, "ADDED"), (members[1].id, "ADDED"),
                                      (members[0].id, "REMOVED")])  # fmt: skip
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)  # type: ignore[type-var]
    assert changes.index((members[0].id, "ADDED")) < changes.index((members[0].id, "REMOVED"))
    assert all(row[4] == "export-tests" for row in rows)


async def test_bad_requests_are_refused_before_the_first_row(db: Database) -> None:
    exporter = Exporter(db, None, VIEWER)
    with pytest.raises(UserInputError, match="unknown columns"):
        await exporter.customers(columns=["id", "password"])
    now = datetime.now(UTC)
    tag = await make_tag(db)
    with pytest.raises(UserInputError, match="end after"):
        await exporter.history(tag_id=tag.id, start=now, end=now)
    with pytest.raises(NotFound):
        await exporter.history(tag_id=unique("nope"), start=now, end=now + timedelta(days=1))


@pytest.mark.parametrize("export_format", list(ExportFormat))
async def test_encode_writes_every_row_in_each_format(
    db: Database, export_format: ExportFormat
) -> None:
    tag = await make_tag(db)
    members = await make_customers(db, 3)
    await _tag(db, members, tag)
    export = await Exporter(db, None, VIEWER, chunk=2).customers(
        customer_filter=CustomerFilter(has_tag=tag.id)
    )
    data = b"".join([chunk async for chunk in encode(export, export_format)])
    assert export.outcome == "completed" and export.rows_written == 3
    if export_format is ExportFormat.CSV:
        lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert len(lines) == 4 and lines[0][0] == "id"
    elif export_format is ExportFormat.JSONL:
        assert [json.loads(line)["id"] for line in data.splitlines()] == sorted(
            c.id for c in members
        )
    else:
        assert data.startswith(b"PK")


async def test_an_abandoned_stream_stops_reading(db: Database) -> None:
    tag = await make_tag(db)
    members = await make_customers(db, 5)
    await _tag(db, members, tag)
    export = await Exporter(db, None, VIEWER, chunk=1).customers(
        customer_filter=CustomerFilter(has_tag=tag.id)
    )
    stream = encode(export, ExportFormat.CSV)
    await anext(stream)
    await anext(stream)
    await stream.aclose()
    await asyncio.sleep(0)
    assert export.outcome == "stopped" and export.rows_written == 1
