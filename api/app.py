"""The FastAPI application: GraphQL (with GraphiQL), health and readiness probes."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response, WebSocket
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from api.auth import RequireCredential
from api.context import Context, viewer_from_request
from api.schema import schema
from graph.database import Database
from services.auth import Authenticator, refuse_unsafe_bind
from services.index_keeper import IndexKeeper
from services.neighbours import Neighbours, tree_weights
from settings import Settings, get_settings

log = logging.getLogger("api")


class GraphQLEndpoint(GraphQL[Context, None]):
    """/graphql: each request gets the app's database, index and viewer in its context."""

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
        )

    @property
    def graphql_ide_html(self) -> str:
        """GraphiQL; in local mode it sends the local admin key (from .env) for you."""
        html = super().graphql_ide_html
        settings: Settings = self.settings
        if settings.env != "local" or settings.admin_key is None:
            return html
        header = json.dumps({"Authorization": f"Bearer {settings.admin_key.get_secret_value()}"})
        return html.replace("const defaultHeaders = {};", f"const defaultHeaders = {header};", 1)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API for these settings; the driver lives as long as the app (lifespan)."""
    settings = settings or get_settings()
    refuse_unsafe_bind(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.db = Database.connect(settings)
        app.state.authenticator = Authenticator(app.state.db, settings)
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
    graphql = GraphQLEndpoint(schema, graphql_ide="graphiql" if settings.graphiql else None)
    graphql.settings = settings
    app.router.routes.append(Route("/graphql", graphql, methods=["GET", "POST"]))

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

    app.add_middleware(RequireCredential)
    return app
