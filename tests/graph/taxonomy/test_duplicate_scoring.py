"""The arithmetic of duplicate tags, without the graph: name reasons and the contrast rule,
exclusions, customer-overlap arithmetic and the score of a pair."""

from __future__ import annotations

from dataclasses import replace
from typing import TypedDict, Unpack

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.taxonomy.duplicate_scoring import (
    LiveTag,
    bigram_dice,
    candidate,
    contrasting,
    estimated_shared,
    jaccard,
    keep_overlap,
    levenshtein,
    live_tag_from_record,
    may_overlap,
    name_evidence,
    near_name_scores,
    pair_of,
    ranked_candidates,
)
from graph.taxonomy.model import DuplicateReason


class LiveFields(TypedDict, total=False):
    """The fields of a LiveTag a test may set; the others keep their defaults."""

    aliases: frozenset[str]
    category_id: str
    exclusive: bool
    ancestors: frozenset[str]
    customers: int
    distinct_from: frozenset[str]


_DEFAULT = LiveTag(
    id="",
    name="",
    aliases=frozenset(),
    category_id="cat",
    exclusive=False,
    ancestors=frozenset(),
    customers=0,
    distinct_from=frozenset(),
)


def live(tag_id: str, name: str, **fields: Unpack[LiveFields]) -> LiveTag:
    return replace(_DEFAULT, id=tag_id, name=name, **fields)


def reasons_of(*tags: LiveTag) -> dict[tuple[str, str], set[str]]:
    return {pair: {r.value for r in found} for pair, found in name_evidence(list(tags)).items()}


@pytest.mark.parametrize(
    ("x", "y", "reasons"),
    [
        ("重要客户", "重点客户", {"SIMILAR_NAME"}),
        ("客户价值", "价值客户", {"SIMILAR_NAME"}),
        ("vip", "vip客户", {"CONTAINS"}),
        ("企业微信", "微信", {"CONTAINS"}),
        ("高频购买", "低频购买", set()),
        ("高活跃", "中活跃", set()),
        ("已购买专业版", "未购买专业版", set()),
        ("30天内到期", "90天内到期", set()),
        ("18-25岁", "26-35岁", set()),
        ("一线城市", "二线城市", set()),
        ("满意", "非常满意", set()),
        ("活跃", "不活跃", set()),
        ("high value", "low value", set()),
        ("active", "inactive", set()),
        ("微信", "电话", set()),
    ],
)
def test_near_name_rules(x: str, y: str, reasons: set[str]) -> None:
    assert {reason.value for reason, _ in near_name_scores(x, y)} == reasons


def test_antonym_pairs_are_contrasting_and_near_synonyms_are_not() -> None:
    assert contrasting("高频购买", "低频购买")
    assert not contrasting("重要客户", "重点客户")


def test_levenshtein_counts_edits() -> None:
    assert levenshtein("重要客户", "重点客户") == 1
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3


def test_reasons_are_stable_strings() -> None:
    assert [r.value for r in DuplicateReason] == [
        "SAME_NORMALIZED_NAME",
        "ALIAS_COLLISION",
        "SIMILAR_NAME",
        "CONTAINS",
        "CUSTOMER_OVERLAP",
    ]


def test_same_normalized_names_and_alias_collisions_are_found_by_grouping() -> None:
    a, b = live("a", "重要客户"), live("b", "重要客户")
    c = live("c", "大客户", aliases=frozenset({"重要客户"}))
    d = live("d", "核心", aliases=frozenset({"kernel"}))
    e = live("e", "内核", aliases=frozenset({"kernel"}))
    found = reasons_of(a, b, c, d, e)
    assert found[("a", "b")] == {"SAME_NORMALIZED_NAME"}
    assert found[("a", "c")] == found[("b", "c")] == {"ALIAS_COLLISION"}
    assert found[("d", "e")] == {"ALIAS_COLLISION"}


def test_a_tag_and_its_ancestor_keep_only_exact_collisions() -> None:
    parent = live("p", "vip客户")
    child = live("c", "vip", ancestors=frozenset({"p"}))
    namesake = live("n", "vip客户", ancestors=frozenset({"p"}))
    assert reasons_of(parent, child, namesake) == {
        ("c", "n"): {"CONTAINS"},
        ("n", "p"): {"SAME_NORMALIZED_NAME"},
    }


def test_a_pair_marked_distinct_has_no_evidence() -> None:
    a = live("a", "重要客户", distinct_from=frozenset({"b"}))
    assert reasons_of(a, live("b", "重要客户"), live("c", "重点客户")) == {
        ("a", "c"): {"SIMILAR_NAME"},
        ("b", "c"): {"SIMILAR_NAME"},
    }


def test_bigram_dice_counts_shared_pairs_of_characters() -> None:
    assert bigram_dice("客户价值", "价值客户") == pytest.approx(2 * 2 / 6)
    assert bigram_dice("a", "b") == 0.0


def test_overlap_is_screened_from_the_smaller_side_within_twenty_percent() -> None:
    small, large = live("s", "x", customers=80), live("l", "y", customers=100)
    assert may_overlap(small, large) and not may_overlap(large, small)
    assert not may_overlap(live("s", "x", customers=79), large)
    assert not may_overlap(live("s", "x", customers=80, ancestors=frozenset({"l"})), large)
    assert not may_overlap(live("s", "x", customers=80, distinct_from=frozenset({"l"})), large)
    same_exclusive = live("s", "x", customers=80, category_id="stage", exclusive=True)
    assert not may_overlap(same_exclusive, live("l", "y", customers=100, category_id="stage"))


def test_jaccard_estimates_and_the_threshold() -> None:
    x, y = live("x", "x", customers=100), live("y", "y", customers=90)
    assert jaccard(90, x, y) == 0.9 and jaccard(0, live("a", "a"), live("b", "b")) == 0.0
    assert estimated_shared(40, 50, 100) == 80
    assert estimated_shared(40, 100, 100) == 40 and estimated_shared(0, 0, 100) == 0
    found: dict[tuple[str, str], float] = {}
    keep_overlap(found, ("x", "y"), 0.79)
    keep_overlap(found, ("x", "z"), 0.812345)
    assert found == {("x", "z"): 0.8123}


def test_names_and_holders_combine_as_independent_evidence() -> None:
    both = candidate(
        ("a", "b"),
        {DuplicateReason.CUSTOMER_OVERLAP: 0.8, DuplicateReason.SIMILAR_NAME: 0.75},
    )
    assert both.score == 0.95
    assert both.reasons == ("SIMILAR_NAME", "CUSTOMER_OVERLAP")
    contains = {DuplicateReason.CONTAINS: 0.6, DuplicateReason.SIMILAR_NAME: 0.8}
    assert candidate(("a", "b"), contains).score == 0.8


def test_candidates_are_ranked_by_score_then_ids_and_cut_at_the_limit() -> None:
    evidence = {
        ("b", "c"): {DuplicateReason.CONTAINS: 0.6},
        ("a", "d"): {DuplicateReason.CONTAINS: 0.6},
        ("x", "y"): {DuplicateReason.SAME_NORMALIZED_NAME: 1.0},
    }
    ranked = ranked_candidates(evidence, 2)
    assert [(c.tag_a_id, c.tag_b_id) for c in ranked] == [("x", "y"), ("a", "d")]


def test_a_live_tag_row_is_normalized() -> None:
    tag = live_tag_from_record(
        {"id": "t", "name": " VIP  客户 ", "normalizedName": None, "aliases": ["Ｖip", " "],
         "categoryId": "c", "exclusive": None, "ancestorIds": ["p"], "customers": 3,
         "distinctFromIds": []}
    )  # fmt: skip
    assert (tag.name, tag.aliases, tag.exclusive) == ("vip 客户", frozenset({"vip"}), False)
    assert pair_of(tag, live("a", "a")) == ("a", "t")


NAMES = st.text(alphabet="重要点客户价值高低vip 1", max_size=8)


@given(NAMES, NAMES)
def test_near_name_scores_are_symmetric_and_in_range(x: str, y: str) -> None:
    forward = sorted(near_name_scores(x, y))
    assert forward == sorted(near_name_scores(y, x))
    assert all(0.0 < score <= 0.9 for _, score in forward)
    assert contrasting(x, y) is contrasting(y, x)


@given(NAMES, NAMES, NAMES)
def test_levenshtein_is_a_distance(x: str, y: str, z: str) -> None:
    assert levenshtein(x, y) == levenshtein(y, x)
    assert (levenshtein(x, y) == 0) is (x == y)
    assert abs(len(x) - len(y)) <= levenshtein(x, y) <= max(len(x), len(y))
    assert levenshtein(x, z) <= levenshtein(x, y) + levenshtein(y, z)
