"""Principal outputs: users, departments, API keys (never a hash), the viewer, audit entries."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.enums import Permission, Role
from api.errors import UserError
from graph import audit
from graph.principals import model
from graph.viewer import Viewer as GraphViewer


@strawberry.type(description="A person or integration the API knows.")
class User:
    id: strawberry.ID
    name: str
    roles: list[Role]
    permissions: list[Permission] = strawberry.field(
        description="Permissions granted beside the roles (INTEGRATION users)."
    )
    department_ids: list[strawberry.ID]
    created_at: datetime | None

    @classmethod
    def from_model(cls, user: model.User) -> User:
        """The GraphQL view of a user."""
        return cls(
            id=strawberry.ID(user.id),
            name=user.name,
            roles=list(user.roles),
            permissions=list(user.permissions),
            department_ids=[strawberry.ID(d) for d in user.department_ids],
            created_at=user.created_at,
        )


@strawberry.type(description="A group of users and the tag categories it may see and tag.")
class Department:
    id: strawberry.ID
    name: str
    see_category_ids: list[strawberry.ID] = strawberry.field(
        description="Categories it may see (CAN_SEE); those it may tag are visible too."
    )
    tag_category_ids: list[strawberry.ID] = strawberry.field(
        description="Categories whose tags its members may assign (CAN_TAG)."
    )
    member_ids: list[strawberry.ID]

    @classmethod
    def from_model(cls, department: model.Department) -> Department:
        """The GraphQL view of a department."""
        return cls(
            id=strawberry.ID(department.id),
            name=department.name,
            see_category_ids=[strawberry.ID(c) for c in department.see_category_ids],
            tag_category_ids=[strawberry.ID(c) for c in department.tag_category_ids],
            member_ids=[strawberry.ID(u) for u in department.member_ids],
        )


@strawberry.type(description="An API key as listed: its prefix, never the key or its hash.")
class ApiKey:
    id: strawberry.ID
    name: str
    prefix: str
    user_id: strawberry.ID
    created_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_model(cls, key: model.ApiKey) -> ApiKey:
        """The GraphQL view of a key."""
        return cls(
            id=strawberry.ID(key.id),
            name=key.name,
            prefix=key.prefix,
            user_id=strawberry.ID(key.user_id),
            created_at=key.created_at,
            expires_at=key.expires_at,
            revoked_at=key.revoked_at,
        )


@strawberry.type(description="Who is asking: roles, permissions and what it may see.")
class Viewer:
    user: str
    roles: list[str]
    departments: list[strawberry.ID]
    permissions: list[Permission]
    visible_category_ids: list[strawberry.ID] | None = strawberry.field(
        description="The categories it sees; null: every category."
    )
    taggable_category_ids: list[strawberry.ID] | None = strawberry.field(
        description="The categories it may tag with; null: every category it sees."
    )

    @classmethod
    def from_model(cls, viewer: GraphViewer) -> Viewer:
        """The GraphQL view of the caller."""
        visible, taggable = viewer.visible_category_ids, viewer.taggable_category_ids
        return cls(
            user=viewer.user,
            roles=sorted(viewer.roles),
            departments=[strawberry.ID(d) for d in sorted(viewer.departments)],
            permissions=sorted(viewer.permissions),
            visible_category_ids=None
            if visible is None
            else [strawberry.ID(c) for c in sorted(visible)],
            taggable_category_ids=None
            if taggable is None
            else [strawberry.ID(c) for c in sorted(taggable)],
        )


@strawberry.type(description="One recorded change to the taxonomy, rules, principals or grants.")
class AuditEntry:
    id: strawberry.ID
    at: datetime
    by: str
    action: str
    subject_kind: str
    subject_id: strawberry.ID
    summary: str

    @classmethod
    def from_model(cls, entry: audit.AuditEntry) -> AuditEntry:
        """The GraphQL view of an audit entry."""
        return cls(
            id=strawberry.ID(entry.id),
            at=entry.at,
            by=entry.by,
            action=entry.action,
            subject_kind=entry.subject_kind,
            subject_id=strawberry.ID(entry.subject_id),
            summary=entry.summary,
        )


@strawberry.type
class UserPayload:
    user: User | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DepartmentPayload:
    department: Department | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ApiKeyPayload:
    api_key: ApiKey | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CreateApiKeyPayload:
    api_key: ApiKey | None = None
    key: str | None = strawberry.field(
        default=None, description="The key itself, shown this once: it is stored as a hash only."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)
