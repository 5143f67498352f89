"""Loads the Cypher queries kept in the top-level `cypher/` folder, one query per file.

Each domain package of `graph/` reads only its own folder: its modules make their loader with
`Queries("<domain>")`, and a test checks that no module names another domain's folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import LiteralString

CYPHER_ROOT = Path(__file__).resolve().parent.parent / "cypher"


class Queries:
    """The queries of one domain: the files of `cypher/<folder>/`, and no other."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, name: str) -> LiteralString:
        """The text of `cypher/<folder>/<name>.cypher`; the files are code, never built from
        values."""
        if ".." in name.split("/"):
            raise ValueError(f"query names stay inside their folder: {name!r}")
        return _read(f"{self.folder}/{name}")


@cache
def _read(relative: str) -> LiteralString:
    text = (CYPHER_ROOT / f"{relative}.cypher").read_text("utf-8")
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
