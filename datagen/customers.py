"""Customer generation: one independent random stream per block of customers."""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple, TypeVar

from .models import REFERENCE_TIME, CustomerSpec
from .names import NameMaker, Uniform
from .persona_model import Persona
from .plan import SIZE_BUCKETS, PersonaPlan, Place, Plan, StageChoice

__all__ = ["BLOCK_SIZE", "generate_block"]

T = TypeVar("T")
Gauss = Callable[[], float]  # random.gauss with its defaults (mu 0, sigma 1)

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


class _Firm(NamedTuple):
    """Company facts of a customer (all empty for a person)."""

    employees: int | None
    revenue: float | None
    industry_code: str | None
    section: str


_NO_FIRM = _Firm(None, None, None, "")


def generate_block(
    plan: Plan, seed: int, id_prefix: str, block: int, count: int
) -> list[CustomerSpec]:
    """Customers ``block * BLOCK_SIZE + 1`` ... ``+ count`` (1-based numbering)."""
    rng = random.Random(f"datagen/{seed}/{block}")
    rnd = rng.random
    gauss = rng.gauss
    first = block * BLOCK_SIZE + 1
    return [
        _customer(plan, rnd, gauss, f"{id_prefix}C{number:07d}")
        for number in range(first, first + count)
    ]


def _customer(plan: Plan, rnd: Uniform, gauss: Gauss, customer_id: str) -> CustomerSpec:
    """One customer; the draws from ``rnd``/``gauss`` happen in a fixed order."""
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
    firm = _firm(plan, rnd, gauss, pp, want) if is_company else _NO_FIRM
    _want_stage_tags(rnd, pp, stage, want)
    _want_popular_tags(plan, rnd, want, is_company=is_company)
    held = _held(plan.groups, wanted)
    created_age, last_at = _recency(rnd, stage)
    if is_company:
        name, email, phone = _company_contact(rnd, persona, place, firm)
    else:
        name, email, phone = _person_contact(rnd, place)
    return CustomerSpec(
        id=customer_id,
        name=name,
        kind=persona.kind,
        employees=firm.employees,
        annual_revenue=firm.revenue,
        email=email,
        phone=phone,
        industry_code=firm.industry_code,
        region_code=place.code,
        created_at=REFERENCE_TIME - timedelta(seconds=created_age),
        last_interaction_at=last_at,
        tag_ids=tuple(map(plan.tag_ids.__getitem__, sorted(held))),
        persona=persona.name,
    )


def _firm(
    plan: Plan, rnd: Uniform, gauss: Gauss, pp: PersonaPlan, want: Callable[[int], None]
) -> _Firm:
    """Industry, employees and revenue of a company, wanting its industry and size tags."""
    persona = pp.persona
    industry_code, section, industry_tag = _draw(rnd, pp.industries, pp.industry_cum)
    if industry_tag is not None and rnd() < _INDUSTRY_TAG_RATE:
        want(industry_tag)
    assert persona.employees is not None
    median, sigma, low, high = persona.employees
    employees = min(high, max(low, round(median * math.exp(sigma * gauss()))))
    revenue: float | None = None
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
    return _Firm(employees, revenue, industry_code, section)


def _want_stage_tags(
    rnd: Uniform, pp: PersonaPlan, stage: StageChoice, want: Callable[[int], None]
) -> None:
    """The lifecycle stage's typical tags, buyers' edition and tags, then the persona's tags."""
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


def _want_popular_tags(
    plan: Plan, rnd: Uniform, want: Callable[[int], None], *, is_company: bool
) -> None:
    """0 to 3 extra tags drawn by popularity (Zipf) from the company or person pool."""
    extra = bisect(_EXTRA_COUNT_CUM, rnd() * _EXTRA_COUNT_CUM[-1])
    if extra:
        if is_company:
            pool, pool_cum = plan.zipf_company, plan.zipf_company_cum
        else:
            pool, pool_cum = plan.zipf_person, plan.zipf_person_cum
        total = pool_cum[-1]
        for _ in range(extra):
            want(pool[bisect(pool_cum, rnd() * total)])


def _held(groups: Sequence[int], wanted: list[int]) -> set[int]:
    """The wanted tags, keeping only the first of each mutual-exclusion group."""
    held: set[int] = set()
    taken: set[int] = set()
    for tag in wanted:
        group = groups[tag]
        if group >= 0:
            if group in taken:
                continue
            taken.add(group)
        held.add(tag)
    return held


def _recency(rnd: Uniform, stage: StageChoice) -> tuple[int, datetime | None]:
    """Age of the record in seconds and the last interaction (None: never contacted)."""
    low_days, high_days = stage.recency
    created_age = low_days * _DAY + int((_MAX_AGE - low_days * _DAY) * rnd() ** 1.3)
    last_at = None
    if not (stage.never_contacted and rnd() < stage.never_contacted):
        newest = low_days * _DAY
        oldest = min(high_days * _DAY, created_age)
        last_at = REFERENCE_TIME - timedelta(seconds=newest + int((oldest - newest) * rnd()))
    return created_age, last_at


def _person_contact(rnd: Uniform, place: Place) -> tuple[str, str | None, str | None]:
    """Name, e-mail and phone of a person."""
    name, s_py, g_py = _NAMES.person(rnd)
    overseas = place.calling_code is not None
    email = _NAMES.person_email(rnd, s_py, g_py, overseas=overseas) if rnd() < 0.8 else None
    phone: str | None
    if place.calling_code is not None:
        phone = _NAMES.foreign_phone(rnd, place.calling_code)
    else:
        phone = _NAMES.mobile(rnd) if rnd() < 0.92 else None
    return name, email, phone


def _company_contact(
    rnd: Uniform, persona: Persona, place: Place, firm: _Firm
) -> tuple[str, str | None, str | None]:
    """Name, e-mail and phone of a shop, an institution or a company."""
    email: str | None
    if persona.style == "shop":
        name = _NAMES.shop(rnd, place.city)
        email = None
        phone = _NAMES.mobile(rnd)
    elif persona.style == "institution":
        name = _NAMES.institution(rnd, place.city_full)
        email = f"service@{place.mail_slug}{int(rnd() * 900) + 100}.org.cn" if rnd() < 0.6 else None
        phone = _NAMES.landline(rnd, place.area_code)
    else:
        name, brand = _NAMES.company(
            rnd, place.city, firm.section, persona.name_words, firm.employees or 1
        )
        email = _NAMES.company_email(rnd, brand) if rnd() < 0.85 else None
        phone = _NAMES.landline(rnd, place.area_code) if rnd() < 0.6 else _NAMES.mobile(rnd)
    return name, email, phone
