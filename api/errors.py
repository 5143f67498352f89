"""Errors as clients see them: userErrors in payloads, coded GraphQL errors, masked surprises."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graph.errors import ErrorCode, FieldError, UserInputError

log = logging.getLogger("api")

# The graph layer's codes are the API's codes: one list, so they cannot drift apart.
strawberry.enum(ErrorCode, name="UserErrorCode", description="Stable codes of expected failures.")


@strawberry.type(description="An expected failure: nothing was changed.")
class UserError:
    code: ErrorCode
    message: str
    field: list[str] | None = strawberry.field(
        description="Path to the input field at fault, e.g. ['input', '3', 'name']."
    )


def user_errors(error: UserInputError) -> list[UserError]:
    """The userErrors list for a payload."""
    return [_user_error(item) for item in error.errors]


def _user_error(item: FieldError) -> UserError:
    return UserError(
        code=item.code,
        message=item.message,
        field=list(item.field) if item.field else None,
    )


class ErrorPolicy(MaskErrors):
    """Query-level user errors keep their message and get `extensions.code`; any other error
    is logged with its stack trace and reaches the client only as 'Unexpected error.'."""

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
    if original is None or isinstance(original, UserInputError):
        return False  # the query's own syntax or validation errors, or expected failures
    log.error("unexpected error at %s", error.path, exc_info=original)
    return True


def _with_code(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if not isinstance(original, UserInputError):
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
