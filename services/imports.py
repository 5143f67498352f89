"""Importing a file: read it as a stream, check each row (typed rows, references, duplicates
in the file), write good rows in batches of one transaction each, and report every refused
row with its line in an error file the user can fix and import again."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from graph.database import Database
from graph.errors import ErrorCode, GraphUnavailable, UserInputError
from graph.imports.model import BatchResult, OnDuplicate
from graph.viewer import Permission, Viewer
from services.import_kinds import Importer, make_importer
from services.transfer.codes import FileRefused, ImportErrorCode, RowError, shorten
from services.transfer.headers import FIELDS, resolve_columns
from services.transfer.readers import ReadOptions, Source, SourceRow, open_source
from services.transfer.report import ErrorReport
from services.transfer.rows import parse_row

KINDS = tuple(FIELDS)
# The permission each kind needs: that of the mutation doing the same (api/permissions.py).
KIND_PERMISSIONS: Mapping[str, Permission] = {
    "customers": Permission.WRITE_CUSTOMERS,
    "taxonomy": Permission.MANAGE_TAXONOMY,
    "assignments": Permission.TAG,
    "interactions": Permission.WRITE_CUSTOMERS,
    "products": Permission.WRITE_CUSTOMERS,
}
REQUIRED_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "customers": ("id",),
    "taxonomy": ("path",),
    "assignments": ("customerId",),
    "interactions": ("id", "customerId", "type", "at"),
    "products": ("id", "name"),
}
WRITE_ATTEMPTS = 5  # a batch is retried this often while Neo4j is away (restarting)

# rows read so far, how far into the file, its size (bytes; rows for XLSX)
ProgressCallback = Callable[[int, int, int], None]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to read the file and what to do with its rows."""

    read: ReadOptions = field(default_factory=ReadOptions)
    mapping: Mapping[str, str] = field(default_factory=dict)
    on_duplicate: OnDuplicate = OnDuplicate.UPDATE
    dry_run: bool = False
    create_missing_tags: bool = False
    batch_size: int = 5_000
    errors_path: Path | None = None


@dataclass(slots=True)
class ImportSummary:
    """What an import did (a dry run: would do)."""

    kind: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    refused: int = 0
    assignments: int = 0
    seconds: float = 0.0
    errors_path: Path | None = None
    file_error: RowError | None = None
    tags_created: list[str] = field(default_factory=list)
    held_back: int = 0  # good rows of an all-or-nothing file (taxonomy) not applied

    @property
    def rows_per_second(self) -> float:
        """Rows read per second of wall-clock time."""
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        """Whether every row went in (or would, in a dry run)."""
        return self.file_error is None and self.refused == 0

    def add(self, result: BatchResult) -> None:
        """Count one written batch."""
        self.created += result.created
        self.updated += result.updated
        self.unchanged += result.unchanged
        self.skipped += result.skipped
        self.assignments += result.assignments


def default_errors_path(path: Path) -> Path:
    """Where the error report of `path` goes unless told: beside it, `<name>.errors.csv`."""
    return path.with_name(f"{path.stem}.errors.csv")


async def run_import(
    db: Database,
    viewer: Viewer,
    *,
    kind: str,
    path: Path,
    options: ImportOptions,
    on_progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Import one file of this kind; FORBIDDEN (UserInputError) without the kind's permission.
    Refused rows and a refused file go to the error report, never raise."""
    if kind not in KINDS:
        raise ValueError(f"kinds are {', '.join(KINDS)}")
    if not viewer.may(KIND_PERMISSIONS[kind]):
        raise UserInputError.single(
            ErrorCode.FORBIDDEN, f"importing {kind} needs the permission {KIND_PERMISSIONS[kind]}"
        )
    started = time.perf_counter()
    summary = ImportSummary(kind, dry_run=options.dry_run)
    errors_path = options.errors_path or default_errors_path(path)
    errors_path.unlink(missing_ok=True)
    report = ErrorReport(errors_path, [])
    try:
        with open_source(path, options.read) as source:
            columns = _columns(kind, source, options.mapping)
            report = ErrorReport(errors_path, source.header, jsonl=source.file_format == "jsonl")
            with report:
                importer = await make_importer(kind, db, viewer, options_of(options))
                await _pump(source, columns, importer, report, summary, options, on_progress)
                summary.tags_created = importer.tags_created()
    except FileRefused as refused:
        summary.file_error = RowError(refused.line, "", "", refused.code, refused.message)
        with report:
            report.add({}, [summary.file_error])
    summary.seconds = time.perf_counter() - started
    summary.errors_path = errors_path if report.rows else None
    return summary


def options_of(options: ImportOptions) -> dict[str, Any]:
    """The options an importer of one kind uses."""
    return {
        "on_duplicate": options.on_duplicate,
        "dry_run": options.dry_run,
        "create_missing_tags": options.create_missing_tags,
    }


def _columns(kind: str, source: Source, mapping: Mapping[str, str]) -> dict[str, str]:
    resolved = resolve_columns(kind, source.header, mapping)
    columns = {field: name for name, field in zip(source.header, resolved, strict=True) if field}
    missing = [name for name in REQUIRED_COLUMNS[kind] if name not in columns]
    if kind == "assignments" and "tag" not in columns and "tagId" not in columns:
        missing.append("tag or tagId")
    if missing:
        raise FileRefused(
            ImportErrorCode.NO_HEADER,
            f"the first line has no column {', '.join(missing)}; a {kind} file has the columns "
            f"{', '.join(FIELDS[kind])} (or map yours with --map 'Your column=field')",
            1,
        )
    return columns


class _Columns:
    """The columns of each row: the header's for CSV and XLSX, each JSON line's own keys."""

    def __init__(
        self, kind: str, source: Source, columns: dict[str, str], mapping: Mapping[str, str]
    ) -> None:
        self.kind, self.mapping, self.jsonl = kind, mapping, source.file_format == "jsonl"
        self.columns = columns
        self.cache: dict[tuple[str, ...], dict[str, str]] = {}

    def of(self, row: SourceRow) -> dict[str, str]:
        if not self.jsonl:
            return self.columns
        keys = tuple(row.values)
        if keys not in self.cache:
            resolved = resolve_columns(self.kind, list(keys), self.mapping)
            self.cache[keys] = {f: k for k, f in zip(keys, resolved, strict=True) if f}
        return self.cache[keys]


async def _pump(
    source: Source,
    columns: dict[str, str],
    importer: Importer,
    report: ErrorReport,
    summary: ImportSummary,
    options: ImportOptions,
    on_progress: ProgressCallback | None,
) -> None:
    per_row = _Columns(importer.kind, source, columns, options.mapping)
    batch: list[tuple[SourceRow, dict[str, str], Any]] = []
    size = importer.batch_size(options.batch_size)
    writer = _Writer(importer, report, summary)
    try:
        async for row in _rows(source):
            summary.rows += 1
            row_columns = per_row.of(row)
            item, errors = await _check(importer, row, row_columns)
            if errors:
                report.add(row.values, errors)
                summary.refused += 1
            else:
                batch.append((row, row_columns, item))
            if len(batch) >= size:
                await writer.submit(batch)
                batch = []
            if on_progress is not None and summary.rows % 1_000 == 0:
                on_progress(summary.rows, source.position(), source.size)
    except FileRefused:
        # Rows before a line that stops the file (an encoding error) still go in, unless the
        # file is all or nothing (taxonomy).
        await writer.drain()
        if batch and importer.partial_ok:
            await _flush(importer, batch, report, summary)
        raise
    await writer.drain()
    if batch:
        await _flush(importer, batch, report, summary)
    if on_progress is not None:
        on_progress(summary.rows, source.size, source.size)
    if summary.rows == 0:
        raise FileRefused(ImportErrorCode.NO_ROWS, "the file has a header but no rows", 2)


class _Writer:
    """Writes batches while the next ones are read and checked (the graph works on its own
    core meanwhile): at most `importer.writers` at once (one: in file order)."""

    def __init__(self, importer: Importer, report: ErrorReport, summary: ImportSummary) -> None:
        self.importer, self.report, self.summary = importer, report, summary
        self.tasks: set[asyncio.Task[None]] = set()

    async def submit(self, batch: list[tuple[SourceRow, dict[str, str], Any]]) -> None:
        while len(self.tasks) >= self.importer.writers:
            done, self.tasks = await asyncio.wait(self.tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
        flush = _flush(self.importer, batch, self.report, self.summary)
        self.tasks.add(asyncio.create_task(flush))

    async def drain(self) -> None:
        tasks, self.tasks = self.tasks, set()
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome


async def _check(
    importer: Importer, row: SourceRow, columns: dict[str, str]
) -> tuple[Any, list[RowError]]:
    model, errors = parse_row(importer.kind, row, columns)
    if model is None:
        return None, errors
    return await importer.prepare(model, row.line, columns)


async def _rows(source: Source) -> AsyncIterator[SourceRow]:
    """The rows, yielding to the event loop now and then (an API process keeps answering)."""
    for count, row in enumerate(source.rows):
        if count % 500 == 0:
            await asyncio.sleep(0)
        yield row


async def _flush(
    importer: Importer,
    batch: list[tuple[SourceRow, dict[str, str], Any]],
    report: ErrorReport,
    summary: ImportSummary,
) -> None:
    first = batch[0][0].line if batch else 0
    try:
        async for attempt in AsyncRetrying(
            retry=retry_if_exception_type(GraphUnavailable),
            stop=stop_after_attempt(WRITE_ATTEMPTS),
            wait=wait_exponential(multiplier=1, max=10),
            reraise=True,
        ):
            with attempt:
                outcome = await importer.write(
                    [item for _, _, item in batch], clean=summary.refused == 0
                )
    except GraphUnavailable as error:
        raise FileRefused(
            ImportErrorCode.INTERRUPTED,
            f"Neo4j is unreachable ({error}) while writing the rows from line {first} on; "
            "the rows before went in: run the same import again to finish it",
            first,
        ) from error
    summary.add(outcome.result)
    summary.held_back += outcome.held_back
    for index, refused in outcome.errors:
        row, row_columns, _ = batch[index]
        column = row_columns.get(refused.column, refused.column)
        value = shorten(row.values.get(column))
        report.add(row.values, [RowError(row.line, column, value, refused.code, refused.message)])
        summary.refused += 1
