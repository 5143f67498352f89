"""Lifecycle stages: interaction recency and the tags that come with each stage."""

from __future__ import annotations

from dataclasses import dataclass

from .persona_model import Weights
from .persona_model import w as _w

__all__ = ["LEAF_RECENCY", "STAGES", "Stage"]


@dataclass(frozen=True, slots=True)
class Stage:
    recency_days: tuple[int, int]  # last interaction this many days before REFERENCE_TIME
    never_contacted: float  # probability of no interaction at all
    buyer: bool  # has bought at least once (gets 已购产品 / contract tags)
    extras: Weights  # stage-typical tags with probabilities


STAGES: dict[str, Stage] = {
    "潜在客户": Stage(
        (0, 120),
        0.5,
        buyer=False,
        extras=_w(
            "behavior/网站行为/官网访问=0.35 behavior/网站行为/官网访问/浏览产品页=0.25 "
            "behavior/活跃度/低活跃=0.2"
        ),
    ),
    "意向客户": Stage(
        (0, 45),
        0.0,
        buyer=False,
        extras=_w(
            "behavior/网站行为/提交表单/预约演示=0.3 behavior/网站行为/提交表单/咨询报价=0.25 "
            "behavior/网站行为/官网访问/浏览价格页=0.3 behavior/活跃度/中活跃=0.35"
        ),
    ),
    "已成交客户": Stage(
        (0, 60),
        0.0,
        buyer=True,
        extras=_w(
            "behavior/购买行为/首次购买=0.5 value/合同状态/年度合同=0.55 sentiment/满意度/满意=0.3 "
            "behavior/活跃度/中活跃=0.3"
        ),
    ),
    "忠诚客户": Stage(
        (0, 30),
        0.0,
        buyer=True,
        extras=_w(
            "behavior/购买行为/复购客户=0.7 value/合同状态/多年期合同=0.45 "
            "value/合同状态/已续约=0.55 sentiment/NPS/推荐者=0.5 behavior/活跃度/高活跃=0.45 "
            "sentiment/满意度/非常满意=0.35"
        ),
    ),
    "沉睡客户": Stage(
        (60, 400),
        0.0,
        buyer=True,
        extras=_w("behavior/活跃度/低活跃=0.65 value/合同状态/即将续约/90天内到期=0.15"),
    ),
    "流失客户": Stage(
        (120, 400),
        0.0,
        buyer=True,
        extras=_w(
            "sentiment/NPS/贬损者=0.35 sentiment/满意度/不满意=0.3 behavior/活跃度/低活跃=0.4"
        ),
    ),
    "需挽回客户": Stage(
        (60, 200),
        0.0,
        buyer=True,
        extras=_w(
            "value/合同状态/即将续约/30天内到期=0.45 sentiment/投诉记录/服务响应投诉=0.25 "
            "sentiment/NPS/被动者=0.35 sentiment/满意度/一般=0.3"
        ),
    ),
}

#: Lifecycle leaf tags with a more specific recency window than their stage.
LEAF_RECENCY: dict[str, tuple[int, int]] = {
    "沉睡90天以上": (90, 180),
    "沉睡180天以上": (180, 400),
}
