"""Factories: each call makes new, uniquely named data, so tests never share data."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime

from graph.customers import service as customers
from graph.customers.model import Customer, CustomerUpsert
from graph.database import Database
from graph.principals import directory, keys
from graph.principals.model import CategoryAccess, Department, NewApiKey
from graph.taxonomy import categories
from graph.taxonomy import edits as taxonomy
from graph.taxonomy.model import NewTag, NewTagCategory, Tag, TagCategory
from graph.viewer import Permission, Role, Viewer

_counter = itertools.count(1)
VIEWER = Viewer.full_access(user="factory")


def unique(prefix: str) -> str:
    """A name or id no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def make_category(
    db: Database, *, name: str | None = None, exclusive: bool = False
) -> TagCategory:
    """A new tag category."""
    new = NewTagCategory(name=name or unique("类别"), exclusive=exclusive)
    return await categories.create_tag_category(db, VIEWER, new=new)


async def make_tag(
    db: Database,
    *,
    category: TagCategory | None = None,
    parent: Tag | None = None,
    name: str | None = None,
) -> Tag:
    """A new tag: under `parent`, or at the top of `category` (a new one when neither)."""
    if parent is None and category is None:
        category = await make_category(db)
    new = NewTag(
        name=name or unique("标签"),
        category_id=None if parent else category.id if category else None,
        parent_id=parent.id if parent else None,
    )
    return await taxonomy.create_tag(db, VIEWER, new=new)


async def make_chain(db: Database, depth: int, category: TagCategory | None = None) -> list[Tag]:
    """A path of `depth` tags, each the child of the one before."""
    chain = [await make_tag(db, category=category)]
    for _ in range(depth - 1):
        chain.append(await make_tag(db, parent=chain[-1]))
    return chain


async def make_customers(
    db: Database,
    count: int = 1,
    *,
    industry_code: str | None = None,
    region_code: str | None = None,
    employees: int | None = None,
) -> list[Customer]:
    """New customers with unique ids."""
    items = [
        CustomerUpsert(
            id=unique("cust"),
            name=f"测试客户{next(_counter)}",
            employees=employees,
            industry_code=industry_code,
            region_code=region_code,
        )
        for _ in range(count)
    ]
    return await customers.upsert_customers(db, VIEWER, items=items)


async def make_department(
    db: Database,
    *,
    see: tuple[str, ...] = (),
    tag: tuple[str, ...] = (),
) -> Department:
    """A new department that may see the `see` categories and tag with the `tag` ones."""
    department = await directory.create_department(db, VIEWER, name=unique("部门"))
    for category_id, access in [(c, CategoryAccess.SEE) for c in see] + [
        (c, CategoryAccess.TAG) for c in tag
    ]:
        department = await directory.grant_category(
            db, VIEWER, department_id=department.id, category_id=category_id, access=access
        )
    return department


async def make_api_key(
    db: Database,
    *roles: Role,
    departments: tuple[Department, ...] = (),
    permissions: frozenset[Permission] = frozenset(),
    expires_at: datetime | None = None,
) -> NewApiKey:
    """A new user with these roles (in these departments) and an API key acting for it."""
    user = await directory.create_user(
        db, VIEWER, name=unique("用户"), roles=frozenset(roles), permissions=permissions
    )
    for department in departments:
        await directory.set_membership(
            db, VIEWER, user_id=user.id, department_id=department.id, member=True
        )
    return await keys.create_api_key(
        db, VIEWER, user_id=user.id, name=unique("key"), expires_at=expires_at
    )


def bearer(key: NewApiKey | str) -> dict[str, str]:
    """The Authorization header of a key."""
    secret = key if isinstance(key, str) else key.secret
    return {"Authorization": f"Bearer {secret}"}
