"""Duplicate tags (R1 of the design): pairs of live tags that probably mean the same thing, such
as 重要客户 next to 重点客户, and pairs that people have declared distinct.

How candidates are found
------------------------
One query reads every live tag (ACTIVE or DEPRECATED) the viewer may see, about 1,000 rows on
the benchmark graph, with its normalized name and aliases, its category, its ancestors, its
number of direct holders (the degree of the node, no traversal) and the tags it was marked
distinct from. Everything about names is then computed in Python; only the customer overlap
needs the graph again.

Name reasons, on normalized names (NFKC, case-folded, one space: `graph.text.normalize_name`):

- SAME_NORMALIZED_NAME, score 1.0: two tags with the same normalized name. Siblings cannot
  have one (creation refuses it), so these sit in different places of the taxonomy.
- ALIAS_COLLISION, score 0.95: an alias of one tag equals the normalized name or an alias of
  the other. Found, like the first reason, by grouping tags on those strings.
- SIMILAR_NAME, score min(0.9, the larger passing measure): edit similarity is
  1 - Levenshtein distance / length of the longer name and must be ≥ 0.75 (one edit in four
  characters: 重要客户 / 重点客户 score 0.75); character Dice is 2 · shared characters / total
  characters (as multisets) and must be ≥ 0.85 with at least half of the character bigrams
  in common too, which catches reordered words (客户价值 / 价值客户 keep their bigrams) but not
  two random strings over the same alphabet.
- CONTAINS: the shorter name (≥ 2 characters) occurs in the longer one, like VIP / VIP客户.
  Score 0.9 when what is left of the longer name is a generic word (客户, 用户, 会员, 人群 …),
  else 0.4 + 0.5 · shorter length / longer length.

The contrast rule: names that differ only in values of one dimension are different tags, not
spellings of one tag, so SIMILAR_NAME and CONTAINS are not proposed for them at all (wherever
the two tags sit, siblings or not). After removing the common prefix and suffix, the two
different middles contrast when (a) they have the same length and each differing character
pair is in one contrast class (高/中/低, 大/小, 新/老, 首/复, 已/未, 金/银/铂 …), so 高频购买 /
低频购买 and 高活跃 / 中活跃 are not candidates; (b) both consist only of digits, Chinese
numerals and range signs (30天内到期 / 90天内到期, 一线城市 / 二线城市, 18-25岁 / 26-35岁);
(c) one is empty and the other a negation or a degree (活跃 / 不活跃, 满意 / 非常满意,
一线城市 / 新一线城市, active / inactive); or (d) they are an English antonym pair (high /
low value). 重要 / 重点 is none of these, so it stays a candidate.

Blocking: each name is split into tokens (character, occurrence number), so the number of
tokens two names share is exactly their multiset of common characters. An inverted index over
the tokens enumerates only pairs that share one; that count alone bounds all three near-name
reasons (edit similarity ≤ shared / longer length, Dice = 2 · shared / total, containment
needs shared = shorter length), so Levenshtein (pure Python) runs only on pairs that can pass.

CUSTOMER_OVERLAP, score = the Jaccard index: two tags held by nearly the same customers
(Jaccard ≥ 0.8, at least 20 direct holders each). Jaccard ≥ 0.8 needs degrees within 20% of
each other (J ≤ smaller / larger) and at least 80% of the smaller tag's holders holding the
other tag, which gives two bounded queries instead of a scan of all assignments:

1. Screening: for every live tag with ≥ 20 holders, its first 100 holders and the other tags
   they hold, keeping those held by at least half of them (≤ 100 × ~13 rows per tag).
2. Verification of the surviving pairs whose degrees are within 20%: from the smaller tag's
   side, how many of its first 5,000 holders also hold the other tag (an expand-into per
   holder). When the tag has at most 5,000 holders (and in step 1, at most 100) the
   intersection is exact; beyond, it is estimated from those holders.

Both steps read a bounded number of rows whatever the size of the graph (about 0.7 s for the
screen and 0.3 s for the verification on the 1M-customer benchmark, where 24,000 pairs have
degrees within 20% and 14 survive the screen). The price: above the caps, the holders looked
at are the first ones of the tag's relationship chain, not a random sample, so a pair far
above 100 holders can be missed or its Jaccard misjudged when those holders are untypical.

Exclusions: a pair marked distinct (`mark_tags_distinct`) is never proposed. A tag and one of
its ancestors keep SAME_NORMALIZED_NAME and ALIAS_COLLISION (a name that finds both is
ambiguous, whatever their relation) but get no SIMILAR_NAME, CONTAINS or CUSTOMER_OVERLAP: a
refinement naturally repeats its parent's words (VIP客户 › 钻石VIP) and may be assigned together
with it. Two tags of one exclusive category cannot share a customer, so they are not counted.

The score of a pair combines its two independent kinds of evidence, names and holders: with
n the highest name-reason score and o the overlap score (0 when absent), score =
1 - (1 - n)(1 - o), rounded to 4 decimals. Candidates come ordered by score, then by ids.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from graph.cypher import Queries
from graph.database import Database
from graph.errors import ErrorCode, FieldError, UserInputError
from graph.taxonomy.model import DuplicateCandidate, DuplicateReason
from graph.text import normalize_name
from graph.viewer import Viewer

query = Queries("taxonomy")


SAME_NAME_SCORE = 1.0


ALIAS_COLLISION_SCORE = 0.95


MIN_EDIT_SIMILARITY = 0.75


MIN_CHARACTER_DICE = 0.85


MIN_BIGRAM_DICE = 0.5


MAX_SIMILAR_NAME_SCORE = 0.9


MIN_CONTAINED_LENGTH = 2


GENERIC_CONTAINS_SCORE = 0.9


MIN_OVERLAP_HOLDERS = 20


MIN_OVERLAP_JACCARD = 0.8


SCREEN_SAMPLE = 100


SCREEN_MIN_SHARE = 0.5


VERIFY_CAP = 5_000


_NAME_REASONS = (
    DuplicateReason.SAME_NORMALIZED_NAME,
    DuplicateReason.ALIAS_COLLISION,
    DuplicateReason.SIMILAR_NAME,
    DuplicateReason.CONTAINS,
)


# Exact collisions make a name ambiguous even between a tag and its ancestor.
_ANY_PLACE_REASONS = (DuplicateReason.SAME_NORMALIZED_NAME, DuplicateReason.ALIAS_COLLISION)


# Characters that name different values of one dimension (a character may sit in several).
_CONTRAST_CLASSES = (
    "高中低", "大中小", "多少", "长短", "强弱", "新老旧", "早晚", "快慢", "冷温热", "好坏差",
    "优良中差劣", "男女", "有无", "是否", "已未", "前后", "上下", "内外", "正负", "增减", "升降",
    "涨跌", "买卖", "进出", "收支", "首复末", "主次副", "重次", "轻重", "深浅", "远近", "难易",
    "贵廉", "胖瘦", "老少幼", "单双", "公私", "东南西北中", "春夏秋冬", "年季月周日", "甲乙丙丁",
    "钻铂金银铜黄白黑", "红橙黄绿青蓝紫黑白灰", "开关", "入离", "活沉",
)  # fmt: skip


_NUMERIC = frozenset("0123456789零〇一二两三四五六七八九十百千万亿半.,%+-~～—至到")


# Words whose presence alone changes the value: negations and degrees (活跃 / 不活跃, 满意 /
# 非常满意, 一线城市 / 新一线城市).
_MODIFIERS = frozenset(
    {
        "不", "非", "未", "无", "没", "没有", "非常", "很", "较", "比较", "最", "极", "特别", "超",
        "新", "老", "准", "non", "non-", "un", "in", "not ", "very ", "most ", "extra ",
    }
)  # fmt: skip


_WORD_ANTONYMS = frozenset(
    frozenset(pair)
    for pair in (
        ("high", "low"), ("new", "old"), ("big", "small"), ("large", "small"), ("hot", "cold"),
        ("first", "last"), ("early", "late"), ("top", "bottom"), ("online", "offline"),
        ("min", "max"), ("inbound", "outbound"), ("buy", "sell"), ("male", "female"),
    )
)  # fmt: skip


# What may be left of the longer name when it is the shorter one plus a generic word.
_GENERIC_WORDS = frozenset(
    {
        "客户", "用户", "会员", "人群", "群体", "客群", "群", "类", "类客户", "型", "型客户",
        "标签",
        "customer", "customers", "client", "clients", "user", "users", "member", "members",
        "group", "segment",
    }
)  # fmt: skip


_TRIM = " -_·/|()（）"


@dataclass(frozen=True, slots=True)
class _LiveTag:
    id: str
    name: str
    aliases: frozenset[str]
    category_id: str
    exclusive: bool
    ancestors: frozenset[str]
    customers: int
    distinct_from: frozenset[str]


Pair = tuple[str, str]


Evidence = dict[Pair, dict[DuplicateReason, float]]


async def find_duplicate_candidates(
    db: Database, viewer: Viewer, limit: int = 50
) -> list[DuplicateCandidate]:
    """Pairs of live tags that are probably duplicates, best first (see the module docstring)."""
    if limit < 0:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "first must not be negative", ("first",)
        )
    rows = await db.read(
        query("find_live_tags"), visibleCategoryIds=viewer.visible_categories_param()
    )
    tags = [_live_tag(row) for row in rows]
    evidence = _name_evidence(tags)
    for pair, jaccard in (await _customer_overlap(db, tags)).items():
        evidence.setdefault(pair, {})[DuplicateReason.CUSTOMER_OVERLAP] = jaccard
    candidates = [_candidate(pair, reasons) for pair, reasons in evidence.items()]
    candidates.sort(key=lambda c: (-c.score, c.tag_a_id, c.tag_b_id))
    return candidates[:limit]


async def mark_tags_distinct(db: Database, viewer: Viewer, tag_a_id: str, tag_b_id: str) -> None:
    """Record that two tags are not duplicates, so they are never proposed again (idempotent)."""
    if tag_a_id == tag_b_id:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "a tag cannot be distinct from itself", ("tagBId",)
        )
    low_id, high_id = sorted((tag_a_id, tag_b_id))
    rows = await db.write(
        query("mark_tags_distinct"),
        lowId=low_id,
        highId=high_id,
        by=viewer.user,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    found = {rows[0]["lowId"], rows[0]["highId"]} - {None}
    errors = [
        FieldError(ErrorCode.NOT_FOUND, f"tag {tag_id!r} does not exist", (field,))
        for tag_id, field in ((tag_a_id, "tagAId"), (tag_b_id, "tagBId"))
        if tag_id not in found
    ]
    if errors:
        # The query writes only when it found both tags: nothing was changed.
        raise UserInputError(errors)


def _name_evidence(tags: list[_LiveTag]) -> Evidence:
    evidence: Evidence = {}

    def add(x: _LiveTag, y: _LiveTag, reason: DuplicateReason, score: float) -> None:
        if x.id == y.id or _marked_distinct(x, y):
            return
        if reason not in _ANY_PLACE_REASONS and _related(x, y):
            return
        reasons = evidence.setdefault(_pair(x, y), {})
        reasons[reason] = max(reasons.get(reason, 0.0), score)

    by_name: dict[str, list[_LiveTag]] = defaultdict(list)
    by_alias: dict[str, list[_LiveTag]] = defaultdict(list)
    for tag in tags:
        by_name[tag.name].append(tag)
        for alias in tag.aliases:
            by_alias[alias].append(tag)
    for group in by_name.values():
        for x, y in combinations(group, 2):
            add(x, y, DuplicateReason.SAME_NORMALIZED_NAME, SAME_NAME_SCORE)
    for alias, holders in by_alias.items():
        for x, y in combinations(holders, 2):
            add(x, y, DuplicateReason.ALIAS_COLLISION, ALIAS_COLLISION_SCORE)
        for x in holders:
            for y in by_name.get(alias, ()):
                add(x, y, DuplicateReason.ALIAS_COLLISION, ALIAS_COLLISION_SCORE)

    for x, y, shared in _pairs_sharing_characters(tags):
        for reason, score in near_name_scores(x.name, y.name, shared):
            add(x, y, reason, score)
    return evidence


def near_name_scores(
    x: str, y: str, shared: int | None = None
) -> list[tuple[DuplicateReason, float]]:
    """SIMILAR_NAME and CONTAINS of two different normalized names, when they hold.

    `shared` is the size of their multiset of common characters, when the caller knows it.
    """
    if x == y:
        return []
    if shared is None:
        shared = sum((Counter(x) & Counter(y)).values())
    short, long = sorted((x, y), key=len)
    total = len(x) + len(y)
    dice = 2 * shared / total
    may_be_similar = shared >= MIN_EDIT_SIMILARITY * len(long) or dice >= MIN_CHARACTER_DICE
    may_contain = shared == len(short) and len(short) >= MIN_CONTAINED_LENGTH
    if not (may_be_similar or may_contain) or contrasting(x, y):
        return []
    scores: list[tuple[DuplicateReason, float]] = []
    if may_be_similar:
        edit = 1 - levenshtein(x, y) / len(long)
        reordered = dice >= MIN_CHARACTER_DICE and _bigram_dice(x, y) >= MIN_BIGRAM_DICE
        if edit >= MIN_EDIT_SIMILARITY or reordered:
            scores.append(
                (
                    DuplicateReason.SIMILAR_NAME,
                    min(MAX_SIMILAR_NAME_SCORE, max(edit, dice if reordered else 0.0)),
                )
            )
    if may_contain and short in long:
        rest = long.replace(short, "", 1).strip(_TRIM)
        score = (
            GENERIC_CONTAINS_SCORE if rest in _GENERIC_WORDS else 0.4 + 0.5 * len(short) / len(long)
        )
        scores.append((DuplicateReason.CONTAINS, score))
    return scores


def contrasting(x: str, y: str) -> bool:
    """Whether two names differ only in values of one dimension (高频购买 / 低频购买)."""
    start = 0
    while start < min(len(x), len(y)) and x[start] == y[start]:
        start += 1
    end = 0
    while end < min(len(x), len(y)) - start and x[-1 - end] == y[-1 - end]:
        end += 1
    mx, my = x[start : len(x) - end], y[start : len(y) - end]
    if not mx and not my:
        return False
    if set(mx) <= _NUMERIC and set(my) <= _NUMERIC:
        return True
    if not mx or not my:
        return (mx or my) in _MODIFIERS
    if frozenset((mx.strip(), my.strip())) in _WORD_ANTONYMS:
        return True
    return len(mx) == len(my) and all(
        p == q or any(p in group and q in group for group in _CONTRAST_CLASSES)
        for p, q in zip(mx, my, strict=True)
    )


def _bigram_dice(x: str, y: str) -> float:
    bigrams_x = {x[i : i + 2] for i in range(len(x) - 1)}
    bigrams_y = {y[i : i + 2] for i in range(len(y) - 1)}
    total = len(bigrams_x) + len(bigrams_y)
    return 2 * len(bigrams_x & bigrams_y) / total if total else 0.0


def levenshtein(x: str, y: str) -> int:
    """The edit distance of two strings (insertions, deletions, substitutions)."""
    if len(x) < len(y):
        x, y = y, x
    previous = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        current = [i]
        for j, cy in enumerate(y, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (cx != cy)))
        previous = current
    return previous[-1]


def _pairs_sharing_characters(
    tags: list[_LiveTag],
) -> Iterable[tuple[_LiveTag, _LiveTag, int]]:
    # Tokens (character, occurrence): two names share exactly their common multiset of them.
    index: dict[tuple[str, int], list[int]] = defaultdict(list)
    for position, tag in enumerate(tags):
        for token in _tokens(tag.name):
            index[token].append(position)
    for position, tag in enumerate(tags):
        shared: Counter[int] = Counter()
        for token in _tokens(tag.name):
            shared.update(other for other in index[token] if other > position)
        for other, count in shared.items():
            yield tag, tags[other], count


def _tokens(name: str) -> list[tuple[str, int]]:
    seen: Counter[str] = Counter()
    tokens = []
    for ch in name:
        seen[ch] += 1
        tokens.append((ch, seen[ch]))
    return tokens


async def _customer_overlap(db: Database, tags: list[_LiveTag]) -> dict[Pair, float]:
    """Jaccard index of the holders of each pair with ≥ 0.8 (see the module docstring)."""
    by_id = {tag.id: tag for tag in tags if tag.customers >= MIN_OVERLAP_HOLDERS}
    if len(by_id) < 2:
        return {}
    rows = await db.read(
        query("find_co_held_tags"),
        ids=sorted(by_id),
        sample=SCREEN_SAMPLE,
        minShare=SCREEN_MIN_SHARE,
    )
    found: dict[Pair, float] = {}
    to_verify: dict[Pair, tuple[_LiveTag, _LiveTag]] = {}
    for row in rows:
        smaller = by_id[row["id"]]
        for item in row["coHeld"]:
            other = by_id.get(item["id"])
            if other is None or not _may_overlap(smaller, other):
                continue
            pair = _pair(smaller, other)
            if int(row["examined"]) == smaller.customers:
                # Every holder was examined: the intersection is exact.
                _keep(found, pair, _jaccard(int(item["shared"]), smaller, other))
            else:
                to_verify[pair] = (smaller, other)
    if to_verify:
        rows = await db.read(
            query("count_shared_customers"),
            pairs=[{"a": a.id, "b": b.id} for a, b in to_verify.values()],
            cap=VERIFY_CAP,
        )
        for row in rows:
            smaller, other = by_id[row["a"]], by_id[row["b"]]
            examined, shared = int(row["examined"]), int(row["shared"])
            if examined < smaller.customers and examined > 0:
                shared = round(shared / examined * smaller.customers)
            _keep(found, _pair(smaller, other), _jaccard(shared, smaller, other))
    return found


def _may_overlap(smaller: _LiveTag, other: _LiveTag) -> bool:
    # The pair is screened from the side of the tag with fewer holders (ties: either side).
    return (
        smaller.customers <= other.customers
        and smaller.customers >= MIN_OVERLAP_JACCARD * other.customers
        and not _related(smaller, other)
        and not _marked_distinct(smaller, other)
        and not (smaller.exclusive and smaller.category_id == other.category_id)
    )


def _jaccard(shared: int, x: _LiveTag, y: _LiveTag) -> float:
    union = x.customers + y.customers - shared
    return shared / union if union > 0 else 0.0


def _keep(found: dict[Pair, float], pair: Pair, jaccard: float) -> None:
    if jaccard >= MIN_OVERLAP_JACCARD:
        found[pair] = round(min(jaccard, 1.0), 4)


def _candidate(pair: Pair, reasons: dict[DuplicateReason, float]) -> DuplicateCandidate:
    name = max((reasons[r] for r in _NAME_REASONS if r in reasons), default=0.0)
    overlap = reasons.get(DuplicateReason.CUSTOMER_OVERLAP, 0.0)
    score = 1 - (1 - name) * (1 - overlap)
    return DuplicateCandidate(
        tag_a_id=pair[0],
        tag_b_id=pair[1],
        score=round(score, 4),
        reasons=tuple(reason.value for reason in DuplicateReason if reason in reasons),
    )


def _pair(x: _LiveTag, y: _LiveTag) -> Pair:
    return (x.id, y.id) if x.id < y.id else (y.id, x.id)


def _related(x: _LiveTag, y: _LiveTag) -> bool:
    return x.id in y.ancestors or y.id in x.ancestors


def _marked_distinct(x: _LiveTag, y: _LiveTag) -> bool:
    return y.id in x.distinct_from or x.id in y.distinct_from


def _live_tag(row: dict[str, Any]) -> _LiveTag:
    return _LiveTag(
        id=row["id"],
        name=row["normalizedName"] or normalize_name(row["name"]),
        aliases=frozenset(normalize_name(alias) for alias in row["aliases"]) - {""},
        category_id=row["categoryId"],
        exclusive=bool(row["exclusive"]),
        ancestors=frozenset(row["ancestorIds"]),
        customers=int(row["customers"]),
        distinct_from=frozenset(row["distinctFromIds"]),
    )
