"""The rows of the PostgreSQL baseline: tree nodes, and each customer with its closure column
(its tags, industry and region with all their ancestors), built from the datagen data set."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import datagen
import refdata

LOAD_VERSION = "1"  # bump when the schema or the closure changes


def fingerprint(customers: int, seed: int) -> str:
    """Hash of the data set's parameters and the generator and reference-data sources."""
    digest = hashlib.sha256(f"{LOAD_VERSION}:{customers}:{seed}".encode())
    for package, pattern in ((datagen, "*.py"), (refdata, "*.csv")):
        for path in sorted(Path(package.__file__ or "").parent.glob(pattern)):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def tree_nodes(dataset: datagen.Dataset) -> list[tuple[int, str, str, int | None]]:
    """Rows of `nodes` (id, kind, key, parent id): industries, regions, tags, parents first."""
    rows: list[tuple[int, str, str, int | None]] = []
    ids: dict[tuple[str, str], int] = {}
    trees = (
        ("INDUSTRY", [(i.code, i.parent_code) for i in refdata.industries()]),
        ("REGION", [(r.code, r.parent_code) for r in refdata.regions()]),
        ("TAG", [(t.id, t.parent_id) for t in dataset.tags]),
    )
    for kind, items in trees:
        for key, parent in items:
            ids[kind, key] = len(rows) + 1
            rows.append((len(rows) + 1, kind, key, None if parent is None else ids[kind, parent]))
    return rows


def row_builder(
    nodes: list[tuple[int, str, str, int | None]],
) -> Callable[[datagen.CustomerSpec], tuple[Any, ...]]:
    """A function turning a customer into its `customers` row, closure column included."""
    ids = {(kind, key): id_ for id_, kind, key, _ in nodes}
    closure: dict[int, tuple[int, ...]] = {}
    for id_, _, _, up in nodes:  # parents come first
        closure[id_] = (id_, *(closure[up] if up is not None else ()))
    areas = {ids["REGION", r.code] for r in refdata.regions() if r.level == "AREA"}
    area_of = {n: next((a for a in up if a in areas), None) for n, up in closure.items()}

    def row(c: datagen.CustomerSpec) -> tuple[Any, ...]:
        held = {n for t in c.tag_ids for n in closure[ids["TAG", t]]}
        industry = ids["INDUSTRY", c.industry_code] if c.industry_code else None
        region = ids["REGION", c.region_code] if c.region_code else None
        for node in (industry, region):
            held.update(closure[node] if node is not None else ())
        area = area_of[region] if region is not None else None
        return c.id, c.employees, c.annual_revenue, industry, region, area, sorted(held)

    return row
