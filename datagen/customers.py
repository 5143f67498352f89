"""Customer generation: one independent random stream per block of customers."""

from __future__ import annotations

import math
import random
from bisect import bisect
from datetime import timedelta

from .models import REFERENCE_TIME, CustomerSpec
from .names import NameMaker
from .plan import SIZE_BUCKETS, Plan

__all__ = ["BLOCK_SIZE", "generate_block"]

#: Customers per random stream; output never depends on the caller's batch size.
BLOCK_SIZE = 1_000
_DAY = 86_400
_MAX_AGE = 3 * 365 * _DAY  # oldest customer record
_OPTIONAL_GEO_RATE = 0.7
_INDUSTRY_TAG_RATE = 0.9
_SIZE_TAG_RATE = 0.85
_EDITION_RATE = 0.9
_EXTRA_COUNT_CUM = (2.0, 6.0, 9.0, 10.0)  # 0..3 popularity-driven extra tags
_NAMES = NameMaker()


def _block_rng(seed: int, block: int) -> random.Random:
    return random.Random(f"datagen/{seed}/{block}")


def generate_block(
    plan: Plan, seed: int, id_prefix: str, block: int, count: int
) -> list[CustomerSpec]:
    """Customers ``block * BLOCK_SIZE + 1`` ... ``+ count`` (1-based numbering)."""
    rng = _block_rng(seed, block)
    rnd = rng.random
    choices = rng.choices
    groups = plan.groups
    tag_ids = plan.tag_ids
    size_tags = plan.size_tags
    personas = plan.personas
    persona_cum = plan.persona_cum
    persona_total = persona_cum[-1]
    out: list[CustomerSpec] = []
    first = block * BLOCK_SIZE + 1
    for number in range(first, first + count):
        pp = personas[bisect(persona_cum, rnd() * persona_total)]
        persona = pp.persona
        held: set[int] = set()
        taken: set[int] = set()

        def add(tag: int) -> None:
            group = groups[tag]
            if group >= 0:
                if group in taken:
                    return
                taken.add(group)
            held.add(tag)

        stage = choices(pp.stages, cum_weights=pp.stage_cum)[0]
        add(stage.tag)
        if pp.sources and rnd() < persona.source_rate:
            add(choices(pp.sources, cum_weights=pp.source_cum)[0])
        place = choices(pp.places, cum_weights=pp.place_cum)[0]
        for tag in place.tags:
            add(tag)
        for tag in place.optional:
            if rnd() < _OPTIONAL_GEO_RATE:
                add(tag)

        is_company = persona.kind == "COMPANY"
        employees: int | None = None
        revenue: float | None = None
        industry_code: str | None = None
        section = ""
        if is_company:
            division, section, industry_tag = choices(pp.industries, cum_weights=pp.industry_cum)[0]
            industry_code = division
            if industry_tag is not None and rnd() < _INDUSTRY_TAG_RATE:
                add(industry_tag)
            assert persona.employees is not None
            median, sigma, low, high = persona.employees
            employees = min(high, max(low, round(rng.lognormvariate(math.log(median), sigma))))
            if persona.revenue_per_head is not None:
                head, head_sigma = persona.revenue_per_head
                raw = employees * rng.lognormvariate(math.log(head), head_sigma)
                revenue = max(10_000.0, round(raw / 10_000) * 10_000.0)
            if rnd() < _SIZE_TAG_RATE:
                bucket = 0
                while employees >= SIZE_BUCKETS[bucket][0]:
                    bucket += 1
                size_tag = size_tags[bucket]
                if size_tag is not None:
                    add(size_tag)

        for tag, probability in stage.extras:
            if rnd() < probability:
                add(tag)
        if stage.buyer and pp.editions and rnd() < _EDITION_RATE:
            add(choices(pp.editions, cum_weights=pp.edition_cum)[0])
        for tag, probability in pp.tags:
            if rnd() < probability:
                add(tag)
        extra = bisect(_EXTRA_COUNT_CUM, rnd() * _EXTRA_COUNT_CUM[-1])
        if extra:
            if is_company:
                picks = choices(plan.zipf_company, cum_weights=plan.zipf_company_cum, k=extra)
            else:
                picks = choices(plan.zipf_person, cum_weights=plan.zipf_person_cum, k=extra)
            for tag in picks:
                add(tag)

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
            name, s_py, g_py = _NAMES.person(rng)
            overseas = place.calling_code is not None
            email = _NAMES.person_email(rng, s_py, g_py, overseas) if rnd() < 0.8 else None
            if overseas:
                phone = _NAMES.foreign_phone(rng, place.calling_code or "1")
            else:
                phone = _NAMES.mobile(rng) if rnd() < 0.92 else None
        elif persona.style == "shop":
            name, _ = _NAMES.shop(rng, place.city)
            email = None
            phone = _NAMES.mobile(rng)
        elif persona.style == "institution":
            name, _ = _NAMES.institution(rng, place.city_full)
            slug = "".join(ch for ch in place.city_en.lower() if ch.isalnum())
            email = f"service@{slug}{rng.randrange(100, 1000)}.org.cn" if rnd() < 0.6 else None
            phone = _NAMES.landline(rng, place.area_code)
        else:
            name, brand = _NAMES.company(rng, place.city, section, persona.name_words, employees or 1)
            email = _NAMES.company_email(rng, brand) if rnd() < 0.85 else None
            phone = _NAMES.landline(rng, place.area_code) if rnd() < 0.6 else _NAMES.mobile(rng)

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
                tag_ids=tuple(tag_ids[t] for t in sorted(held)),
                persona=persona.name,
            )
        )
    return out
