"""The one place that refuses bad text before a request runs: a lone UTF-16 surrogate anywhere
in the request (INVALID_UNICODE) and a String or ID input longer than its bound (TOO_LONG,
bounds in api.input_bounds), in literals and variables alike, nested inputs included.

It also names the code of graphql-core's own refusals of a value of the wrong form (a bad enum
value, an object where an ID goes): INVALID_VALUE.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLInputType,
    GraphQLScalarType,
    GraphQLSchema,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    Visitor,
    get_nullable_type,
    get_operation_ast,
    is_input_object_type,
    is_list_type,
    visit,
)
from graphql.language import ArgumentNode
from strawberry.extensions import SchemaExtension

from api.enums import ErrorCode
from api.input_bounds import MAX_DESCRIPTION_LENGTH, STRING_BOUNDS, bound_of

# An input the bounds table lacks still has one (the schema test fails on it meanwhile).
FALLBACK_LENGTH = MAX_DESCRIPTION_LENGTH
# Inputs nested deeper are refused by graphql-core itself; the walk stops there.
MAX_WALK_DEPTH = 64
MAX_LISTED = 20  # refusals listed per request
SHORTEST_BOUND = min(STRING_BOUNDS.values())
_SURROGATE = re.compile("[\ud800-\udfff]")
# graphql-core's messages when a literal or a variable has a value of the wrong form.
_INVALID_VALUE = re.compile(
    r"^(Variable '\$\w+' (has invalid value|of (required|non-null) type)"
    r"|Expected value of type"
    r"|Value '.*' does not exist in '\w+' enum"
    r"|Enum '\w+' cannot represent"
    r"|(Int|Float|String|Boolean|ID) cannot represent)"
)

Path = list[str]


class InputGuard(SchemaExtension):
    """Refuses lone surrogates before parsing and over-long text before execution."""

    def on_operation(self) -> Iterator[None]:
        ctx = self.execution_context
        where = _lone_surrogate(
            {"query": ctx.query, "operationName": ctx.operation_name, "variables": ctx.variables}
        )
        if where is not None:
            # The message never quotes the text: it cannot be encoded as UTF-8.
            raise GraphQLError(
                f"{'.'.join(where)} holds a lone UTF-16 surrogate; text must be valid Unicode",
                extensions={"code": ErrorCode.INVALID_UNICODE.value, "field": where},
            )
        yield

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.result is None and ctx.graphql_document is not None:
            errors = too_long_inputs(
                # graphql-core's schema, read as strawberry's own extensions read it
                ctx.schema._schema,
                ctx.graphql_document,
                ctx.operation_name,
                ctx.variables or {},
                query=ctx.query,
            )
            if errors:
                ctx.result = ExecutionResult(data=None, errors=errors)
        yield


# The codes Apollo Server and most GraphQL clients know for documents refused before running.
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


def request_error_code(error: GraphQLError) -> str | None:
    """The code of a request error graphql-core made without one: INVALID_VALUE for a value
    of the wrong form (literal or variable), GRAPHQL_PARSE_FAILED for a syntax error,
    GRAPHQL_VALIDATION_FAILED for any other document the schema refuses; None for errors
    raised while the operation ran (they keep their own handling)."""
    if error.path is not None:
        return None
    if _INVALID_VALUE.match(error.message):
        return ErrorCode.INVALID_VALUE.value
    if error.original_error is not None:
        return None
    if error.message.startswith("Syntax Error"):
        return GRAPHQL_PARSE_FAILED
    return GRAPHQL_VALIDATION_FAILED


def _lone_surrogate(request: Mapping[str, Any]) -> Path | None:
    """Where the first lone surrogate of a decoded JSON request is (keys included), or None."""
    if not _holds_surrogate(request):  # the common case, without building paths
        return None
    stack: list[tuple[Path, Any]] = [([], request)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str) and _SURROGATE.search(value):
            return path
        if isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(key, str) and _SURROGATE.search(key):
                    return path
                stack.append(([*path, str(key)], item))
        elif isinstance(value, list):
            stack.extend(([*path, str(i)], item) for i, item in enumerate(value))
    return None


def _holds_surrogate(request: Mapping[str, Any]) -> bool:
    stack: list[Any] = [dict(request)]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            # json.loads pairs surrogates that belong together: any one left is lone.
            if not value.isascii() and _SURROGATE.search(value):
                return True
        elif isinstance(value, dict):  # dict and list, not the ABCs: they are checked slowly
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def too_long_inputs(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
    *,
    query: str | None = None,
) -> list[GraphQLError]:
    """A TOO_LONG error for each String or ID input of the operation longer than its bound.

    The document's own part (its literals, and where each variable is used with which bound)
    is worked out once per `query` text and kept; only the variables are checked each time."""
    key = (query, operation_name) if query is not None else None
    plan = _PLANS.get(key) if key is not None else None
    if plan is None:
        plan = _plan(schema, document, operation_name)
        if key is not None:
            _PLANS[key] = plan
    if plan.operation is None:
        return []  # graphql-core says why
    walk = _Walk(variables, plan.operation)
    walk.errors = [
        GraphQLError(message, extensions=dict(extensions))
        for message, extensions in plan.literal_errors
    ]
    for usage in plan.usages:
        walk.variable(*usage)
    return walk.errors[:MAX_LISTED]


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a document's inputs hold regardless of its variables."""

    operation: OperationDefinitionNode | None
    literal_errors: tuple[tuple[str, dict[str, Any]], ...]
    usages: tuple[tuple[str, GraphQLInputType, str, Path, int], ...]


_PLANS: LRUCache[tuple[str, str | None], _Plan] = LRUCache(maxsize=1024)


def _plan(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None) -> _Plan:
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return _Plan(None, (), ())
    walk = _Walk({}, operation, record=True)
    type_info = TypeInfo(schema)
    visit(document, TypeInfoVisitor(type_info, _Arguments(type_info, walk, operation)))
    errors = tuple((error.message, dict(error.extensions or {})) for error in walk.errors)
    return _Plan(operation, errors, tuple(walk.usages))


class _Arguments(Visitor):
    """Hands each argument of the operation (and of its fragments) to the walk."""

    def __init__(self, type_info: TypeInfo, walk: _Walk, operation: OperationDefinitionNode):
        super().__init__()
        self.type_info = type_info
        self.walk = walk
        self.operation = operation

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> Any:
        return None if node is self.operation else self.SKIP

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        argument = self.type_info.get_argument()
        if argument is not None:
            name = node.name.value
            self.walk.literal(node.value, argument.type, name, [name], 0)


class _Walk:
    """Checks the text of literals and variable values against the bounds of their place."""

    def __init__(
        self,
        variables: Mapping[str, Any],
        operation: OperationDefinitionNode,
        *,
        record: bool = False,
    ) -> None:
        self.variables = variables
        # Recording: variables are noted where they are used, to be checked on each request.
        self.record = record
        self.usages: list[tuple[str, GraphQLInputType, str, Path, int]] = []
        self.defaults = {
            d.variable.name.value: d.default_value for d in operation.variable_definitions or ()
        }
        self.errors: list[GraphQLError] = []

    def literal(
        self, node: ValueNode, type_: GraphQLInputType, name: str, path: Path, depth: int
    ) -> None:
        """Walk a value of the document."""
        if depth > MAX_WALK_DEPTH or len(self.errors) >= MAX_LISTED:
            return
        if isinstance(node, VariableNode):
            if self.record:
                self.usages.append((node.name.value, type_, name, path, depth))
            else:
                self.variable(node.name.value, type_, name, path, depth)
            return
        nullable = get_nullable_type(type_)
        if is_list_type(nullable):
            items = node.values if isinstance(node, ListValueNode) else (node,)
            for i, item in enumerate(items):
                self.literal(item, nullable.of_type, name, [*path, str(i)], depth + 1)
        elif is_input_object_type(nullable) and isinstance(node, ObjectValueNode):
            for field in node.fields:
                if (definition := nullable.fields.get(field.name.value)) is not None:
                    field_name = field.name.value
                    self.literal(
                        field.value, definition.type, field_name, [*path, field_name], depth + 1
                    )
        elif isinstance(node, StringValueNode):
            self._text(node.value, nullable, name, path)

    def value(self, value: Any, type_: GraphQLInputType, name: str, path: Path, depth: int) -> None:
        """Walk a variable's value (as decoded from JSON, before graphql-core coerces it)."""
        if isinstance(value, str) and len(value) <= SHORTEST_BOUND:
            return  # most text: within every bound, whatever its place (a batch has 70,000)
        if depth > MAX_WALK_DEPTH or len(self.errors) >= MAX_LISTED or value is None:
            return
        nullable = get_nullable_type(type_)
        if is_list_type(nullable):
            items = value if isinstance(value, list) else [value]
            for i, item in enumerate(items):
                self.value(item, nullable.of_type, name, [*path, str(i)], depth + 1)
        elif is_input_object_type(nullable) and isinstance(value, dict):
            for field_name, item in value.items():
                if (definition := nullable.fields.get(field_name)) is not None:
                    self.value(item, definition.type, field_name, [*path, field_name], depth + 1)
        elif isinstance(value, str):
            self._text(value, nullable, name, path)

    def variable(
        self, variable: str, type_: GraphQLInputType, name: str, path: Path, depth: int
    ) -> None:
        """Walk the value of a variable used at this place (or its default)."""
        if variable in self.variables:
            self.value(self.variables[variable], type_, name, path, depth)
        elif (default := self.defaults.get(variable)) is not None:
            self.literal(default, type_, name, path, depth)

    def _text(self, text: str, type_: Any, name: str, path: Path) -> None:
        if not isinstance(type_, GraphQLScalarType):
            return
        limit = bound_of(type_.name, name)
        if limit is None:
            if type_.name != "String":
                return  # DateTime and other scalars bound their own text
            limit = FALLBACK_LENGTH
        if len(text) > limit:
            self.errors.append(
                GraphQLError(
                    f"{'.'.join(path)} has {len(text)} characters; at most {limit} are allowed",
                    extensions={"code": ErrorCode.TOO_LONG.value, "field": path},
                )
            )
