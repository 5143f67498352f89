"""REST routes of import jobs beside /graphql: start one by uploading a file (multipart),
poll its status, download its error report. The same permissions as the mutations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from api.context import viewer_from_request
from api.limits import refusal_body
from graph.errors import UserInputError
from graph.imports import jobs
from graph.imports.jobs import ImportJob
from graph.imports.model import OnDuplicate
from services.import_jobs import UploadTooLarge, errors_path, start_import_job
from services.imports import ImportOptions
from services.transfer.headers import parse_mapping
from services.transfer.readers import FORMATS, ReadOptions

router = APIRouter(prefix="/imports", tags=["imports"])
_STATUS = {"FORBIDDEN": 403, "NOT_FOUND": 404}


def job_body(job: ImportJob) -> dict[str, Any]:
    """A job as the routes answer it."""
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "by": job.by,
        "fileName": job.file_name,
        "createdAt": job.created_at.isoformat() if job.created_at else None,
        "updatedAt": job.updated_at.isoformat() if job.updated_at else None,
        "counts": job.counts,
        "progress": job.progress,
        "error": job.error,
        "options": job.options,
        "errors": f"/imports/{job.id}/errors" if job.has_error_file else None,
    }


def _refused(code: str, message: str, status: int) -> JSONResponse:
    return JSONResponse(refusal_body(code, message), status_code=status)


@router.post("/{kind}", status_code=202, summary="Start an import job by uploading a file.")
async def start_import(  # noqa: PLR0913 - one parameter per import option
    kind: str,
    request: Request,
    file: Annotated[UploadFile, File(description="CSV, XLSX or JSONL")],
    file_format: Annotated[str | None, Form(alias="format")] = None,
    encoding: Annotated[str | None, Form()] = None,
    delimiter: Annotated[str | None, Form()] = None,
    sheet: Annotated[str | None, Form()] = None,
    mapping: Annotated[list[str] | None, Form(alias="map")] = None,
    on_duplicate: Annotated[OnDuplicate, Form(alias="onDuplicate")] = OnDuplicate.UPDATE,
    dry_run: Annotated[bool, Form(alias="dryRun")] = False,  # noqa: FBT002 - a form field
    create_missing_tags: Annotated[bool, Form(alias="createMissingTags")] = False,  # noqa: FBT002
) -> JSONResponse:
    """202 with the job (poll GET /imports/{id}); 403 without the kind's permission."""
    settings = request.app.state.settings
    if file_format is not None and file_format not in FORMATS:
        return _refused("INVALID_INPUT", f"format is one of {', '.join(FORMATS)}", 400)
    try:
        pairs = parse_mapping(mapping or [])
    except ValueError as error:
        return _refused("INVALID_INPUT", str(error), 400)
    options = ImportOptions(
        read=ReadOptions(file_format, encoding, delimiter, sheet),
        mapping=pairs,
        on_duplicate=on_duplicate,
        dry_run=dry_run,
        create_missing_tags=create_missing_tags,
        batch_size=settings.import_batch_size,
    )
    try:
        job = await start_import_job(
            request.app.state.db,
            viewer_from_request(request),
            kind=kind,
            upload=file.file,
            file_name=file.filename or "upload",
            options=options,
            folder=Path(settings.import_spool_dir),
            limit=settings.import_max_upload_bytes,
        )
    except UserInputError as error:
        code = error.errors[0].code.value
        return _refused(code, str(error), _STATUS.get(code, 400))
    except UploadTooLarge as error:
        return _refused("REQUEST_TOO_LARGE", str(error), 413)
    return JSONResponse(job_body(job), status_code=202, headers={"Location": f"/imports/{job.id}"})


@router.get("/{job_id}", summary="An import job's state, counts and progress.")
async def import_status(job_id: str, request: Request) -> JSONResponse:
    """The job (its starter, or an administrator, may see it); 404 otherwise."""
    job = await jobs.find_import_job(
        request.app.state.db, viewer_from_request(request), job_id=job_id
    )
    if job is None:
        return _refused("NOT_FOUND", f"import job {job_id!r} does not exist", 404)
    return JSONResponse(job_body(job))


@router.get("/{job_id}/errors", summary="The error report of an import job (CSV with BOM).")
async def import_errors(job_id: str, request: Request) -> Any:
    """The refused rows with where and why, to fix and upload again; 404 when none."""
    job = await jobs.find_import_job(
        request.app.state.db, viewer_from_request(request), job_id=job_id
    )
    path = errors_path(Path(request.app.state.settings.import_spool_dir), job_id)
    if job is None or not job.has_error_file or not path.is_file():
        return _refused("NOT_FOUND", f"import job {job_id!r} has no error report", 404)
    name = f"{Path(job.file_name).stem or job.id}.errors.csv"
    return FileResponse(path, media_type="text/csv; charset=utf-8", filename=name)
