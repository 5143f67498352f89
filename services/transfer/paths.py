"""Tag paths in files: `category/tag/child`, several joined by `;`, with `\\` escapes."""

from __future__ import annotations

PATH_SEPARATOR = "/"
LIST_SEPARATOR = ";"
_ESCAPE = "\\"


def format_path(names: list[str]) -> str:
    """One path from its names, escaping separators inside a name."""
    return PATH_SEPARATOR.join(_escape(name) for name in names)


def parse_path(text: str) -> list[str]:
    """The names of one path; raises ValueError on an empty name or a dangling escape."""
    names = _split(text, PATH_SEPARATOR)
    if not names or any(not name.strip() for name in names):
        raise ValueError(f"empty name in tag path {text!r}")
    return [name.strip() for name in names]


def join_paths(paths: list[str]) -> str:
    """Several formatted paths in one cell."""
    return LIST_SEPARATOR.join(
        path.replace(LIST_SEPARATOR, _ESCAPE + LIST_SEPARATOR) for path in paths
    )


def split_paths(cell: str) -> list[str]:
    """The formatted paths of one cell (escapes of `/` kept for parse_path); blanks dropped."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(cell)
    for char in chars:
        if char == _ESCAPE:
            following = next(chars, None)
            if following is None:
                raise ValueError(f"dangling escape in {cell!r}")
            current.append(following if following == LIST_SEPARATOR else char + following)
        elif char == LIST_SEPARATOR:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _escape(name: str) -> str:
    return name.replace(_ESCAPE, _ESCAPE * 2).replace(PATH_SEPARATOR, _ESCAPE + PATH_SEPARATOR)


def _split(text: str, separator: str) -> list[str]:
    names: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == _ESCAPE:
            following = next(chars, None)
            if following is None:
                raise ValueError(f"dangling escape in {text!r}")
            current.append(following)
        elif char == separator:
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    return names
