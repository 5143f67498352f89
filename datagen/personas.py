"""The persona mixture customers are drawn from (weights are relative)."""

from __future__ import annotations

from .persona_model import ALL_AREAS, Persona, w
from .personas_business import BUSINESS_PERSONAS

__all__ = ["PERSONAS", "Persona"]

_SMALL_AND_CONSUMER: tuple[Persona, ...] = (
    Persona(
        key="tier1-ecommerce-buyer",
        name="一线城市高频电商买家",
        weight=15,
        kind="PERSON",
        style="person",
        industries=(),
        places=w("110100=3 310100=3 440100=2 440300=2.5"),
        tags=w(
            "behavior/渠道偏好/微信=0.55 basic/个人属性/年龄段/26-35岁=0.55 "
            "basic/个人属性/年龄段/18-25岁=0.3 behavior/购买行为/高频购买=0.8 "
            "behavior/购买行为/复购客户=0.55 behavior/购买行为/促销期购买=0.5 "
            "behavior/产品使用/使用移动端=0.6 behavior/活跃度/高活跃=0.55 "
            "interest/消费偏好/数码3C/智能手机=0.4 interest/消费偏好/美妆个护/护肤品=0.4 "
            "interest/消费偏好/家居生活/智能家居=0.3 basic/个人属性/消费能力/高消费能力=0.35 "
            "value/消费特征/高端客户=0.25"
        ),
        lifecycle=w(
            "已成交客户=4 忠诚客户=3 意向客户=1 潜在客户=1 沉睡客户=0.6 流失客户=0.4 需挽回客户=0.3"
        ),
        sources=w(
            "社交媒体/抖音=3 社交媒体/小红书=3 社交媒体/微信/小程序=2 线上广告/信息流广告=2 "
            "转介绍/客户推荐=1"
        ),
        source_rate=0.85,
        employees=None,
        revenue_per_head=None,
    ),
    Persona(
        key="dormant-education",
        name="沉睡的教育培训客户",
        weight=6,
        kind="COMPANY",
        style="company",
        industries=w("83=8 72=1"),
        places=ALL_AREAS,
        tags=w(
            "behavior/渠道偏好/微信=0.4 behavior/渠道偏好/短信=0.3 "
            "value/消费特征/价格敏感客户=0.45 behavior/活动参与/参加直播/行业趋势直播=0.35 "
            "interest/行业关注/教育科技/职业技能培训=0.4 basic/联系人角色/决策者/总经理=0.4 "
            "value/客户价值/低价值客户=0.4 sentiment/满意度/一般=0.3"
        ),
        lifecycle=w("沉睡客户=6 流失客户=2 需挽回客户=2.5"),
        sources=w("线上广告/信息流广告=3 搜索引擎/百度推广=3 电话营销=2 社交媒体/抖音=1"),
        source_rate=0.85,
        editions=w("基础版=4 专业版=1.5"),
        employees=(35, 0.8, 3, 800),
        revenue_per_head=(250000, 0.6),
        name_words=("教育科技", "文化培训", "教育咨询", "职业培训"),
    ),
    Persona(
        key="cross-border-ecommerce",
        name="出海跨境电商",
        weight=5,
        kind="COMPANY",
        style="company",
        industries=w("51=4 52=3 64=2"),
        places=w("440300=5 CN-GD=2 330100=2 CN-ZJ=1.5 CN-FJ=1"),
        tags=w(
            "behavior/渠道偏好/微信=0.4 behavior/渠道偏好/邮件=0.45 "
            "interest/行业关注/跨境电商/TikTok电商=0.45 "
            "interest/行业关注/跨境电商/独立站建设=0.35 "
            "interest/行业关注/跨境电商/亚马逊运营=0.45 "
            "interest/行业关注/企业出海/本地化营销=0.35 "
            "behavior/活动参与/参加展会/中国跨境电商交易会=0.4 "
            "interest/内容兴趣/行业报告/跨境电商年度报告=0.35 basic/联系人角色/决策者=0.5"
        ),
        lifecycle=w(
            "已成交客户=3 意向客户=2.5 潜在客户=2 忠诚客户=1.5 需挽回客户=0.8 沉睡客户=0.6 "
            "流失客户=0.6"
        ),
        sources=w("社交媒体/抖音=1 搜索引擎=2 展会活动=2 转介绍=2 线上广告=1.5"),
        source_rate=0.85,
        editions=w("专业版=3 基础版=2 旗舰版=0.7"),
        employees=(45, 0.9, 3, 3000),
        revenue_per_head=(1500000, 0.7),
        name_words=("跨境电子商务", "国际贸易", "进出口", "电子商务"),
    ),
    Persona(
        key="startup-team",
        name="中小微初创团队",
        weight=11,
        kind="COMPANY",
        style="company",
        industries=w("64=4 65=4 72=2 75=2 73=1 52=1"),
        places=w("110100=3 310100=3 440300=3 330100=2.5 510100=2 CN-JS=1.5 CN-HB=1 CN-SN=0.8"),
        tags=w(
            "behavior/渠道偏好/微信=0.35 behavior/渠道偏好/企业微信=0.3 "
            "behavior/渠道偏好/飞书=0.3 value/消费特征/价格敏感客户=0.5 "
            "behavior/网站行为/提交表单/申请试用=0.6 "
            "behavior/网站行为/官网访问/浏览价格页/对比版本价格=0.45 basic/融资阶段/天使轮=0.3 "
            "basic/融资阶段/A轮=0.2 interest/产品兴趣/基础版=0.5 value/客户价值/高潜力客户=0.35 "
            "interest/内容兴趣/产品教程/快速入门教程=0.35"
        ),
        lifecycle=w(
            "潜在客户=3.5 意向客户=3 已成交客户=2.5 忠诚客户=0.7 沉睡客户=1 流失客户=1 "
            "需挽回客户=0.5"
        ),
        sources=w(
            "搜索引擎/自然搜索=3 社交媒体/小红书=2 社交媒体/微信/公众号=2 官网咨询=2 线上广告=1 "
            "社交媒体/知乎=1"
        ),
        source_rate=0.9,
        editions=w("基础版=5 专业版=2"),
        employees=(12, 0.8, 1, 99),
        revenue_per_head=(400000, 0.8),
    ),
    Persona(
        key="overseas-chinese",
        name="海外华人个人客户",
        weight=3.5,
        kind="PERSON",
        style="person",
        industries=(),
        places=w("US=3 CA=1.2 AU=1.2 GB=1 SG=1 MY=0.8 JP=0.6 DE=0.5 NZ=0.4 FR=0.3"),
        tags=w(
            "behavior/渠道偏好/微信=0.5 behavior/渠道偏好/邮件=0.6 "
            "basic/个人属性/年龄段/36-45岁=0.4 basic/个人属性/年龄段/26-35岁=0.35 "
            "interest/消费偏好/食品生鲜/茶叶=0.4 interest/消费偏好/旅游出行/酒店度假=0.3 "
            "behavior/活动参与/参加直播=0.4 interest/消费偏好/美妆个护=0.3 "
            "basic/个人属性/消费能力/高消费能力=0.35 behavior/渠道偏好/视频会议=0.25"
        ),
        lifecycle=w(
            "已成交客户=3 忠诚客户=2 意向客户=2 潜在客户=2 沉睡客户=1 流失客户=0.6 需挽回客户=0.4"
        ),
        sources=w("社交媒体/微信=4 转介绍/客户推荐=2 社交媒体/小红书=1.5 线上广告=1"),
        source_rate=0.8,
        employees=None,
        revenue_per_head=None,
    ),
    Persona(
        key="price-sensitive-merchant",
        name="价格敏感的个体商户",
        weight=11,
        kind="COMPANY",
        style="shop",
        industries=w("52=6 62=3 80=2 81=1"),
        places=ALL_AREAS,
        tags=w(
            "behavior/渠道偏好/微信=0.55 behavior/渠道偏好/短信=0.3 "
            "value/消费特征/价格敏感客户=0.85 behavior/购买行为/促销期购买=0.55 "
            "value/消费特征/注重性价比=0.45 value/客户价值/低价值客户=0.45 "
            "interest/产品兴趣/基础版=0.4 basic/联系人角色/决策者=0.5"
        ),
        lifecycle=w(
            "潜在客户=2.5 意向客户=2 已成交客户=2.5 忠诚客户=1 沉睡客户=1.5 流失客户=1.2 "
            "需挽回客户=0.8"
        ),
        sources=w("地推=4 电话营销=3 社交媒体/抖音=2 转介绍=1"),
        source_rate=0.85,
        editions=w("基础版=6 专业版=0.5"),
        employees=(4, 0.6, 1, 30),
        revenue_per_head=(300000, 0.6),
    ),
)

PERSONAS: tuple[Persona, ...] = BUSINESS_PERSONAS + _SMALL_AND_CONSUMER
