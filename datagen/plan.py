"""Compile personas against a taxonomy and the reference data into flat lookup tables."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

import refdata

from .lifecycle import LEAF_RECENCY, STAGES
from .persona_model import Persona, Weights
from .personas import PERSONAS
from .places import (
    AREA_NAMES,
    CALLING_CODES,
    CITY_AREA_CODES,
    COUNTRY_GROUPS,
    TIER_NAMES,
    TIER_WEIGHTS,
    city_tier,
    economic_circle,
    short_city_name,
)
from .taxonomy import Taxonomy

__all__ = [
    "BUYER_ONLY",
    "SIZE_BUCKETS",
    "PersonaPlan",
    "Place",
    "Plan",
    "StageChoice",
    "compile_plan",
]

_SKIPPED_PROVINCES = frozenset({"CN-HK", "CN-MO", "CN-TW"})
#: (exclusive upper bound of employees, 企业规模 tag name)
SIZE_BUCKETS = ((20, "20人以下"), (100, "20-99人"), (500, "100-499人"), (1 << 62, "500人以上"))
_ZIPF_EXPONENT = 1.05
_ZIPF_OFFSET = 3.0


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    city: str  # short city name used in company names ('' abroad)
    city_full: str
    mail_slug: str  # ascii city name for institutional e-mail domains
    tags: tuple[int, ...]  # always held: 区域市场 / 海外市场 tag
    optional: tuple[int, ...]  # usually held: 城市等级, 经济圈
    area_code: str | None
    calling_code: str | None  # set for foreign countries


@dataclass(frozen=True, slots=True)
class StageChoice:
    tag: int
    recency: tuple[int, int]
    never_contacted: float
    buyer: bool
    extras: tuple[tuple[int, float], ...]


@dataclass(frozen=True, slots=True)
class PersonaPlan:
    persona: Persona
    places: tuple[Place, ...]
    place_cum: tuple[float, ...]
    industries: tuple[tuple[str, str, int | None], ...]  # division code, section, tag
    industry_cum: tuple[float, ...]
    stages: tuple[StageChoice, ...]
    stage_cum: tuple[float, ...]
    sources: tuple[int, ...]
    source_cum: tuple[float, ...]
    editions: tuple[int, ...]
    edition_cum: tuple[float, ...]
    tags: tuple[tuple[int, float], ...]
    buyer_tags: tuple[tuple[int, float], ...]  # only for customers who have bought


@dataclass(frozen=True, slots=True)
class Plan:
    key: tuple[int, int, str]  # (tag count, seed, id prefix) the plan was compiled for
    personas: tuple[PersonaPlan, ...]
    persona_cum: tuple[float, ...]
    tag_ids: tuple[str, ...]
    groups: tuple[int, ...]
    size_tags: tuple[int | None, ...]
    zipf_company: tuple[int, ...]
    zipf_company_cum: tuple[float, ...]
    zipf_person: tuple[int, ...]
    zipf_person_cum: tuple[float, ...]


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _cum(weights: list[float]) -> tuple[float, ...]:
    return tuple(itertools.accumulate(weights))


class _Compiler:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self.tax = taxonomy
        self.regions = {r.code: r for r in refdata.regions()}
        self.children: dict[str, list[str]] = {}
        for region in refdata.regions():
            if region.parent_code is not None:
                self.children.setdefault(region.parent_code, []).append(region.code)
        self.industries = {i.code: i for i in refdata.industries()}
        self.place_cache: dict[str, Place] = {}

    def tag(self, path: str) -> int | None:
        """Tag at ``path`` or its deepest existing ancestor below the top level.

        A fallback to a top-level grouping tag such as 所属行业 would say nothing
        about the customer, so a deeper path never resolves to depth 1.
        """
        parts = tuple(path.split("/"))
        found = self.tax.resolve(parts)
        if found is None or (len(parts) > 2 and self.tax.nodes[found].depth < 2):
            return None
        return found

    def tag_weights(
        self, weights: Weights, prefix: str
    ) -> tuple[tuple[int, ...], tuple[float, ...]]:
        found = [(self.tag(prefix + key), w) for key, w in weights]
        kept = [(t, w) for t, w in found if t is not None]
        return tuple(t for t, _ in kept), _cum([w for _, w in kept])

    def cities(self, code: str) -> list[str]:
        level = self.regions[code].level
        if level == "CITY" or (level == "COUNTRY" and code != "CN"):
            return [code]
        if code in _SKIPPED_PROVINCES:
            return []
        return [c for child in self.children.get(code, []) for c in self.cities(child)]

    def place(self, code: str) -> Place:
        if code in self.place_cache:
            return self.place_cache[code]
        region = self.regions[code]
        if region.level == "COUNTRY":
            tag = self.tag(f"geo/海外市场/{COUNTRY_GROUPS.get(code, '')}/{region.name}")
            place = Place(
                code,
                "",
                region.name,
                _slug(region.name_en),
                () if tag is None else (tag,),
                (),
                None,
                CALLING_CODES.get(code, "1"),
            )
        else:
            province = self.regions[region.parent_code or ""]
            area = AREA_NAMES[province.parent_code or ""]
            short = short_city_name(region.name)
            region_tag = self.tag(f"geo/区域市场/{area}/{province.name}/{region.name}")
            optional = [self.tag(f"geo/城市等级/{TIER_NAMES[city_tier(region.name)]}")]
            circle = economic_circle(code, province.code)
            if circle is not None:
                optional.append(self.tag(f"geo/经济圈/{circle}"))
            place = Place(
                code,
                short,
                region.name,
                _slug(region.name_en),
                () if region_tag is None else (region_tag,),
                tuple(t for t in optional if t is not None),
                CITY_AREA_CODES.get(short),
                None,
            )
        self.place_cache[code] = place
        return place

    def persona(self, persona: Persona) -> PersonaPlan:
        places: list[Place] = []
        place_w: list[float] = []
        for code, weight in persona.places:
            cities = self.cities(code)
            tiers = [TIER_WEIGHTS[city_tier(self.regions[c].name)] for c in cities]
            total = sum(tiers)
            for city, tier_weight in zip(cities, tiers, strict=True):
                places.append(self.place(city))
                place_w.append(weight * tier_weight / total)
        industries: list[tuple[str, str, int | None]] = []
        industry_w: list[float] = []
        for code, weight in persona.industries:
            divisions = (
                [code]
                if self.industries[code].level == "DIVISION"
                else [i.code for i in self.industries.values() if i.parent_code == code]
            )
            for division in divisions:
                section = self.industries[self.industries[division].parent_code or ""]
                path = f"basic/所属行业/{section.name}/{self.industries[division].name}"
                industries.append((division, section.code, self.tag(path)))
                industry_w.append(weight / len(divisions))
        stages: list[StageChoice] = []
        stage_w: list[float] = []
        for name, weight in persona.lifecycle:
            stage = STAGES[name]
            root = self.tag(f"lifecycle/{name}")
            assert root is not None, name
            leaves = list(self.tax.nodes[root].children.values())
            extras = tuple(
                (t, p)
                for t, p in ((self.tag(path), p) for path, p in stage.extras)
                if t is not None
            )
            options = [(root, 0.3 if leaves else 1.0)]
            options += [(leaf, 0.7 / len(leaves)) for leaf in leaves]
            for tag, share in options:
                recency = LEAF_RECENCY.get(self.tax.nodes[tag].name, stage.recency_days)
                stages.append(StageChoice(tag, recency, stage.never_contacted, stage.buyer, extras))
                stage_w.append(weight * share)
        sources, source_cum = self.tag_weights(persona.sources, "source/")
        editions, edition_cum = self.tag_weights(persona.editions, "value/已购产品/已购买")
        tags = [(path, self.tag(path), p) for path, p in persona.tags]
        return PersonaPlan(
            persona,
            tuple(places),
            _cum(place_w),
            tuple(industries),
            _cum(industry_w),
            tuple(stages),
            _cum(stage_w),
            sources,
            source_cum,
            editions,
            edition_cum,
            tuple((t, p) for path, t, p in tags if t is not None and not _buyer_only(path)),
            tuple((t, p) for path, t, p in tags if t is not None and _buyer_only(path)),
        )

    def zipf_pool(self, seed: int, excluded: set[str]) -> tuple[tuple[int, ...], tuple[float, ...]]:
        tax = self.tax
        candidates = []
        for node in tax.nodes:
            category = tax.categories[node.category]
            path = tax.path_of(node.index)
            if node.children or category.exclusive or category.slug in {"basic", "geo"}:
                continue
            if any("/".join(path).startswith(prefix) for prefix in excluded):
                continue
            candidates.append(node)
        rng = random.Random(f"datagen-popularity/{seed}")
        keyed = sorted(candidates, key=lambda n: (not n.core, rng.random()))
        weights = [
            1.0 / math.pow(rank + _ZIPF_OFFSET, _ZIPF_EXPONENT) for rank in range(len(keyed))
        ]
        return tuple(n.index for n in keyed), _cum(weights)


#: Tags that only make sense for customers who have bought (never drawn for prospects).
BUYER_ONLY = (
    "value/已购产品",
    "value/合同状态",
    "value/回款情况",
    "value/客户等级",
    "value/客户价值/高价值客户",
    "value/客户价值/中价值客户",
    "value/客户价值/低价值客户",
    "behavior/购买行为",
)
_NOT_FOR_ANYONE = {*BUYER_ONLY, "behavior/渠道偏好/微信"}


def _buyer_only(path: str) -> bool:
    return path.startswith(BUYER_ONLY)


def compile_plan(taxonomy: Taxonomy, seed: int, id_prefix: str) -> Plan:
    compiler = _Compiler(taxonomy)
    personas = tuple(compiler.persona(p) for p in PERSONAS)
    company_pool = compiler.zipf_pool(seed, _NOT_FOR_ANYONE | {"interest/消费偏好"})
    person_pool = compiler.zipf_pool(
        seed, _NOT_FOR_ANYONE | {"interest/产品兴趣", "interest/行业关注", "value/客户等级"}
    )
    return Plan(
        key=(len(taxonomy), seed, id_prefix),
        personas=personas,
        persona_cum=_cum([p.weight for p in PERSONAS]),
        tag_ids=tuple(taxonomy.tag_id(i, id_prefix) for i in range(len(taxonomy))),
        groups=tuple(taxonomy.group_of(i) for i in range(len(taxonomy))),
        size_tags=tuple(compiler.tag(f"basic/企业规模/{name}") for _, name in SIZE_BUCKETS),
        zipf_company=company_pool[0],
        zipf_company_cum=company_pool[1],
        zipf_person=person_pool[0],
        zipf_person_cum=person_pool[1],
    )
