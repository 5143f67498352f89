"""Loads the Cypher queries kept in the top-level `cypher/` folder, one query per file."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import LiteralString

CYPHER_ROOT = Path(__file__).resolve().parent.parent / "cypher"


@cache
def query(name: str) -> LiteralString:
    """The text of `cypher/<name>.cypher`; the files are code, never built from values."""
    text = (CYPHER_ROOT / f"{name}.cypher").read_text("utf-8")
    # The driver types queries as LiteralString so that values cannot sneak into them; these
    # come from files shipped with the code: this is the one place we vouch for that.
    return text  # type: ignore[return-value,unused-ignore]


def statements(path: Path) -> list[LiteralString]:
    """The statements of a multi-statement file (schema migrations), split at `;` line ends."""
    parts: list[str] = []
    current: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip().startswith("//"):
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            parts.append("\n".join(current).strip().rstrip(";"))
            current = []
    if "".join(current).strip():
        parts.append("\n".join(current).strip())
    return [part for part in parts if part]  # type: ignore[misc,unused-ignore]
