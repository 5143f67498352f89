"""Users, departments and grants in the graph; what a key's holder may see and tag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.principals import directory, keys
from graph.principals.model import CategoryAccess
from graph.tagging import service as tagging
from graph.tagging.model import CustomerSelection
from graph.viewer import Role, Viewer
from tests.factories import (
    VIEWER,
    make_api_key,
    make_category,
    make_customers,
    make_department,
    make_tag,
    unique,
)


async def test_a_keys_holder_sees_what_its_departments_may_see_or_tag(db: Database) -> None:
    seen, tagged, hidden = [await make_category(db) for _ in range(3)]
    first = await make_department(db, see=(seen.id,))
    second = await make_department(db, tag=(tagged.id,))
    created = await make_api_key(db, Role.SALES, departments=(first, second))
    principal = await keys.find_principal_by_key(db, key=created.secret)
    assert principal is not None
    assert principal.visible_category_ids == {seen.id, tagged.id}
    assert hidden.id not in principal.visible_category_ids
    assert principal.taggable_category_ids == {tagged.id}
    assert principal.department_ids == {first.id, second.id}


async def test_revoking_tag_keeps_see_and_revoking_all_leaves_nothing(db: Database) -> None:
    category = await make_category(db)
    department = await make_department(db, see=(category.id,), tag=(category.id,))
    after_tag = await directory.revoke_category(
        db, VIEWER, department_id=department.id, category_id=category.id, access=CategoryAccess.TAG
    )
    assert after_tag.see_category_ids == (category.id,) and after_tag.tag_category_ids == ()
    after_all = await directory.revoke_category(
        db, VIEWER, department_id=department.id, category_id=category.id
    )
    assert after_all.see_category_ids == () and after_all.tag_category_ids == ()


async def test_a_taken_id_an_unknown_user_and_a_past_expiry_are_refused(db: Database) -> None:
    user_id = unique("user")
    await directory.create_user(
        db, VIEWER, name="x", roles=frozenset({Role.ANALYST}), user_id=user_id
    )
    with pytest.raises(UserInputError) as taken:
        await directory.create_user(db, VIEWER, name="y", roles=frozenset(), user_id=user_id)
    assert taken.value.errors[0].code is ErrorCode.DUPLICATE_NAME
    with pytest.raises(UserInputError) as unknown:
        await keys.create_api_key(db, VIEWER, user_id=unique("nobody"), name="k")
    assert unknown.value.errors[0].code is ErrorCode.NOT_FOUND
    with pytest.raises(UserInputError) as past:
        await keys.create_api_key(
            db, VIEWER, user_id=user_id, name="k", expires_at=datetime.now(UTC) - timedelta(1)
        )
    assert past.value.errors[0].code is ErrorCode.INVALID_INPUT


async def test_tagging_outside_the_taggable_categories_is_refused_in_the_query(
    db: Database,
) -> None:
    shown, taggable = await make_tag(db), await make_tag(db)
    [customer] = await make_customers(db)
    viewer = Viewer(
        user="sales",
        visible_category_ids=frozenset({shown.category_id, taggable.category_id}),
        taggable_category_ids=frozenset({taggable.category_id}),
    )
    selection = CustomerSelection(customer_ids=(customer.id,))
    with pytest.raises(UserInputError) as refused:
        await tagging.tag_customers(db, viewer, selection=selection, tag_ids=[shown.id])
    assert [e.code for e in refused.value.errors] == [ErrorCode.FORBIDDEN]
    done = await tagging.tag_customers(db, viewer, selection=selection, tag_ids=[taggable.id])
    assert done.added == 1
