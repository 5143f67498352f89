"""Principal mutations (ADMIN only): users, roles, departments, memberships, grants, API keys."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from api.context import Context
from api.enums import CategoryAccess, Permission, Role
from api.errors import payload
from api.principals.types import (
    ApiKey,
    ApiKeyPayload,
    CreateApiKeyPayload,
    Department,
    DepartmentPayload,
    User,
    UserPayload,
)
from graph.principals import directory, keys
from graph.principals import model as principals


@strawberry.type
class PrincipalMutations:
    @strawberry.mutation(description="Create a user with roles (and, for INTEGRATION, grants).")
    async def create_user(
        self,
        info: Info[Context, None],
        name: str,
        roles: list[Role],
        permissions: list[Permission] | None = None,
        id: strawberry.ID | None = None,
    ) -> UserPayload:
        call = directory.create_user(
            info.context.db,
            info.context.viewer,
            name=name,
            roles=frozenset(roles),
            permissions=frozenset(permissions or ()),
            user_id=None if id is None else str(id),
        )
        return await payload(UserPayload, call, lambda u: UserPayload(user=User.from_model(u)))

    @strawberry.mutation(description="Replace a user's roles and granted permissions.")
    async def set_user_roles(
        self,
        info: Info[Context, None],
        user_id: strawberry.ID,
        roles: list[Role],
        permissions: list[Permission] | None = None,
    ) -> UserPayload:
        call = directory.set_user_roles(
            info.context.db,
            info.context.viewer,
            user_id=str(user_id),
            roles=frozenset(roles),
            permissions=frozenset(permissions or ()),
        )
        return await payload(UserPayload, call, lambda u: UserPayload(user=User.from_model(u)))

    @strawberry.mutation(description="Create a department.")
    async def create_department(
        self, info: Info[Context, None], name: str, id: strawberry.ID | None = None
    ) -> DepartmentPayload:
        call = directory.create_department(
            info.context.db,
            info.context.viewer,
            name=name,
            department_id=None if id is None else str(id),
        )
        return await payload(DepartmentPayload, call, _department_payload)

    @strawberry.mutation(description="Add a user to a department (member: true) or remove it.")
    async def set_department_membership(
        self,
        info: Info[Context, None],
        *,
        user_id: strawberry.ID,
        department_id: strawberry.ID,
        member: bool = True,
    ) -> DepartmentPayload:
        call = directory.set_membership(
            info.context.db,
            info.context.viewer,
            user_id=str(user_id),
            department_id=str(department_id),
            member=member,
        )
        return await payload(DepartmentPayload, call, _department_payload)

    @strawberry.mutation(description="Let a department see a tag category, or tag with it.")
    async def grant_category(
        self,
        info: Info[Context, None],
        department_id: strawberry.ID,
        category_id: strawberry.ID,
        access: CategoryAccess,
    ) -> DepartmentPayload:
        call = directory.grant_category(
            info.context.db,
            info.context.viewer,
            department_id=str(department_id),
            category_id=str(category_id),
            access=access,
        )
        return await payload(DepartmentPayload, call, _department_payload)

    @strawberry.mutation(
        description="Take back a department's SEE or TAG grant on a category (both when no access)."
    )
    async def revoke_category(
        self,
        info: Info[Context, None],
        department_id: strawberry.ID,
        category_id: strawberry.ID,
        access: CategoryAccess | None = None,
    ) -> DepartmentPayload:
        call = directory.revoke_category(
            info.context.db,
            info.context.viewer,
            department_id=str(department_id),
            category_id=str(category_id),
            access=access,
        )
        return await payload(DepartmentPayload, call, _department_payload)

    @strawberry.mutation(description="A new API key for a user: the key is in this answer only.")
    async def create_api_key(
        self,
        info: Info[Context, None],
        user_id: strawberry.ID,
        name: str,
        expires_at: datetime | None = None,
    ) -> CreateApiKeyPayload:
        call = keys.create_api_key(
            info.context.db,
            info.context.viewer,
            user_id=str(user_id),
            name=name,
            expires_at=expires_at,
        )
        return await payload(CreateApiKeyPayload, call, _created_key)

    @strawberry.mutation(description="Revoke an API key: it stops working at once.")
    async def revoke_api_key(self, info: Info[Context, None], id: strawberry.ID) -> ApiKeyPayload:
        return await payload(
            ApiKeyPayload,
            _revoke(info.context, str(id)),
            lambda k: ApiKeyPayload(api_key=ApiKey.from_model(k)),
        )


async def _revoke(context: Context, key_id: str) -> principals.ApiKey:
    key = await keys.revoke_api_key(context.db, context.viewer, key_id=key_id)
    if context.authenticator is not None:
        context.authenticator.forget_key(key.id)
    return key


def _department_payload(department: principals.Department) -> DepartmentPayload:
    return DepartmentPayload(department=Department.from_model(department))


def _created_key(new: principals.NewApiKey) -> CreateApiKeyPayload:
    return CreateApiKeyPayload(api_key=ApiKey.from_model(new.key), key=new.secret)
