"""Hypothesis strategies of customer filters over a data set read back with `read_world`."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from datagen import REFERENCE_TIME
from graph.segments.model import CustomerFilter, HadTag
from tests.segment_reference import World


def leaves(world: World) -> st.SearchStrategy[CustomerFilter]:
    tags = sorted({a[0] for c in world.customers for a in c["assignments"]})  # type: ignore[attr-defined]
    tag_nodes = sorted(set(tags) | {p for t in tags for p in world.ancestors(t)})
    categories = sorted(set(world.category_of[t] for t in tags))
    industries = sorted(
        {n.split(":", 1)[1] for c in world.customers if c["industry"]
         for n in world.ancestors(f"industry:{c['industry']}")}
    )  # fmt: skip
    regions = sorted(
        {n.split(":", 1)[1] for c in world.customers if c["region"]
         for n in world.ancestors(f"region:{c['region']}")}
    )  # fmt: skip
    names = sorted({str(c["name"])[i : i + 2] for c in world.customers[:50] for i in (0, 2)})
    moments = st.integers(0, 1200).map(lambda d: REFERENCE_TIME - timedelta(days=d))
    tag = st.sampled_from(tag_nodes)
    return st.one_of(
        tag.map(lambda t: CustomerFilter(has_tag=t)),
        st.lists(tag, min_size=1, max_size=3).map(
            lambda ts: CustomerFilter(has_all_tags=tuple(ts))
        ),
        st.lists(tag, min_size=1, max_size=3).map(lambda ts: CustomerFilter(has_any_tag=tuple(ts))),
        st.sampled_from(categories).map(lambda c: CustomerFilter(has_any_tag_in_category=c)),
        st.tuples(tag, moments, moments)
        .filter(lambda x: x[1] != x[2])
        .map(lambda x: CustomerFilter(had_tag=HadTag(x[0], min(x[1], x[2]), max(x[1], x[2])))),
        st.sampled_from(industries).map(lambda i: CustomerFilter(in_industry=i)),
        st.sampled_from(regions).map(lambda r: CustomerFilter(in_region=r)),
        st.integers(0, 3000).map(lambda n: CustomerFilter(employees_gte=n)),
        st.integers(0, 3000).map(lambda n: CustomerFilter(employees_lte=n)),
        st.floats(0, 1e9).map(lambda v: CustomerFilter(annual_revenue_gte=v)),
        moments.map(lambda m: CustomerFilter(last_interaction_before=m)),
        moments.map(lambda m: CustomerFilter(created_after=m)),
        st.sampled_from(names).map(lambda n: CustomerFilter(name_contains=n)),
    )


def filters(world: World) -> st.SearchStrategy[CustomerFilter]:
    return st.recursive(
        leaves(world),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: CustomerFilter(and_=tuple(xs))),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: CustomerFilter(or_=tuple(xs))),
            inner.map(lambda x: CustomerFilter(not_=x)),
        ),
        max_leaves=6,
    )
