"""Deterministic synthetic CRM data: a Chinese tag taxonomy and customers drawn from personas.

>>> dataset = build_dataset(20_000, seed=7)
>>> for batch in dataset.customers(batch_size=5_000):
...     ...

The taxonomy (categories and tags) is materialised eagerly; customers are
generated lazily in fixed blocks of 1,000, each block from its own random
stream, so the output is identical for any ``batch_size`` and every call.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .customers import BLOCK_SIZE, generate_block
from .models import REFERENCE_TIME, CategorySpec, CustomerSpec, TagSpec
from .personas import PERSONAS
from .plan import Plan, compile_plan
from .taxonomy import build_taxonomy, target_tag_count

__all__ = [
    "MAX_SIZE",
    "PERSONAS",
    "REFERENCE_TIME",
    "CategorySpec",
    "CustomerSpec",
    "Dataset",
    "TagSpec",
    "build_dataset",
    "target_tag_count",
]

MAX_SIZE = 1_000_000


@dataclass(frozen=True)
class Dataset:
    """A generated dataset; ``tags`` lists parents before children."""

    size: int
    seed: int
    categories: tuple[CategorySpec, ...]
    tags: tuple[TagSpec, ...]
    id_prefix: str = ""
    _plan: Plan | None = field(default=None, repr=False, compare=False)

    def customers(self, batch_size: int = 10_000) -> Iterator[list[CustomerSpec]]:
        """Yield all ``size`` customers in lists of ``batch_size`` (the last may be shorter)."""
        if batch_size < 1:
            raise ValueError("batch_size must be positive")
        taxonomy = build_taxonomy(self.size)
        plan = self._plan
        if plan is None or plan.key != (len(taxonomy), self.seed, self.id_prefix):
            plan = compile_plan(taxonomy, self.seed, self.id_prefix)  # e.g. after replace()
        pending: list[CustomerSpec] = []
        for block in range(-(-self.size // BLOCK_SIZE)):
            count = min(BLOCK_SIZE, self.size - block * BLOCK_SIZE)
            pending += generate_block(plan, self.seed, self.id_prefix, block, count)
            if len(pending) >= batch_size:
                full = len(pending) - len(pending) % batch_size
                for start in range(0, full, batch_size):
                    yield pending[start : start + batch_size]
                pending = pending[full:]
        if pending:
            yield pending


def build_dataset(size: int, seed: int = 42, id_prefix: str = "") -> Dataset:
    """Build the taxonomy for ``size`` customers (1 ... 1,000,000); customers come lazily."""
    if not 1 <= size <= MAX_SIZE:
        raise ValueError(f"size must be between 1 and {MAX_SIZE:,}, got {size}")
    taxonomy = build_taxonomy(size)
    return Dataset(
        size=size,
        seed=seed,
        categories=taxonomy.category_specs(id_prefix),
        tags=taxonomy.tag_specs(id_prefix),
        id_prefix=id_prefix,
        _plan=compile_plan(taxonomy, seed, id_prefix),
    )
