"""Import jobs as nodes of the graph, so that any API process can say how one is going."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.cypher import Queries
from graph.database import Database, as_datetime
from graph.viewer import Permission, Viewer

query = Queries("imports")
COUNTS = ("rows", "created", "updated", "unchanged", "skipped", "refused", "assignments")
STATES = ("queued", "running", "done", "failed")


@dataclass(frozen=True, slots=True)
class ImportJob:
    """An import started by upload: what, by whom, how far, with what result."""

    id: str
    kind: str
    state: str
    by: str
    file_name: str
    created_at: datetime | None
    updated_at: datetime | None
    counts: dict[str, int]
    progress: float
    error: str | None
    has_error_file: bool
    options: dict[str, Any]


def _job(props: dict[str, Any]) -> ImportJob:
    return ImportJob(
        id=props["id"],
        kind=props["kind"],
        state=props["state"],
        by=props["by"],
        file_name=props.get("fileName") or "",
        created_at=as_datetime(props.get("createdAt")),
        updated_at=as_datetime(props.get("updatedAt")),
        counts={name: int(props.get(name) or 0) for name in COUNTS},
        progress=float(props.get("progress") or 0.0),
        error=props.get("error"),
        has_error_file=bool(props.get("hasErrorFile")),
        options=json.loads(props.get("options") or "{}"),
    )


async def create_import_job(
    db: Database,
    viewer: Viewer,
    *,
    job_id: str,
    kind: str,
    file_name: str,
    options: dict[str, Any],
) -> ImportJob:
    """Record a queued job started by the viewer."""
    rows = await db.write(
        query("create_import_job"),
        id=job_id,
        kind=kind,
        by=viewer.user,
        fileName=file_name[:256],
        options=json.dumps(options, ensure_ascii=False, default=str),
    )
    return _job(rows[0]["job"])


async def update_import_job(
    db: Database,
    *,
    job_id: str,
    state: str,
    counts: dict[str, int],
    progress: float,
    error: str | None = None,
    has_error_file: bool = False,
) -> None:
    """Record how far a job has got (or how it ended)."""
    await db.write(
        query("update_import_job"),
        id=job_id,
        state=state,
        counts={name: int(counts.get(name, 0)) for name in COUNTS},
        progress=max(0.0, min(1.0, progress)),
        error=error,
        hasErrorFile=has_error_file,
    )


def _may_see_all(viewer: Viewer) -> bool:
    return viewer.may(Permission.MANAGE_PRINCIPALS)


async def find_import_job(db: Database, viewer: Viewer, *, job_id: str) -> ImportJob | None:
    """The job with this id, when the viewer started it (or administers principals)."""
    rows = await db.read(
        query("find_import_jobs"), id=job_id, by=viewer.user, allUsers=_may_see_all(viewer), limit=1
    )
    return _job(rows[0]["job"]) if rows else None


async def find_import_jobs(db: Database, viewer: Viewer, *, first: int = 20) -> list[ImportJob]:
    """The latest jobs the viewer may see, newest first."""
    rows = await db.read(
        query("find_import_jobs"),
        id=None,
        by=viewer.user,
        allUsers=_may_see_all(viewer),
        limit=first,
    )
    return [_job(row["job"]) for row in rows]
