"""Streaming keeps memory flat: exporting 50,000 customers holds one chunk at a time."""

from __future__ import annotations

import tracemalloc

from graph.customers import service as customers
from graph.customers.model import CustomerUpsert
from graph.database import Database
from graph.segments.model import CustomerFilter
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.viewer import Viewer
from services.index_keeper import IndexKeeper
from services.transfer.exports import Exporter, encode
from services.transfer.writers import ExportFormat
from tests.factories import make_tag, unique

VIEWER = Viewer.full_access("export-memory-tests")
CUSTOMERS = 50_000
BATCH = 10_000
MB = 1024 * 1024


async def test_memory_stays_flat_while_50000_customers_stream(db: Database) -> None:
    tag = await make_tag(db)
    prefix = unique("mem")
    for start in range(0, CUSTOMERS, BATCH):
        items = [
            CustomerUpsert(id=f"{prefix}-{i:06d}", name=f"内存测试客户{i}", kind="COMPANY",
                           employees=i, email=f"c{i}@example.com", phone="+86 13800000000")
            for i in range(start, start + BATCH)
        ]  # fmt: skip
        await customers.upsert_customers(db, VIEWER, items=items)
        selection = CustomerSelection(tuple(item.id for item in items))
        await tag_customers(db, VIEWER, selection=selection, tag_ids=[tag.id])
    keeper = IndexKeeper(db)
    await keeper.rebuild()
    export = await Exporter(db, keeper, VIEWER).customers(
        customer_filter=CustomerFilter(has_tag=tag.id)
    )
    tracemalloc.start()
    try:
        written, samples = 0, []
        async for chunk in encode(export, ExportFormat.CSV):
            written += len(chunk)
            samples.append(tracemalloc.get_traced_memory()[0])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert export.rows_written == CUSTOMERS
    assert written > 5 * MB  # the file is several times what the export may hold
    # Traced memory (every thread of the process, the session's API server included) goes up
    # and down with each chunk; it does not grow with the rows written. Holding the rows
    # would take several times the file's size.
    third = len(samples) // 3
    assert max(samples[-third:]) - max(samples[:third]) < 2 * MB
    assert peak < 24 * MB < written * 4
