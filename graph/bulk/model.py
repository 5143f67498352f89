"""What a bulk load takes (any data set of this shape, e.g. datagen's) and what it reports."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

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


# The shapes a bulk load reads, as protocols: the graph layer does not know the generator that
# makes them (datagen's frozen dataclasses fit), so read-only properties.
class CategoryRecord(Protocol):
    """A tag category to merge."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def exclusive(self) -> bool: ...
    @property
    def color(self) -> str: ...


class TagRecord(Protocol):
    """A tag to merge (parents come before their children)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def category_id(self) -> str: ...
    @property
    def parent_id(self) -> str | None: ...
    @property
    def color(self) -> str: ...
    @property
    def description(self) -> str: ...


class CustomerRecord(Protocol):
    """A customer to create, with the ids of the tags it holds directly."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def employees(self) -> int | None: ...
    @property
    def annual_revenue(self) -> float | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def industry_code(self) -> str | None: ...
    @property
    def region_code(self) -> str | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def last_interaction_at(self) -> datetime | None: ...
    @property
    def tag_ids(self) -> tuple[str, ...]: ...


class DataSet(Protocol):
    """A taxonomy and customers to load in batches."""

    @property
    def categories(self) -> Sequence[CategoryRecord]: ...
    @property
    def tags(self) -> Sequence[TagRecord]: ...
    def customers(self, batch_size: int = ...) -> Iterator[Sequence[CustomerRecord]]:
        """The customers in lists of `batch_size`."""
        ...
