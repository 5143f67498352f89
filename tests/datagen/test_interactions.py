"""Generated interaction histories: deterministic, and consistent with each customer's last
interaction time, lifecycle stage and edition tags."""

from __future__ import annotations

from datetime import timedelta

from datagen import build_dataset
from datagen.interactions import PRODUCTS, generate_interactions, stage_names


def test_histories_are_deterministic_and_consistent() -> None:
    dataset = build_dataset(2_000, seed=3)
    names = stage_names(dataset.tags)
    products = {p.id: p for p in PRODUCTS}
    assert {p.tier for p in PRODUCTS} == {"基础版", "专业版", "旗舰版"} and len(PRODUCTS) == 12
    stages_seen = set()
    for customer in next(dataset.customers(batch_size=2_000)):
        history = generate_interactions(customer, names, dataset.seed)
        assert history == generate_interactions(customer, names, dataset.seed)
        held = {names[t] for t in customer.tag_ids}
        if customer.last_interaction_at is None:
            assert history == []
            continue
        assert max(i.at for i in history) == customer.last_interaction_at
        assert history == sorted(history, key=lambda i: i.at)
        purchases = [i for i in history if i.type in ("PURCHASE", "RENEWAL")]
        assert all(i.amount and i.product_id in products for i in purchases)
        if "忠诚客户" in held:
            stages_seen.add("忠诚客户")
            window = customer.last_interaction_at - timedelta(days=365)
            assert sum(1 for i in purchases if i.at > window) >= 3
        if held & {"已成交客户", "沉睡客户", "流失客户", "需挽回客户"}:
            stages_seen.add("buyer")
            assert purchases
        if held & {"潜在客户", "意向客户"}:
            stages_seen.add("lead")
            assert not [i for i in history if i.type == "PURCHASE"]
        for edition, tier in (("已购买基础版", "基础版"), ("已购买旗舰版", "旗舰版")):
            if edition in held:
                assert all(products[i.product_id or ""].tier == tier for i in purchases)
    assert stages_seen == {"忠诚客户", "buyer", "lead"}
