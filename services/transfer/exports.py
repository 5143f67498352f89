"""Exports: segments, customer lists, assignments, a category's tag tree, a tag's history.

Consistency: an export fixes one moment `at` (the database's clock) when it starts, after the
index has taken in every change committed so far. Which customers it holds is fixed then (the
ids in id order, from the index, or from one Cypher read without it); the tags and assignments
are read as of `at` from the history the graph keeps (an assignment made later has a later
`since`, one ended later is a `WAS_TAGGED` spanning `at`), and a tag's history stops at `at`.
So tagging and untagging while a long export runs do not show in it. Customers' own fields
have no history: a field changed during the export shows its new value, and a customer erased
meanwhile is left out. Nothing holds a transaction open: every chunk is one short read.

Everything that can be refused (unknown columns, hidden or unknown tags, categories and
segments, bad periods) is checked before the first row, so the API answers 400/404 before
streaming starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from graph import changes
from graph.database import Database
from graph.errors import ErrorCode, NotFound, UserInputError
from graph.exports import service as reads
from graph.segments import saved
from graph.segments.model import CustomerFilter, SegmentKind
from graph.taxonomy.categories import find_tag_categories_by_ids
from graph.taxonomy.tags import find_tags_by_ids
from graph.viewer import Viewer
from services.index_keeper import IndexKeeper
from services.segments import Segments
from services.transfer.export_rows import (
    ASSIGNMENT_COLUMNS,
    HISTORY_COLUMNS,
    TAXONOMY_COLUMNS,
    TagPaths,
    assignment_row,
    customer_columns,
    customer_row,
    history_row,
    taxonomy_rows,
)
from services.transfer.writers import ExportFormat, Row, writer_for

log = logging.getLogger(__name__)
T = TypeVar("T")
CHUNK = 1_000  # customers per read: one short transaction each
ID_PAGE = 50_000  # ids per keyset page when the index is off


@dataclass(slots=True)
class Export:
    """An export ready to stream: its name, columns and batches of rows."""

    name: str
    columns: tuple[str, ...]
    batches: AsyncGenerator[list[Row], None]
    at: datetime
    rows_expected: int | None = None
    rows_written: int = field(default=0)
    outcome: str = "ready"  # then "streaming", and "completed", "stopped" or "failed"


# The last exports of this process, newest last: what `encode` did with them (logs, tests).
RECENT: deque[Export] = deque(maxlen=32)


class Exporter:
    """Builds the exports of one viewer (the index, when there is one, fixes memberships)."""

    def __init__(
        self, db: Database, keeper: IndexKeeper | None, viewer: Viewer, chunk: int = CHUNK
    ) -> None:
        self.db = db
        self.keeper = keeper
        self.viewer = viewer
        self.chunk = chunk

    async def _moment(self) -> datetime:
        if self.keeper is not None:
            await self.keeper.catch_up()  # the index holds every change committed so far
        return await changes.database_time(self.db)

    async def _tag_paths(self) -> TagPaths:
        return TagPaths.of(await reads.find_trees(self.db, self.viewer, category_id=None))

    async def _members(
        self, customer_filter: CustomerFilter | None, segment_id: str | None
    ) -> tuple[list[str], str | None]:
        """The ids, and the segment's name when it is a saved one."""
        if segment_id is not None:
            segment = await saved.get_segment(self.db, self.viewer, segment_id=segment_id)
            if segment.kind is SegmentKind.STATIC:
                return await self._all_ids(segment_id), segment.name
            return await self._filtered(segment.filter), segment.name
        return await self._filtered(customer_filter), None

    async def _filtered(self, customer_filter: CustomerFilter | None) -> list[str]:
        index = self.keeper.store if self.keeper is not None else None
        if customer_filter is None and index is None:
            return await self._all_ids(None)
        return await Segments(self.db, self.keeper).member_ids(self.viewer, customer_filter)

    async def _all_ids(self, segment_id: str | None) -> list[str]:
        ids: list[str] = []
        while True:
            after = ids[-1] if ids else ""
            if segment_id is None:
                page = await reads.find_customer_ids_page(self.db, after_id=after, limit=ID_PAGE)
            else:
                page = await reads.find_static_member_ids_page(
                    self.db, segment_id=segment_id, after_id=after, limit=ID_PAGE
                )
            ids.extend(page)
            if len(page) < ID_PAGE:
                return ids

    async def _check_categories(self, category_ids: list[str] | None) -> None:
        if not category_ids:
            return
        found = await find_tag_categories_by_ids(self.db, self.viewer, ids=category_ids)
        for position, category_id in enumerate(category_ids):
            if category_id not in found:  # hidden or unknown: NOT_FOUND alike
                raise NotFound("tag category", category_id, ("tagCategories", str(position)))

    async def customers(
        self,
        *,
        customer_filter: CustomerFilter | None = None,
        segment_id: str | None = None,
        columns: Iterable[str] | None = None,
        tag_categories: list[str] | None = None,
    ) -> Export:
        """The customers of a filter or saved segment (all without either), in id order,
        with these columns (`tags`: the paths of the visible tags held at the start)."""
        try:
            chosen = customer_columns(columns)
        except ValueError as error:
            raise UserInputError.single(ErrorCode.INVALID_INPUT, str(error), ("columns",)) from None
        await self._check_categories(tag_categories)
        at = await self._moment()
        ids, segment_name = await self._members(customer_filter, segment_id)
        with_tags = "tags" in chosen
        paths = await self._tag_paths() if with_tags else TagPaths({}, {})

        async def read(chunk: list[str]) -> list[Row]:
            held = await reads.find_customers_as_of(
                self.db,
                self.viewer,
                ids=chunk,
                at=at,
                tag_category_ids=tag_categories or None,
                with_tags=with_tags,
            )
            return [customer_row(one, chosen, paths) for one in held]

        async def batches() -> AsyncGenerator[list[Row], None]:
            async for rows in _read_ahead(_chunks(ids, self.chunk), read):
                yield rows

        return Export(segment_name or "customers", chosen, batches(), at, len(ids))

    async def assignments(
        self, *, customer_filter: CustomerFilter | None = None, segment_id: str | None = None
    ) -> Export:
        """The visible assignments the customers of a filter or segment held at the start."""
        at = await self._moment()
        ids, segment_name = await self._members(customer_filter, segment_id)
        paths = await self._tag_paths()

        async def read(chunk: list[str]) -> list[Row]:
            found = await reads.find_assignments_as_of(self.db, self.viewer, ids=chunk, at=at)
            return [assignment_row(one, paths) for one in found]

        async def batches() -> AsyncGenerator[list[Row], None]:
            async for rows in _read_ahead(_chunks(ids, self.chunk), read):
                yield rows

        name = f"{segment_name}-assignments" if segment_name else "assignments"
        return Export(name, ASSIGNMENT_COLUMNS, batches(), at)

    async def taxonomy(self, *, category_id: str | None = None) -> Export:
        """A category's tag tree (every visible category without one): the category, then its
        live tags, parents first."""
        at = await self._moment()
        trees = await reads.find_trees(self.db, self.viewer, category_id=category_id)
        if category_id is not None and not trees:
            raise NotFound("tag category", category_id, ("categoryId",))
        rows = list(taxonomy_rows(trees, TagPaths.of(trees)))

        async def batches() -> AsyncGenerator[list[Row], None]:
            for chunk in _chunks(rows, self.chunk):
                yield chunk

        return Export(trees[0].category.name if category_id else "taxonomy",
                      TAXONOMY_COLUMNS, batches(), at, len(rows))  # fmt: skip

    async def history(self, *, tag_id: str, start: datetime, end: datetime) -> Export:
        """Every change of a tag in [start, end) up to the start of the export, in time order."""
        if start.tzinfo is None or end.tzinfo is None:
            raise UserInputError.single(
                ErrorCode.INVALID_INPUT, "from and to need a UTC offset", ("from",)
            )
        if start >= end:
            raise UserInputError.single(
                ErrorCode.INVALID_INPUT, "the period must end after it starts", ("to",)
            )
        found = await find_tags_by_ids(self.db, self.viewer, ids=[tag_id])
        if tag_id not in found:
            raise NotFound("tag", tag_id, ("tagId",))
        at = await self._moment()
        path = (await self._tag_paths()).cell(tag_id) or ""
        until = min(end, at)

        async def batches() -> AsyncGenerator[list[Row], None]:
            after: tuple[int, str, str] | None = None
            while start < until:
                page = await reads.find_tag_changes_page(
                    self.db, tag_id=tag_id, start=start, end=until, after=after, limit=self.chunk
                )
                if page:
                    yield [history_row(change, path) for change in page]
                if len(page) < self.chunk:
                    return
                last = page[-1]
                after = (last.micros, last.customer_id, last.change)

        return Export(f"{found[tag_id].name}-history", HISTORY_COLUMNS, batches(), at)


def _chunks(items: list[T], size: int) -> Iterable[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def _read_ahead(
    chunks: Iterable[list[str]], read: Callable[[list[str]], Awaitable[list[Row]]]
) -> AsyncGenerator[list[Row], None]:
    """`read` of each chunk in order, the next one read while the caller writes this one (two
    chunks in memory at most); a pending read is cancelled when the stream stops."""
    pending: asyncio.Task[list[Row]] | None = None
    try:
        for chunk in chunks:
            following = asyncio.ensure_future(read(chunk))
            if pending is not None:
                yield await pending
            pending = following
        if pending is not None:
            yield await pending
            pending = None
    finally:
        if pending is not None and not pending.done():
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pending


async def encode(
    export: Export,
    export_format: ExportFormat,
    on_rows: Callable[[int], None] | None = None,
) -> AsyncGenerator[bytes, None]:
    """The export's file, chunk by chunk; writing runs in a worker thread (XLSX is slow)."""
    writer = writer_for(export_format, export.name)
    export.outcome = "streaming"
    RECENT.append(export)
    rest = None
    try:
        if head := writer.begin(export.columns):
            yield head
        async for batch in export.batches:
            data = await asyncio.to_thread(writer.write, batch)
            export.rows_written += len(batch)
            if on_rows is not None:
                on_rows(len(batch))
            if data:
                yield data
        rest = writer.end()
        while (chunk := await asyncio.to_thread(next, rest, None)) is not None:
            yield chunk
        export.outcome = "completed"
    except (asyncio.CancelledError, GeneratorExit, OSError):
        # The client went away (the server cancels the stream or closes this generator):
        # nothing more is read from the graph.
        export.outcome = "stopped"
        log.info("export %s stopped after %d rows", export.name, export.rows_written)
        raise
    except BaseException:
        export.outcome = "failed"
        raise
    finally:
        await export.batches.aclose()
        if rest is not None:
            rest.close()  # an XLSX stopped early removes its temporary file
