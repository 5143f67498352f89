"""The tag taxonomy: handcrafted core plus a deterministic, size-dependent expansion."""

from __future__ import annotations

import colorsys
import functools
import math
import unicodedata
from dataclasses import dataclass, field

from .core_tags import CORE_CATEGORIES, CoreCategory
from .expansion import expansion_sequence
from .models import CategorySpec, TagSpec
from .outline import OutlineNode, parse_outline

__all__ = ["MAX_DEPTH", "TagNode", "Taxonomy", "build_taxonomy", "normalize", "target_tag_count"]

MAX_DEPTH = 5
MAX_NAME_LENGTH = 64
#: Group id offset for the one-tag-per-customer exclusive categories.
CATEGORY_GROUP_BASE = 1_000_000


def normalize(name: str) -> str:
    """Key under which sibling tag names must be unique."""
    return unicodedata.normalize("NFKC", name).casefold()


def target_tag_count(size: int) -> int:
    """About 200 tags for 1,000 customers, growing with log(size) to 1,000 at 1,000,000."""
    return round(200 + 800 * (math.log10(max(size, 1)) - 3) / 3)


@dataclass(slots=True)
class TagNode:
    index: int
    name: str
    category: int  # index into Taxonomy.categories
    parent: int | None
    depth: int
    description: str
    exclusive_children: bool
    core: bool
    children: dict[str, int] = field(default_factory=dict)


class Taxonomy:
    """Mutable while being built; treat as read-only afterwards."""

    def __init__(self, categories: tuple[CoreCategory, ...]) -> None:
        self.categories = categories
        self.slug_index = {c.slug: i for i, c in enumerate(categories)}
        self.roots: list[dict[str, int]] = [{} for _ in categories]
        self.nodes: list[TagNode] = []

    def __len__(self) -> int:
        return len(self.nodes)

    def find(self, path: tuple[str, ...]) -> int | None:
        """Index of the tag at ``path`` (category slug first), or None."""
        return self._walk(path) if len(path) > 1 else None

    def _walk(self, path: tuple[str, ...], *, partial: bool = False) -> int | None:
        category = self.slug_index.get(path[0])
        if category is None:
            raise KeyError(f"unknown category slug {path[0]!r}")
        children = self.roots[category]
        current: int | None = None
        for name in path[1:]:
            nxt = children.get(normalize(name))
            if nxt is None:
                return current if partial else None
            current = nxt
            children = self.nodes[nxt].children
        return current

    def resolve(self, path: tuple[str, ...]) -> int | None:
        """Deepest existing tag along ``path`` (None if not even its first tag exists)."""
        return self._walk(path, partial=True)

    def add(self, node: OutlineNode, *, core: bool) -> bool:
        """Add one tag below its (existing) parent; False if skipped."""
        name = node.name
        if not name or len(name) > MAX_NAME_LENGTH or "/" in name or len(node.path) < 2:
            return False
        depth = len(node.path) - 1
        if depth > MAX_DEPTH:
            return False
        category = self.slug_index[node.path[0]]
        parent = self.find(node.parent) if depth > 1 else None
        if depth > 1 and parent is None:
            return False
        siblings = self.roots[category] if parent is None else self.nodes[parent].children
        key = normalize(name)
        if key in siblings:
            return False
        cat = self.categories[category]
        if node.description:
            description = node.description
        elif depth == 1 and not cat.exclusive:
            description = f"{cat.name}中与「{name}」相关的标签"
        else:
            description = cat.phrase.format(name=name)
        index = len(self.nodes)
        self.nodes.append(
            TagNode(
                index, name, category, parent, depth, description, node.exclusive_children, core
            )
        )
        siblings[key] = index
        return True

    def path_of(self, index: int) -> tuple[str, ...]:
        names: list[str] = []
        current: int | None = index
        while current is not None:
            names.append(self.nodes[current].name)
            current = self.nodes[current].parent
        category = self.categories[self.nodes[index].category].slug
        return (category, *reversed(names))

    def is_leaf(self, index: int) -> bool:
        return not self.nodes[index].children

    def group_of(self, index: int) -> int:
        """Mutual-exclusion group of a tag: customers hold at most one tag per group (-1: none)."""
        node = self.nodes[index]
        if self.categories[node.category].exclusive:
            return CATEGORY_GROUP_BASE + node.category
        current = node.parent
        while current is not None:
            if self.nodes[current].exclusive_children:
                return current
            current = self.nodes[current].parent
        return -1

    def color_of(self, index: int) -> str:
        node = self.nodes[index]
        base = self.categories[node.category].color
        r, g, b = (int(base[i : i + 2], 16) / 255 for i in (1, 3, 5))
        hue, light, sat = colorsys.rgb_to_hls(r, g, b)
        root = index
        while self.nodes[root].parent is not None:
            root = self.nodes[root].parent or 0
        rank = list(self.roots[node.category].values()).index(root)
        hue = (hue + ((rank % 5) - 2) * 0.025) % 1.0
        light = min(0.82, light + (node.depth - 1) * 0.07)
        rgb = colorsys.hls_to_rgb(hue, light, sat)
        return "#" + "".join(f"{round(c * 255):02X}" for c in rgb)

    def category_specs(self, id_prefix: str) -> tuple[CategorySpec, ...]:
        return tuple(
            CategorySpec(f"{id_prefix}cat-{c.slug}", c.name, c.description, c.exclusive, c.color)
            for c in self.categories
        )

    def tag_id(self, index: int, id_prefix: str) -> str:
        return f"{id_prefix}tag-{index + 1:04d}"

    def tag_specs(self, id_prefix: str) -> tuple[TagSpec, ...]:
        return tuple(
            TagSpec(
                id=self.tag_id(n.index, id_prefix),
                name=n.name,
                category_id=f"{id_prefix}cat-{self.categories[n.category].slug}",
                parent_id=None if n.parent is None else self.tag_id(n.parent, id_prefix),
                color=self.color_of(n.index),
                description=n.description,
            )
            for n in self.nodes
        )


def _core_taxonomy() -> Taxonomy:
    taxonomy = Taxonomy(CORE_CATEGORIES)
    for category in CORE_CATEGORIES:
        for node in parse_outline(category.outline, anchor=(category.slug,)):
            if not taxonomy.add(node, core=True):
                raise ValueError(f"invalid core tag {'/'.join(node.path)}")
    return taxonomy


@functools.lru_cache(maxsize=16)
def build_taxonomy(size: int) -> Taxonomy:
    """Core tags plus the first expansion tags, up to ``target_tag_count(size)`` tags."""
    taxonomy = _core_taxonomy()
    target = target_tag_count(size)
    if len(taxonomy) < target:
        for node in expansion_sequence():
            if taxonomy.add(node, core=False) and len(taxonomy) >= target:
                break
    return taxonomy
