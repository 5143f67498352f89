"""Deterministic sequence of extra tags used to grow the taxonomy to its target size."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import refdata

from . import expansion_interest as interest
from . import expansion_other as other
from .outline import OutlineNode, parse_outline
from .places import AREA_NAMES, COUNTRY_GROUPS, TIER_WEIGHTS, city_tier

__all__ = ["expansion_sequence"]

# Industry sections ordered by how common they are among B2B CRM customers.
_SECTION_ORDER = "CIFLMGEKJQPHRDNOABST"
_SKIPPED_PROVINCES = frozenset({"CN-HK", "CN-MO", "CN-TW"})
#: Handwritten sources, in interleaving order.
OUTLINE_SOURCES = (
    interest.PRODUCTS,
    interest.TOPICS,
    other.CAMPAIGNS,
    interest.CONSUMER,
    other.VALUE,
    other.BASIC,
    other.BEHAVIOR,
    other.SENTIMENT,
    other.SOURCE,
    interest.CONTENT,
    other.LIFECYCLE,
)


def _by_depth(nodes: list[OutlineNode]) -> list[OutlineNode]:
    """Breadth-first order: shallow tags first, parents always before children."""
    return sorted(nodes, key=lambda node: len(node.path))


def _region_source() -> list[OutlineNode]:
    regions = refdata.regions()
    provinces = {r.code: r for r in regions if r.level == "PROVINCE"}
    cities = [r for r in regions if r.level == "CITY" and r.parent_code in provinces]
    score: dict[str, float] = dict.fromkeys(provinces, 0.0)
    for city in cities:
        assert city.parent_code is not None
        score[city.parent_code] += TIER_WEIGHTS[city_tier(city.name)]

    def province_path(code: str) -> tuple[str, ...]:
        province = provinces[code]
        assert province.parent_code is not None
        return ("geo", "区域市场", AREA_NAMES[province.parent_code], province.name)

    kept = [code for code in provinces if code not in _SKIPPED_PROVINCES]
    kept.sort(key=lambda code: -score[code])
    nodes = [OutlineNode(province_path(code), None, exclusive_children=False) for code in kept]
    ranked = sorted(
        (c for c in cities if c.parent_code in kept),
        key=lambda c: (city_tier(c.name), -score[c.parent_code or ""], c.code),
    )
    nodes.extend(
        OutlineNode((*province_path(c.parent_code or ""), c.name), None, exclusive_children=False)
        for c in ranked
    )
    return nodes


def _industry_source() -> list[OutlineNode]:
    industries = refdata.industries()
    sections = {i.code: i for i in industries if i.level == "SECTION"}
    order = {code: rank for rank, code in enumerate(_SECTION_ORDER)}
    nodes = [
        OutlineNode(("basic", "所属行业", sections[code].name), None, exclusive_children=False)
        for code in sorted(sections, key=lambda code: order.get(code, len(order)))
    ]
    divisions = sorted(
        (i for i in industries if i.level == "DIVISION" and i.parent_code in sections),
        key=lambda i: (order.get(i.parent_code or "", len(order)), i.code),
    )
    # Round-robin over sections so that every section gets its first divisions early.
    by_section: dict[str, list[OutlineNode]] = {}
    for division in divisions:
        section = sections[division.parent_code or ""]
        path = ("basic", "所属行业", section.name, division.name)
        by_section.setdefault(section.code, []).append(
            OutlineNode(path, None, exclusive_children=False)
        )
    nodes.extend(_round_robin(list(by_section.values())))
    return nodes


def _overseas_source() -> list[OutlineNode]:
    return [
        OutlineNode(
            ("geo", "海外市场", COUNTRY_GROUPS[r.code], r.name), None, exclusive_children=False
        )
        for r in refdata.regions()
        if r.level == "COUNTRY" and r.code in COUNTRY_GROUPS
    ]


def _round_robin(sources: list[list[OutlineNode]]) -> list[OutlineNode]:
    merged: list[OutlineNode] = []
    for batch in itertools.zip_longest(*sources):
        merged.extend(node for node in batch if node is not None)
    return merged


def expansion_sequence() -> Iterator[OutlineNode]:
    """All candidate extra tags, interleaved across sources, parents before children.

    The sequence only depends on the code and the reference data, so the
    taxonomy for a larger dataset extends the one for a smaller dataset.
    """
    sources = [_region_source(), _industry_source()]
    sources.extend(_by_depth(parse_outline(text)) for text in OUTLINE_SOURCES)
    sources.append(_overseas_source())
    yield from _round_robin(sources)
