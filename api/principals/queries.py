"""Principal queries: who am I (anyone signed in); users, departments, keys, audit (ADMIN)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.pagination import Connection, connection
from api.principals.types import ApiKey, AuditEntry, Department, User, Viewer
from graph import audit
from graph.principals import directory, keys


@strawberry.type
class PrincipalQueries:
    @strawberry.field(description="Who is asking: roles, permissions, visible categories.")
    def viewer(self, info: Info[Context, None]) -> Viewer:
        return Viewer.from_model(info.context.viewer)

    @strawberry.field(description="Every user, by id.")
    async def users(self, info: Info[Context, None]) -> list[User]:
        return [User.from_model(u) for u in await directory.find_users(info.context.db)]

    @strawberry.field(description="Every department with its grants and members, by id.")
    async def departments(self, info: Info[Context, None]) -> list[Department]:
        found = await directory.find_departments(info.context.db)
        return [Department.from_model(d) for d in found]

    @strawberry.field(description="API keys (of one user, or all), newest first; never a hash.")
    async def api_keys(
        self, info: Info[Context, None], user_id: strawberry.ID | None = None
    ) -> list[ApiKey]:
        found = await keys.find_api_keys(
            info.context.db, user_id=None if user_id is None else str(user_id)
        )
        return [ApiKey.from_model(k) for k in found]

    @strawberry.field(
        description="Changes to the taxonomy, rules, principals and grants, newest first."
    )
    async def audit_log(
        self,
        info: Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        subject_id: strawberry.ID | None = None,
        by: str | None = None,
    ) -> Connection[AuditEntry]:
        context = info.context
        page = await audit.find_audit_entries(
            context.db,
            page=context.page(first, after, arity=2),
            subject_id=None if subject_id is None else str(subject_id),
            by=by,
        )

        async def count() -> int:
            return await audit.count_audit_entries(
                context.db, subject_id=None if subject_id is None else str(subject_id), by=by
            )

        return connection(page, AuditEntry.from_model, count)
