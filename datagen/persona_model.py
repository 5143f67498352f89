"""The persona record and the compact weight notation used to write personas."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ALL_AREAS", "Persona", "Weights", "w"]

Weights = tuple[tuple[str, float], ...]


def w(spec: str) -> Weights:
    """Parse ``"key=weight key=weight"`` (keys are codes, names or tag paths)."""
    pairs = (token.rsplit("=", 1) for token in spec.split())
    return tuple((key, float(value)) for key, value in pairs)


#: All seven mainland areas, weighted roughly by business density.
ALL_AREAS = w(
    "CN-EAST=3 CN-SOUTH=2.2 CN-NORTH=2 CN-CENTRAL=2 CN-SOUTHWEST=1.5 CN-NORTHEAST=1 "
    "CN-NORTHWEST=0.7"
)


@dataclass(frozen=True, slots=True)
class Persona:
    """A customer archetype.

    Tag paths start with a category slug; a path missing from a small taxonomy
    falls back to its deepest existing ancestor. ``lifecycle`` keys are root
    tags of 生命周期, ``sources`` paths live in 客户来源 and ``editions`` name the
    edition of 业务价值/已购产品 (``专业版`` means 已购买专业版).
    """

    key: str
    name: str
    weight: float
    kind: str  # COMPANY | PERSON
    style: str  # company | shop | institution | person (how names are made)
    industries: Weights  # GB/T 4754 section letters or division codes
    places: Weights  # area / province / city codes, or foreign country codes
    tags: Weights  # characteristic tag path -> probability
    lifecycle: Weights
    sources: Weights
    source_rate: float  # probability that a lead source is recorded at all
    employees: tuple[int, float, int, int] | None  # median, log-sigma, min, max
    revenue_per_head: tuple[int, float] | None  # median CNY per employee, log-sigma
    editions: Weights = ()
    name_words: tuple[str, ...] = ()
