"""What a bulk load reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class GraphCounts:
    """How many nodes and assignments the graph holds."""

    customers: int
    tags: int
    categories: int
    assignments: int
    industries: int
    regions: int


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a bulk load wrote and how long it took."""

    customers: int
    assignments: int
    seconds: float

    @property
    def customers_per_second(self) -> float:
        """Customers written per second of wall-clock time."""
        return self.customers / self.seconds if self.seconds else 0.0

    @property
    def assignments_per_second(self) -> float:
        """Tag assignments written per second of wall-clock time."""
        return self.assignments / self.seconds if self.seconds else 0.0
