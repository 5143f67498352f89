"""The FastAPI application: GraphQL (with GraphiQL), health and readiness probes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response, WebSocket
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route

from api.context import Context, viewer_from_request
from api.limits import BodySizeLimit, BoundedGraphQL
from api.schema import schema
from graph.database import Database
from services.index_keeper import IndexKeeper
from services.neighbours import Neighbours, tree_weights
from settings import Settings, get_settings

log = logging.getLogger("api")


class GraphQLEndpoint(BoundedGraphQL):
    """/graphql: each request gets the app's database, index and viewer in its context."""

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        state = request.app.state
        return Context(
            state.settings, state.db, viewer_from_request(request), state.keeper, state.neighbours
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for these settings; the driver lives as long as the app (lifespan)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.db = Database.connect(settings, transaction_timeout=settings.request_timeout)
        app.state.keeper = None
        if settings.segment_index:
            app.state.keeper = IndexKeeper(app.state.db, settings.index_poll_interval)
            app.state.keeper.start()
        app.state.neighbours = Neighbours(app.state.db, app.state.keeper, tree_weights(settings))
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
    )

    # Strawberry's own ASGI app on a plain route: FastAPI's router would solve a dependency
    # graph for every request, for nothing the GraphQL endpoint uses.
    ide = settings.graphiql and settings.env == "local"  # never in production
    graphql = GraphQLEndpoint(schema, graphql_ide="graphiql" if ide else None)
    app.router.routes.append(Route("/graphql", graphql, methods=["GET", "POST"]))
    # Request bounds: the body cap outermost, so an oversized body is refused before any work.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "X-TagGraph-User"],
        max_age=600,
    )
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/graphql")

    @app.get("/healthz", summary="The process is alive.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="Neo4j answers queries.")
    async def readyz(request: Request) -> JSONResponse:
        db: Database = request.app.state.db
        try:
            await db.read("RETURN 1 AS ok")
        except Exception:  # any failure means "not ready"; the reason goes to the log only
            log.warning("readiness check failed", exc_info=True)
            return JSONResponse({"status": "unavailable", "neo4j": "unreachable"}, status_code=503)
        keeper: IndexKeeper | None = request.app.state.keeper
        index = "off" if keeper is None else ("ready" if keeper.ready else "building")
        return JSONResponse({"status": "ok", "neo4j": "reachable", "index": index})

    return app
