"""The built-in lifecycle: an exclusive 生命周期 category (潜在客户 → 意向客户 →
已成交客户 → 忠诚客户, with the 沉睡客户, 需挽回客户 and 流失客户 branches), moved by
shipped default rules that follow the seeds, and a report of the transitions per period."""

from __future__ import annotations

from datetime import datetime

from graph.cypher import Queries
from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.rules.definitions import create_rule, find_rules
from graph.rules.model import (
    ActionKind,
    DefaultRule,
    InteractionAggregate,
    Measure,
    Period,
    RuleCondition,
    RuleInput,
    RuleTrigger,
    Transition,
)
from graph.taxonomy import categories
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.model import NewTag, NewTagCategory
from graph.text import normalize_name
from graph.viewer import Viewer

query = Queries("rules")
CATEGORY_NAME = "生命周期"
CATEGORY_ID = "cat-lifecycle"


# (stage, parent stage): the tags the default rules set, created when missing.
STAGES: tuple[tuple[str, str | None], ...] = (
    ("潜在客户", None),
    ("意向客户", None),
    ("高意向", "意向客户"),
    ("已成交客户", None),
    ("忠诚客户", None),
    ("沉睡客户", None),
    ("需挽回客户", None),
    ("流失客户", None),
)


PURCHASES = ("PURCHASE", "RENEWAL")
INTENT = ("FORM_SUBMIT", "DOWNLOAD", "EVENT_SIGNUP", "EVENT_ATTEND", "MEETING")
EVENTS = ("EVENT_SIGNUP", "EVENT_ATTEND")


def _count(
    types: tuple[str, ...], window: int | None, lo: float | None, hi: float | None = None
) -> InteractionAggregate:
    return InteractionAggregate(Measure.COUNT, types, window, lo, hi)


def _idle(days: int) -> InteractionAggregate:
    return InteractionAggregate(Measure.DAYS_SINCE_LAST, (), None, days, None)


_NEVER_BOUGHT = _count(PURCHASES, None, None, 0)
_BOUGHT = _count(PURCHASES, None, 1)


# Highest priority wins: a buyer idle for 180 days is 流失客户 even though he is also 沉睡客户.
DEFAULT_RULES: tuple[DefaultRule, ...] = (
    DefaultRule("rule-lifecycle-prospect", "潜在客户", 10, RuleTrigger.SCHEDULE, (),
                (_NEVER_BOUGHT,), "从未购买：潜在客户，通过内容营销培育"),
    DefaultRule("rule-lifecycle-intent", "意向客户", 20, RuleTrigger.EVENT, INTENT,
                (_NEVER_BOUGHT, _count(INTENT, 90, 1)),
                "未购买，90天内提交表单、下载资料、报名或参会、会面：意向客户，重点跟进"),
    DefaultRule("rule-lifecycle-high-intent", "高意向", 25, RuleTrigger.EVENT, EVENTS,
                (_NEVER_BOUGHT, _count(EVENTS, 30, 1)),
                "未购买，30天内报名或参加活动：立即标记为高意向客户"),
    DefaultRule("rule-lifecycle-customer", "已成交客户", 30, RuleTrigger.EVENT, PURCHASES,
                (_BOUGHT,), "至少购买一次：已成交客户"),
    DefaultRule("rule-lifecycle-loyal", "忠诚客户", 40, RuleTrigger.EVENT, PURCHASES,
                (_count(PURCHASES, 365, 3),), "一年内购买或续约至少3次：忠诚客户"),
    DefaultRule("rule-lifecycle-dormant", "沉睡客户", 50, RuleTrigger.SCHEDULE, (),
                (_idle(30), _BOUGHT), "已购买，连续30天未互动：沉睡客户"),
    DefaultRule("rule-lifecycle-winback", "需挽回客户", 60, RuleTrigger.SCHEDULE, (),
                (_idle(90), _BOUGHT), "已购买，连续90天未互动（流失风险）：需挽回客户"),
    DefaultRule("rule-lifecycle-churned", "流失客户", 70, RuleTrigger.SCHEDULE, (),
                (_idle(180), _BOUGHT), "已购买，连续180天未互动：流失客户"),
)  # fmt: skip


async def ensure_lifecycle_tags(db: Database, viewer: Viewer) -> tuple[str, dict[str, str]]:
    """The lifecycle category and its stage tags (name → id), created when missing."""
    found = await db.read(
        query("find_lifecycle_tags"), normalizedName=normalize_name(CATEGORY_NAME)
    )
    if found:
        category_id = found[0]["categoryId"]
        tags = {row["name"]: row["id"] for row in found[0]["tags"]}
    else:
        new = NewTagCategory(
            name=CATEGORY_NAME,
            description="客户所处的生命周期阶段，每个客户有且仅有一个",
            exclusive=True,
            id=CATEGORY_ID,
        )
        category_id = (await categories.create_tag_category(db, viewer, new=new)).id
        tags = {}
    for name, parent in STAGES:
        if name not in tags:
            created = await taxonomy.create_tag(
                db,
                viewer,
                new=NewTag(
                    name=name,
                    category_id=None if parent else category_id,
                    parent_id=tags[parent] if parent else None,
                ),
            )
            tags[name] = created.id
    return category_id, tags


async def install_default_rules(db: Database, viewer: Viewer) -> list[str]:
    """Create the shipped lifecycle rules that do not exist yet (idempotent); their ids."""
    _, tags = await ensure_lifecycle_tags(db, viewer)
    # Whether a shipped rule exists is not a matter of what the installer may see.
    everyone = Viewer.full_access(viewer.user)
    existing = {r.id for r in await find_rules(db, everyone, ids=[r.id for r in DEFAULT_RULES])}
    created = []
    for default in DEFAULT_RULES:
        if default.id in existing:
            continue
        await create_rule(
            db,
            viewer,
            new=RuleInput(
                name="生命周期：" + default.stage,
                description=default.description,
                condition=RuleCondition(aggregates=default.aggregates),
                action=ActionKind.SET_CATEGORY_TAG,
                tag_id=tags[default.stage],
                trigger=default.trigger,
                event_types=default.event_types,
                priority=default.priority,
            ),
            rule_id=default.id,
            builtin=True,
        )
        created.append(default.id)
    return created


async def count_transitions(
    db: Database,
    viewer: Viewer,
    *,
    start: datetime,
    end: datetime,
    period: Period = Period.MONTH,
    category_id: str | None = None,
) -> list[Transition]:
    """Moves between the stages of the lifecycle (or another exclusive category) per period."""
    if start >= end:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "the period must end after it starts", ("until",)
        )
    if category_id is None:
        found = await db.read(
            query("find_lifecycle_tags"), normalizedName=normalize_name(CATEGORY_NAME)
        )
        if not found:
            return []
        category_id = str(found[0]["categoryId"])
    rows = await db.read(
        query("count_transitions"),
        categoryId=category_id,
        visibleCategoryIds=viewer.visible_categories_param(),
        start=start,
        end=end,
        unit=period.value,
    )
    return [
        Transition(row["period"], row["fromTagId"], row["toTagId"], int(row["transitions"]))
        for row in rows
    ]
