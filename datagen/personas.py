"""Customer personas: the mixture the synthetic customers are drawn from.

Weights are written as ``key=weight`` tokens. Tag paths start with a category
slug; a path missing from a small taxonomy falls back to its deepest existing
ancestor. Lifecycle keys are root tags of 生命周期, source paths live in 客户来源
and edition paths in 业务价值/已购产品 (``专业版`` means 已购买专业版).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PERSONAS", "Persona"]

Weights = tuple[tuple[str, float], ...]


def _w(spec: str) -> Weights:
    pairs = (token.rsplit("=", 1) for token in spec.split())
    return tuple((key, float(value)) for key, value in pairs)


_ALL_AREAS = _w(
    "CN-EAST=3 CN-SOUTH=2.2 CN-NORTH=2 CN-CENTRAL=2 CN-SOUTHWEST=1.5 CN-NORTHEAST=1 "
    "CN-NORTHWEST=0.7"
)


@dataclass(frozen=True, slots=True)
class Persona:
    key: str
    name: str
    weight: float
    kind: str  # COMPANY | PERSON
    style: str  # company | shop | institution | person
    industries: Weights  # section letters or division codes
    places: Weights  # area / province / city codes or foreign country codes
    employees: tuple[float, float, int, int] | None  # median, log-sigma, min, max
    revenue_per_head: tuple[float, float] | None  # median CNY per employee, log-sigma
    tags: Weights  # characteristic tag path -> probability
    lifecycle: Weights
    sources: Weights
    source_rate: float
    editions: Weights = ()
    name_words: tuple[str, ...] = ()


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "south-manufacturing", "华南制造业大客户", 7, "COMPANY", "company",
        _w("33=2 34=3 35=3 38=3 39=4 36=1 29=1"),
        _w("CN-GD=8 CN-FJ=1.2 CN-GX=0.6 CN-HN=0.5"),
        (600, 0.8, 120, 30_000), (1_200_000, 0.5),
        _w("behavior/渠道偏好/微信=0.35 behavior/渠道偏好/电话=0.55 basic/企业性质/民营企业=0.55 "
           "basic/企业性质/专精特新企业=0.3 basic/企业性质/高新技术企业=0.35 "
           "basic/联系人角色/采购负责人=0.65 interest/行业关注/智能制造=0.75 "
           "interest/行业关注/智能制造/工业互联网/设备联网=0.3 "
           "behavior/活动参与/参加展会/中国进出口商品交易会=0.45 value/客户等级/重要客户=0.5 "
           "value/客户价值/高价值客户=0.45 interest/产品兴趣/旗舰版/私有化部署=0.35 "
           "interest/产品兴趣/专业版/数据分析模块/报表自动化=0.3"),
        _w("已成交客户=3 忠诚客户=3 意向客户=2 潜在客户=1 需挽回客户=0.7 沉睡客户=0.5 流失客户=0.3"),
        _w("展会活动=4 转介绍=2 电话营销=2 搜索引擎/百度推广=1 社交媒体/微信=1"), 0.9,
        _w("旗舰版=3 专业版=2 基础版=0.5"),
    ),
    Persona(
        "yangtze-software", "长三角软件服务商", 9, "COMPANY", "company",
        _w("65=6 64=3 63=0.5 75=0.5"),
        _w("CN-SH=3.5 CN-ZJ=3 CN-JS=3 CN-AH=0.7"),
        (90, 0.9, 8, 5_000), (600_000, 0.6),
        _w("behavior/渠道偏好/微信=0.3 behavior/渠道偏好/企业微信=0.45 "
           "basic/企业性质/高新技术企业=0.6 basic/联系人角色/技术负责人=0.7 "
           "interest/产品兴趣/专业版/集成与API模块/开放API=0.5 "
           "interest/行业关注/人工智能/大模型应用=0.45 behavior/网站行为/下载白皮书=0.45 "
           "behavior/活动参与/参加直播=0.4 behavior/产品使用/开通API接口=0.4 "
           "interest/内容兴趣/产品教程/API开发文档=0.3 "
           "interest/产品兴趣/专业版/数据分析模块/数据看板=0.3"),
        _w("已成交客户=3 忠诚客户=2 意向客户=3 潜在客户=2 需挽回客户=0.6 沉睡客户=0.4 流失客户=0.4"),
        _w("搜索引擎/自然搜索=3 官网咨询=3 社交媒体/微信/公众号=2 转介绍=1.5 线上广告/信息流广告=1"),
        0.9, _w("专业版=4 旗舰版=1.5 基础版=1"),
    ),
    Persona(
        "tier1-ecommerce-buyer", "一线城市高频电商买家", 15, "PERSON", "person",
        (), _w("110100=3 310100=3 440100=2 440300=2.5"), None, None,
        _w("behavior/渠道偏好/微信=0.55 basic/个人属性/年龄段/26-35岁=0.55 "
           "basic/个人属性/年龄段/18-25岁=0.3 behavior/购买行为/高频购买=0.8 "
           "behavior/购买行为/复购客户=0.55 behavior/购买行为/促销期购买=0.5 "
           "behavior/产品使用/使用移动端=0.6 behavior/活跃度/高活跃=0.55 "
           "interest/消费偏好/数码3C/智能手机=0.4 interest/消费偏好/美妆个护/护肤品=0.4 "
           "interest/消费偏好/家居生活/智能家居=0.3 basic/个人属性/消费能力/高消费能力=0.35 "
           "value/消费特征/高端客户=0.25"),
        _w("已成交客户=4 忠诚客户=3 意向客户=1 潜在客户=1 沉睡客户=0.6 流失客户=0.4 需挽回客户=0.3"),
        _w("社交媒体/抖音=3 社交媒体/小红书=3 社交媒体/微信/小程序=2 线上广告/信息流广告=2 "
           "转介绍/客户推荐=1"), 0.85,
    ),
    Persona(
        "dormant-education", "沉睡的教育培训客户", 6, "COMPANY", "company",
        _w("83=8 72=1"), _ALL_AREAS, (35, 0.8, 3, 800), (250_000, 0.6),
        _w("behavior/渠道偏好/微信=0.4 behavior/渠道偏好/短信=0.3 "
           "value/消费特征/价格敏感客户=0.45 behavior/活动参与/参加直播/行业趋势直播=0.35 "
           "interest/行业关注/教育科技/职业技能培训=0.4 basic/联系人角色/决策者/总经理=0.4 "
           "value/客户价值/低价值客户=0.4 sentiment/满意度/一般=0.3"),
        _w("沉睡客户=6 流失客户=2 需挽回客户=2.5"),
        _w("线上广告/信息流广告=3 搜索引擎/百度推广=3 电话营销=2 社交媒体/抖音=1"), 0.85,
        _w("基础版=4 专业版=1.5"), ("教育科技", "文化培训", "教育咨询", "职业培训"),
    ),
    Persona(
        "north-finance", "华北金融机构", 3.5, "COMPANY", "company",
        _w("66=3 67=2 68=3 69=2"), _w("CN-BJ=6 CN-TJ=1.5 CN-HE=1 CN-SX=0.5 CN-NM=0.4"),
        (1_500, 1.0, 100, 80_000), (2_500_000, 0.6),
        _w("behavior/渠道偏好/微信=0.2 behavior/渠道偏好/邮件=0.6 behavior/渠道偏好/电话=0.4 "
           "basic/企业性质/国有企业=0.5 basic/企业性质/上市公司=0.35 "
           "interest/产品兴趣/旗舰版/私有化部署=0.7 interest/产品兴趣/旗舰版/多组织管理=0.5 "
           "interest/行业关注/数据安全/等保合规=0.5 interest/行业关注/金融科技/智能风控=0.45 "
           "value/客户等级/VIP客户/钻石VIP=0.35 value/客户价值/高价值客户=0.5 "
           "basic/联系人角色/决策者=0.4"),
        _w("已成交客户=3 忠诚客户=3.5 意向客户=2 潜在客户=1 需挽回客户=0.5 沉睡客户=0.3 流失客户=0.2"),
        _w("转介绍=3 展会活动=2 电话营销=1 官网咨询=1"), 0.85, _w("旗舰版=6 专业版=1"),
        ("投资管理", "金融服务", "保险经纪", "资产管理", "金融科技"),
    ),
    Persona(
        "southwest-retail", "西南新零售连锁", 6, "COMPANY", "company",
        _w("52=6 51=1.5 62=1.5"), _w("CN-SC=4 CN-CQ=3.5 CN-YN=1.2 CN-GZ=1"),
        (260, 0.9, 20, 12_000), (800_000, 0.6),
        _w("behavior/渠道偏好/微信=0.5 behavior/渠道偏好/企业微信=0.45 "
           "interest/行业关注/新零售/私域流量运营/社群运营=0.55 "
           "interest/产品兴趣/专业版/会员积分模块/积分商城=0.45 "
           "interest/行业关注/新零售/门店数字化=0.4 basic/企业性质/民营企业=0.5 "
           "behavior/活动参与/参加线下沙龙/成都客户沙龙=0.35 value/客户等级/重要客户=0.35"),
        _w("已成交客户=3 忠诚客户=2 意向客户=2 潜在客户=1.5 需挽回客户=1 沉睡客户=0.8 流失客户=0.5"),
        _w("社交媒体/微信/视频号=2 社交媒体/抖音=2 地推=2 转介绍=1.5 展会活动=1"), 0.9,
        _w("专业版=3 旗舰版=1.5 基础版=1"), ("商业连锁", "零售", "便利连锁", "餐饮管理"),
    ),
    Persona(
        "cross-border-ecommerce", "出海跨境电商", 5, "COMPANY", "company",
        _w("51=4 52=3 64=2"), _w("440300=5 CN-GD=2 330100=2 CN-ZJ=1.5 CN-FJ=1"),
        (45, 0.9, 3, 3_000), (1_500_000, 0.7),
        _w("behavior/渠道偏好/微信=0.4 behavior/渠道偏好/邮件=0.45 "
           "interest/行业关注/跨境电商/TikTok电商=0.45 interest/行业关注/跨境电商/独立站建设=0.35 "
           "interest/行业关注/跨境电商/亚马逊运营=0.45 interest/行业关注/企业出海/本地化营销=0.35 "
           "behavior/活动参与/参加展会/中国跨境电商交易会=0.4 "
           "interest/内容兴趣/行业报告/跨境电商年度报告=0.35 basic/联系人角色/决策者=0.5"),
        _w("已成交客户=3 意向客户=2.5 潜在客户=2 忠诚客户=1.5 需挽回客户=0.8 沉睡客户=0.6 流失客户=0.6"),
        _w("社交媒体/抖音=1 搜索引擎=2 展会活动=2 转介绍=2 线上广告=1.5"), 0.85,
        _w("专业版=3 基础版=2 旗舰版=0.7"), ("跨境电子商务", "国际贸易", "进出口", "电子商务"),
    ),
    Persona(
        "medical-distributor", "医疗器械经销商", 4.5, "COMPANY", "company",
        _w("51=6 35=1.5 84=1"), _ALL_AREAS, (80, 0.8, 8, 3_000), (1_800_000, 0.6),
        _w("behavior/渠道偏好/微信=0.3 behavior/渠道偏好/电话=0.5 "
           "interest/行业关注/医疗健康/医疗器械注册=0.55 interest/行业关注/医疗健康/医药流通=0.45 "
           "interest/产品兴趣/专业版/渠道管理模块/经销商门户=0.4 "
           "interest/产品兴趣/专业版/合同管理模块/电子合同=0.35 "
           "behavior/活动参与/参加展会/中国国际医疗器械博览会=0.45 "
           "basic/联系人角色/采购负责人=0.5 interest/内容兴趣/客户案例/医疗客户案例=0.3"),
        _w("已成交客户=3 忠诚客户=2.5 意向客户=2 潜在客户=1.5 需挽回客户=0.7 沉睡客户=0.6 流失客户=0.4"),
        _w("展会活动=3 转介绍=2.5 电话营销=2 搜索引擎/百度推广=1"), 0.9,
        _w("专业版=3 基础版=1.5 旗舰版=1"), ("医疗器械", "医疗设备", "生物科技", "医药科技"),
    ),
    Persona(
        "startup-team", "中小微初创团队", 11, "COMPANY", "company",
        _w("64=4 65=4 72=2 75=2 73=1 52=1"),
        _w("110100=3 310100=3 440300=3 330100=2.5 510100=2 CN-JS=1.5 CN-HB=1 CN-SN=0.8"),
        (12, 0.8, 1, 99), (400_000, 0.8),
        _w("behavior/渠道偏好/微信=0.35 behavior/渠道偏好/企业微信=0.3 behavior/渠道偏好/飞书=0.3 "
           "value/消费特征/价格敏感客户=0.5 behavior/网站行为/提交表单/申请试用=0.6 "
           "behavior/网站行为/官网访问/浏览价格页/对比版本价格=0.45 basic/融资阶段/天使轮=0.3 "
           "basic/融资阶段/A轮=0.2 interest/产品兴趣/基础版=0.5 value/客户价值/高潜力客户=0.35 "
           "interest/内容兴趣/产品教程/快速入门教程=0.35"),
        _w("潜在客户=3.5 意向客户=3 已成交客户=2.5 忠诚客户=0.7 沉睡客户=1 流失客户=1 需挽回客户=0.5"),
        _w("搜索引擎/自然搜索=3 社交媒体/小红书=2 社交媒体/微信/公众号=2 官网咨询=2 线上广告=1 "
           "社交媒体/知乎=1"), 0.9,
        _w("基础版=5 专业版=2"),
    ),
    Persona(
        "overseas-chinese", "海外华人个人客户", 3.5, "PERSON", "person",
        (), _w("US=3 CA=1.2 AU=1.2 GB=1 SG=1 MY=0.8 JP=0.6 DE=0.5 NZ=0.4 FR=0.3"), None, None,
        _w("behavior/渠道偏好/微信=0.5 behavior/渠道偏好/邮件=0.6 "
           "basic/个人属性/年龄段/36-45岁=0.4 basic/个人属性/年龄段/26-35岁=0.35 "
           "interest/消费偏好/食品生鲜/茶叶=0.4 interest/消费偏好/旅游出行/酒店度假=0.3 "
           "behavior/活动参与/参加直播=0.4 interest/消费偏好/美妆个护=0.3 "
           "basic/个人属性/消费能力/高消费能力=0.35 behavior/渠道偏好/视频会议=0.25"),
        _w("已成交客户=3 忠诚客户=2 意向客户=2 潜在客户=2 沉睡客户=1 流失客户=0.6 需挽回客户=0.4"),
        _w("社交媒体/微信=4 转介绍/客户推荐=2 社交媒体/小红书=1.5 线上广告=1"), 0.8,
    ),
    Persona(
        "price-sensitive-merchant", "价格敏感的个体商户", 11, "COMPANY", "shop",
        _w("52=6 62=3 80=2 81=1"), _ALL_AREAS, (4, 0.6, 1, 30), (300_000, 0.6),
        _w("behavior/渠道偏好/微信=0.55 behavior/渠道偏好/短信=0.3 "
           "value/消费特征/价格敏感客户=0.85 behavior/购买行为/促销期购买=0.55 "
           "value/消费特征/注重性价比=0.45 value/客户价值/低价值客户=0.45 "
           "interest/产品兴趣/基础版=0.4 basic/联系人角色/决策者=0.5"),
        _w("潜在客户=2.5 意向客户=2 已成交客户=2.5 忠诚客户=1 沉睡客户=1.5 流失客户=1.2 需挽回客户=0.8"),
        _w("地推=4 电话营销=3 社交媒体/抖音=2 转介绍=1"), 0.85, _w("基础版=6 专业版=0.5"),
    ),
    Persona(
        "public-sector", "政府与公共事业单位", 2.5, "COMPANY", "institution",
        _w("92=3 94=1.5 46=1.5 44=1 78=1.5"), _ALL_AREAS, (300, 1.0, 20, 20_000), None,
        _w("behavior/渠道偏好/微信=0.15 behavior/渠道偏好/邮件=0.5 behavior/渠道偏好/电话=0.5 "
           "basic/企业性质/国有企业=0.6 interest/产品兴趣/旗舰版/私有化部署=0.6 "
           "interest/行业关注/数据安全/等保合规=0.55 "
           "interest/行业关注/数字化转型/业务流程数字化=0.45 value/消费特征/决策周期长=0.6 "
           "value/客户等级/重要客户=0.4 basic/企业资质/ISO27001信息安全认证=0.2"),
        _w("已成交客户=3 忠诚客户=2.5 意向客户=2 潜在客户=2 需挽回客户=0.5 沉睡客户=0.5 流失客户=0.3"),
        _w("展会活动=2 转介绍=2 电话营销=1 官网咨询=1.5"), 0.8, _w("旗舰版=4 专业版=2"),
    ),
    Persona(
        "professional-services", "高端专业服务机构", 3.5, "COMPANY", "company",
        _w("72=5 74=3 67=1"), _w("110100=3 310100=3.5 440300=2 440100=1.5 330100=1"),
        (60, 0.9, 5, 3_000), (900_000, 0.5),
        _w("behavior/渠道偏好/微信=0.35 behavior/渠道偏好/邮件=0.55 value/消费特征/高端客户=0.55 "
           "value/消费特征/注重服务=0.5 value/客户等级/VIP客户/黄金VIP=0.35 "
           "interest/产品兴趣/专业版/客户管理模块/客户360视图=0.4 "
           "interest/产品兴趣/专业版/合同管理模块=0.35 sentiment/满意度/非常满意=0.3 "
           "behavior/活动参与/报名活动/2025行业峰会=0.3"),
        _w("已成交客户=3 忠诚客户=3 意向客户=2 潜在客户=1.5 需挽回客户=0.5 沉睡客户=0.5 流失客户=0.3"),
        _w("转介绍=5 展会活动=1.5 官网咨询=1.5 搜索引擎=1"), 0.85, _w("专业版=3 旗舰版=2"),
        ("企业管理咨询", "商务咨询", "财务咨询", "知识产权代理", "人力资源"),
    ),
    Persona(
        "logistics", "物流供应链企业", 3, "COMPANY", "company",
        _w("54=4 58=3 59=3 60=1"),
        _w("CN-EAST=3 CN-SOUTH=2.5 CN-CENTRAL=2 CN-NORTH=1.5 CN-SOUTHWEST=1"),
        (220, 1.0, 10, 20_000), (700_000, 0.6),
        _w("behavior/渠道偏好/微信=0.35 behavior/渠道偏好/电话=0.55 "
           "interest/行业关注/供应链管理/库存优化=0.5 interest/产品兴趣/基础版/移动办公模块=0.35 "
           "behavior/产品使用/使用移动端=0.45 interest/行业关注/数字化转型=0.35 "
           "value/消费特征/注重性价比=0.35 basic/联系人角色/业务使用者=0.3"),
        _w("已成交客户=3 忠诚客户=2 意向客户=2 潜在客户=1.5 需挽回客户=0.8 沉睡客户=0.7 流失客户=0.5"),
        _w("电话营销=2.5 地推=1.5 转介绍=2 展会活动=1.5 搜索引擎/百度推广=1"), 0.85,
        _w("专业版=3 基础版=2 旗舰版=0.8"), ("物流", "供应链管理", "国际货运代理", "仓储服务"),
    ),
)
