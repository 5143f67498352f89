"""Prometheus metrics at /metrics (prometheus-client), for a scraper signed in with a key that
has READ_METRICS: GraphQL latency per operation type and root field, errors by code, HTTP
requests per route, the index (ready, size, version, seconds behind the graph, drift repairs)
and Neo4j use (queries in flight against the pool's bound, done, failed while it was away).

Labels are bounded by the schema and the routes, never by what a client sends: an operation's
name is the client's, so a request is labelled by its root field (`multiple` for several)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from graphql import FieldNode, OperationDefinitionNode
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from api.context import viewer_from_request
from api.enums import ErrorCode
from graph.database import Database
from graph.viewer import Permission
from services.index_keeper import IndexKeeper

# Latency buckets from a cached count (1 ms) to a bulk mutation (tens of seconds).
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
ROUTES = (
    "/graphql", "/healthz", "/readyz", "/metrics", "/console", "/docs", "/openapi.json",
    "/static/", "/browser/", "/imports", "/exports",
)  # fmt: skip


class Metrics:
    """One app's metrics, in a registry of its own (tests run many apps in one process)."""

    def __init__(self, db: Database, keeper: IndexKeeper | None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.graphql_seconds = Histogram(
            "taggraph_graphql_request_seconds",
            "GraphQL requests by operation type and root field, from parsing to the result.",
            ["operation", "field"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.graphql_errors = Counter(
            "taggraph_graphql_errors",
            "GraphQL errors by stable code (INTERNAL for unexpected ones) and root field.",
            ["code", "field"],
            registry=self.registry,
        )
        self.http_requests = Counter(
            "taggraph_http_requests",
            "HTTP requests by route and status.",
            ["route", "status"],
            registry=self.registry,
        )
        self.registry.register(_StateCollector(db, keeper))


async def metrics_route(request: Request) -> Response:
    """The metrics in Prometheus' text format, for a viewer with READ_METRICS."""
    if not viewer_from_request(request).may(Permission.READ_METRICS):
        error = {"message": "Not allowed.", "extensions": {"code": ErrorCode.FORBIDDEN}}
        return JSONResponse({"errors": [error]}, status_code=403)
    metrics: Metrics = request.app.state.metrics
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


def route_of(path: str) -> str:
    """The route label of a path: one of ROUTES, or `other`."""
    for route in ROUTES:
        if path == route or (route.endswith("/") and path.startswith(route)):
            return route
        if path.startswith(route + "/"):
            return route
    return "other"


class HttpMetrics:
    """ASGI middleware counting every HTTP answer by route and status (once the app's
    lifespan has made its `Metrics`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        metrics = getattr(scope["app"].state, "metrics", None) if "app" in scope else None
        if scope["type"] != "http" or not isinstance(metrics, Metrics):
            await self.app(scope, receive, send)
            return
        status = ["500"]  # an exception before the answer started is a 500 to the client

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = str(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            metrics.http_requests.labels(route_of(scope["path"]), status[0]).inc()


class RequestMetrics(SchemaExtension):
    """Times each GraphQL operation and counts its errors by code."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        metrics = getattr(context.context, "metrics", None) if context.context else None
        if not isinstance(metrics, Metrics):
            return
        operation, field = _labels(context.graphql_document, context.operation_name)
        metrics.graphql_seconds.labels(operation, field).observe(time.perf_counter() - started)
        result = context.result
        errors = (result.errors or []) if result is not None else context.pre_execution_errors
        for error in errors or []:
            code = str((error.extensions or {}).get("code") or "INTERNAL")
            metrics.graphql_errors.labels(code, field).inc()


def _labels(document: Any, operation_name: str | None) -> tuple[str, str]:
    if document is None:
        return "unparsed", "none"
    operations = [
        d
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        and (operation_name is None or (d.name is not None and d.name.value == operation_name))
    ]
    if len(operations) != 1:
        return "unknown", "none"
    operation = operations[0]
    fields = {s.name.value for s in operation.selection_set.selections if isinstance(s, FieldNode)}
    field = fields.pop() if len(fields) == 1 else ("multiple" if fields else "none")
    return operation.operation.value, field


class _StateCollector(Collector):
    """Read at each scrape: the index keeper's and the driver's state, as they are now."""

    def __init__(self, db: Database, keeper: IndexKeeper | None) -> None:
        self.db = db
        self.keeper = keeper

    def collect(self) -> Iterable[Metric]:
        usage = self.db.usage
        yield _gauge("taggraph_neo4j_in_flight", "Queries and transactions in flight.",
                     usage.in_flight)  # fmt: skip
        yield _gauge("taggraph_neo4j_pool_size", "The driver's connection pool bound.",
                     usage.max_connections)  # fmt: skip
        yield _counter("taggraph_neo4j_calls", "Queries and transactions done.", usage.calls)
        yield _counter("taggraph_neo4j_unavailable", "Calls that failed for want of Neo4j.",
                       usage.unavailable)  # fmt: skip
        yield _counter("taggraph_neo4j_seconds", "Seconds spent in calls to Neo4j.",
                       usage.seconds)  # fmt: skip
        keeper = self.keeper
        store = keeper.store if keeper is not None else None
        yield _gauge("taggraph_index_ready", "1 once the index answers.", int(store is not None))
        if keeper is None or store is None:
            return
        behind = keeper.seconds_since_sync()
        yield _gauge("taggraph_index_customers", "Customers the index holds.", len(store.alive))
        yield _gauge("taggraph_index_version", "Changes the index took in since it was built.",
                     store.version)  # fmt: skip
        yield _gauge("taggraph_index_seconds_since_sync",
                     "Seconds since the index last read the graph's change notices.",
                     behind if behind is not None else float("nan"))  # fmt: skip
        yield _gauge("taggraph_index_build_seconds", "How long the last full build took.",
                     keeper.built_in or 0.0)  # fmt: skip
        yield _counter("taggraph_index_drift_repairs",
                       "Times the index was repaired after writes that left no change notice.",
                       keeper.drift_repairs)  # fmt: skip


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def _counter(name: str, documentation: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, documentation, value=value)
