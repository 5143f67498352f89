"""The visible taxonomy held in memory during an import: tag paths resolved by normalized
names (`行为/购买/高频购买`), as files write them."""

from __future__ import annotations

from collections.abc import Iterable

from graph.imports.model import KnownCategory, KnownTag
from graph.taxonomy.model import LIVE
from graph.text import normalize_name

PathKey = tuple[str, ...]


def path_key(names: Iterable[str]) -> PathKey:
    """The comparison form of a path: each name normalized (NFKC, case-folded)."""
    return tuple(normalize_name(name) for name in names)


class TaxonomySnapshot:
    """Categories and tags by id, and live tags and categories by path."""

    def __init__(self, categories: list[KnownCategory], tags: list[KnownTag]) -> None:
        self.categories = {category.id: category for category in categories}
        self.tags = {tag.id: tag for tag in tags}
        self.by_path: dict[PathKey, str] = {}
        for category in categories:
            self.by_path[(normalize_name(category.name),)] = category.id
        for tag in tags:
            if tag.status in LIVE:
                key = self._key(tag)
                if key is not None:
                    self.by_path.setdefault(key, tag.id)

    def _key(self, tag: KnownTag) -> PathKey | None:
        names: list[str] = []
        seen: set[str] = set()
        current: KnownTag | None = tag
        while current is not None:
            if current.id in seen:
                return None  # never in a consistent graph; such a tag cannot be named
            seen.add(current.id)
            names.append(normalize_name(current.name))
            current = self.tags.get(current.parent_id) if current.parent_id else None
        category = self.categories.get(tag.category_id)
        if category is None:
            return None
        return (normalize_name(category.name), *reversed(names))

    def find(self, names: Iterable[str]) -> str | None:
        """The id of the live tag (or, for one name, the category) at this path."""
        return self.by_path.get(path_key(names))

    def ancestors(self, tag_id: str) -> list[str]:
        """The ids of the tag's ancestors, parent first."""
        found: list[str] = []
        parent = self.tags[tag_id].parent_id if tag_id in self.tags else None
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.tags[parent].parent_id if parent in self.tags else None
        return found

    def path_of(self, tag_id: str) -> list[str]:
        """The names of the tag's path, its category first."""
        tag = self.tags[tag_id]
        names = [self.tags[a].name for a in reversed(self.ancestors(tag_id)) if a in self.tags]
        return [self.categories[tag.category_id].name, *names, tag.name]
