"""Personas of established organisations (mid-market and enterprise customers)."""

from __future__ import annotations

from .persona_model import ALL_AREAS, Persona, w

__all__ = ["BUSINESS_PERSONAS"]

BUSINESS_PERSONAS: tuple[Persona, ...] = (
    Persona(
        key="south-manufacturing",
        name="华南制造业大客户",
        weight=7,
        kind="COMPANY",
        style="company",
        industries=w("33=2 34=3 35=3 38=3 39=4 36=1 29=1"),
        places=w("CN-GD=8 CN-FJ=1.2 CN-GX=0.6 CN-HN=0.5"),
        tags=w(
            "behavior/渠道偏好/微信=0.35 behavior/渠道偏好/电话=0.55 "
            "basic/企业性质/民营企业=0.55 basic/企业性质/专精特新企业=0.3 "
            "basic/企业性质/高新技术企业=0.35 basic/联系人角色/采购负责人=0.65 "
            "interest/行业关注/智能制造=0.75 interest/行业关注/智能制造/工业互联网/设备联网=0.3 "
            "behavior/活动参与/参加展会/中国进出口商品交易会=0.45 value/客户等级/重要客户=0.5 "
            "value/客户价值/高价值客户=0.45 interest/产品兴趣/旗舰版/私有化部署=0.35 "
            "interest/产品兴趣/专业版/数据分析模块/报表自动化=0.3"
        ),
        lifecycle=w(
            "已成交客户=3 忠诚客户=3 意向客户=2 潜在客户=1 需挽回客户=0.7 沉睡客户=0.5 流失客户=0.3"
        ),
        sources=w("展会活动=4 转介绍=2 电话营销=2 搜索引擎/百度推广=1 社交媒体/微信=1"),
        source_rate=0.9,
        editions=w("旗舰版=3 专业版=2 基础版=0.5"),
        employees=(600, 0.8, 120, 30000),
        revenue_per_head=(1200000, 0.5),
    ),
    Persona(
        key="yangtze-software",
        name="长三角软件服务商",
        weight=9,
        kind="COMPANY",
        style="company",
        industries=w("65=6 64=3 63=0.5 75=0.5"),
        places=w("CN-SH=3.5 CN-ZJ=3 CN-JS=3 CN-AH=0.7"),
        tags=w(
            "behavior/渠道偏好/微信=0.3 behavior/渠道偏好/企业微信=0.45 "
            "basic/企业性质/高新技术企业=0.6 basic/联系人角色/技术负责人=0.7 "
            "interest/产品兴趣/专业版/集成与API模块/开放API=0.5 "
            "interest/行业关注/人工智能/大模型应用=0.45 behavior/网站行为/下载白皮书=0.45 "
            "behavior/活动参与/参加直播=0.4 behavior/产品使用/开通API接口=0.4 "
            "interest/内容兴趣/产品教程/API开发文档=0.3 "
            "interest/产品兴趣/专业版/数据分析模块/数据看板=0.3"
        ),
        lifecycle=w(
            "已成交客户=3 忠诚客户=2 意向客户=3 潜在客户=2 需挽回客户=0.6 沉睡客户=0.4 流失客户=0.4"
        ),
        sources=w(
            "搜索引擎/自然搜索=3 官网咨询=3 社交媒体/微信/公众号=2 转介绍=1.5 线上广告/信息流广告=1"
        ),
        source_rate=0.9,
        editions=w("专业版=4 旗舰版=1.5 基础版=1"),
        employees=(90, 0.9, 8, 5000),
        revenue_per_head=(600000, 0.6),
    ),
    Persona(
        key="north-finance",
        name="华北金融机构",
        weight=3.5,
        kind="COMPANY",
        style="company",
        industries=w("66=3 67=2 68=3 69=2"),
        places=w("CN-BJ=6 CN-TJ=1.5 CN-HE=1 CN-SX=0.5 CN-NM=0.4"),
        tags=w(
            "behavior/渠道偏好/微信=0.2 behavior/渠道偏好/邮件=0.6 behavior/渠道偏好/电话=0.4 "
            "basic/企业性质/国有企业=0.5 basic/企业性质/上市公司=0.35 "
            "interest/产品兴趣/旗舰版/私有化部署=0.7 interest/产品兴趣/旗舰版/多组织管理=0.5 "
            "interest/行业关注/数据安全/等保合规=0.5 interest/行业关注/金融科技/智能风控=0.45 "
            "value/客户等级/VIP客户/钻石VIP=0.35 value/客户价值/高价值客户=0.5 "
            "basic/联系人角色/决策者=0.4"
        ),
        lifecycle=w(
            "已成交客户=3 忠诚客户=3.5 意向客户=2 潜在客户=1 需挽回客户=0.5 沉睡客户=0.3 "
            "流失客户=0.2"
        ),
        sources=w("转介绍=3 展会活动=2 电话营销=1 官网咨询=1"),
        source_rate=0.85,
        editions=w("旗舰版=6 专业版=1"),
        employees=(1500, 1.0, 100, 80000),
        revenue_per_head=(2500000, 0.6),
        name_words=("投资管理", "金融服务", "保险经纪", "资产管理", "金融科技"),
    ),
    Persona(
        key="southwest-retail",
        name="西南新零售连锁",
        weight=6,
        kind="COMPANY",
        style="company",
        industries=w("52=6 51=1.5 62=1.5"),
        places=w("CN-SC=4 CN-CQ=3.5 CN-YN=1.2 CN-GZ=1"),
        tags=w(
            "behavior/渠道偏好/微信=0.5 behavior/渠道偏好/企业微信=0.45 "
            "interest/行业关注/新零售/私域流量运营/社群运营=0.55 "
            "interest/产品兴趣/专业版/会员积分模块/积分商城=0.45 "
            "interest/行业关注/新零售/门店数字化=0.4 basic/企业性质/民营企业=0.5 "
            "behavior/活动参与/参加线下沙龙/成都客户沙龙=0.35 value/客户等级/重要客户=0.35"
        ),
        lifecycle=w(
            "已成交客户=3 忠诚客户=2 意向客户=2 潜在客户=1.5 需挽回客户=1 沉睡客户=0.8 流失客户=0.5"
        ),
        sources=w("社交媒体/微信/视频号=2 社交媒体/抖音=2 地推=2 转介绍=1.5 展会活动=1"),
        source_rate=0.9,
        editions=w("专业版=3 旗舰版=1.5 基础版=1"),
        employees=(260, 0.9, 20, 12000),
        revenue_per_head=(800000, 0.6),
        name_words=("商业连锁", "零售", "便利连锁", "餐饮管理"),
    ),
    Persona(
        key="medical-distributor",
        name="医疗器械经销商",
        weight=4.5,
        kind="COMPANY",
        style="company",
        industries=w("51=6 35=1.5 84=1"),
        places=ALL_AREAS,
        tags=w(
            "behavior/渠道偏好/微信=0.3 behavior/渠道偏好/电话=0.5 "
            "interest/行业关注/医疗健康/医疗器械注册=0.55 "
            "interest/行业关注/医疗健康/医药流通=0.45 "
            "interest/产品兴趣/专业版/渠道管理模块/经销商门户=0.4 "
            "interest/产品兴趣/专业版/合同管理模块/电子合同=0.35 "
            "behavior/活动参与/参加展会/中国国际医疗器械博览会=0.45 "
            "basic/联系人角色/采购负责人=0.5 interest/内容兴趣/客户案例/医疗客户案例=0.3"
        ),
        lifecycle=w(
            "已成交客户=3 忠诚客户=2.5 意向客户=2 潜在客户=1.5 需挽回客户=0.7 沉睡客户=0.6 "
            "流失客户=0.4"
        ),
        sources=w("展会活动=3 转介绍=2.5 电话营销=2 搜索引擎/百度推广=1"),
        source_rate=0.9,
        editions=w("专业版=3 基础版=1.5 旗舰版=1"),
        employees=(80, 0.8, 8, 3000),
        revenue_per_head=(1800000, 0.6),
        name_words=("医疗器械", "医疗设备", "生物科技", "医药科技"),
    ),
    Persona(
        key="public-sector",
        name="政府与公共事业单位",
        weight=2.5,
        kind="COMPANY",
        style="institution",
        industries=w("92=3 94=1.5 46=1.5 44=1 78=1.5"),
        places=ALL_AREAS,
        tags=w(
            "behavior/渠道偏好/微信=0.15 behavior/渠道偏好/邮件=0.5 behavior/渠道偏好/电话=0.5 "
            "basic/企业性质/国有企业=0.6 interest/产品兴趣/旗舰版/私有化部署=0.6 "
            "interest/行业关注/数据安全/等保合规=0.55 "
            "interest/行业关注/数字化转型/业务流程数字化=0.45 value/消费特征/决策周期长=0.6 "
            "value/客户等级/重要客户=0.4 basic/企业资质/ISO27001信息安全认证=0.2"
        ),
        lifecycle=w(
            "已成交客户=3 忠诚客户=2.5 意向客户=2 潜在客户=2 需挽回客户=0.5 沉睡客户=0.5 "
            "流失客户=0.3"
        ),
        sources=w("展会活动=2 转介绍=2 电话营销=1 官网咨询=1.5"),
        source_rate=0.8,
        editions=w("旗舰版=4 专业版=2"),
        employees=(300, 1.0, 20, 20000),
        revenue_per_head=None,
    ),
    Persona(
        key="professional-services",
        name="高端专业服务机构",
        weight=3.5,
        kind="COMPANY",
        style="company",
        industries=w("72=5 74=3 67=1"),
        places=w("110100=3 310100=3.5 440300=2 440100=1.5 330100=1"),
        tags=w(
            "behavior/渠道偏好/微信=0.35 behavior/渠道偏好/邮件=0.55 "
            "value/消费特征/高端客户=0.55 value/消费特征/注重服务=0.5 "
            "value/客户等级/VIP客户/黄金VIP=0.35 "
            "interest/产品兴趣/专业版/客户管理模块/客户360视图=0.4 "
            "interest/产品兴趣/专业版/合同管理模块=0.35 sentiment/满意度/非常满意=0.3 "
            "behavior/活动参与/报名活动/2025行业峰会=0.3"
        ),
        lifecycle=w(
            "已成交客户=3 忠诚客户=3 意向客户=2 潜在客户=1.5 需挽回客户=0.5 沉睡客户=0.5 "
            "流失客户=0.3"
        ),
        sources=w("转介绍=5 展会活动=1.5 官网咨询=1.5 搜索引擎=1"),
        source_rate=0.85,
        editions=w("专业版=3 旗舰版=2"),
        employees=(60, 0.9, 5, 3000),
        revenue_per_head=(900000, 0.5),
        name_words=("企业管理咨询", "商务咨询", "财务咨询", "知识产权代理", "人力资源"),
    ),
    Persona(
        key="logistics",
        name="物流供应链企业",
        weight=3,
        kind="COMPANY",
        style="company",
        industries=w("54=4 58=3 59=3 60=1"),
        places=w("CN-EAST=3 CN-SOUTH=2.5 CN-CENTRAL=2 CN-NORTH=1.5 CN-SOUTHWEST=1"),
        tags=w(
            "behavior/渠道偏好/微信=0.35 behavior/渠道偏好/电话=0.55 "
            "interest/行业关注/供应链管理/库存优化=0.5 "
            "interest/产品兴趣/基础版/移动办公模块=0.35 behavior/产品使用/使用移动端=0.45 "
            "interest/行业关注/数字化转型=0.35 value/消费特征/注重性价比=0.35 "
            "basic/联系人角色/业务使用者=0.3"
        ),
        lifecycle=w(
            "已成交客户=3 忠诚客户=2 意向客户=2 潜在客户=1.5 需挽回客户=0.8 沉睡客户=0.7 "
            "流失客户=0.5"
        ),
        sources=w("电话营销=2.5 地推=1.5 转介绍=2 展会活动=1.5 搜索引擎/百度推广=1"),
        source_rate=0.85,
        editions=w("专业版=3 基础版=2 旗舰版=0.8"),
        employees=(220, 1.0, 10, 20000),
        revenue_per_head=(700000, 0.6),
        name_words=("物流", "供应链管理", "国际货运代理", "仓储服务"),
    ),
)
