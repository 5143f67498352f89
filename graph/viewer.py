"""Who is asking: threaded from the API into every graph function."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """What a principal is for; each role brings a fixed set of permissions."""

    ADMIN = "ADMIN"
    TAXONOMY_MANAGER = "TAXONOMY_MANAGER"
    SALES = "SALES"
    ANALYST = "ANALYST"
    INTEGRATION = "INTEGRATION"


class Permission(StrEnum):
    """What a root field of the API requires (api/permissions.py maps each field to one)."""

    SIGNED_IN = "SIGNED_IN"
    READ = "READ"
    TAG = "TAG"
    WRITE_CUSTOMERS = "WRITE_CUSTOMERS"
    ERASE_CUSTOMERS = "ERASE_CUSTOMERS"
    MANAGE_SEGMENTS = "MANAGE_SEGMENTS"
    MANAGE_TAXONOMY = "MANAGE_TAXONOMY"
    MANAGE_RULES = "MANAGE_RULES"
    MANAGE_PRINCIPALS = "MANAGE_PRINCIPALS"
    READ_AUDIT = "READ_AUDIT"
    READ_METRICS = "READ_METRICS"  # /metrics (a Prometheus scraper's key)
    EXPORT_DATA = "EXPORT_DATA"  # the REST export routes: whole segments and lists as files


ALL_PERMISSIONS = frozenset(Permission)


@dataclass(frozen=True, slots=True)
class Viewer:
    """The caller of a graph function: user, roles, departments and what they may see.

    `visible_category_ids` restricts which tag categories (and so which tags and assignments)
    queries return; None means every category. Queries apply it in Cypher, not in Python.
    `taggable_category_ids` restricts, among those, the categories whose tags the viewer may
    assign or remove; None means every visible one.
    """

    user: str
    roles: frozenset[str] = field(default_factory=frozenset)
    departments: frozenset[str] = field(default_factory=frozenset)
    visible_category_ids: frozenset[str] | None = None
    taggable_category_ids: frozenset[str] | None = None
    permissions: frozenset[Permission] = frozenset()  # what the API lets it run (none)

    @classmethod
    def full_access(cls, user: str = "local") -> Viewer:
        """A viewer who sees and may change everything (local use, the CLI, tests)."""
        return cls(user=user, roles=frozenset({Role.ADMIN}), permissions=ALL_PERMISSIONS)

    def may(self, permission: Permission) -> bool:
        """Whether the viewer holds this permission."""
        return permission in self.permissions

    def visible_categories_param(self) -> list[str] | None:
        """The `$visibleCategoryIds` query parameter: a list, or null for all categories."""
        if self.visible_category_ids is None:
            return None
        return sorted(self.visible_category_ids)

    def taggable_categories_param(self) -> list[str] | None:
        """The `$taggableCategoryIds` query parameter: a list, or null for every visible one."""
        if self.taggable_category_ids is None:
            return None
        return sorted(self.taggable_category_ids)
