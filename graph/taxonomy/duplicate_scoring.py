"""The arithmetic of duplicate tags, without the graph: how alike two names are, how much two
tags' holders overlap, and the score of a pair. `graph.taxonomy.duplicates` reads the tags and
their co-held counts and hands them to these functions; its docstring tells how.

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, combinations
from typing import Any

from graph.taxonomy.model import DuplicateCandidate, DuplicateReason
from graph.text import normalize_name

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
class LiveTag:
    """A live tag as duplicate detection compares it: normalized name and aliases, place in the
    taxonomy, number of direct holders, and the tags it was marked distinct from."""

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
Finding = tuple[LiveTag, LiveTag, DuplicateReason, float]


def name_evidence(tags: list[LiveTag]) -> Evidence:
    """The name reasons of every pair of these tags, with their scores."""
    evidence: Evidence = {}
    for x, y, reason, score in chain(_exact_collisions(tags), _near_names(tags)):
        if x.id == y.id or _marked_distinct(x, y):
            continue
        if reason not in _ANY_PLACE_REASONS and _related(x, y):
            continue
        reasons = evidence.setdefault(pair_of(x, y), {})
        reasons[reason] = max(reasons.get(reason, 0.0), score)
    return evidence


def _exact_collisions(tags: list[LiveTag]) -> Iterator[Finding]:
    """SAME_NORMALIZED_NAME and ALIAS_COLLISION, found by grouping the tags on their names and
    aliases (a pair may come more than once, and a tag paired with itself)."""
    by_name: dict[str, list[LiveTag]] = defaultdict(list)
    by_alias: dict[str, list[LiveTag]] = defaultdict(list)
    for tag in tags:
        by_name[tag.name].append(tag)
        for alias in tag.aliases:
            by_alias[alias].append(tag)
    for group in by_name.values():
        for x, y in combinations(group, 2):
            yield x, y, DuplicateReason.SAME_NORMALIZED_NAME, SAME_NAME_SCORE
    for alias, holders in by_alias.items():
        for x, y in combinations(holders, 2):
            yield x, y, DuplicateReason.ALIAS_COLLISION, ALIAS_COLLISION_SCORE
        for x in holders:
            for y in by_name.get(alias, ()):
                yield x, y, DuplicateReason.ALIAS_COLLISION, ALIAS_COLLISION_SCORE


def _near_names(tags: list[LiveTag]) -> Iterator[Finding]:
    """SIMILAR_NAME and CONTAINS of the pairs whose names share characters."""
    for x, y, shared in _pairs_sharing_characters(tags):
        for reason, score in near_name_scores(x.name, y.name, shared):
            yield x, y, reason, score


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
        reordered = dice >= MIN_CHARACTER_DICE and bigram_dice(x, y) >= MIN_BIGRAM_DICE
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


def bigram_dice(x: str, y: str) -> float:
    """2 · shared character bigrams / all bigrams of the two names (as sets); 0 without any."""
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
    tags: list[LiveTag],
) -> Iterable[tuple[LiveTag, LiveTag, int]]:
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


def may_overlap(smaller: LiveTag, other: LiveTag) -> bool:
    """Whether the holders of two tags may overlap enough to be counted, from their degrees
    and places alone (Jaccard ≤ smaller / larger degree)."""
    # The pair is screened from the side of the tag with fewer holders (ties: either side).
    return (
        smaller.customers <= other.customers
        and smaller.customers >= MIN_OVERLAP_JACCARD * other.customers
        and not _related(smaller, other)
        and not _marked_distinct(smaller, other)
        and not (smaller.exclusive and smaller.category_id == other.category_id)
    )


def jaccard(shared: int, x: LiveTag, y: LiveTag) -> float:
    """The Jaccard index of two tags' holders, given how many customers hold both."""
    union = x.customers + y.customers - shared
    return shared / union if union > 0 else 0.0


def estimated_shared(shared: int, examined: int, holders: int) -> int:
    """The customers holding both tags, estimated from the first `examined` of the smaller
    tag's `holders` of whom `shared` hold the other (exact when all were examined)."""
    if examined < holders and examined > 0:
        return round(shared / examined * holders)
    return shared


def keep_overlap(found: dict[Pair, float], pair: Pair, index: float) -> None:
    """Record the pair's Jaccard index (rounded) when it reaches the threshold."""
    if index >= MIN_OVERLAP_JACCARD:
        found[pair] = round(min(index, 1.0), 4)


def ranked_candidates(evidence: Evidence, limit: int) -> list[DuplicateCandidate]:
    """The first `limit` candidates of this evidence, by score (highest first), then ids."""
    candidates = [candidate(pair, reasons) for pair, reasons in evidence.items()]
    candidates.sort(key=lambda c: (-c.score, c.tag_a_id, c.tag_b_id))
    return candidates[:limit]


def candidate(pair: Pair, reasons: dict[DuplicateReason, float]) -> DuplicateCandidate:
    """A pair with its reasons, scored 1 - (1 - best name score)(1 - overlap score)."""
    name = max((reasons[r] for r in _NAME_REASONS if r in reasons), default=0.0)
    overlap = reasons.get(DuplicateReason.CUSTOMER_OVERLAP, 0.0)
    score = 1 - (1 - name) * (1 - overlap)
    return DuplicateCandidate(
        tag_a_id=pair[0],
        tag_b_id=pair[1],
        score=round(score, 4),
        reasons=tuple(reason.value for reason in DuplicateReason if reason in reasons),
    )


def pair_of(x: LiveTag, y: LiveTag) -> Pair:
    """The ids of two tags, lower first."""
    return (x.id, y.id) if x.id < y.id else (y.id, x.id)


def _related(x: LiveTag, y: LiveTag) -> bool:
    return x.id in y.ancestors or y.id in x.ancestors


def _marked_distinct(x: LiveTag, y: LiveTag) -> bool:
    return y.id in x.distinct_from or x.id in y.distinct_from


def live_tag_from_record(row: dict[str, Any]) -> LiveTag:
    """A LiveTag from a row of the live-tag query."""
    return LiveTag(
        id=row["id"],
        name=row["normalizedName"] or normalize_name(row["name"]),
        aliases=frozenset(normalize_name(alias) for alias in row["aliases"]) - {""},
        category_id=row["categoryId"],
        exclusive=bool(row["exclusive"]),
        ancestors=frozenset(row["ancestorIds"]),
        customers=int(row["customers"]),
        distinct_from=frozenset(row["distinctFromIds"]),
    )
