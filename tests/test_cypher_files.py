"""Every Cypher file documents itself: a header naming its caller and listing its parameters."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.cypher import CYPHER_ROOT
from graph.database import Database
from graph.settings import PROJECT_ROOT

QUERY_FILES = sorted(p for p in CYPHER_ROOT.rglob("*.cypher") if p.parent.name != "schema")
PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: str(p.relative_to(CYPHER_ROOT)))
def test_header_names_the_file_and_lists_every_parameter(path: Path) -> None:
    lines = path.read_text("utf-8").splitlines()
    header = [line for line in lines if line.startswith("//")]
    body = "\n".join(line for line in lines if not line.lstrip().startswith("//"))
    assert lines[0].startswith(f"// {path.stem}:"), "the first line names the query"
    used = set(PARAMETER.findall(body))
    documented = set(PARAMETER.findall("\n".join(header)))
    if not used:
        assert any("Parameters: none" in line for line in header)
    assert used <= documented, f"undocumented parameters: {used - documented}"


CODE_QUERY_FILES = [p for p in QUERY_FILES if p.parent.name != "analyst"]


@pytest.mark.parametrize("path", CODE_QUERY_FILES, ids=lambda p: str(p.relative_to(CYPHER_ROOT)))
def test_every_query_file_is_used_by_its_module(path: Path) -> None:
    name = f"{path.parent.name}/{path.stem}"
    sources = "\n".join(p.read_text("utf-8") for p in (PROJECT_ROOT / "graph").glob("*.py"))
    folder_users = {"industries", "regions"}  # chosen through Classification.query(name)
    if path.parent.name in folder_users:
        assert f'"{path.stem}"' in sources
    else:
        assert f'"{name}"' in sources, f"{name} is not loaded by any graph module"


ANALYST_FILES = sorted((CYPHER_ROOT / "analyst").glob("*.cypher"))


@pytest.mark.parametrize("path", ANALYST_FILES, ids=lambda p: p.stem)
async def test_saved_analyst_queries_run_against_the_graph(path: Path, db: Database) -> None:
    """Every saved query is valid Cypher for this model (run with sample parameters)."""
    samples = {
        "industryCode": "C", "regionCode": "CN-SOUTH", "minEmployees": 500,
        "categoryName": "行为轨迹", "customerId": "C0000001", "customerA": "C0000001",
        "customerB": "C0000002", "limit": 20, "tagName": "沉睡客户",
        "since": datetime(2026, 10, 1, tzinfo=UTC), "until": datetime(2026, 11, 1, tzinfo=UTC),
        "at": datetime(2026, 6, 30, tzinfo=UTC),
    }  # fmt: skip
    text = path.read_text("utf-8")
    parameters = {name: samples[name] for name in set(PARAMETER.findall(text))}
    await db.read(text, **parameters)
