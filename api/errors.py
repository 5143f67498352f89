"""Errors as clients see them: userErrors in payloads, coded GraphQL errors, masked surprises."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.types import ExecutionContext

from api.enums import ErrorCode
from api.input_guard import request_error_code
from graph.errors import FieldError, GraphUnavailable, UserInputError

log = logging.getLogger("api")


@strawberry.type(description="An expected failure: nothing was changed.")
class UserError:
    code: ErrorCode
    message: str
    field: list[str] | None = strawberry.field(
        description="Path to the input field at fault, e.g. ['input', '3', 'name']."
    )


class Payload(Protocol):
    """A mutation's result type: its fields default to empty, `userErrors` to none."""

    user_errors: list[UserError]

    def __init__(self, *, user_errors: list[UserError]) -> None: ...


P = TypeVar("P", bound=Payload)
R = TypeVar("R")


async def payload(payload_type: type[P], call: Awaitable[R], build: Callable[[R], P]) -> P:
    """The payload of a call: built from its result, or empty with the userErrors it raised."""
    try:
        result = await call
    except UserInputError as error:
        return payload_type(user_errors=[_user_error(item) for item in error.errors])
    return build(result)


def _user_error(item: FieldError) -> UserError:
    return UserError(
        code=item.code,
        message=item.message,
        field=list(item.field) if item.field else None,
    )


SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = "The database is unavailable at the moment; retry later."
OUTCOME_UNKNOWN_MESSAGE = (
    "The database went away while the change was being committed: it may have been applied."
    " Read it back before trying again."
)


class Schema(strawberry.Schema):
    """The strawberry schema, logging each error once at the level it deserves (strawberry
    logs every error at ERROR with its traceback, the client's own mistakes included)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            log_error(error)


def log_error(error: GraphQLError) -> None:
    """Only unexpected failures at ERROR, with their traceback; the client's mistakes at INFO
    and an unreachable database at WARNING, without one. Never the message: it may quote the
    document or a variable's value (an e-mail, a phone number)."""
    original = error.original_error
    where = ".".join(str(key) for key in error.path) if error.path else "the request"
    if isinstance(original, GraphUnavailable):
        log.warning("database unavailable at %s (%s)", where, original)
    elif isinstance(original, UserInputError):
        log.info("refused at %s: %s", where, original.errors[0].code.value)
    elif original is None or error.path is None:
        # Before execution: syntax, validation and variables (a value of the wrong type).
        log.info("refused at %s: invalid document or variables", where)
    else:
        log.error("unexpected error at %s", where, exc_info=original)


class ErrorPolicy(MaskErrors):
    """Query-level user errors keep their message and get `extensions.code`; an unreachable
    database is SERVICE_UNAVAILABLE (retryable, HTTP 503); any other error reaches the client
    only as 'Unexpected error.' (`Schema` logs it with its stack trace)."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_should_mask)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [_with_code(error) for error in super()._process_errors(errors)]

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    # The query's own syntax or validation errors, expected failures, an unreachable database,
    # a variable's value refused (graphql-core wraps the refusal, at no path).
    if original is None or isinstance(original, UserInputError | GraphUnavailable):
        return False
    return not (isinstance(original, GraphQLError) and error.path is None)


def _with_code(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, GraphUnavailable):
        if original.outcome_unknown:
            error.message = OUTCOME_UNKNOWN_MESSAGE
        else:
            error.message = UNAVAILABLE_MESSAGE
        # A commit cut off midway may have been applied: retrying blindly could repeat it.
        error.extensions = {"code": SERVICE_UNAVAILABLE, "retryable": not original.outcome_unknown}
        return error
    if not isinstance(original, UserInputError):
        if not (error.extensions or {}).get("code") and (code := request_error_code(error)):
            error.extensions = {**(error.extensions or {}), "code": code}
        return error
    first = original.errors[0]
    error.extensions = {
        "code": first.code.value,
        "field": list(first.field) if first.field else None,
        "userErrors": [
            {"code": e.code.value, "message": e.message, "field": list(e.field or ())}
            for e in original.errors
        ],
    }
    return error
