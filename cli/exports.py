"""`taggraph export …`: segments, customer lists, assignments, the taxonomy and a tag's history
as CSV, XLSX or JSONL files (the same exporter as the API's /exports routes)."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.segments.model import CustomerFilter
from graph.viewer import Viewer
from services.transfer.exports import Export, Exporter, encode
from services.transfer.requests import FilterBody, parse_body
from services.transfer.writers import ExportFormat
from settings import get_settings

VIEWER = Viewer.full_access("cli")  # the local operator sees every category
app = typer.Typer(help="Export segments, customers, the taxonomy, assignments and history.")
console = Console(stderr=True)

FormatOption = Annotated[
    ExportFormat, typer.Option("--format", "-f", help="csv (UTF-8 with BOM), xlsx or jsonl.")
]
OutputOption = Annotated[
    str, typer.Option("--output", "-o", help="File to write, or - for standard output.")
]
FilterOption = Annotated[
    str | None,
    typer.Option("--filter", help='A CustomerFilter as JSON, e.g. \'{"hasTag": "tag-0001"}\'.'),
]
SegmentOption = Annotated[str | None, typer.Option("--segment", help="A saved segment's id.")]
ColumnsOption = Annotated[
    str | None,
    typer.Option(help="Columns, comma-separated (default: the customers file format)."),
]
CategoriesOption = Annotated[
    str | None, typer.Option(help="Only tags of these categories in `tags` (comma-separated).")
]


class RowsPerSecond(ProgressColumn):
    """Rows written per second."""

    def render(self, task: Task) -> Text:
        """The task's speed in rows/s."""
        return Text(f"{task.speed or 0:,.0f} rows/s")


def _filter(text: str | None) -> CustomerFilter | None:
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, f"--filter is not JSON: {error.msg}", ("--filter",)
        ) from None
    return parse_body(FilterBody, data).to_model()


def _one_source(filter_json: str | None, segment_id: str | None) -> None:
    if filter_json is not None and segment_id is not None:
        console.print("[red]INVALID_INPUT[/red]: give --filter or --segment, not both")
        raise typer.Exit(2)


def _list(text: str | None) -> list[str] | None:
    return [item.strip() for item in text.split(",") if item.strip()] if text else None


def _run(
    build: Callable[[Exporter], Awaitable[Export]], export_format: ExportFormat, output: str
) -> None:
    try:
        rows = asyncio.run(_export(build, export_format, output))
    except UserInputError as error:
        for item in error.errors:
            field = f" ({'.'.join(item.field)})" if item.field else ""
            console.print(f"[red]{item.code}[/red]{field}: {item.message}")
        raise typer.Exit(2) from None
    if output != "-":
        console.print(f"Wrote {rows:,} rows to {output}.")


async def _export(
    build: Callable[[Exporter], Awaitable[Export]], export_format: ExportFormat, output: str
) -> int:
    settings = get_settings()
    db = Database.connect(settings)
    try:
        export = await build(Exporter(db, None, VIEWER, settings.export_chunk_size))
        if output == "-":
            await _write(export, export_format, sys.stdout.buffer, None)
            return export.rows_written
        with Path(output).open("wb") as file, Progress(
            TextColumn(export.name), BarColumn(), MofNCompleteColumn(), RowsPerSecond(),
            TimeElapsedColumn(), console=console,
        ) as progress:  # fmt: skip
            task = progress.add_task("", total=export.rows_expected)
            await _write(export, export_format, file, lambda n: progress.advance(task, n))
        return export.rows_written
    finally:
        await db.close()


async def _write(
    export: Export,
    export_format: ExportFormat,
    file: BinaryIO,
    on_rows: Callable[[int], None] | None,
) -> None:
    async for chunk in encode(export, export_format, on_rows):
        file.write(chunk)
    file.flush()


@app.command()
def segment(
    segment_id: Annotated[str, typer.Argument(help="The saved segment's id.")],
    export_format: FormatOption = ExportFormat.CSV,
    output: OutputOption = "-",
    columns: ColumnsOption = None,
    tag_categories: CategoriesOption = None,
) -> None:
    """A saved segment's customers (its filter's now, or a STATIC segment's snapshot)."""
    _run(
        lambda exporter: exporter.customers(
            segment_id=segment_id, columns=_list(columns), tag_categories=_list(tag_categories)
        ),
        export_format,
        output,
    )


@app.command()
def customers(
    filter_json: FilterOption = None,
    segment_id: SegmentOption = None,
    export_format: FormatOption = ExportFormat.CSV,
    output: OutputOption = "-",
    columns: ColumnsOption = None,
    tag_categories: CategoriesOption = None,
) -> None:
    """Customers of a filter or saved segment (every customer without either), in id order."""
    _one_source(filter_json, segment_id)
    _run(
        lambda exporter: exporter.customers(
            customer_filter=_filter(filter_json),
            segment_id=segment_id,
            columns=_list(columns),
            tag_categories=_list(tag_categories),
        ),
        export_format,
        output,
    )


@app.command()
def assignments(
    filter_json: FilterOption = None,
    segment_id: SegmentOption = None,
    export_format: FormatOption = ExportFormat.CSV,
    output: OutputOption = "-",
) -> None:
    """The tag assignments (with provenance) of a filter's or segment's customers."""
    _one_source(filter_json, segment_id)
    _run(
        lambda exporter: exporter.assignments(
            customer_filter=_filter(filter_json), segment_id=segment_id
        ),
        export_format,
        output,
    )


@app.command()
def taxonomy(
    category: Annotated[str | None, typer.Option(help="One category's id (default: all).")] = None,
    export_format: FormatOption = ExportFormat.CSV,
    output: OutputOption = "-",
) -> None:
    """Categories and their live tags as paths, parents before children."""
    _run(lambda exporter: exporter.taxonomy(category_id=category), export_format, output)


@app.command()
def history(
    tag_id: Annotated[str, typer.Argument(help="The tag's id.")],
    start: Annotated[str, typer.Option("--from", help="Start (ISO 8601, UTC if no offset).")],
    end: Annotated[str, typer.Option("--to", help="End, excluded (ISO 8601).")],
    export_format: FormatOption = ExportFormat.CSV,
    output: OutputOption = "-",
) -> None:
    """Every change (ADDED, REMOVED) of a tag in [from, to), in time order."""
    _run(
        lambda exporter: exporter.history(
            tag_id=tag_id, start=_moment(start, "--from"), end=_moment(end, "--to")
        ),
        export_format,
        output,
    )


def _moment(text: str, option: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, f"{option} is not an ISO 8601 moment", (option,)
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
