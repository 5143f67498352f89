"""`taggraph similar-to`: materialize each customer's nearest neighbours for analysts."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph.database import Database
from graph.similarity import service as similar
from graph.similarity.model import Neighbour
from graph.viewer import Viewer
from services.index_keeper import IndexKeeper
from services.neighbours import Neighbours, tree_weights
from settings import Settings, get_settings

VIEWER = Viewer.full_access("cli")  # similarity over every category

console = Console()


def register(app: typer.Typer) -> None:
    """Add the command to the CLI."""
    app.command("similar-to")(similar_to)


def similar_to(
    top: Annotated[int, typer.Option(help="Neighbours kept per customer.")] = 10,
    limit: Annotated[int, typer.Option(help="Customers to do (0: all), in id order.")] = 0,
    batch: Annotated[int, typer.Option(help="Customers written per transaction.")] = 500,
) -> None:
    """Write (:Customer)-[:SIMILAR_TO {score, rank, computedAt}]->(:Customer) for each
    customer's `top` most similar customers, so that Neo4j Browser can show neighbourhoods."""
    written, seconds = asyncio.run(_materialize(get_settings(), top, limit, batch))
    console.print(f"Wrote {written:,} SIMILAR_TO relationships in {seconds:.1f} s.")


async def _materialize(settings: Settings, top: int, limit: int, batch: int) -> tuple[int, float]:
    started = time.perf_counter()
    db = Database.connect(settings)
    try:
        keeper = IndexKeeper(db)
        store = await keeper.rebuild()
        service = Neighbours(db, keeper, tree_weights(settings))
        numbers = list(store.alive)
        numbers.sort(key=lambda number: store.ids[number])
        if limit:
            numbers = numbers[:limit]
        written = 0
        computed_at = datetime.now(UTC)
        with Progress(
            TextColumn("similar customers"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
        ) as progress:
            task = progress.add_task("", total=len(numbers))
            for start in range(0, len(numbers), batch):
                chunk = [store.ids[number] for number in numbers[start : start + batch]]
                neighbourhoods = {
                    customer_id: [
                        Neighbour(found.customer_id, found.score)
                        for found in service.similar_customers(VIEWER, customer_id, top)
                    ]
                    for customer_id in chunk
                }
                written += await similar.replace_similar_to(
                    db, neighbourhoods=neighbourhoods, computed_at=computed_at
                )
                progress.advance(task, len(chunk))
        return written, time.perf_counter() - started
    finally:
        await db.close()
