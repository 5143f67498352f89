"""explainMembership: clause by clause, with the paths that satisfied subtree predicates."""

from __future__ import annotations

import pytest

from graph.database import Database
from graph.errors import NotFound
from graph.segments.explain import explain_membership
from graph.segments.model import CustomerFilter
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers
from graph.viewer import Viewer
from tests.factories import make_chain, make_customers


async def test_each_clause_says_whether_it_holds_and_through_which_path(
    db: Database, viewer: Viewer
) -> None:
    chain = await make_chain(db, depth=3)
    [member] = await make_customers(db, industry_code="13", region_code="440100", employees=80)
    await tag_customers(
        db, viewer, selection=CustomerSelection((member.id,)), tag_ids=[chain[2].id]
    )
    segment = CustomerFilter(
        has_tag=chain[0].id, in_region="CN-SOUTH", in_industry="C", employees_gte=500
    )
    explanation = await explain_membership(
        db, viewer, customer_id=member.id, customer_filter=segment
    )
    assert not explanation.matched
    by_clause = {part.clause.split()[0]: part for part in explanation.children}
    assert by_clause["hasTag"].matched
    assert by_clause["hasTag"].path == tuple(t.name for t in chain)
    assert by_clause["inRegion"].path == ("华南", "广东省", "广州市")
    assert by_clause["inIndustry"].path == ("制造业", "农副食品加工业")
    assert not by_clause["employees"].matched
    assert by_clause["employees"].detail == "employees is 80"


async def test_not_and_or_explain_their_children(db: Database, viewer: Viewer) -> None:
    [member] = await make_customers(db, region_code="330100")
    either = CustomerFilter(
        or_=(CustomerFilter(in_region="CN-SOUTH"), CustomerFilter(in_region="CN-EAST"))
    )
    explanation = await explain_membership(
        db, viewer, customer_id=member.id, customer_filter=CustomerFilter(not_=either)
    )
    assert (explanation.clause, explanation.matched) == ("not", False)
    [inner] = explanation.children
    assert [c.matched for c in inner.children] == [False, True]


async def test_unknown_customer_is_not_found(db: Database, viewer: Viewer) -> None:
    with pytest.raises(NotFound):
        await explain_membership(
            db, viewer, customer_id="nobody", customer_filter=CustomerFilter(has_tag="x")
        )
