"""`taggraph` commands of automatic tagging: run rules (for cron), import interactions,
install the default lifecycle rules."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli import imports
from graph.database import Database
from graph.rules import engine as rules_engine
from graph.rules import lifecycle
from graph.rules.model import RunReport
from graph.viewer import Viewer
from services.transfer.readers import ReadOptions
from settings import get_settings

console = Console()
VIEWER = Viewer.full_access("cli")


def register(app: typer.Typer) -> None:
    """Add the commands to the `taggraph` application."""
    app.command("run-rules")(run_rules)
    app.command("import-interactions")(import_interactions)
    app.command("install-default-rules")(install_default_rules)


def run_rules(
    rule: Annotated[
        list[str] | None, typer.Option("--rule", help="Run only this rule (repeatable).")
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Customers per transaction.", min=1)] = 10_000,
) -> None:
    """Sweep the enabled tag rules over every customer in batches (for cron); prints what each
    rule changed. Running it twice in a row changes nothing the second time."""

    async def go() -> RunReport:
        db = Database.connect(get_settings())
        try:
            return await rules_engine.run_rules(db, rule_ids=rule or None, batch_size=batch_size)
        finally:
            await db.close()

    report = asyncio.run(go())
    console.print(report_table(report))


def report_table(report: RunReport) -> Table:
    """A run as a table, one row per rule."""
    table = Table(title=f"Rule run {report.run_id}: {report.customers:,} customers in "
                  f"{report.seconds:.1f} s")  # fmt: skip
    for column in ("rule", "matched", "added", "removed", "replaced", "overridden"):
        table.add_column(column, justify="left" if column == "rule" else "right")
    for s in report.rules:
        table.add_row(s.rule_id, *(f"{v:,}" for v in (s.matched, s.added, s.removed,
                                                       s.replaced, s.overridden)))  # fmt: skip
    return table


def import_interactions(
    path: Annotated[Path, typer.Argument(help="A .csv (with a header) or .jsonl file.")],
    batch_size: Annotated[int, typer.Option(help="Interactions per call (≤ 10,000).")] = 5_000,
) -> None:
    """Import interactions (id, customerId, type, at, amount, productId, channel); ids seen
    before are skipped, so an interrupted import can simply be run again. The same as
    `taggraph import interactions FILE`, kept for scripts that call it."""
    summary = imports.import_file(
        "interactions", path, read=ReadOptions(), mapping={}, batch_size=batch_size
    )
    console.print(
        f"Recorded {summary.created:,} interactions ({summary.unchanged:,} seen before); "
        f"event rules added {summary.assignments:,} tags."
    )


def install_default_rules() -> None:
    """Create the lifecycle category, its stages and the shipped lifecycle rules (idempotent)."""

    async def go() -> list[str]:
        db = Database.connect(get_settings())
        try:
            return await lifecycle.install_default_rules(db, VIEWER)
        finally:
            await db.close()

    created = asyncio.run(go())
    console.print(
        f"Installed {len(created)} default rules" + (": " + ", ".join(created) if created else ".")
    )
