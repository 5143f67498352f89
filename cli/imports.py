"""`taggraph import customers|taxonomy|assignments|interactions|products FILE`: import a CSV,
XLSX or JSONL file with a progress bar, a summary table and an error file of refused rows."""

from __future__ import annotations

import asyncio
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from graph.database import Database
from graph.errors import UserInputError
from graph.imports.model import OnDuplicate
from graph.viewer import Viewer
from services.imports import ImportOptions, ImportSummary, run_import
from services.transfer.headers import FIELDS, parse_mapping
from services.transfer.readers import ReadOptions
from settings import get_settings

console = Console()
VIEWER = Viewer.full_access("cli")
import_app = typer.Typer(
    help="Import customers, the taxonomy, tag assignments, interactions or products from a "
    "CSV (`,` `;` tab; UTF-8, UTF-8 with BOM, GB18030/GBK), XLSX or JSONL file.",
    no_args_is_help=True,
)


class FileFormat(StrEnum):
    """The formats `--format` names."""

    CSV = "csv"
    XLSX = "xlsx"
    JSONL = "jsonl"


def register(app: typer.Typer) -> None:
    """Add `taggraph import …` to the application."""
    app.add_typer(import_app, name="import")


File = Annotated[Path, typer.Argument(help="The file to import.", exists=True, dir_okay=False)]
Format = Annotated[
    FileFormat | None, typer.Option("--format", help="csv, xlsx or jsonl (default: by suffix).")
]
Encoding = Annotated[
    str | None, typer.Option(help="Text encoding, e.g. utf-8, gb18030 (default: detected).")
]
Delimiter = Annotated[
    str | None, typer.Option(help="CSV separator: ',', ';' or '\\t' (default: sniffed).")
]
Sheet = Annotated[str | None, typer.Option(help="XLSX sheet (default: the first).")]
Mapping = Annotated[
    list[str] | None,
    typer.Option("--map", help="'Column in the file=field', e.g. 'Record ID=id' (repeatable)."),
]
MappingFile = Annotated[
    Path | None, typer.Option("--mapping", help="A file of 'Column=field' lines.", exists=True)
]
Duplicates = Annotated[
    OnDuplicate,
    typer.Option(help="Rows whose id exists: update them, skip them or refuse them."),
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Count what would change; write nothing.")]
CreateTags = Annotated[
    bool,
    typer.Option("--create-missing-tags", help="Create tags of unknown paths (else refused)."),
]
Errors = Annotated[
    Path | None, typer.Option("--errors", help="Error file (default: FILE.errors.csv beside it).")
]
BatchSize = Annotated[int | None, typer.Option(help="Rows per transaction.", min=1)]


def import_file(  # noqa: PLR0913 - one parameter per command-line option
    kind: str,
    path: Path,
    *,
    read: ReadOptions,
    mapping: dict[str, str],
    on_duplicate: OnDuplicate = OnDuplicate.UPDATE,
    dry_run: bool = False,
    create_missing_tags: bool = False,
    errors: Path | None = None,
    batch_size: int | None = None,
) -> ImportSummary:
    """Run one import with a progress bar, print its summary; exit 1 when rows were refused."""
    settings = get_settings()
    options = ImportOptions(
        read=read,
        mapping=mapping,
        on_duplicate=on_duplicate,
        dry_run=dry_run,
        create_missing_tags=create_missing_tags,
        batch_size=batch_size or settings.import_batch_size,
        errors_path=errors,
    )
    progress = Progress(
        TextColumn(f"[bold]{kind}[/bold]"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rows]:>12,} rows  {task.fields[rate]:>8,.0f} rows/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task(kind, total=None, rows=0, rate=0.0)

    def on_progress(rows: int, position: int, size: int) -> None:
        elapsed = progress.tasks[0].elapsed or 0.0
        rate = rows / elapsed if elapsed else 0.0
        progress.update(task, completed=position, total=size or None, rows=rows, rate=rate)

    async def go() -> ImportSummary:
        db = Database.connect(settings)
        try:
            return await run_import(
                db, VIEWER, kind=kind, path=path, options=options, on_progress=on_progress
            )
        finally:
            await db.close()

    try:
        with progress:
            summary = asyncio.run(go())
    except UserInputError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    except KeyboardInterrupt:
        console.print(
            "[yellow]Interrupted.[/yellow] Every batch written so far is complete; run the same "
            "command again to finish the import (nothing is doubled)."
        )
        raise typer.Exit(130) from None
    console.print(summary_table(summary, path))
    if summary.errors_path is not None:
        console.print(
            f"Refused rows, with why, are in {summary.errors_path}: fix them there and import "
            "that file again.",
            soft_wrap=True,
        )
    if not summary.ok:
        raise typer.Exit(1)
    return summary


def summary_table(summary: ImportSummary, path: Path) -> Table:
    """An import's counts as a table, with where its error file is."""
    verb = "would be" if summary.dry_run else "were"
    table = Table(
        title=f"{'Dry run of ' if summary.dry_run else ''}import of {path.name} ({summary.kind})",
        show_header=False,
    )
    table.add_column("", justify="left")
    table.add_column("", justify="right")
    for label, value in (
        ("rows read", summary.rows), (f"created ({verb})", summary.created),
        (f"updated ({verb})", summary.updated), ("unchanged", summary.unchanged),
        ("skipped (existing)", summary.skipped), ("refused", summary.refused),
    ):  # fmt: skip
        table.add_row(label, f"{value:,}")
    if summary.assignments:
        table.add_row("tag assignments added", f"{summary.assignments:,}")
    if summary.held_back:
        table.add_row("not applied (all or nothing)", f"{summary.held_back:,}")
    if summary.tags_created:
        table.add_row("tags created", ", ".join(summary.tags_created[:5]))
    table.add_row("seconds", f"{summary.seconds:,.1f}")
    table.add_row("rows/s", f"{summary.rows_per_second:,.0f}")
    if summary.file_error is not None:
        table.add_row(
            "[red]file refused[/red]", f"{summary.file_error.code}: {summary.file_error.message}"
        )
    if summary.errors_path is not None:
        table.add_row("error file", summary.errors_path.name)
    return table


def _command(kind: str) -> None:
    def command(  # noqa: PLR0913 - one parameter per command-line option
        path: File,
        *,
        file_format: Format = None,
        encoding: Encoding = None,
        delimiter: Delimiter = None,
        sheet: Sheet = None,
        mapping: Mapping = None,
        mapping_file: MappingFile = None,
        on_duplicate: Duplicates = OnDuplicate.UPDATE,
        dry_run: DryRun = False,
        create_missing_tags: CreateTags = False,
        errors: Errors = None,
        batch_size: BatchSize = None,
    ) -> None:
        try:
            pairs = parse_mapping(mapping or [], mapping_file)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--map") from error
        import_file(
            kind,
            path,
            read=ReadOptions(
                file_format=file_format.value if file_format else None,
                encoding=encoding,
                delimiter=delimiter,
                sheet=sheet,
            ),
            mapping=pairs,
            on_duplicate=on_duplicate,
            dry_run=dry_run,
            create_missing_tags=create_missing_tags,
            errors=errors,
            batch_size=batch_size,
        )

    command.__doc__ = f"Import {kind}: columns {', '.join(FIELDS[kind])}."
    import_app.command(kind)(command)


for _kind in FIELDS:
    _command(_kind)
