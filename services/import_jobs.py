"""Import jobs started by upload: the file spooled to disk, the import run in the background
of the API process, its state, counts and progress kept on an (:ImportJob) node."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from pathlib import Path
from typing import IO

from graph.database import Database
from graph.errors import ErrorCode, GraphUnavailable, UserInputError
from graph.imports import jobs
from graph.imports.jobs import ImportJob
from graph.viewer import Viewer
from services.imports import KIND_PERMISSIONS, KINDS, ImportOptions, ImportSummary, run_import

log = logging.getLogger("imports")
PROGRESS_EVERY = 2.0  # seconds between two progress writes of a running job
CHUNK = 1024 * 1024
_running: set[asyncio.Task[None]] = set()  # the jobs of this process (kept from the GC)


class UploadTooLarge(Exception):
    """The uploaded file is over the upload cap."""


def check_may_import(viewer: Viewer, kind: str) -> None:
    """FORBIDDEN unless the viewer holds the permission of the kind's mutation."""
    if kind not in KINDS:
        raise UserInputError.single(ErrorCode.NOT_FOUND, f"kinds are {', '.join(KINDS)}")
    if not viewer.may(KIND_PERMISSIONS[kind]):
        message = f"importing {kind} needs the permission {KIND_PERMISSIONS[kind]}"
        raise UserInputError.single(ErrorCode.FORBIDDEN, message)


def spool(upload: IO[bytes], folder: Path, name: str, limit: int) -> Path:
    """Copy an upload to the spool folder in chunks (never whole in memory); UploadTooLarge
    past `limit` bytes (the partial file is removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    written = 0
    with target.open("wb") as out:
        while chunk := upload.read(CHUNK):
            written += len(chunk)
            if written > limit:
                out.close()
                target.unlink(missing_ok=True)
                raise UploadTooLarge(f"the file has more than {limit} bytes")
            out.write(chunk)
    return target


def errors_path(folder: Path, job_id: str) -> Path:
    """Where a job's error report is kept."""
    return folder / f"{job_id}.errors.csv"


async def start_import_job(  # noqa: PLR0913 - the upload and where it goes
    db: Database,
    viewer: Viewer,
    *,
    kind: str,
    upload: IO[bytes],
    file_name: str,
    options: ImportOptions,
    folder: Path,
    limit: int,
) -> ImportJob:
    """Spool the upload, record a queued job and start it; returns the job at once."""
    check_may_import(viewer, kind)
    job_id = f"import-{uuid.uuid4().hex[:16]}"
    suffix = Path(file_name).suffix.lower()[:8] or ".csv"
    path = await asyncio.to_thread(spool, upload, folder, f"{job_id}{suffix}", limit)
    options = ImportOptions(
        read=options.read,
        mapping=options.mapping,
        on_duplicate=options.on_duplicate,
        dry_run=options.dry_run,
        create_missing_tags=options.create_missing_tags,
        batch_size=options.batch_size,
        errors_path=errors_path(folder, job_id),
    )
    described = {
        "onDuplicate": options.on_duplicate.value,
        "dryRun": options.dry_run,
        "createMissingTags": options.create_missing_tags,
        "format": options.read.file_format,
        "encoding": options.read.encoding,
        "delimiter": options.read.delimiter,
        "mapping": dict(options.mapping),
    }
    job = await jobs.create_import_job(
        db, viewer, job_id=job_id, kind=kind, file_name=file_name, options=described
    )
    task = asyncio.create_task(_run(db, viewer, job_id, kind, path, options))
    _running.add(task)
    task.add_done_callback(_running.discard)
    return job


async def _run(
    db: Database, viewer: Viewer, job_id: str, kind: str, path: Path, options: ImportOptions
) -> None:
    last = [0.0]

    async def report(state: str, counts: dict[str, int], progress: float) -> None:
        await jobs.update_import_job(
            db, job_id=job_id, state=state, counts=counts, progress=progress
        )

    pending: set[asyncio.Task[None]] = set()

    def on_progress(rows: int, position: int, size: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY and not pending:
            last[0] = now
            update = asyncio.create_task(
                report("running", {"rows": rows}, position / size if size else 0.0)
            )
            pending.add(update)
            update.add_done_callback(pending.discard)

    try:
        await report("running", {}, 0.0)
        summary = await run_import(
            db, viewer, kind=kind, path=path, options=options, on_progress=on_progress
        )
        await asyncio.gather(*pending, return_exceptions=True)
        await _finish(db, job_id, summary)
    except (UserInputError, GraphUnavailable, OSError) as error:
        log.warning("import job %s failed: %s", job_id, type(error).__name__)
        await _fail(db, job_id, str(error))
    except Exception:
        log.exception("import job %s failed", job_id)
        await _fail(db, job_id, "the import failed; see the server's log")
    finally:
        path.unlink(missing_ok=True)


def counts_of(summary: ImportSummary) -> dict[str, int]:
    """An import summary's counts as a job keeps them."""
    return {
        "rows": summary.rows,
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "skipped": summary.skipped,
        "refused": summary.refused,
        "assignments": summary.assignments,
    }


async def _finish(db: Database, job_id: str, summary: ImportSummary) -> None:
    error = None
    if summary.file_error is not None:
        error = f"{summary.file_error.code}: {summary.file_error.message}"
    await jobs.update_import_job(
        db,
        job_id=job_id,
        state="failed" if summary.file_error is not None else "done",
        counts=counts_of(summary),
        progress=1.0,
        error=error,
        has_error_file=summary.errors_path is not None,
    )


async def _fail(db: Database, job_id: str, message: str) -> None:
    try:
        await jobs.update_import_job(
            db, job_id=job_id, state="failed", counts={}, progress=0.0, error=message[:500]
        )
    except GraphUnavailable:
        log.warning("import job %s: could not record its failure", job_id)


async def wait_for_jobs() -> None:
    """Wait for this process's running jobs (shutdown, tests)."""
    if _running:
        await asyncio.gather(*list(_running), return_exceptions=True)
