"""Customer generation: one independent random stream per block of customers."""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Sequence
from datetime import timedelta
from typing import TypeVar

from .models import REFERENCE_TIME, CustomerSpec
from .names import NameMaker, Uniform
from .plan import SIZE_BUCKETS, Plan

__all__ = ["BLOCK_SIZE", "generate_block"]

T = TypeVar("T")

#: Customers per random stream; output never depends on the caller's batch size.
BLOCK_SIZE = 1_000
_DAY = 86_400
_MAX_AGE = 3 * 365 * _DAY  # oldest customer record
_OPTIONAL_GEO_RATE = 0.7  # 城市等级 / 经济圈 tags
_INDUSTRY_TAG_RATE = 0.9
_SIZE_TAG_RATE = 0.8
_EDITION_RATE = 0.85
_EXTRA_COUNT_CUM = (3.0, 7.0, 9.0, 10.0)  # 0..3 popularity-driven extra tags
_NAMES = NameMaker()


def _draw(rnd: Uniform, items: Sequence[T], cum: Sequence[float]) -> T:
    """Weighted choice from cumulative weights (what ``random.choices`` does, faster)."""
    return items[bisect(cum, rnd() * cum[-1])]


def generate_block(
    plan: Plan, seed: int, id_prefix: str, block: int, count: int
) -> list[CustomerSpec]:
    """Customers ``block * BLOCK_SIZE + 1`` ... ``+ count`` (1-based numbering)."""
    rng = random.Random(f"datagen/{seed}/{block}")
    rnd = rng.random
    gauss = rng.gauss
    groups = plan.groups
    tag_ids = plan.tag_ids.__getitem__
    out: list[CustomerSpec] = []
    first = block * BLOCK_SIZE + 1
    for number in range(first, first + count):
        pp = _draw(rnd, plan.personas, plan.persona_cum)
        persona = pp.persona
        is_company = persona.kind == "COMPANY"
        stage = _draw(rnd, pp.stages, pp.stage_cum)
        place = _draw(rnd, pp.places, pp.place_cum)
        # Candidate tags in priority order: within a mutual-exclusion group the first wins.
        wanted = [stage.tag]
        want = wanted.append
        if pp.sources and rnd() < persona.source_rate:
            want(_draw(rnd, pp.sources, pp.source_cum))
        wanted += place.tags
        for tag in place.optional:
            if rnd() < _OPTIONAL_GEO_RATE:
                want(tag)

        employees: int | None = None
        revenue: float | None = None
        industry_code: str | None = None
        section = ""
        if is_company:
            industry_code, section, industry_tag = _draw(rnd, pp.industries, pp.industry_cum)
            if industry_tag is not None and rnd() < _INDUSTRY_TAG_RATE:
                want(industry_tag)
            assert persona.employees is not None
            median, sigma, low, high = persona.employees
            employees = min(high, max(low, round(median * math.exp(sigma * gauss()))))
            if persona.revenue_per_head is not None:
                head, head_sigma = persona.revenue_per_head
                raw = employees * head * math.exp(head_sigma * gauss())
                revenue = max(10_000.0, round(raw / 10_000) * 10_000.0)
            if rnd() < _SIZE_TAG_RATE:
                bucket = 0
                while employees >= SIZE_BUCKETS[bucket][0]:
                    bucket += 1
                size_tag = plan.size_tags[bucket]
                if size_tag is not None:
                    want(size_tag)

        for tag, p in stage.extras:
            if rnd() < p:
                want(tag)
        if stage.buyer:
            if pp.editions and rnd() < _EDITION_RATE:
                want(_draw(rnd, pp.editions, pp.edition_cum))
            for tag, p in pp.buyer_tags:
                if rnd() < p:
                    want(tag)
        for tag, p in pp.tags:
            if rnd() < p:
                want(tag)
        extra = bisect(_EXTRA_COUNT_CUM, rnd() * _EXTRA_COUNT_CUM[-1])
        if extra:
            if is_company:
                pool, pool_cum = plan.zipf_company, plan.zipf_company_cum
            else:
                pool, pool_cum = plan.zipf_person, plan.zipf_person_cum
            total = pool_cum[-1]
            for _ in range(extra):
                want(pool[bisect(pool_cum, rnd() * total)])

        held: set[int] = set()
        taken: set[int] = set()
        for tag in wanted:
            group = groups[tag]
            if group >= 0:
                if group in taken:
                    continue
                taken.add(group)
            held.add(tag)

        low_days, high_days = stage.recency
        created_age = low_days * _DAY + int((_MAX_AGE - low_days * _DAY) * rnd() ** 1.3)
        last_at = None
        if not (stage.never_contacted and rnd() < stage.never_contacted):
            newest = low_days * _DAY
            oldest = min(high_days * _DAY, created_age)
            last_at = REFERENCE_TIME - timedelta(seconds=newest + int((oldest - newest) * rnd()))

        email: str | None
        phone: str | None
        if not is_company:
            name, s_py, g_py = _NAMES.person(rnd)
            overseas = place.calling_code is not None
            email = _NAMES.person_email(rnd, s_py, g_py, overseas) if rnd() < 0.8 else None
            if place.calling_code is not None:
                phone = _NAMES.foreign_phone(rnd, place.calling_code)
            else:
                phone = _NAMES.mobile(rnd) if rnd() < 0.92 else None
        elif persona.style == "shop":
            name = _NAMES.shop(rnd, place.city)
            email = None
            phone = _NAMES.mobile(rnd)
        elif persona.style == "institution":
            name = _NAMES.institution(rnd, place.city_full)
            email = (
                f"service@{place.mail_slug}{int(rnd() * 900) + 100}.org.cn" if rnd() < 0.6 else None
            )
            phone = _NAMES.landline(rnd, place.area_code)
        else:
            name, brand = _NAMES.company(
                rnd, place.city, section, persona.name_words, employees or 1
            )
            email = _NAMES.company_email(rnd, brand) if rnd() < 0.85 else None
            phone = _NAMES.landline(rnd, place.area_code) if rnd() < 0.6 else _NAMES.mobile(rnd)

        out.append(
            CustomerSpec(
                id=f"{id_prefix}C{number:07d}",
                name=name,
                kind=persona.kind,
                employees=employees,
                annual_revenue=revenue,
                email=email,
                phone=phone,
                industry_code=industry_code,
                region_code=place.code,
                created_at=REFERENCE_TIME - timedelta(seconds=created_age),
                last_interaction_at=last_at,
                tag_ids=tuple(map(tag_ids, sorted(held))),
                persona=persona.name,
            )
        )
    return out
