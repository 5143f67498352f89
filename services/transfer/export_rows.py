"""The rows of exports, in the shared file format: columns, tag paths, cells (pure; the
importer's typed rows are services/transfer/rows.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from graph.customers.model import Customer
from graph.exports.model import Assignment, CategoryTree, HeldTags, TagChange
from graph.taxonomy.model import LIVE, Tag
from services.transfer.paths import format_path, join_paths
from services.transfer.writers import Cell, Row

CUSTOMER_COLUMNS = (
    "id",
    "name",
    "kind",
    "industry",
    "region",
    "employees",
    "annualRevenue",
    "email",
    "phone",
    "tags",
)
# Columns a customer export may add to the shared format (not read by the importer).
EXTRA_CUSTOMER_COLUMNS = ("createdAt", "updatedAt", "lastInteractionAt")
TAXONOMY_COLUMNS = ("path", "id", "color", "description", "aliases", "exclusive", "status")
ASSIGNMENT_COLUMNS = ("customerId", "tag", "tagId", "source", "by", "since", "note", "expiresAt")
HISTORY_COLUMNS = ("at", "customerId", "tag", "change", "by", "source")

_CUSTOMER_CELLS: dict[str, Callable[[Customer], Cell]] = {
    "id": lambda c: c.id,
    "name": lambda c: c.name,
    "kind": lambda c: c.kind,
    "industry": lambda c: c.industry_code,
    "region": lambda c: c.region_code,
    "employees": lambda c: c.employees,
    "annualRevenue": lambda c: c.annual_revenue,
    "email": lambda c: c.email,
    "phone": lambda c: c.phone,
    "createdAt": lambda c: c.created_at,
    "updatedAt": lambda c: c.updated_at,
    "lastInteractionAt": lambda c: c.last_interaction_at,
}


def customer_columns(asked: Iterable[str] | None) -> tuple[str, ...]:
    """The columns asked for, in the order given (the shared format's when none); ValueError
    names an unknown one."""
    if asked is None:
        return CUSTOMER_COLUMNS
    columns = tuple(dict.fromkeys(asked))
    known = (*CUSTOMER_COLUMNS, *EXTRA_CUSTOMER_COLUMNS)
    unknown = [column for column in columns if column not in known]
    if unknown or not columns:
        raise ValueError(f"unknown columns {unknown}; known: {', '.join(known)}")
    return columns


@dataclass(frozen=True, slots=True)
class TagPaths:
    """The path of every tag of the visible categories, as files write it."""

    paths: dict[str, str]
    names: dict[str, list[str]]

    @classmethod
    def of(cls, trees: Iterable[CategoryTree]) -> TagPaths:
        """The paths of these trees' tags (retired tags sit at the top of their category)."""
        names: dict[str, list[str]] = {}
        for tree in trees:
            by_id = {tag.id: tag for tag in tree.tags}
            for tag in tree.tags:
                names[tag.id] = [tree.category.name, *_names_from_root(tag, by_id)]
        return cls({tag_id: format_path(path) for tag_id, path in names.items()}, names)

    def cell(self, tag_id: str) -> str | None:
        """The one path of a tag in a cell of its own, `;` escaped as in a list, so that a
        reader splitting the cell as a list gets it whole (parse_path reads it either way)."""
        path = self.paths.get(tag_id)
        return None if path is None else join_paths([path])

    def of_tags(self, tag_ids: Iterable[str]) -> list[str]:
        """The paths of these tags, sorted (tags outside the known trees left out)."""
        return sorted(self.paths[tag_id] for tag_id in tag_ids if tag_id in self.paths)


def _names_from_root(tag: Tag, by_id: dict[str, Tag]) -> list[str]:
    names: list[str] = []
    current: Tag | None = tag
    seen: set[str] = set()
    while current is not None and current.id not in seen:  # a cycle never exists; be safe
        seen.add(current.id)
        names.append(current.name)
        current = by_id.get(current.parent_id) if current.parent_id else None
    return names[::-1]


def customer_row(held: HeldTags, columns: tuple[str, ...], paths: TagPaths) -> Row:
    """One customer's cells in these columns (`tags`: its paths)."""
    return [
        paths.of_tags(held.tag_ids) if column == "tags" else _CUSTOMER_CELLS[column](held.customer)
        for column in columns
    ]


def taxonomy_rows(trees: Iterable[CategoryTree], paths: TagPaths) -> Iterator[Row]:
    """Each category, then its live tags depth first (a parent before its children, siblings
    by name): the order an importer can create them in."""
    for tree in trees:
        category = tree.category
        path = join_paths([format_path([category.name])])
        yield [path, category.id, category.color, category.description, [], category.exclusive,
               None]  # fmt: skip
        live = [tag for tag in tree.tags if tag.status in LIVE]
        children: dict[str | None, list[Tag]] = {}
        for tag in live:
            children.setdefault(tag.parent_id, []).append(tag)
        stack = sorted(children.get(None, []), key=_sort_key, reverse=True)
        while stack:
            tag = stack.pop()
            yield [paths.cell(tag.id), tag.id, tag.color, tag.description, list(tag.aliases),
                   None, tag.status]  # fmt: skip
            stack.extend(sorted(children.get(tag.id, []), key=_sort_key, reverse=True))


def _sort_key(tag: Tag) -> tuple[str, str]:
    return (tag.normalized_name, tag.id)


def assignment_row(assignment: Assignment, paths: TagPaths) -> Row:
    """One assignment's cells."""
    return [
        assignment.customer_id,
        paths.cell(assignment.tag_id),
        assignment.tag_id,
        assignment.source,
        assignment.by,
        assignment.since,
        assignment.note,
        assignment.expires_at,
    ]


def history_row(change: TagChange, path: str) -> Row:
    """One change of a tag's history."""
    return [change.at, change.customer_id, path, change.change, change.by, change.source]
