"""Synthetic customers: determinism, tag statistics and plausibility."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from datetime import UTC, timedelta
from itertools import chain

import pytest

import refdata
from datagen import PERSONAS, REFERENCE_TIME, CustomerSpec, Dataset, build_dataset

SAMPLE_SIZE = 20_000


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build_dataset(SAMPLE_SIZE, seed=7)


@pytest.fixture(scope="module")
def customers(dataset: Dataset) -> list[CustomerSpec]:
    return list(chain.from_iterable(dataset.customers(batch_size=5_000)))


def category_of(dataset: Dataset) -> dict[str, str]:
    names = {c.id: c.name for c in dataset.categories}
    return {tag.id: names[tag.category_id] for tag in dataset.tags}


def test_customer_ids_are_sequential(customers: list[CustomerSpec]) -> None:
    assert len(customers) == SAMPLE_SIZE
    assert [c.id for c in customers[:3]] == ["C0000001", "C0000002", "C0000003"]
    assert customers[-1].id == f"C{SAMPLE_SIZE:07d}"
    assert len({c.id for c in customers}) == SAMPLE_SIZE


def test_same_seed_gives_identical_customers() -> None:
    first = list(chain.from_iterable(build_dataset(2_500, seed=3).customers()))
    second = list(chain.from_iterable(build_dataset(2_500, seed=3).customers()))
    assert first == second
    dataset = build_dataset(2_500, seed=3)
    assert list(dataset.customers()) == list(dataset.customers())


def test_different_seeds_give_different_customers() -> None:
    first = next(build_dataset(1_000, seed=1).customers())
    second = next(build_dataset(1_000, seed=2).customers())
    assert sum(a.name == b.name for a, b in zip(first, second, strict=True)) < 100


def test_output_is_independent_of_batch_size() -> None:
    dataset = build_dataset(2_345, seed=11)
    reference = list(chain.from_iterable(dataset.customers(batch_size=10_000)))
    for batch_size in (1, 333, 1_000, 2_345):
        batches = list(dataset.customers(batch_size=batch_size))
        assert all(len(batch) == batch_size for batch in batches[:-1])
        assert 0 < len(batches[-1]) <= batch_size
        assert list(chain.from_iterable(batches)) == reference


def test_customers_are_generated_lazily() -> None:
    batches = build_dataset(1_000_000).customers(batch_size=500)
    assert len(next(batches)) == 500  # would take far longer if all were built up front


def test_customers_hold_about_twelve_tags(customers: list[CustomerSpec]) -> None:
    mean = sum(len(c.tag_ids) for c in customers) / len(customers)
    assert 10 <= mean <= 14
    assert min(len(c.tag_ids) for c in customers) >= 3


def test_most_common_tag_covers_about_forty_percent(
    dataset: Dataset, customers: list[CustomerSpec]
) -> None:
    counts = Counter(chain.from_iterable(c.tag_ids for c in customers))
    (top, count), (_, runner_up) = counts.most_common(2)
    assert 0.35 <= count / len(customers) <= 0.45
    assert runner_up < count
    assert {t.id: t.name for t in dataset.tags}[top] == "微信"


def test_no_customer_holds_a_tag_twice(customers: list[CustomerSpec]) -> None:
    assert all(len(set(c.tag_ids)) == len(c.tag_ids) for c in customers)


def test_customers_reference_only_known_tags(
    dataset: Dataset, customers: list[CustomerSpec]
) -> None:
    known = {tag.id for tag in dataset.tags}
    assert set(chain.from_iterable(c.tag_ids for c in customers)) <= known


def test_exclusive_categories_hold_at_most_one_tag_per_customer(
    dataset: Dataset, customers: list[CustomerSpec]
) -> None:
    category = category_of(dataset)
    for customer in customers:
        held = Counter(category[t] for t in customer.tag_ids)
        assert held["生命周期"] == 1
        assert held["客户来源"] <= 1
    with_source = sum(any(category[t] == "客户来源" for t in c.tag_ids) for c in customers)
    assert with_source > 0.7 * len(customers)


def test_customers_hold_tags_at_various_depths(
    dataset: Dataset, customers: list[CustomerSpec]
) -> None:
    parent = {t.id: t.parent_id for t in dataset.tags}
    depth: dict[str, int] = {}
    for tag in dataset.tags:
        depth[tag.id] = 1 if tag.parent_id is None else depth[tag.parent_id] + 1
    leaves = set(parent) - set(parent.values())
    held = list(chain.from_iterable(c.tag_ids for c in customers))
    histogram = Counter(depth[t] for t in held)
    assert {1, 2, 3, 4} <= set(histogram)
    assert sum(t in leaves for t in held) > 0.6 * len(held)
    assert histogram[1] < 0.2 * len(held)


def test_industry_and_region_codes_exist_in_reference_data(
    customers: list[CustomerSpec],
) -> None:
    divisions = {i.code for i in refdata.industries() if i.level == "DIVISION"}
    cities = {r.code for r in refdata.regions() if r.level == "CITY"}
    countries = {r.code for r in refdata.regions() if r.level == "COUNTRY" and r.code != "CN"}
    for customer in customers:
        if customer.kind == "COMPANY":
            assert customer.industry_code in divisions
            assert customer.region_code in cities
        else:
            assert customer.industry_code is None
            assert customer.region_code in cities | countries
    assert any(c.region_code in countries for c in customers)


def mean_jaccard(pairs: list[tuple[CustomerSpec, CustomerSpec]]) -> float:
    total = 0.0
    for a, b in pairs:
        sa, sb = set(a.tag_ids), set(b.tag_ids)
        total += len(sa & sb) / len(sa | sb)
    return total / len(pairs)


def test_similar_customers_exist_within_a_persona(customers: list[CustomerSpec]) -> None:
    rng = random.Random(0)
    by_persona: dict[str, list[CustomerSpec]] = defaultdict(list)
    for customer in customers:
        by_persona[customer.persona].append(customer)
    within = [
        (rng.choice(group), rng.choice(group)) for group in by_persona.values() for _ in range(200)
    ]
    across = [(rng.choice(customers), rng.choice(customers)) for _ in range(3_000)]
    across = [(a, b) for a, b in across if a.persona != b.persona]
    assert mean_jaccard(within) > 2 * mean_jaccard(across)


def test_personas_are_many_and_skewed(customers: list[CustomerSpec]) -> None:
    assert len(PERSONAS) >= 12
    counts = Counter(c.persona for c in customers)
    assert set(counts) == {p.name for p in PERSONAS}
    (_, most), *_, (_, least) = counts.most_common()
    assert most > 4 * least


def test_id_prefix_namespaces_every_id() -> None:
    dataset = build_dataset(1_200, seed=5, id_prefix="ds2-")
    known = {tag.id for tag in dataset.tags}
    assert all(t.id.startswith("ds2-tag-") for t in dataset.tags)
    assert all(c.id.startswith("ds2-cat-") for c in dataset.categories)
    plain = list(chain.from_iterable(build_dataset(1_200, seed=5).customers()))
    for customer, twin in zip(chain.from_iterable(dataset.customers()), plain, strict=True):
        assert customer.id == "ds2-" + twin.id
        assert customer.tag_ids == tuple("ds2-" + t for t in twin.tag_ids)
        assert set(customer.tag_ids) <= known


def test_timestamps_are_ordered_and_utc(customers: list[CustomerSpec]) -> None:
    oldest = REFERENCE_TIME - timedelta(days=3 * 366)
    never = 0
    for customer in customers:
        assert customer.created_at.tzinfo == UTC
        assert oldest <= customer.created_at <= REFERENCE_TIME
        if customer.last_interaction_at is None:
            never += 1
            continue
        assert customer.last_interaction_at.tzinfo == UTC
        assert customer.created_at <= customer.last_interaction_at <= REFERENCE_TIME
    assert 0 < never < 0.2 * len(customers)


def test_dormant_customers_were_last_contacted_60_to_400_days_ago(
    dataset: Dataset, customers: list[CustomerSpec]
) -> None:
    by_id = {t.id: t for t in dataset.tags}

    def stage(customer: CustomerSpec) -> str:
        for tag_id in customer.tag_ids:
            tag = by_id[tag_id]
            while tag.parent_id is not None:
                tag = by_id[tag.parent_id]
            if tag.category_id == "cat-lifecycle":
                return tag.name
        raise AssertionError("no lifecycle tag")

    dormant = [c for c in customers if c.persona == "沉睡的教育培训客户"]
    assert dormant
    for customer in dormant:
        assert stage(customer) in {"沉睡客户", "流失客户", "需挽回客户"}
        assert customer.last_interaction_at is not None
        days = (REFERENCE_TIME - customer.last_interaction_at).days
        assert 60 <= days <= 400


def test_companies_have_size_and_persons_do_not(customers: list[CustomerSpec]) -> None:
    for customer in customers:
        if customer.kind == "PERSON":
            assert customer.employees is None and customer.annual_revenue is None
        else:
            assert customer.kind == "COMPANY"
            assert customer.employees is not None and customer.employees >= 1
            assert customer.annual_revenue is None or customer.annual_revenue >= 10_000
    employees = sorted(c.employees or 0 for c in customers if c.kind == "COMPANY")
    assert employees[len(employees) // 2] < 200 < employees[-1]


def test_names_phones_and_emails_look_plausible(customers: list[CustomerSpec]) -> None:
    for customer in customers:
        assert 2 <= len(customer.name) <= 40
        if customer.kind == "PERSON":
            assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", customer.name)
        if customer.email is not None:
            assert re.fullmatch(r"[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]{2,}", customer.email)
        mainland = customer.region_code is not None and customer.region_code.isdigit()
        if customer.phone is not None and mainland:
            assert re.fullmatch(r"1[358]\d{9}|0\d{2,3}-\d{7,8}|400-\d{3}-\d{4}", customer.phone)
    companies = [c.name for c in customers if c.kind == "COMPANY"]
    assert sum(n.endswith("有限公司") for n in companies) > 0.6 * len(companies)
    assert len(set(companies)) > 0.9 * len(companies)
