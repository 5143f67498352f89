"""`taggraph import-interactions` and `taggraph run-rules`, against the test instance."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.database import Database
from graph.rules.definitions import create_rule
from graph.rules.model import ActionKind, InteractionAggregate, Measure, RuleCondition, RuleInput
from graph.segments.model import CustomerFilter
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.viewer import Viewer
from ops.neo4j_server import LocalNeo4j
from settings import Settings, get_settings
from tests.factories import make_customers, make_tag, unique


@pytest.fixture
def env(settings: Settings, neo4j_server: LocalNeo4j) -> Iterator[dict[str, str]]:
    """Environment pointing the CLI at the test instance."""
    get_settings.cache_clear()
    yield {
        "TAGGRAPH_NEO4J_URI": settings.neo4j_uri,
        "TAGGRAPH_NEO4J_HTTP_PORT": str(settings.neo4j_http_port),
        "TAGGRAPH_NEO4J_INSTANCE": settings.neo4j_instance,
        "TAGGRAPH_NEO4J_PASSWORD": settings.password(),
    }
    get_settings.cache_clear()


async def test_import_then_sweep(
    db: Database, viewer: Viewer, env: dict[str, str], tmp_path: Path
) -> None:
    marker, big = await make_tag(db), await make_tag(db)
    members = await make_customers(db, 2)
    await tag_customers(
        db, viewer, selection=CustomerSelection(tuple(m.id for m in members)), tag_ids=[marker.id]
    )
    rule = await create_rule(
        db,
        viewer,
        new=RuleInput(
            unique("大客户"),
            RuleCondition(
                CustomerFilter(has_tag=marker.id),
                (InteractionAggregate(Measure.SUM_AMOUNT, ("PURCHASE",), 365, 100_000),),
            ),
            ActionKind.ADD_TAG,
            big.id,
        ),
    )
    at = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    csv = tmp_path / "interactions.csv"
    csv.write_text(
        "id,customerId,type,at,amount,productId,channel\n"
        f"{unique('i')},{members[0].id},PURCHASE,{at},120000,,销售\n"
        f"{unique('i')},{members[1].id},PURCHASE,{at},5000,,销售\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    imported = await asyncio.to_thread(
        runner.invoke, app, ["import-interactions", str(csv)], env=env
    )
    assert imported.exit_code == 0, imported.output
    assert "Recorded 2 interactions (0 seen before)" in imported.output
    again = await asyncio.to_thread(runner.invoke, app, ["import-interactions", str(csv)], env=env)
    assert "Recorded 0 interactions (2 seen before)" in again.output
    swept = await asyncio.to_thread(runner.invoke, app, ["run-rules", "--rule", rule.id], env=env)
    assert swept.exit_code == 0, swept.output
    assert rule.id in swept.output
    rows = await db.read(
        "MATCH (c:Customer)-[:TAGGED]->(:Tag {id: $t}) RETURN c.id AS id", t=big.id
    )
    assert [row["id"] for row in rows] == [members[0].id]
