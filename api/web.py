"""The pages the API serves to a browser (GraphiQL, the REST docs) and their assets, all from
this project: nothing loads from another host, so they work inside a network without internet.

The third-party files live in `api/static/vendor/<package>@<version>/`, copied from the npm
registry's tarballs; `MANIFEST.json` lists each with its SHA-384, the same digests strawberry
pins for GraphiQL (`tests/api/test_web_pages.py` checks both)."""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from starlette.requests import HTTPConnection

from ops.browser import guide as browser_guide
from services.auth import is_loopback
from settings import Settings

STATIC_ROOT = Path(__file__).resolve().parent / "static"
STATIC_PATH = "/static"
VENDOR_PATH = f"{STATIC_PATH}/vendor"
_CDN = "https://unpkg.com/"
_SWAGGER = f"{VENDOR_PATH}/swagger-ui-dist@5.35.0"
_REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""")


def local_key(settings: Settings, request: HTTPConnection) -> str | None:
    """The local admin key, when a page is asked for on this machine (client, Host header and
    bind address all loopback, no proxy in between) in local mode; None otherwise. Pages load
    without a credential, so a key embedded for anyone else (a proxy, a tunnel, a DNS-rebinding
    web page) would be handed out."""
    client = request.client.host if request.client else ""
    host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]")
    proxied = "forwarded" in request.headers or "x-forwarded-for" in request.headers
    local = is_loopback(client) and is_loopback(host) and is_loopback(settings.api_host)
    if settings.env != "local" or settings.admin_key is None or not local or proxied:
        return None
    return settings.admin_key.get_secret_value()


@cache
def offline_graphiql(template: str) -> str:
    """Strawberry's GraphiQL page with its scripts and styles served by this API, not a CDN
    (same files, same integrity digests)."""
    page = template.replace(_CDN, f"{VENDOR_PATH}/").replace("Strawberry GraphiQL", "TagGraph")
    page = re.sub(r"\s+crossorigin(?=\s)", "", page)
    if _REMOTE.search(page):  # a newer strawberry whose template loads from somewhere else
        raise ValueError("the GraphiQL template loads from another host")
    return page


def graphiql_page(template: str, settings: Settings, request: HTTPConnection) -> str:
    """GraphiQL for this request: offline, sending the local admin key where `local_key` says."""
    page = offline_graphiql(template)
    key = local_key(settings, request)
    if key is None:
        return page
    header = json.dumps({"Authorization": f"Bearer {key}"})
    return page.replace("const defaultHeaders = {};", f"const defaultHeaders = {header};", 1)


# The pages may talk to this API only: the browser itself refuses any other host. (GraphiQL's
# fonts are data: URLs; its subscriptions would use this host's websocket.)
PAGE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; "
    "frame-ancestors 'none'"
)
PAGE_HEADERS = {"Content-Security-Policy": PAGE_POLICY, "Cache-Control": "no-store"}


@cache
def _console_template() -> str:
    return (STATIC_ROOT / "console" / "index.html").read_text(encoding="utf-8")


def console_page(settings: Settings, request: HTTPConnection) -> str:
    """The console's shell (its views are ES modules in static/console/), signed in with the
    local key where `local_key` says; anyone else signs in with their own key or token."""
    key = local_key(settings, request)
    # `</` cannot occur in a key, but the script context gets an escaped literal anyway.
    literal = json.dumps(key).replace("</", "<\\/")
    return _console_template().replace(
        "window.TAGGRAPH_LOCAL_KEY = null;", f"window.TAGGRAPH_LOCAL_KEY = {literal};", 1
    )


def docs_page(settings: Settings, request: HTTPConnection) -> str:
    """Swagger UI over /openapi.json, from this API's own assets. The spec and every call need
    a credential: the local key where `local_key` says, else the one the user enters."""
    key = json.dumps(local_key(settings, request))
    return _DOCS.format(swagger=_SWAGGER, title=html.escape("TagGraph REST routes"), key=key)


def page_routes(settings: Settings, *, docs: bool) -> APIRouter:
    """/console (always: the CRM team's pages) and /docs (with GraphiQL, never in production)."""
    router = APIRouter(include_in_schema=False)

    @router.get("/console")
    async def console(request: Request) -> HTMLResponse:
        return HTMLResponse(console_page(settings, request), headers=PAGE_HEADERS)

    @router.get("/browser/guide.md")
    async def guide(request: Request) -> PlainTextResponse:
        text = browser_guide.guide(settings.api_port)
        return PlainTextResponse(text, headers=_browser_cors(settings, request))

    @router.get("/browser/style.grass")
    async def style(request: Request) -> PlainTextResponse:
        return PlainTextResponse(browser_guide.style(), headers=_browser_cors(settings, request))

    if docs:

        @router.get("/docs")
        async def swagger(request: Request) -> HTMLResponse:
            return HTMLResponse(docs_page(settings, request), headers=PAGE_HEADERS)

    return router


def _browser_cors(settings: Settings, request: Request) -> dict[str, str]:
    # Neo4j Browser fetches the guide and the style from its own origin (the local Neo4j's
    # HTTP port): only that origin may read them.
    origin = request.headers.get("origin", "")
    browser = {f"http://{host}:{settings.neo4j_http_port}" for host in ("127.0.0.1", "localhost")}
    if origin in browser:
        return {"Access-Control-Allow-Origin": origin}
    return {}


_DOCS = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="{swagger}/swagger-ui.css">
  <link rel="icon" href="{swagger}/favicon-32x32.png">
</head>
<body>
  <form id="signin" hidden style="font-family: sans-serif; margin: 1em 2em">
    <label>API key or token (<code>tgk_…</code>):
      <input id="key" type="password" size="50" autocomplete="off" required></label>
    <button type="submit">Sign in</button>
  </form>
  <div id="swagger-ui"></div>
  <script src="{swagger}/swagger-ui-bundle.js"></script>
  <script>
    function showDocs(key) {{
      window.ui = SwaggerUIBundle({{
        url: "/openapi.json",
        dom_id: "#swagger-ui",
        requestInterceptor: (request) => {{
          request.headers.Authorization = "Bearer " + key;
          return request;
        }},
      }});
    }}
    const embedded = {key};
    const kept = sessionStorage.getItem("taggraph-key");
    if (embedded || kept) {{
      showDocs(embedded || kept);
    }} else {{
      const form = document.getElementById("signin");
      form.hidden = false;
      form.addEventListener("submit", (event) => {{
        event.preventDefault();
        const key = document.getElementById("key").value.trim();
        sessionStorage.setItem("taggraph-key", key);
        form.hidden = true;
        showDocs(key);
      }});
    }}
  </script>
</body>
</html>
"""
