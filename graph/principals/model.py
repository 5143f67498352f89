"""Principals as the graph holds them: users, departments, API keys; and what roles grant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from graph.viewer import ALL_PERMISSIONS, Permission, Role, Viewer

KEY_PREFIX = "tgk_"

# What each role may do (INTEGRATION: only the permissions listed on its user). SIGNED_IN is
# what every principal holds: asking who it is.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: ALL_PERMISSIONS,
    Role.TAXONOMY_MANAGER: frozenset(
        {
            Permission.SIGNED_IN,
            Permission.READ,
            Permission.MANAGE_TAXONOMY,
            Permission.MANAGE_RULES,
            Permission.EXPORT_DATA,
        }
    ),
    Role.SALES: frozenset(
        {Permission.SIGNED_IN, Permission.READ, Permission.TAG, Permission.EXPORT_DATA}
    ),
    Role.ANALYST: frozenset(
        {
            Permission.SIGNED_IN,
            Permission.READ,
            Permission.MANAGE_SEGMENTS,
            Permission.EXPORT_DATA,
        }
    ),
    Role.INTEGRATION: frozenset({Permission.SIGNED_IN}),
}
# Roles that see (and may tag in) every category; the others see what their departments may.
UNRESTRICTED_ROLES = frozenset({Role.ADMIN, Role.TAXONOMY_MANAGER})


class CategoryAccess(StrEnum):
    """What a department may do with a category: SEE it, or TAG with it (which implies SEE)."""

    SEE = "SEE"
    TAG = "TAG"


def parse_roles(names: object) -> frozenset[Role]:
    """The known roles among these names (unknown names grant nothing)."""
    if not isinstance(names, list | tuple | set | frozenset):
        return frozenset()
    return frozenset(Role(name) for name in names if name in Role.__members__)


def parse_permissions(names: object) -> frozenset[Permission]:
    """The known permissions among these names (unknown names grant nothing)."""
    if not isinstance(names, list | tuple | set | frozenset):
        return frozenset()
    return frozenset(Permission(name) for name in names if name in Permission.__members__)


def permissions_of(
    roles: frozenset[Role], granted: frozenset[Permission] = frozenset()
) -> frozenset[Permission]:
    """Everything these roles allow; an INTEGRATION principal adds its granted permissions."""
    allowed: set[Permission] = set()
    for role in roles:
        allowed |= ROLE_PERMISSIONS[role]
    if Role.INTEGRATION in roles:
        allowed |= granted
    return frozenset(allowed)


@dataclass(frozen=True, slots=True)
class User:
    """A person or integration the API knows, with its roles and departments."""

    id: str
    name: str
    roles: tuple[Role, ...]
    permissions: tuple[Permission, ...]
    department_ids: tuple[str, ...]
    created_at: datetime | None


@dataclass(frozen=True, slots=True)
class Department:
    """A group of users with the tag categories it may see and tag."""

    id: str
    name: str
    see_category_ids: tuple[str, ...]
    tag_category_ids: tuple[str, ...]
    member_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key as listed: never its hash, never the key itself."""

    id: str
    name: str
    prefix: str
    user_id: str
    created_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewApiKey:
    """A key just created: `secret` is the key in clear, shown this once."""

    key: ApiKey
    secret: str


@dataclass(frozen=True, slots=True)
class KeyPrincipal:
    """What the graph says about the holder of a key (resolved by its hash)."""

    key_id: str
    user_id: str
    roles: frozenset[Role]
    permissions: frozenset[Permission]
    department_ids: frozenset[str]
    visible_category_ids: frozenset[str]
    taggable_category_ids: frozenset[str]
    expires_at: datetime | None
    revoked_at: datetime | None

    def usable_at(self, now: datetime) -> bool:
        """Neither revoked nor expired at `now`."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


def viewer_for(
    user: str,
    roles: frozenset[Role],
    *,
    granted: frozenset[Permission] = frozenset(),
    departments: frozenset[str] = frozenset(),
    grants: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> Viewer:
    """The viewer of a principal: its permissions, and unless its roles see everything, the
    categories its departments may see and tag (`grants`: visible ids, taggable ids)."""
    unrestricted = bool(roles & UNRESTRICTED_ROLES)
    visible, taggable = grants
    return Viewer(
        user=user,
        roles=frozenset(roles),
        departments=departments,
        visible_category_ids=None if unrestricted else visible | taggable,
        taggable_category_ids=None if unrestricted else taggable,
        permissions=permissions_of(roles, granted),
    )
