"""Reference data shipped with TagGraph: industry classification and region tree.

Convention: HK/MO/TW each get a single CITY node that reuses its GB/T 2260
provincial code: 810000 香港, 820000 澳门, 710000 台北市.

Sources and code conventions:

* ``industries.csv`` -- GB/T 4754-2017 国民经济行业分类, the 20 sections (门类,
  codes ``A``-``T``, level ``SECTION``, no parent) and the 97 divisions (大类,
  two-digit codes ``01``-``97``, level ``DIVISION``, parent = section letter).
* ``regions.csv`` -- a tree rooted at ``CN`` (level ``COUNTRY``):

  - seven traditional areas ``CN-NORTH`` ... ``CN-NORTHWEST`` (level ``AREA``);
  - the 34 provincial-level divisions keyed by their ISO 3166-2:CN codes as
    used since 2017, e.g. ``CN-GD`` (level ``PROVINCE``, parent = area);
  - prefecture-level divisions keyed by their six-digit GB/T 2260 codes,
    e.g. ``440100`` 广州市 (level ``CITY``, parent = province). The list covers
    every prefecture-level city, 地区, 自治州 and 盟 (statistical division codes
    published by the National Bureau of Statistics). Each municipality gets one
    CITY node with its ``xx0100`` code (110100, 120100, 310100, 500100).
  - other countries as additional roots keyed by ISO 3166-1 alpha-2 codes.

Rows are ordered so that every parent precedes its children.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

__all__ = ["Industry", "Region", "industries", "regions"]


@dataclass(frozen=True, slots=True)
class Industry:
    """One GB/T 4754-2017 section or division."""

    code: str
    name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True, slots=True)
class Region:
    """One node of the region tree (country, area, province or city)."""

    code: str
    name: str
    name_en: str
    level: str
    parent_code: str | None


def _read_rows(filename: str) -> list[dict[str, str]]:
    text = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def industries() -> tuple[Industry, ...]:
    """Return all GB/T 4754-2017 sections and divisions, parents before children."""
    return tuple(
        Industry(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            parent_code=row["parent_code"] or None,
        )
        for row in _read_rows("industries.csv")
    )


@functools.cache
def regions() -> tuple[Region, ...]:
    """Return all region nodes (countries, areas, provinces, cities), parents before children."""
    return tuple(
        Region(
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            level=row["level"],
            parent_code=row["parent_code"] or None,
        )
        for row in _read_rows("regions.csv")
    )
