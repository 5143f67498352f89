"""Every request but the probes carries a credential: an ASGI middleware in front of the app."""

from __future__ import annotations

import json

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from api.enums import ErrorCode
from api.errors import SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE
from api.web import STATIC_PATH
from graph.errors import GraphUnavailable
from services.auth import Authenticator

OPEN_PATHS = frozenset({"/healthz", "/readyz"})
_UNAUTHENTICATED = json.dumps(
    {
        "data": None,
        "errors": [
            {
                "message": "Authentication required.",
                "extensions": {"code": ErrorCode.UNAUTHENTICATED},
            }
        ],
    }
).encode()
_UNAVAILABLE = json.dumps(
    {
        "data": None,
        "errors": [
            {
                "message": UNAVAILABLE_MESSAGE,
                "extensions": {"code": SERVICE_UNAVAILABLE, "retryable": True},
            }
        ],
    }
).encode()


class RequireCredential:
    """Puts the request's Viewer into `request.state.viewer`, or answers 401 without detail."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        authenticator: Authenticator = scope["app"].state.authenticator
        try:
            viewer = await authenticator.viewer(connection.headers.get("authorization"))
        except GraphUnavailable:  # a key not in the cache needs Neo4j: retry later, not 401
            retry = str(scope["app"].state.settings.retry_after).encode()
            await _answer(scope, send, 503, _UNAVAILABLE, [(b"retry-after", retry)])
            return
        if viewer is None and not _is_public_page(connection):
            await _answer(scope, send, 401, _UNAUTHENTICATED, [(b"www-authenticate", b"Bearer")])
            return
        scope.setdefault("state", {})["viewer"] = viewer
        await self.app(scope, receive, send)


async def _answer(
    scope: Scope, send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 4000 + status})
        return
    length = (b"content-length", str(len(body)).encode())
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), length, *headers],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _is_public_page(connection: HTTPConnection) -> bool:
    # The pages' HTML and their static files (code, no data) load without a credential; every
    # query they send needs one. A browser cannot add a header to a page it navigates to.
    scope = connection.scope
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return False
    path = connection.url.path
    if path.startswith((STATIC_PATH + "/", "/browser/")):  # files, the Browser guide and style
        return True
    return (
        path in ("/", "/graphql", "/docs", "/console")
        and "query" not in connection.query_params
        and "text/html" in connection.headers.get("accept", "")
    )
