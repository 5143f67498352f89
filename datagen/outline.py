"""Parser for the small indented outline format used to write tag trees by hand."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OutlineNode", "parse_outline"]


@dataclass(frozen=True, slots=True)
class OutlineNode:
    """One outline line: ``path`` is the full path (category slug first)."""

    path: tuple[str, ...]
    description: str | None
    exclusive_children: bool

    @property
    def parent(self) -> tuple[str, ...]:
        return self.path[:-1]

    @property
    def name(self) -> str:
        return self.path[-1]


def parse_outline(text: str, anchor: tuple[str, ...] | None = None) -> list[OutlineNode]:
    """Parse an outline into nodes in document order (parents before children).

    With an ``anchor`` every line is a node, indented two spaces per level below
    it. Without one, each unindented line is an anchor path such as
    ``interest/产品兴趣/专业版`` (an existing tag, not emitted) and the indented
    lines below it are its new descendants. A trailing ``!`` marks mutually
    exclusive children; ``name | description`` sets a description.
    """
    nodes: list[OutlineNode] = []
    stack: list[str] = []
    base: tuple[str, ...] = anchor or ()
    shift = 0 if anchor is not None else 1
    for raw in text.splitlines():
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        line = raw.strip()
        if indent == 0 and anchor is None:
            base = tuple(line.split("/"))
            stack = []
            continue
        if indent % 2:
            raise ValueError(f"odd indentation in outline line {raw!r}")
        level = indent // 2 - shift
        if level > len(stack):
            raise ValueError(f"outline line {raw!r} skips a level")
        name, _, description = (part.strip() for part in line.partition("|"))
        exclusive = name.endswith("!")
        name = name.removesuffix("!").strip()
        del stack[level:]
        stack.append(name)
        nodes.append(OutlineNode(base + tuple(stack), description or None, exclusive))
    return nodes
