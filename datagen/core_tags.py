"""Handcrafted core of the tag taxonomy (always present, at every dataset size).

Each category carries an indented outline: two spaces per tree level, a trailing
``!`` marks a tag whose children are mutually exclusive for one customer
(e.g. only one of 高活跃/中活跃/低活跃), and ``name | text`` gives an explicit
description (otherwise one is derived from the category).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CORE_CATEGORIES", "CoreCategory"]


@dataclass(frozen=True, slots=True)
class CoreCategory:
    slug: str
    name: str
    description: str
    exclusive: bool
    color: str
    phrase: str  # description template for tags, ``{name}`` is replaced
    outline: str


CORE_CATEGORIES: tuple[CoreCategory, ...] = (
    CoreCategory(
        "basic",
        "基础属性",
        "客户的工商与人口属性：规模、性质、行业、联系人角色等",
        exclusive=False,
        color="#2563EB",
        phrase="客户属于「{name}」",
        outline="""
企业规模 !
  20人以下
  20-99人
  100-499人
  500人以上 | 员工规模在500人及以上的大中型企业
企业性质
  上市公司 | 在境内外证券交易所上市的企业
  国有企业
  民营企业
  外资企业
  专精特新企业 | 获评省级或国家级专精特新称号的中小企业
  高新技术企业
联系人角色
  决策者 | 对采购有最终拍板权的联系人
  采购负责人
  技术负责人
所属行业
个人属性
  年龄段 !
    18-25岁
    26-35岁
    36-45岁
    46岁以上
""",
    ),
    CoreCategory(
        "behavior",
        "行为轨迹",
        "客户在各触点留下的行为记录",
        exclusive=False,
        color="#059669",
        phrase="客户有「{name}」相关行为记录",
        outline="""
渠道偏好
  微信 | 偏好通过微信沟通与接收信息
  电话
  邮件
  短信
  企业微信
网站行为
  官网访问
    浏览产品页
    浏览价格页
      对比版本价格
  下载白皮书
  提交表单
    申请试用
    预约演示
    咨询报价
活动参与
  报名活动
  参加直播
  参加展会
购买行为
  首次购买
  复购客户 | 在12个月内有两次及以上成交
  高频购买
  促销期购买
活跃度 !
  高活跃 | 近30天互动10次以上
  中活跃
  低活跃 | 近90天互动不足2次
""",
    ),
    CoreCategory(
        "value",
        "业务价值",
        "按贡献、潜力与合同状态划分的客户价值",
        exclusive=False,
        color="#D97706",
        phrase="按业务价值划分为「{name}」",
        outline="""
客户等级 !
  VIP客户
    钻石VIP
    黄金VIP
  重要客户
  普通客户
客户价值 !
  高价值客户 | 近12个月贡献收入位于前20%
  中价值客户
  低价值客户
  高潜力客户
消费特征
  价格敏感客户 | 对折扣和促销高度敏感
  高端客户
已购产品
  已购买基础版
  已购买专业版
  已购买旗舰版
合同状态
  年度合同
  多年期合同
  即将续约 !
    30天内到期
    90天内到期
  已续约
""",
    ),
    CoreCategory(
        "interest",
        "兴趣偏好",
        "客户关注的产品、内容、行业话题与消费品类",
        exclusive=False,
        color="#7C3AED",
        phrase="客户对「{name}」表现出兴趣",
        outline="""
产品兴趣
  基础版
  专业版
    数据分析模块
      报表自动化
        定时邮件推送
      数据看板
    客户管理模块
  旗舰版
    私有化部署
    多组织管理
内容兴趣
  行业报告
  客户案例
  产品教程
行业关注
  数字化转型
  智能制造
  跨境电商
  新零售
  人工智能
消费偏好
  数码3C
  美妆个护
  家居生活
""",
    ),
    CoreCategory(
        "geo",
        "地域",
        "客户所在城市等级、区域市场、经济圈与海外市场",
        exclusive=False,
        color="#0891B2",
        phrase="客户位于「{name}」",
        outline="""
城市等级 !
  一线城市 | 北京、上海、广州、深圳
  新一线城市
  二线城市
  三四线城市
区域市场
  华北
  东北
  华东
  华中
  华南
  西南
  西北
经济圈 !
  粤港澳大湾区
  长三角
  京津冀
  成渝经济圈
海外市场
  东南亚
  北美
  拉美
  欧洲
  日韩
  中东
  大洋洲
  南亚及中亚
""",
    ),
    CoreCategory(
        "sentiment",
        "情感反馈",
        "满意度、NPS、投诉与评价等客户情感信号",
        exclusive=False,
        color="#DC2626",
        phrase="客户反馈体现为「{name}」",
        outline="""
满意度 !
  非常满意
  满意
  一般
  不满意
NPS !
  推荐者 | NPS评分9-10分
  被动者 | NPS评分7-8分
  贬损者 | NPS评分0-6分
投诉记录
  产品质量投诉
  服务响应投诉
  价格争议
  投诉已解决
""",
    ),
    CoreCategory(
        "lifecycle",
        "生命周期",
        "客户所处的生命周期阶段，每个客户有且仅有一个",
        exclusive=True,
        color="#4F46E5",
        phrase="客户当前处于「{name}」阶段",
        outline="""
潜在客户
  新线索
  待培育线索
意向客户
  高意向
  商务洽谈中
已成交客户
  新签客户
  续费客户
忠诚客户 | 持续复购并愿意推荐的客户
沉睡客户
  沉睡90天以上
  沉睡180天以上
流失客户
需挽回客户
""",
    ),
    CoreCategory(
        "source",
        "客户来源",
        "客户的首次获客渠道，每个客户至多一个",
        exclusive=True,
        color="#DB2777",
        phrase="客户首次来源于「{name}」",
        outline="""
线上广告
  信息流广告
搜索引擎
  百度推广
  自然搜索
社交媒体
  微信
    公众号
    视频号
  抖音
  小红书
  微博
展会活动
转介绍
  客户推荐
电话营销
地推
官网咨询
""",
    ),
)
