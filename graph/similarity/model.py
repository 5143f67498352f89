"""Neighbours and product recommendations as plain data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A similar customer and its score."""

    id: str
    score: float


@dataclass(frozen=True, slots=True)
class ProductRecommendation:
    """A product that similar customers bought, with their summed similarity and who they are."""

    id: str
    name: str
    line: str | None
    tier: str | None
    support: float
    buyers: int
    backers: tuple[str, ...]
    purchases: int
