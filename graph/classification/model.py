"""Industries and regions: the two classification trees and their nodes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Classification(Enum):
    """Which tree; its value names the folder of its queries in cypher/classification/."""

    INDUSTRY = "industries"
    REGION = "regions"


@dataclass(frozen=True, slots=True)
class TreeNode:
    """An industry or a region: its code, name, level and parent's code."""

    code: str
    name: str
    level: str
    parent_code: str | None
    name_en: str | None = None
