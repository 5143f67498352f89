"""REST routes beside /graphql that stream exports as files (CSV, XLSX, JSONL).

Every route needs EXPORT_DATA. Bad arguments are answered 400/404 with a JSON error body
(`{"errors": [{"message", "extensions": {"code", "field"}}]}`) before any byte of the file;
then the file streams for as long as it takes, and stops when the client goes away.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from api.context import viewer_from_request
from api.enums import ErrorCode
from api.errors import SERVICE_UNAVAILABLE
from api.input_bounds import MAX_ID_LENGTH
from graph.errors import FieldError, GraphUnavailable, UserInputError
from graph.viewer import Permission
from services.transfer.exports import Export, Exporter, encode
from services.transfer.requests import CustomerExportBody, SegmentSourceBody, parse_body
from services.transfer.writers import MEDIA_TYPES, ExportFormat

log = logging.getLogger("api")
router = APIRouter(prefix="/exports")
MAX_ID = MAX_ID_LENGTH
MAX_PARAMETER = 8_192  # characters of a list of ids in one query parameter
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


class ExportResponse(StreamingResponse):
    """A streamed file whose generator is closed however the response ends (a client gone
    away included), so that the export stops reading the graph at once."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.body_iterator.aclose()  # type: ignore[attr-defined]


def error_response(errors: list[FieldError], status: int) -> JSONResponse:
    """The JSON error body of a refused export."""
    body = [_error(str(error.code), error.message, list(error.field or ())) for error in errors]
    return JSONResponse({"errors": body}, status_code=status)


def _error(code: str, message: str, field: list[str]) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code, "field": field or None}}


def _refusal(code: str, message: str, field: str | None = None) -> JSONResponse:
    status = {ErrorCode.NOT_FOUND: 404, ErrorCode.FORBIDDEN: 403, SERVICE_UNAVAILABLE: 503}
    body = {"errors": [_error(code, message, [field] if field else [])]}
    return JSONResponse(body, status_code=status.get(code, 400))


def content_disposition(name: str, export_format: ExportFormat) -> str:
    """`attachment` with an ASCII filename and the UTF-8 one (RFC 6266) for other names."""
    clean = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip(" ._") or "export"
    filename = f"{clean[:120]}.{export_format.value}"
    fallback = filename.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def _answer(
    request: Request, export_format: ExportFormat, build: Callable[[Exporter], Awaitable[Export]]
) -> Response:
    viewer = viewer_from_request(request)
    if not viewer.may(Permission.EXPORT_DATA):
        return _refusal(ErrorCode.FORBIDDEN, "exports need the EXPORT_DATA permission")
    state = request.app.state
    try:
        exporter = Exporter(state.db, state.keeper, viewer, state.settings.export_chunk_size)
        export = await build(exporter)
    except UserInputError as error:
        status = 404 if all(e.code == ErrorCode.NOT_FOUND for e in error.errors) else 400
        log.info("export refused: %s", ",".join(str(e.code) for e in error.errors))
        return error_response(error.errors, status)
    except GraphUnavailable:
        response = _refusal(SERVICE_UNAVAILABLE, "Neo4j is unavailable; retry later")
        response.headers["Retry-After"] = str(state.settings.retry_after)
        return response
    return ExportResponse(
        encode(export, export_format),
        media_type=MEDIA_TYPES[export_format],
        headers={"Content-Disposition": content_disposition(export.name, export_format)},
    )


def _format(value: str | None) -> ExportFormat | JSONResponse:
    try:
        return ExportFormat((value or "csv").lower())
    except ValueError:
        return _refusal(ErrorCode.INVALID_INPUT, "format is csv, xlsx or jsonl", "format")


def _moment(value: str | None, name: str) -> datetime | JSONResponse:
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return _refusal(ErrorCode.INVALID_INPUT, f"{name} is an ISO 8601 moment", name)
    if moment.tzinfo is None:
        return _refusal(ErrorCode.INVALID_INPUT, f"{name} needs a UTC offset", name)
    return moment


def _too_long(**values: str | None) -> JSONResponse | None:
    """INVALID_INPUT for a query parameter longer than any id (or list of ids) can be."""
    for name, value in values.items():
        if value is not None and len(value) > MAX_PARAMETER:
            return _refusal(ErrorCode.INVALID_INPUT, f"{name} is too long", name)
    return None


def _list(value: str | None) -> list[str] | None:
    return [item.strip() for item in value.split(",") if item.strip()] if value else None


async def _json(request: Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        return None


@router.post("/customers", summary="Customers of a filter or saved segment, chosen columns.")
async def export_customers(request: Request) -> Response:
    """The body: `{filter | segmentId, columns, format, tagCategories}`."""
    try:
        body = parse_body(CustomerExportBody, await _json(request))
    except UserInputError as error:
        return error_response(error.errors, 400)
    return await _answer(
        request,
        body.format,
        lambda exporter: exporter.customers(
            customer_filter=body.filter.to_model() if body.filter else None,
            segment_id=body.segment_id,
            columns=body.columns,
            tag_categories=body.tag_categories,
        ),
    )


@router.post("/assignments", summary="The assignments of a filter's or segment's customers.")
async def export_assignments(request: Request) -> Response:
    """The body: `{filter | segmentId, format}`."""
    try:
        body = parse_body(SegmentSourceBody, await _json(request))
    except UserInputError as error:
        return error_response(error.errors, 400)
    return await _answer(
        request,
        body.format,
        lambda exporter: exporter.assignments(
            customer_filter=body.filter.to_model() if body.filter else None,
            segment_id=body.segment_id,
        ),
    )


@router.get("/segments/{segment_id}", summary="A saved segment's customers.")
async def export_segment(
    request: Request,
    segment_id: str,
    format: str | None = None,
    columns: str | None = None,
    tagCategories: str | None = None,
) -> Response:
    """`?format=&columns=id,name,tags&tagCategories=cat-a,cat-b`."""
    chosen = _format(format)
    if isinstance(chosen, JSONResponse):
        return chosen
    if len(segment_id) > MAX_ID:
        return _refusal(ErrorCode.INVALID_INPUT, "segmentId is too long", "segmentId")
    if (refused := _too_long(columns=columns, tagCategories=tagCategories)) is not None:
        return refused
    return await _answer(
        request,
        chosen,
        lambda exporter: exporter.customers(
            segment_id=segment_id, columns=_list(columns), tag_categories=_list(tagCategories)
        ),
    )


@router.get("/taxonomy", summary="A category's tag tree (every visible one without it).")
async def export_taxonomy(
    request: Request,
    categoryId: str | None = None,
    format: str | None = None,
) -> Response:
    """`?categoryId=&format=`."""
    chosen = _format(format)
    if isinstance(chosen, JSONResponse):
        return chosen
    if categoryId is not None and len(categoryId) > MAX_ID:
        return _refusal(ErrorCode.INVALID_INPUT, "categoryId is too long", "categoryId")
    return await _answer(
        request, chosen, lambda exporter: exporter.taxonomy(category_id=categoryId)
    )


@router.get("/history", summary="A tag's history between two moments.")
async def export_history(
    request: Request,
    tagId: str = "",
    format: str | None = None,
) -> Response:
    """`?tagId=&from=&to=&format=` (`from` and `to` ISO 8601 with an offset)."""
    chosen = _format(format)
    if isinstance(chosen, JSONResponse):
        return chosen
    start = _moment(request.query_params.get("from"), "from")
    if isinstance(start, JSONResponse):
        return start
    end = _moment(request.query_params.get("to"), "to")
    if isinstance(end, JSONResponse):
        return end
    if not tagId:
        return _refusal(ErrorCode.INVALID_INPUT, "tagId is required", "tagId")
    if len(tagId) > MAX_ID:
        return _refusal(ErrorCode.INVALID_INPUT, "tagId is too long", "tagId")
    return await _answer(
        request, chosen, lambda exporter: exporter.history(tag_id=tagId, start=start, end=end)
    )
