"""Import jobs as GraphQL reads them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.imports.jobs import ImportJob as ImportJobModel


@strawberry.type(description="What an import job did so far (or, in a dry run, would do).")
class ImportCounts:
    rows: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    refused: int
    assignments: int


@strawberry.type(description="An import started by uploading a file to POST /imports/{kind}.")
class ImportJob:
    id: strawberry.ID
    kind: str
    state: str = strawberry.field(description="queued, running, done or failed.")
    by: str
    file_name: str
    created_at: datetime | None
    updated_at: datetime | None
    counts: ImportCounts
    progress: float = strawberry.field(description="0 to 1: how much of the file was read.")
    error: str | None
    errors_url: str | None = strawberry.field(
        description="GET it for the refused rows (CSV with BOM), when any were refused."
    )

    @classmethod
    def from_model(cls, job: ImportJobModel) -> ImportJob:
        """The GraphQL view of a job."""
        return cls(
            id=strawberry.ID(job.id),
            kind=job.kind,
            state=job.state,
            by=job.by,
            file_name=job.file_name,
            created_at=job.created_at,
            updated_at=job.updated_at,
            counts=ImportCounts(**job.counts),
            progress=job.progress,
            error=job.error,
            errors_url=f"/imports/{job.id}/errors" if job.has_error_file else None,
        )
