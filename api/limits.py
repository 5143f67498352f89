"""Bounds every GraphQL request obeys, each refusal a GraphQL error with a stable code.

Before anything runs: the body size (`BodySizeLimit`, HTTP 413), the document's bytes, its
tokens (strawberry's MaxTokensLimiter option), depth and aliases (strawberry's
QueryDepthLimiter and MaxAliasesLimiter rules), introspection in production, and the cost and
argument sizes of the operation (api/cost.py). While it runs: a time limit and the client's
disconnect both cancel it (`BoundedGraphQL`). Batching stays off (strawberry's default)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Iterator
from contextlib import suppress
from functools import cache
from typing import Any, TypeVar, cast

from cachetools import LRUCache
from cross_web import HTTPException
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    NoSchemaIntrospectionCustomRule,
    ValidationContext,
    validate,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.types import ExecutionResult

from api.context import Context
from api.cost import Bounds, Refusal, check_operation, expanded_fields
from api.enums import RequestRefusal
from api.input_guard import GRAPHQL_PARSE_FAILED
from settings import Settings, get_settings

log = logging.getLogger("api")
T = TypeVar("T")


def refusal_body(code: str, message: str) -> dict[str, Any]:
    """A GraphQL-shaped response body for a request refused outside of GraphQL execution."""
    return {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}


# -- Before execution -------------------------------------------------------------------------


class RequestLimits(SchemaExtension):
    """Adds the request's bounds (from its context's settings) to parsing, validation and
    execution; a refused operation is never executed."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        settings = _settings(context.context)
        context.parse_options["max_tokens"] = settings.max_tokens
        context.validation_rules = context.validation_rules + validation_rules(
            settings.max_query_depth, settings.max_aliases, introspection=settings.env == "local"
        )
        yield

    def on_validate(self) -> Iterator[None]:
        # The bounds are checked first, on their own: a refused document is never walked by
        # the other rules (1,000 aliases cost 300 ms of full validation), and one of too many
        # fields (fragments expanded: 2^30 for 30 fragments each spreading the next twice) is
        # walked by neither the limiters nor graphql-core's quadratic overlap rule.
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            settings = _settings(context.context)
            key = (
                context.query,
                settings.max_query_depth,
                settings.max_aliases,
                settings.max_fields,
                settings.env,
            )
            # The verdict depends on the document and the limits only: clients send the same
            # documents again and again, so each is walked once (0.7 ms a request otherwise).
            if (rules := _VERDICTS.get(key)) is None:
                rules = _verdict(context.schema._schema, document, settings)
                _VERDICTS[key] = rules
            if rules:
                context.validation_rules = rules
        yield

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.result is None:
            try:
                check_operation(
                    context.schema._schema,  # graphql-core's, as strawberry's own extensions use it
                    context.graphql_document,
                    context.operation_name,
                    context.variables,
                    Bounds.of(_settings(context.context)),
                )
            except Refusal as refusal:
                log.info("request refused: %s", refusal)
                context.result = GraphQLExecutionResult(data=None, errors=[refusal.error()])
        yield


_VERDICTS: LRUCache[tuple[str | None, int, int, int, str], tuple[type[ASTValidationRule], ...]] = (
    LRUCache(maxsize=1024)
)


def _verdict(
    schema: GraphQLSchema, document: DocumentNode, settings: Settings
) -> tuple[type[ASTValidationRule], ...]:
    """The rules to validate a document with instead of the usual ones (empty: the usual)."""
    limits = validation_rules(
        settings.max_query_depth, settings.max_aliases, introspection=settings.env == "local"
    )
    fields, _ = expanded_fields(document, settings.max_fields)
    if fields > settings.max_fields:
        return (expansion_rule(settings.max_fields, settings.max_aliases),)
    if validate(schema, document, limits):
        return limits
    return ()


@cache
def expansion_rule(max_fields: int, max_aliases: int) -> type[ASTValidationRule]:
    """A rule refusing documents of more than `max_fields` fields, fragments expanded (with
    TOO_MANY_ALIASES when that is what they are made of)."""

    class ExpansionLimit(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            fields, aliases = expanded_fields(context.document, max_fields)
            if aliases > max_aliases:
                message = f"more than {max_aliases} aliases found"
                code = RequestRefusal.TOO_MANY_ALIASES
            elif fields > max_fields:
                message = f"the document selects more than {max_fields} fields"
                code = RequestRefusal.TOO_MANY_FIELDS
            else:
                return
            context.report_error(GraphQLError(message, extensions={"code": code.value}))

    return ExpansionLimit


def _settings(context: Any) -> Settings:
    # Direct schema.execute calls (tests) may pass no Context: the process's settings apply.
    settings = getattr(context, "settings", None)
    return settings if isinstance(settings, Settings) else get_settings()


@cache
def validation_rules(
    max_depth: int, max_aliases: int, *, introspection: bool
) -> tuple[type[ASTValidationRule], ...]:
    """The validation rules of these bounds: made once per set of values, so that the
    validation cache (keyed by the rules) keeps working."""
    rules = [
        _coded(rule, RequestRefusal.QUERY_TOO_DEEP)
        for rule in QueryDepthLimiter(max_depth=max_depth).validation_rules
    ]
    rules += [
        _coded(rule, RequestRefusal.TOO_MANY_ALIASES)
        for rule in MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules
    ]
    if not introspection:
        rules.append(_coded(NoSchemaIntrospectionCustomRule, RequestRefusal.INTROSPECTION_DISABLED))
    return tuple(rules)


class _CodingContext:
    """A validation context whose reported errors carry a code (strawberry's limiters report
    plain errors straight to the context they are given)."""

    def __init__(self, context: ValidationContext, code: RequestRefusal) -> None:
        self._context = context
        self._code = code

    def report_error(self, error: GraphQLError) -> None:
        error.extensions = {"code": self._code.value}
        self._context.report_error(error)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def _coded(rule: type[ASTValidationRule], code: RequestRefusal) -> type[ASTValidationRule]:
    def __init__(self: ASTValidationRule, context: ValidationContext) -> None:
        rule.__init__(self, cast("ValidationContext", _CodingContext(context, code)))

    return type(rule.__name__, (rule,), {"__init__": __init__})


# -- The HTTP endpoint ------------------------------------------------------------------------


class BoundedGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI endpoint with the document size cap, the time limit, cancellation on
    disconnect, and GraphQL-shaped bodies for the requests it refuses (batches included)."""

    def decode_json(self, data: str | bytes) -> object:
        """The JSON body; nesting deeper than the decoder can follow is a 400, not a crash."""
        try:
            return json.loads(data)
        except RecursionError as error:
            raise HTTPException(400, "The request body nests too deeply.") from error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as error:
            code = (
                RequestRefusal.BATCHING_DISABLED
                if "Batching" in error.reason
                else RequestRefusal.BAD_REQUEST
            )
            body = refusal_body(code.value, error.reason)
            response = JSONResponse(body, status_code=error.status_code)
        await response(scope, receive, send)

    async def execute_operation(
        self,
        request: Request,
        request_adapter: Any,
        request_data: Any,
        context: Context,
        root_value: None,
        sub_response: Any,
    ) -> Any:
        settings = context.settings
        queries = request_data if isinstance(request_data, list) else [request_data]
        for data in queries:
            if (
                data.query is not None
                and len(data.query.encode("utf-8", "surrogatepass")) > settings.max_document_bytes
            ):
                return _refused(
                    RequestRefusal.DOCUMENT_TOO_LARGE,
                    f"the document has more than {settings.max_document_bytes} bytes",
                )
        work = super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )
        try:
            result = await within(settings.request_timeout, request, work)
        except TimeoutError:
            log.warning("request cancelled after %.1f s", settings.request_timeout)
            return _refused(
                RequestRefusal.TIMEOUT,
                f"the request ran longer than {settings.request_timeout:g} s and was cancelled",
            )
        except ClientDisconnected:
            log.info("request cancelled: the client disconnected")
            return _refused(RequestRefusal.CLIENT_DISCONNECTED, "the client disconnected")
        for error in getattr(result, "errors", None) or ():
            _code_parse_limit(error)
        return result


def _code_parse_limit(error: GraphQLError) -> None:
    # graphql-core's parser errors, its own limits included, come before any extension could
    # add a code (the parser cache parses): they get theirs here.
    if "Document contains more than" in error.message:
        error.extensions = {"code": RequestRefusal.TOO_MANY_TOKENS.value}
    elif "nested too deeply" in error.message:
        error.extensions = {"code": RequestRefusal.QUERY_TOO_DEEP.value}
    elif error.message.startswith("Syntax Error") and not (error.extensions or {}).get("code"):
        error.extensions = {"code": GRAPHQL_PARSE_FAILED}


def _refused(code: RequestRefusal, message: str) -> ExecutionResult:
    return ExecutionResult(
        data=None, errors=[GraphQLError(message, extensions={"code": code.value})]
    )


class ClientDisconnected(Exception):
    """The HTTP client went away before its answer was ready."""


async def within(timeout: float, request: Request, work: Awaitable[T]) -> T:
    """The result of `work`, cancelled (its Neo4j transactions with it) when it runs longer
    than `timeout` (TimeoutError) or the client disconnects (ClientDisconnected)."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_disconnect(request))
    try:
        done, _ = await asyncio.wait(
            {task, watcher}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
    finally:  # also when this handler itself is cancelled (server shutdown)
        for pending in (task, watcher):
            pending.cancel()
    if task in done:
        return task.result()
    with suppress(asyncio.CancelledError):
        await task
    if watcher in done:
        raise ClientDisconnected
    raise TimeoutError


async def _disconnect(request: Request) -> None:
    # The body has been read: the next message of the connection is its end.
    while (await request.receive())["type"] != "http.disconnect":
        pass


class BodySizeLimit:
    """Refuses request bodies over `limit` bytes with HTTP 413 and a GraphQL-shaped body,
    from Content-Length at once, else while the body streams in."""

    def __init__(self, app: ASGIApp, limit: int, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        self.larger = larger or {}  # path prefix → its own cap (uploads of import files)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = next(
            (cap for prefix, cap in self.larger.items() if scope["path"].startswith(prefix)),
            self.limit,
        )
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        message = f"the request body has more than {limit} bytes"
        body = refusal_body(RequestRefusal.REQUEST_TOO_LARGE.value, message)
        response = JSONResponse(body, status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass
