"""Users and departments: who belongs where, and which tag categories a department may use."""

from __future__ import annotations

import uuid
from typing import Any

from graph.audit import Change, write_audited
from graph.cypher import Queries
from graph.database import Database, UniqueKey, as_datetime, duplicates_refused
from graph.errors import ErrorCode, NotFound, UserInputError
from graph.principals.model import (
    CategoryAccess,
    Department,
    User,
    parse_permissions,
    parse_roles,
)
from graph.text import clean_name, name_errors
from graph.viewer import Permission, Role, Viewer

query = Queries("principals")


async def create_user(
    db: Database,
    viewer: Viewer,
    *,
    name: str,
    roles: frozenset[Role],
    permissions: frozenset[Permission] = frozenset(),
    user_id: str | None = None,
) -> User:
    """Create a user; DUPLICATE_NAME when the id is taken."""
    errors = name_errors(name, ("name",))
    if errors:
        raise UserInputError(errors)
    new_id = user_id or f"user-{uuid.uuid4().hex[:12]}"
    duplicate = UserInputError.single(
        ErrorCode.DUPLICATE_NAME, f"a user with id {new_id!r} exists", ("id",)
    )
    with duplicates_refused(UniqueKey("User", "id", duplicate)):
        rows = await write_audited(
            db,
            viewer,
            query("create_user"),
            change=Change("CREATE_USER", "User", new_id, f"roles {sorted(roles)}"),
            id=new_id,
            name=clean_name(name),
            roles=sorted(roles),
            permissions=sorted(permissions),
            by=viewer.user,
        )
    return _user(rows[0]["user"], [])


async def set_user_roles(
    db: Database,
    viewer: Viewer,
    *,
    user_id: str,
    roles: frozenset[Role],
    permissions: frozenset[Permission] = frozenset(),
) -> User:
    """Replace a user's roles (and an INTEGRATION user's granted permissions)."""
    rows = await write_audited(
        db,
        viewer,
        query("set_user_roles"),
        change=Change("SET_ROLES", "User", user_id, f"roles {sorted(roles)}"),
        id=user_id,
        roles=sorted(roles),
        permissions=sorted(permissions),
    )
    if not rows:
        raise NotFound("user", user_id, ("userId",))
    return await get_user(db, user_id=user_id)


async def find_users(db: Database, *, ids: list[str] | None = None) -> list[User]:
    """Users (all, or those with these ids), by id."""
    rows = await db.read(query("find_users"), ids=ids)
    return [_user(row["user"], row["departmentIds"]) for row in rows]


async def get_user(db: Database, *, user_id: str) -> User:
    """The user with this id; NotFound otherwise."""
    found = await find_users(db, ids=[user_id])
    if not found:
        raise NotFound("user", user_id, ("userId",))
    return found[0]


async def create_department(
    db: Database, viewer: Viewer, *, name: str, department_id: str | None = None
) -> Department:
    """Create a department; DUPLICATE_NAME when the id is taken."""
    errors = name_errors(name, ("name",))
    if errors:
        raise UserInputError(errors)
    new_id = department_id or f"dept-{uuid.uuid4().hex[:12]}"
    duplicate = UserInputError.single(
        ErrorCode.DUPLICATE_NAME, f"a department with id {new_id!r} exists", ("id",)
    )
    with duplicates_refused(UniqueKey("Department", "id", duplicate)):
        await write_audited(
            db,
            viewer,
            query("create_department"),
            change=Change("CREATE_DEPARTMENT", "Department", new_id, clean_name(name)),
            id=new_id,
            name=clean_name(name),
            by=viewer.user,
        )
    return await get_department(db, department_id=new_id)


async def find_departments(db: Database, *, ids: list[str] | None = None) -> list[Department]:
    """Departments (all, or those with these ids) with their grants and members, by id."""
    rows = await db.read(query("find_departments"), ids=ids)
    return [
        Department(
            id=row["department"]["id"],
            name=row["department"]["name"],
            see_category_ids=tuple(row["seeIds"]),
            tag_category_ids=tuple(row["tagIds"]),
            member_ids=tuple(row["memberIds"]),
        )
        for row in rows
    ]


async def get_department(db: Database, *, department_id: str) -> Department:
    """The department with this id; NotFound otherwise."""
    found = await find_departments(db, ids=[department_id])
    if not found:
        raise NotFound("department", department_id, ("departmentId",))
    return found[0]


async def set_membership(
    db: Database, viewer: Viewer, *, user_id: str, department_id: str, member: bool
) -> Department:
    """Add a user to a department (`member`) or remove it from one."""
    action = "ADD_MEMBER" if member else "REMOVE_MEMBER"
    rows = await write_audited(
        db,
        viewer,
        query("set_membership"),
        change=Change(action, "Department", department_id, f"user {user_id}"),
        userId=user_id,
        departmentId=department_id,
        member=member,
    )
    if not rows:
        raise NotFound("user or department", f"{user_id}/{department_id}", ("departmentId",))
    return await get_department(db, department_id=department_id)


async def grant_category(
    db: Database,
    viewer: Viewer,
    *,
    department_id: str,
    category_id: str,
    access: CategoryAccess,
) -> Department:
    """Let a department see a category, or tag with it (CAN_TAG implies seeing it)."""
    statement = query("grant_tag" if access is CategoryAccess.TAG else "grant_see")
    rows = await write_audited(
        db,
        viewer,
        statement,
        change=Change(f"GRANT_{access.value}", "Department", department_id, category_id),
        departmentId=department_id,
        categoryId=category_id,
        by=viewer.user,
    )
    if not rows:
        raise NotFound("department or category", f"{department_id}/{category_id}", ("categoryId",))
    return await get_department(db, department_id=department_id)


async def revoke_category(
    db: Database,
    viewer: Viewer,
    *,
    department_id: str,
    category_id: str,
    access: CategoryAccess | None = None,
) -> Department:
    """Take back a department's access to a category: TAG only (it keeps seeing it), SEE only,
    or both (`access` None)."""
    types = {CategoryAccess.SEE: ["CAN_SEE"], CategoryAccess.TAG: ["CAN_TAG"]}
    rows = await write_audited(
        db,
        viewer,
        query("revoke_grants"),
        change=Change(
            f"REVOKE_{access.value if access else 'ALL'}", "Department", department_id, category_id
        ),
        departmentId=department_id,
        categoryId=category_id,
        types=types[access] if access else ["CAN_SEE", "CAN_TAG"],
    )
    if not rows:
        raise NotFound("department or category", f"{department_id}/{category_id}", ("categoryId",))
    return await get_department(db, department_id=department_id)


async def find_department_grants(
    db: Database, *, department_ids: list[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """The category ids these departments may see and those they may tag."""
    rows = await db.read(query("find_grants_by_department_ids"), ids=department_ids)
    return frozenset(rows[0]["visibleIds"]), frozenset(rows[0]["taggableIds"])


def _user(record: dict[str, Any], department_ids: list[str]) -> User:
    return User(
        id=record["id"],
        name=record["name"],
        roles=tuple(sorted(parse_roles(record.get("roles")))),
        permissions=tuple(sorted(parse_permissions(record.get("permissions")))),
        department_ids=tuple(sorted(department_ids)),
        created_at=as_datetime(record.get("createdAt")),
    )
