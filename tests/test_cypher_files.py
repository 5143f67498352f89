"""Every Cypher file documents itself: a header naming its caller and listing its parameters."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.cypher import CYPHER_ROOT
from graph.database import Database
from settings import PROJECT_ROOT

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
GRAPH_ROOT = PROJECT_ROOT / "graph"
GRAPH_MODULES = sorted(p for p in GRAPH_ROOT.rglob("*.py") if p.name != "__init__.py")
_LOADER = re.compile(r'^query = Queries\("([a-z_]+)"\)$', re.M)
_USE = re.compile(r'query\(\s*f?"([^"]+)"')


def _domain(module: Path) -> str:
    # graph/<domain>/<module>.py belongs to <domain>; the floor's graph/<module>.py to <module>.
    parts = module.relative_to(GRAPH_ROOT).parts
    return parts[0] if len(parts) > 1 else module.stem


@pytest.mark.parametrize("module", GRAPH_MODULES, ids=lambda p: str(p.relative_to(GRAPH_ROOT)))
def test_each_graph_module_loads_only_its_own_domains_folder(module: Path) -> None:
    source = module.read_text("utf-8")
    assert "CYPHER_ROOT /" not in source or module.name in ("cypher.py", "migrations.py")
    assert "import _read" not in source and "cypher import _" not in source
    folders = _LOADER.findall(source)
    if not folders:
        assert not _USE.findall(source), "queries are loaded only through the domain's loader"
        return
    assert folders == [_domain(module)], "a module loads the queries of its own domain"
    for name in _USE.findall(source):
        if "{" in name:  # a tree's own subfolder (classification)
            continue
        assert (CYPHER_ROOT / folders[0] / f"{name}.cypher").is_file(), name


@pytest.mark.parametrize("path", CODE_QUERY_FILES, ids=lambda p: str(p.relative_to(CYPHER_ROOT)))
def test_every_query_file_is_used_by_its_domain(path: Path) -> None:
    relative = path.relative_to(CYPHER_ROOT)
    domain = relative.parts[0]
    modules = [GRAPH_ROOT / domain, GRAPH_ROOT / f"{domain}.py"]
    sources = "\n".join(
        p.read_text("utf-8")
        for folder in modules
        for p in ([folder] if folder.is_file() else sorted(folder.rglob("*.py")))
        if p.exists()
    )
    assert sources, f"no graph module owns cypher/{domain}/"
    if len(relative.parts) > 2:  # chosen through a tree's subfolder: classification
        assert f'"{path.stem}"' in sources
    else:
        assert f'"{path.stem}"' in sources, f"{relative} is not loaded by graph/{domain}"


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
