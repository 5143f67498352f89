"""The FastAPI application: GraphQL (with GraphiQL), the REST docs, health and readiness probes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from fastapi import FastAPI, Request, Response, WebSocket
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route
from starlette.staticfiles import StaticFiles
from strawberry.http import GraphQLHTTPResponse

from api import exports
from api.auth import RequireCredential
from api.context import Context, viewer_from_request
from api.errors import SERVICE_UNAVAILABLE
from api.imports import routes as imports
from api.limits import BodySizeLimit, BoundedGraphQL
from api.metrics import HttpMetrics, Metrics, metrics_route
from api.schema import schema
from api.web import PAGE_HEADERS, STATIC_PATH, STATIC_ROOT, graphiql_page, page_routes
from graph.database import Database
from graph.errors import GraphUnavailable
from services.auth import Authenticator, refuse_unsafe_bind
from services.index_keeper import IndexKeeper
from services.neighbours import Neighbours, tree_weights
from settings import Settings, get_settings

log = logging.getLogger("api")


class GraphQLEndpoint(BoundedGraphQL):
    """/graphql: each request gets the app's database, index and viewer in its context."""

    retry_after = 5  # seconds; create_app sets the one of the settings
    settings: Settings

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        state = request.app.state
        return Context(
            state.settings,
            state.db,
            viewer_from_request(request),
            state.keeper,
            state.neighbours,
            state.authenticator,
            state.metrics,
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL; in local mode, opened on this machine, it sends the local admin key."""
        page = graphiql_page(self.graphql_ide_html, self.settings, request)
        return HTMLResponse(page, headers=PAGE_HEADERS)

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        # A request that needed Neo4j while it was away: 503, so that clients and proxies
        # retry after a while (the error says SERVICE_UNAVAILABLE, retryable).
        if _needed_the_database(response_data):
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = str(self.retry_after)
        return super().create_response(response_data, sub_response)


def _needed_the_database(data: GraphQLHTTPResponse | list[GraphQLHTTPResponse]) -> bool:
    results = data if isinstance(data, list) else [data]
    return any(
        (error.get("extensions") or {}).get("code") == SERVICE_UNAVAILABLE
        for result in results
        for error in cast(list[dict[str, Any]], result.get("errors") or [])
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for these settings; the driver lives as long as the app (lifespan)."""
    settings = settings or get_settings()
    refuse_unsafe_bind(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.db = Database.connect(settings, transaction_timeout=settings.request_timeout)
        app.state.authenticator = Authenticator(app.state.db, settings)
        app.state.keeper = None
        if settings.segment_index:
            app.state.keeper = IndexKeeper(
                app.state.db,
                settings.index_poll_interval,
                drift_check_seconds=settings.index_drift_check_seconds,
            )
            app.state.keeper.start()
        app.state.neighbours = Neighbours(app.state.db, app.state.keeper, tree_weights(settings))
        app.state.metrics = Metrics(app.state.db, app.state.keeper)
        try:
            yield
        finally:
            if app.state.keeper is not None:
                await app.state.keeper.stop()
            await app.state.db.close()

    app = FastAPI(
        title="TagGraph",
        description="Customer knowledge graph for CRM tagging: GraphQL at /graphql.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load Swagger UI from a CDN: /docs below serves our copy
        redoc_url=None,
    )
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC_ROOT), name="static")

    # Strawberry's own ASGI app on a plain route: FastAPI's router would solve a dependency
    # graph for every request, for nothing the GraphQL endpoint uses.
    ide = settings.graphiql and settings.env == "local"  # never in production
    graphql = GraphQLEndpoint(schema, graphql_ide="graphiql" if ide else None)
    graphql.retry_after = settings.retry_after
    graphql.settings = settings
    app.router.routes.append(Route("/graphql", graphql, methods=["GET", "POST"]))
    app.include_router(exports.router)  # /exports/…: files streamed (issue 13)
    # Outermost last: the body cap refuses an oversized body before any work; CORS answers
    # preflights (which never carry a credential) before sign-in is asked for.
    app.add_middleware(RequireCredential)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type"],
        max_age=600,
    )
    app.add_middleware(
        BodySizeLimit,
        limit=settings.max_body_bytes,
        larger={"/imports/": settings.import_max_upload_bytes},
    )
    app.add_middleware(HttpMetrics)  # outermost: refusals by the others are counted too
    app.include_router(imports.router)

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/graphql")

    app.include_router(page_routes(settings, docs=ide))
    app.add_api_route("/metrics", metrics_route, methods=["GET"], summary="Prometheus metrics.")

    @app.get("/healthz", summary="The process is alive.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="Neo4j answers queries and the index is built.")
    async def readyz(request: Request) -> JSONResponse:
        keeper: IndexKeeper | None = request.app.state.keeper
        index = "off" if keeper is None else ("ready" if keeper.ready else "building")
        neo4j = await _neo4j_state(request.app.state.db, settings.readiness_timeout)
        if neo4j == "reachable" and index != "building":
            return JSONResponse({"status": "ok", "neo4j": neo4j, "index": index})
        return JSONResponse(
            {"status": "unavailable", "neo4j": neo4j, "index": index},
            status_code=503,
            headers={"Retry-After": str(settings.retry_after)},
        )

    return app


async def _neo4j_state(db: Database, timeout: float) -> str:
    """reachable, unreachable or timeout: whether Neo4j answers a trivial query in time."""
    try:
        async with asyncio.timeout(timeout):
            await db.ping()
    except TimeoutError:
        log.warning("readiness: Neo4j did not answer within %.1f s", timeout)
        return "timeout"
    except GraphUnavailable as error:
        log.warning("readiness: Neo4j is unreachable (%s)", error)
        return "unreachable"
    return "reachable"
