"""Reference data shipped with TagGraph (industries, regions), loaded idempotently."""

from __future__ import annotations

from dataclasses import dataclass

import refdata
from graph.cypher import Queries
from graph.database import Database

query = Queries("classification")


@dataclass(frozen=True, slots=True)
class ReferenceCounts:
    """How many reference nodes were merged."""

    industries: int
    regions: int


async def merge_reference_data(db: Database) -> ReferenceCounts:
    """Upsert the GB/T 4754-2017 industry tree and the region tree; safe to run at every start."""
    industries = [
        {"code": i.code, "name": i.name, "level": i.level, "parentCode": i.parent_code}
        for i in refdata.industries()
    ]
    regions = [
        {
            "code": r.code,
            "name": r.name,
            "nameEn": r.name_en,
            "level": r.level,
            "parentCode": r.parent_code,
        }
        for r in refdata.regions()
    ]
    await db.write(query("merge_industries"), rows=industries)
    await db.write(query("merge_regions"), rows=regions)
    return ReferenceCounts(industries=len(industries), regions=len(regions))
