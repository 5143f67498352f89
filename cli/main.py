"""`taggraph`: run the whole thing, manage the local Neo4j, load data, serve the API."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.app import create_app
from cli import exports, imports, principals, similar
from cli.rules import register, report_table
from graph.bulk import service as bulk
from graph.bulk.model import GraphCounts, LoadReport
from graph.classification.reference import merge_reference_data
from graph.database import Database
from graph.errors import UserInputError
from graph.tagging import service as tagging
from ops.env_file import ENV_FILE, PASSWORD_VARIABLE, ensure_local_password
from ops.logs import configure_logging
from ops.neo4j_server import LocalNeo4j, Neo4jServerError
from services import demo
from services.auth import UnsafeBindError, refuse_unsafe_bind
from services.scheduler import start_rule_scheduler
from services.upgrade import upgrade_graph
from settings import Settings, get_settings

app = typer.Typer(
    help="TagGraph: a customer knowledge graph for CRM tagging.", no_args_is_help=True
)
neo4j_app = typer.Typer(help="The local Neo4j server (no Docker needed).", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(exports.app, name="export")
register(app)
similar.register(app)
principals.register(app)
imports.register(app)
console = Console()


def _start_neo4j(settings: Settings) -> None:
    server = LocalNeo4j(settings)
    if not (server.dist / "COMPLETE").exists():
        console.print(
            f"Fetching Neo4j Community {settings.neo4j_version} from Maven Central "
            f"(first run only, ~140 MB) into {server.dist} …"
        )
    with console.status(f"Starting Neo4j {settings.neo4j_version} on {settings.neo4j_uri} …"):
        try:
            started = server.start()
        except Neo4jServerError as error:
            console.print(f"[red]Neo4j could not start:[/red] {error}")
            raise typer.Exit(1) from error
    console.print("Neo4j started." if started else "Neo4j was already running.")


async def _prepare(settings: Settings, demo_customers: int) -> GraphCounts:
    db = Database.connect(settings)
    try:
        await db.wait_until_ready()
        upgrade = await upgrade_graph(db)
        applied = upgrade.migrations
        if applied:
            console.print(f"Applied schema migrations: {', '.join(m.path.name for m in applied)}")
        await merge_reference_data(db)
        counts = await bulk.count_graph(db)
        if counts.customers == 0 and demo_customers > 0:
            console.print(f"Empty database: loading a demo of {demo_customers:,} customers …")
            await _load(db, demo_customers, settings.demo_seed, "")
            with console.status("Running the tag rules over the demo …"):
                console.print(report_table(await demo.install_demo_rules(db)))
            counts = await bulk.count_graph(db)
        return counts
    finally:
        await db.close()


async def _local_admin_key(settings: Settings) -> bool:
    db = Database.connect(settings)
    try:
        return await principals.ensure_local_admin_key(db, settings)
    finally:
        await db.close()


async def _load(db: Database, customers: int, seed: int, prefix: str) -> LoadReport:
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("customers", total=customers)
        loaded = await demo.load_demo(
            db,
            customers=customers,
            seed=seed,
            prefix=prefix,
            on_customers=lambda written, _: progress.advance(task, written),
        )
    report = loaded.customers
    console.print(
        f"Loaded {report.customers:,} customers and {report.assignments:,} tag assignments "
        f"in {report.seconds:.1f} s ({report.customers_per_second:,.0f} customers/s, "
        f"{report.assignments_per_second:,.0f} assignments/s), then {loaded.interactions:,} "
        "interactions."
    )
    return report


def _where(settings: Settings, counts: GraphCounts) -> Panel:
    table = Table.grid(padding=(0, 2))
    table.add_row("GraphiQL", f"http://{settings.api_host}:{settings.api_port}/graphql")
    table.add_row("Console", f"http://{settings.api_host}:{settings.api_port}/console")
    table.add_row("REST docs", f"http://{settings.api_host}:{settings.api_port}/docs")
    table.add_row("Neo4j Browser", f"http://127.0.0.1:{settings.neo4j_http_port}/browser/")
    table.add_row("Bolt URI", settings.neo4j_uri)
    # Where the secrets are kept, never the secrets: the banner lands in terminals and logs.
    table.add_row("API key", principals.admin_key_note())
    table.add_row(
        "Credentials",
        f"{settings.neo4j_user} / password in {PASSWORD_VARIABLE} (environment or {ENV_FILE})",
    )
    table.add_row(
        "Graph",
        f"{counts.customers:,} customers, {counts.tags:,} tags in {counts.categories} categories, "
        f"{counts.assignments:,} assignments, {counts.industries} industries, "
        f"{counts.regions} regions",
    )
    table.add_row("Stop", "Ctrl-C stops the API; `taggraph neo4j stop` stops Neo4j")
    return Panel(table, title="TagGraph is running", expand=False)


@app.command()
def up(
    demo_customers: Annotated[
        int | None, typer.Option(help="Demo size when the database is empty (default: settings).")
    ] = None,
) -> None:
    """Start everything: local Neo4j, schema, reference and demo data, the API with GraphiQL."""
    settings = ensure_local_password()
    _configure_logging(settings)
    _start_neo4j(settings)
    size = settings.demo_customers if demo_customers is None else demo_customers
    counts = asyncio.run(_prepare(settings, size))
    if asyncio.run(_local_admin_key(settings)):
        console.print(f"Created a local admin API key: {principals.admin_key_note()}")
        settings = get_settings()  # again: .env holds the key now (GraphiQL sends it)
    console.print(_where(settings, counts))
    _serve(settings)


@app.command()
def serve() -> None:
    """Serve the API against the configured Neo4j (which must be running and migrated)."""
    settings = get_settings()
    _configure_logging(settings)
    _serve(settings)


@app.command()
def migrate(
    *,
    demo: Annotated[
        bool, typer.Option(help="Also load the demo when the database is empty.")
    ] = False,
) -> None:
    """Apply the schema migrations and load the reference data (industries, regions)."""
    settings = get_settings()
    counts = asyncio.run(_prepare(settings, settings.demo_customers if demo else 0))
    console.print(
        f"Schema up to date; {counts.industries} industries, {counts.regions} regions, "
        f"{counts.customers:,} customers."
    )


@app.command("load-demo")
def load_demo(
    customers: Annotated[
        int, typer.Option(help="Customers to generate (1 - 1,000,000).", min=1, max=1_000_000)
    ],
    seed: Annotated[
        int | None, typer.Option(help="Seed of the generator (default: TAGGRAPH_DEMO_SEED).")
    ] = None,
    prefix: Annotated[str, typer.Option(help="Prefix of every generated id.")] = "",
) -> None:
    """Generate a synthetic data set of any size and load it through the bulk path."""
    settings = get_settings()

    async def run() -> None:
        db = Database.connect(settings)
        try:
            await db.wait_until_ready()
            await _load(db, customers, settings.demo_seed if seed is None else seed, prefix)
        finally:
            await db.close()

    try:
        asyncio.run(run())
    except UserInputError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error


@app.command("sweep-expired")
def sweep_expired() -> None:
    """End every tag assignment whose expiry has passed (for cron); recorded as EXPIRED."""
    settings = get_settings()

    async def run() -> int:
        db = Database.connect(settings)
        try:
            return await tagging.expire_assignments(db)
        finally:
            await db.close()

    console.print(f"Expired {asyncio.run(run()):,} assignments.")


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j (a no-op when it runs) and wait until Bolt answers."""
    _start_neo4j(ensure_local_password())


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j."""
    stopped = LocalNeo4j(get_settings()).stop()
    console.print("Neo4j stopped." if stopped else "Neo4j was not running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Whether the local Neo4j runs, and where."""
    status = LocalNeo4j(get_settings()).status()
    console.print(
        f"Neo4j {status.version}: {'running' if status.running else 'stopped'}"
        + (f" (pid {status.pid})" if status.pid else "")
        + f"\n  Bolt:    {status.bolt_uri}\n  Browser: {status.browser_url}\n"
        f"  Data:    {status.data_dir}"
    )
    if not status.running:
        raise typer.Exit(3)


def _serve(settings: Settings) -> None:
    try:
        refuse_unsafe_bind(settings)
    except UnsafeBindError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    start_rule_scheduler(settings)  # a daemon thread when TAGGRAPH_RULE_SWEEP_MINUTES > 0
    uvicorn.run(
        create_app(settings),
        host=settings.api_host,
        port=settings.api_port,
        log_level=settings.log_level.lower(),
        log_config=None,  # uvicorn's loggers go through _configure_logging's redacting handler
    )


def _configure_logging(settings: Settings) -> None:
    """The one logging set-up: its handler redacts personal data, tokens and the password."""
    secrets = [settings.neo4j_password.get_secret_value()] if settings.neo4j_password else []
    configure_logging(settings.log_level, secrets)
