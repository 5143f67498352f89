"""The generated tag taxonomy: shape, naming and size."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from datagen import Dataset, build_dataset, target_tag_count

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def largest() -> Dataset:
    return build_dataset(1_000_000)


@pytest.fixture(scope="module")
def smallest() -> Dataset:
    return build_dataset(1_000)


def depths(dataset: Dataset) -> dict[str, int]:
    parent = {tag.id: tag.parent_id for tag in dataset.tags}
    result: dict[str, int] = {}
    for tag in dataset.tags:  # parents first, so the parent's depth is known
        result[tag.id] = 1 if tag.parent_id is None else result[parent[tag.id] or ""] + 1
    return result


def test_there_are_eight_categories_of_which_lifecycle_and_source_are_exclusive(
    smallest: Dataset,
) -> None:
    names = {c.name: c for c in smallest.categories}
    assert len(names) == 8
    assert {"基础属性", "行为轨迹", "业务价值", "兴趣偏好", "地域", "情感反馈"} <= set(names)
    assert {c.name for c in smallest.categories if c.exclusive} == {"生命周期", "客户来源"}
    assert all(re.fullmatch(r"cat-[a-z]+", c.id) for c in smallest.categories)


@pytest.mark.parametrize("name", ["smallest", "largest"])
def test_tags_are_listed_parents_first(name: str, request: pytest.FixtureRequest) -> None:
    dataset: Dataset = request.getfixturevalue(name)
    seen: set[str] = set()
    categories = {c.id for c in dataset.categories}
    for tag in dataset.tags:
        assert tag.parent_id is None or tag.parent_id in seen
        assert tag.category_id in categories
        seen.add(tag.id)
    assert len(seen) == len(dataset.tags)


def test_children_stay_in_their_parents_category(largest: Dataset) -> None:
    by_id = {tag.id: tag for tag in largest.tags}
    for tag in largest.tags:
        if tag.parent_id is not None:
            assert by_id[tag.parent_id].category_id == tag.category_id


def test_tree_depth_never_exceeds_five(largest: Dataset) -> None:
    histogram = Counter(depths(largest).values())
    assert max(histogram) == 5
    assert all(histogram[d] > 0 for d in range(1, 6))


@pytest.mark.parametrize("name", ["smallest", "largest"])
def test_sibling_names_are_unique_after_normalization(
    name: str, request: pytest.FixtureRequest
) -> None:
    dataset: Dataset = request.getfixturevalue(name)
    keys = Counter(
        (tag.category_id, tag.parent_id, unicodedata.normalize("NFKC", tag.name).casefold())
        for tag in dataset.tags
    )
    assert [key for key, count in keys.items() if count > 1] == []


def test_tag_names_are_plausible_chinese_labels(largest: Dataset) -> None:
    for tag in largest.tags:
        assert 0 < len(tag.name) <= 64
        assert CJK.search(tag.name) or re.fullmatch(r"[A-Za-z0-9]+[\u4e00-\u9fff]*", tag.name)
        assert not re.fullmatch(r"(?i)tag[-_ ]?\d+", tag.name)
        assert "/" not in tag.name and tag.name == tag.name.strip()
        assert CJK.search(tag.description)


def test_every_tag_has_a_category_palette_color(largest: Dataset) -> None:
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c.color) for c in largest.categories)
    assert all(re.fullmatch(r"#[0-9A-F]{6}", t.color) for t in largest.tags)
    assert len({t.color for t in largest.tags}) > 40


def test_largest_size_has_about_a_thousand_tags(largest: Dataset) -> None:
    assert 900 <= len(largest.tags) <= 1_100


def test_tag_count_grows_with_the_logarithm_of_size() -> None:
    counts = [len(build_dataset(size).tags) for size in (1_000, 10_000, 100_000)]
    assert 150 <= counts[0] <= 250
    assert counts[0] < counts[1] < counts[2]
    assert target_tag_count(10_000) - target_tag_count(1_000) == pytest.approx(
        target_tag_count(1_000_000) - target_tag_count(100_000), abs=1
    )


def test_smaller_taxonomies_are_prefixes_of_larger_ones(
    smallest: Dataset, largest: Dataset
) -> None:
    assert largest.tags[: len(smallest.tags)] == smallest.tags


def test_tiny_sizes_keep_the_whole_handcrafted_core() -> None:
    assert len(build_dataset(10).tags) >= 150
    assert len(build_dataset(10).tags) <= len(build_dataset(1_000).tags)


def test_well_known_crm_tags_are_present(smallest: Dataset) -> None:
    names = {tag.name for tag in smallest.tags}
    expected = {
        "500人以上", "上市公司", "专精特新企业", "决策者", "采购负责人", "高频购买", "首次购买",
        "复购客户", "官网访问", "下载白皮书", "提交表单", "VIP客户", "高价值客户", "价格敏感客户",
        "高活跃", "一线城市", "新一线城市", "推荐者", "贬损者", "潜在客户", "沉睡客户",
        "流失客户", "抖音", "小红书", "转介绍", "报表自动化",
    }  # fmt: skip
    assert expected <= names


def test_id_prefix_namespaces_every_tag_and_category() -> None:
    plain = build_dataset(1_000)
    prefixed = build_dataset(1_000, id_prefix="t1-")
    assert [t.id for t in prefixed.tags] == ["t1-" + t.id for t in plain.tags]
    assert all(t.parent_id is None or t.parent_id.startswith("t1-tag-") for t in prefixed.tags)
    assert all(t.category_id.startswith("t1-cat-") for t in prefixed.tags)
    assert all(c.id.startswith("t1-cat-") for c in prefixed.categories)
    assert re.fullmatch(r"tag-\d{4}", plain.tags[0].id)


@pytest.mark.parametrize("size", [0, -5, 1_000_001])
def test_size_must_be_between_one_and_a_million(size: int) -> None:
    with pytest.raises(ValueError, match="size"):
        build_dataset(size)
