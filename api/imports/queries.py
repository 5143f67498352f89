"""Import job queries: one by id, or the latest (the viewer's own; administrators: all)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.imports.types import ImportJob
from graph.imports import jobs

MAX_JOBS = 100


@strawberry.type
class ImportQueries:
    @strawberry.field(description="An import job you started (any job, for administrators).")
    async def import_job(self, info: Info[Context, None], id: strawberry.ID) -> ImportJob | None:
        found = await jobs.find_import_job(info.context.db, info.context.viewer, job_id=str(id))
        return ImportJob.from_model(found) if found else None

    @strawberry.field(description="The latest import jobs you started, newest first (≤ 100).")
    async def import_jobs(self, info: Info[Context, None], first: int = 20) -> list[ImportJob]:
        found = await jobs.find_import_jobs(
            info.context.db, info.context.viewer, first=max(1, min(first, MAX_JOBS))
        )
        return [ImportJob.from_model(job) for job in found]
