"""Planning a taxonomy file against the visible taxonomy (pure): which categories and tags it
creates or updates, and which rows it refuses (duplicates in the file, unknown parents, ids
that would move a tag across categories or under itself, sibling names taken)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from graph.imports.model import KnownTag, TaxonomyEntry, TaxonomyPlan
from graph.imports.snapshot import PathKey, TaxonomySnapshot, path_key
from graph.taxonomy.model import LIVE
from graph.text import normalize_name


@dataclass(slots=True)
class _Placed:
    """A path the plan knows: its id, category and the ids of the tags above it."""

    id: str
    category_id: str
    ancestors: list[str] = field(default_factory=list)


class _Planner:
    def __init__(self, snapshot: TaxonomySnapshot, taken_ids: set[str]) -> None:
        self.snapshot = snapshot
        self.taken_ids = taken_ids  # ids of tags in any category, hidden ones included
        self.plan = TaxonomyPlan()
        self.placed: dict[PathKey, _Placed] = {}
        self.seen_paths: set[PathKey] = set()
        self.seen_ids: set[str] = set()
        self.sibling_names: dict[tuple[str, str | None], set[str]] = {}

    def refuse(self, entry: TaxonomyEntry, code: str, column: str, message: str) -> None:
        self.plan.refused.append((entry.index, code, column, message))

    def add(self, entry: TaxonomyEntry) -> None:
        key = path_key(entry.path)
        if key in self.seen_paths or (entry.id is not None and entry.id in self.seen_ids):
            column = "path" if key in self.seen_paths else "id"
            self.refuse(entry, "DUPLICATE_IN_FILE", column, "an earlier row has this " + column)
            return
        self.seen_paths.add(key)
        if entry.id is not None:
            self.seen_ids.add(entry.id)
        if len(key) == 1:
            self._category(entry, key)
        else:
            self._tag(entry, key)

    def _category(self, entry: TaxonomyEntry, key: PathKey) -> None:
        existing_id = self.snapshot.find(entry.path)
        if existing_id is None:
            if entry.id is not None and entry.id in self.snapshot.categories:
                message = f"category {entry.id!r} is named otherwise; renaming is not an import's"
                self.refuse(entry, "PATH_CONFLICT", "id", message)
                return
            category_id = entry.id or f"cat-{uuid.uuid4().hex[:12]}"
            self.plan.new_categories.append(
                {
                    "id": category_id,
                    "name": entry.path[0],
                    "normalizedName": key[0],
                    "description": entry.description,
                    "exclusive": bool(entry.exclusive),
                    "color": entry.color,
                }
            )
            self.placed[key] = _Placed(category_id, category_id)
            return
        category = self.snapshot.categories[existing_id]
        if entry.id is not None and entry.id != existing_id:
            message = f"category {entry.path[0]!r} has id {existing_id!r}, not {entry.id!r}"
            self.refuse(entry, "PATH_CONFLICT", "id", message)
            return
        if entry.exclusive is not None and entry.exclusive != category.exclusive:
            message = "whether an existing category is exclusive does not change on import"
            self.refuse(entry, "INVALID_VALUE", "exclusive", message)
            return
        self.placed[key] = _Placed(existing_id, existing_id)
        changes = _changes(entry, category.color, category.description, None, None)
        if changes:
            self.plan.category_updates.append({"id": existing_id, **_update_row(changes)})
        else:
            self.plan.unchanged += 1

    def _tag(self, entry: TaxonomyEntry, key: PathKey) -> None:
        parent = self._parent(key[:-1])
        if parent is None:
            message = (
                f"the parent {'/'.join(entry.path[:-1])!r} is neither in the file nor in the graph"
            )
            self.refuse(entry, "UNKNOWN_PARENT", "path", message)
            return
        existing_id = self.snapshot.find(entry.path)
        if existing_id is not None:
            self._existing_tag(entry, key, parent, self.snapshot.tags[existing_id])
            return
        if entry.id is not None and not self._free_id(entry, parent):
            return
        if not self._free_names(entry, parent):
            return
        tag_id = entry.id or f"tag-{uuid.uuid4().hex[:16]}"
        aliases = list(entry.aliases or ())
        self.plan.new_tags.append(
            {
                "id": tag_id,
                "name": entry.path[-1],
                "normalizedName": key[-1],
                "color": entry.color,
                "description": entry.description,
                "aliases": aliases,
                "normalizedAliases": [normalize_name(a) for a in aliases],
                "status": entry.status or "ACTIVE",
                "categoryId": parent.category_id,
                "parentId": None if parent.id == parent.category_id else parent.id,
            }
        )
        ancestors = [] if parent.id == parent.category_id else [parent.id, *parent.ancestors]
        self.placed[key] = _Placed(tag_id, parent.category_id, ancestors)

    def _parent(self, key: PathKey) -> _Placed | None:
        if key in self.placed:
            return self.placed[key]
        found = self.snapshot.by_path.get(key)
        if found is None:
            return None
        if found in self.snapshot.categories:
            return _Placed(found, found)
        tag = self.snapshot.tags[found]
        return _Placed(found, tag.category_id, self.snapshot.ancestors(found))

    def _existing_tag(
        self, entry: TaxonomyEntry, key: PathKey, parent: _Placed, tag: KnownTag
    ) -> None:
        if entry.id is not None and entry.id != tag.id:
            message = f"{'/'.join(entry.path)!r} is tag {tag.id!r}, not {entry.id!r}"
            self.refuse(entry, "PATH_CONFLICT", "id", message)
            return
        self.placed[key] = _Placed(tag.id, tag.category_id, self.snapshot.ancestors(tag.id))
        changes = _changes(entry, tag.color, tag.description, tag.aliases, tag.status)
        if changes:
            self.plan.tag_updates.append({"id": tag.id, **_update_row(changes)})
        else:
            self.plan.unchanged += 1
        del parent

    def _free_id(self, entry: TaxonomyEntry, parent: _Placed) -> bool:
        assert entry.id is not None
        if entry.id in (parent.id, *parent.ancestors):
            message = f"tag {entry.id!r} would be placed under itself"
            self.refuse(entry, "CYCLE", "path", message)
            return False
        known = self.snapshot.tags.get(entry.id)
        if known is not None and known.category_id != parent.category_id:
            category = self.snapshot.categories[known.category_id].name
            message = f"tag {entry.id!r} is in category {category!r}; a tag stays in its category"
            self.refuse(entry, "CATEGORY_MISMATCH", "path", message)
            return False
        if known is not None and parent.id in _descendants_of(self.snapshot, entry.id):
            message = f"tag {entry.id!r} would move under its own descendant"
            self.refuse(entry, "CYCLE", "path", message)
            return False
        if known is not None or entry.id in self.taken_ids:
            where = (
                "/".join(self.snapshot.path_of(entry.id)) if known else "a category you cannot see"
            )
            message = f"id {entry.id!r} is the tag at {where}; moving tags is moveTag's"
            self.refuse(entry, "PATH_CONFLICT", "id", message)
            return False
        return True

    def _free_names(self, entry: TaxonomyEntry, parent: _Placed) -> bool:
        level = (parent.category_id, None if parent.id == parent.category_id else parent.id)
        taken = self.sibling_names.get(level)
        if taken is None:
            taken = set()
            for tag in self.snapshot.tags.values():
                if (tag.category_id, tag.parent_id) == level and tag.status in LIVE:
                    taken |= {normalize_name(n) for n in (tag.name, *tag.aliases)}
            self.sibling_names[level] = taken
        wanted = [normalize_name(n) for n in (entry.path[-1], *(entry.aliases or ()))]
        clash = [name for name in wanted if name in taken] or _repeated(wanted)
        if clash:
            message = f"a sibling already has the name or alias {clash[0]!r}"
            self.refuse(
                entry, "DUPLICATE_NAME", "aliases" if clash[0] != wanted[0] else "path", message
            )
            return False
        taken.update(wanted)
        return True


def _repeated(names: list[str]) -> list[str]:
    return [name for i, name in enumerate(names) if name in names[:i]]


def _descendants_of(snapshot: TaxonomySnapshot, tag_id: str) -> set[str]:
    return {other for other in snapshot.tags if tag_id in snapshot.ancestors(other)}


def _changes(
    entry: TaxonomyEntry,
    color: str | None,
    description: str | None,
    aliases: tuple[str, ...] | None,
    status: str | None,
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if entry.color is not None and entry.color != color:
        changes["color"] = entry.color
    if entry.description is not None and entry.description != description:
        changes["description"] = entry.description
    if aliases is not None and entry.aliases is not None and tuple(entry.aliases) != tuple(aliases):
        changes["aliases"] = list(entry.aliases)
    if status is not None and entry.status is not None and entry.status != status:
        changes["status"] = entry.status
    return changes


def _update_row(changes: dict[str, Any]) -> dict[str, Any]:
    aliases = changes.get("aliases")
    return {
        "color": changes.get("color"),
        "description": changes.get("description"),
        "aliases": aliases,
        "normalizedAliases": None if aliases is None else [normalize_name(a) for a in aliases],
        "status": changes.get("status"),
    }


def plan_taxonomy(
    snapshot: TaxonomySnapshot, entries: list[TaxonomyEntry], *, taken_ids: set[str]
) -> TaxonomyPlan:
    """What the file's rows change, parents before children (a child may precede its parent
    in the file); any refused row is listed with why."""
    planner = _Planner(snapshot, taken_ids)
    for entry in sorted(entries, key=lambda e: (len(e.path), e.index)):
        planner.add(entry)
    planner.plan.refused.sort()
    return planner.plan
