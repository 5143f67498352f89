"""Who is asking: threaded from the API into every graph function."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Viewer:
    """The caller of a graph function: user, roles, departments and what they may see.

    `visible_category_ids` restricts which tag categories (and so which tags and assignments)
    queries return; None means every category. Queries apply it in Cypher, not in Python.
    """

    user: str
    roles: frozenset[str] = field(default_factory=frozenset)
    departments: frozenset[str] = field(default_factory=frozenset)
    visible_category_ids: frozenset[str] | None = None

    @classmethod
    def full_access(cls, user: str = "local") -> Viewer:
        """A viewer who sees and may change everything (local use, the CLI, tests)."""
        return cls(user=user, roles=frozenset({"admin"}))

    def visible_categories_param(self) -> list[str] | None:
        """The `$visibleCategoryIds` query parameter: a list, or null for all categories."""
        if self.visible_category_ids is None:
            return None
        return sorted(self.visible_category_ids)
