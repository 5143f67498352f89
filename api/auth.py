"""Every request but the probes carries a credential: an ASGI middleware in front of the app."""

from __future__ import annotations

import json

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from api.enums import ErrorCode
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
        viewer = await authenticator.viewer(connection.headers.get("authorization"))
        if viewer is None and not _is_ide_page(connection):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 4401})
                return
            await send(
                {
                    "type": "http.response.start",
                    "status": 401,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"www-authenticate", b"Bearer"),
                        (b"content-length", str(len(_UNAUTHENTICATED)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": _UNAUTHENTICATED})
            return
        scope.setdefault("state", {})["viewer"] = viewer
        await self.app(scope, receive, send)


def _is_ide_page(connection: HTTPConnection) -> bool:
    # GraphiQL's HTML page itself loads without a credential; the queries it sends need one.
    return (
        connection.scope["type"] == "http"
        and connection.scope["method"] == "GET"
        and connection.url.path in ("/", "/graphql")
        and "query" not in connection.query_params
        and "text/html" in connection.headers.get("accept", "")
    )
