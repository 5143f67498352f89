"""Interaction histories and products: what each generated customer did, consistent with its
lifecycle stage, its 已购买 edition tags and its last interaction time. Deterministic: each
customer's history comes from its own random stream (seed and id)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .models import CustomerSpec, TagSpec

__all__ = ["PRODUCTS", "InteractionSpec", "ProductSpec", "generate_interactions", "stage_names"]


@dataclass(frozen=True, slots=True)
class ProductSpec:
    id: str
    name: str
    line: str
    tier: str


@dataclass(frozen=True, slots=True)
class InteractionSpec:
    id: str
    customer_id: str
    type: str
    at: datetime
    amount: float | None
    product_id: str | None
    channel: str


_LINES = (("crm", "客户管理CRM"), ("mkt", "营销自动化"), ("bi", "数据分析"), ("oa", "协同办公"))
_TIERS = (("basic", "基础版", (9_800, 29_800)), ("pro", "专业版", (39_800, 98_000)),
          ("ultimate", "旗舰版", (150_000, 600_000)))  # fmt: skip
PRODUCTS: tuple[ProductSpec, ...] = tuple(
    ProductSpec(f"prod-{line}-{tier}", f"{name} {tier_name}", name, tier_name)
    for line, name in _LINES
    for tier, tier_name, _ in _TIERS
)
_PRICES = {tier_name: prices for _, tier_name, prices in _TIERS}
_EDITION_TAGS = {"已购买基础版": "基础版", "已购买专业版": "专业版", "已购买旗舰版": "旗舰版"}
_BUYER_STAGES = frozenset(
    {
        "已成交客户",
        "忠诚客户",
        "沉睡客户",
        "沉睡90天以上",
        "沉睡180天以上",
        "流失客户",
        "需挽回客户",
    }
)
_LAST_TYPE = {
    "潜在客户": ("VISIT", "EMAIL_CLICK"),
    "意向客户": ("FORM_SUBMIT", "DOWNLOAD", "MEETING"),
    "高意向": ("EVENT_SIGNUP", "EVENT_ATTEND"),
    "忠诚客户": ("RENEWAL", "PURCHASE", "MEETING"),
}
_BUYER_LAST = ("VISIT", "CALL", "SUPPORT_TICKET", "MEETING", "EMAIL_CLICK")
_EARLIER = ("VISIT", "VISIT", "EMAIL_CLICK", "DOWNLOAD", "CALL")
_CHANNELS = {
    "VISIT": "官网", "EMAIL_CLICK": "邮件", "FORM_SUBMIT": "官网", "DOWNLOAD": "官网",
    "MEETING": "销售拜访", "EVENT_SIGNUP": "线上活动", "EVENT_ATTEND": "线下活动",
    "RENEWAL": "销售", "PURCHASE": "销售", "CALL": "电话", "SUPPORT_TICKET": "客服",
}  # fmt: skip


def stage_names(tags: Sequence[TagSpec]) -> dict[str, str]:
    """Tag id → name, where a lifecycle tag is named by its stage (its top-level ancestor, or
    高意向 for it and below): 新签客户 → 已成交客户, 转投竞品 → 流失客户."""
    by_id = {tag.id: tag for tag in tags}
    names = {}
    for tag in tags:
        name, node = tag.name, tag
        if tag.category_id.endswith("cat-lifecycle"):
            while node.parent_id is not None and node.name != "高意向":
                node = by_id[node.parent_id]
            name = node.name
        names[tag.id] = name
    return names


def generate_interactions(
    customer: CustomerSpec, tag_names: dict[str, str], seed: int
) -> list[InteractionSpec]:
    """The customer's interactions, oldest first; the newest is at its last_interaction_at."""
    last = customer.last_interaction_at
    if last is None:
        return []
    rnd = random.Random(f"{seed}:{customer.id}")
    names = [tag_names.get(tag_id, "") for tag_id in customer.tag_ids]
    stage = next((n for n in names if n in _BUYER_STAGES or n in _LAST_TYPE), "潜在客户")
    tier = next((_EDITION_TAGS[n] for n in names if n in _EDITION_TAGS), None)
    tier = tier or rnd.choices(("基础版", "专业版", "旗舰版"), (6, 3, 1))[0]
    line = rnd.choice(_LINES)[1]
    product = next(p for p in PRODUCTS if p.line == line and p.tier == tier)
    first = min(customer.created_at, last)
    events: list[tuple[str, datetime]] = []
    if stage in _BUYER_STAGES:
        purchases = rnd.randint(3, 5) if stage == "忠诚客户" else rnd.randint(1, 2)
        span = 300 if stage == "忠诚客户" else 700
        for _ in range(purchases):
            at = last - timedelta(days=rnd.uniform(0, span))
            events.append(("PURCHASE", max(at, first)))
        last_type = rnd.choice(_LAST_TYPE.get(stage, _BUYER_LAST))
    else:
        last_type = rnd.choice(_LAST_TYPE.get(stage, _LAST_TYPE["潜在客户"]))
    for _ in range(rnd.randint(0, 3)):
        at = last - timedelta(days=rnd.uniform(1, 400))
        events.append((rnd.choice(_EARLIER), max(at, first)))
    events.append((last_type, last))
    events.sort(key=lambda e: e[1])
    out = []
    for k, (kind, at) in enumerate(events):
        bought = kind in ("PURCHASE", "RENEWAL")
        low, high = _PRICES[product.tier]
        out.append(
            InteractionSpec(
                id=f"I{customer.id}-{k}",
                customer_id=customer.id,
                type=kind,
                at=at,
                amount=float(rnd.randrange(low, high, 100)) if bought else None,
                product_id=product.id if bought or kind == "DOWNLOAD" else None,
                channel=_CHANNELS[kind],
            )
        )
    return out
