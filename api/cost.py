"""What an operation would cost, estimated from its document and variables before it runs.

Each selected field counts 1 (a few CPU-heavy ones more, `FIELD_WEIGHTS`); a field with a
size argument (`first`, `sample`) counts its subtree that many times, and a list without one
(`children`, `tags`) counts it `default_list_size` times, so fan-out multiplies down the tree:
`tag { parent { children { parent { children … } } } }` grows by 20× per `children`. The edges
of a sized connection are not multiplied again. The arguments are checked on the way: no list
longer than `max_list_items`, no customer filter of more than `max_filter_clauses` clauses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    Undefined,
    get_named_type,
    get_nullable_type,
    value_from_ast_untyped,
)

from api.enums import ErrorCode, RequestRefusal
from settings import Settings

SIZE_ARGUMENTS = ("first", "sample")
# The input type whose size the segment compiler bounds again later (FILTER_TOO_COMPLEX): here
# it is bounded before any of it is converted, so a 10,000-clause filter costs nothing.
FILTER_TYPE = "CustomerFilter"
# Resolvers doing far more than a lookup: similarity searches over the whole index, facets and
# co-occurrence over a segment, a rule preview over every customer.
FIELD_WEIGHTS = {
    "similarCustomers": 50,
    "lookalikeCustomers": 100,
    "recommendTags": 50,
    "recommendProducts": 50,
    "facets": 20,
    "coOccurringTags": 20,
    "previewRule": 100,
    "explainMembership": 10,
}


@dataclass(frozen=True, slots=True)
class Bounds:
    """The limits an operation is checked against (from the settings)."""

    max_cost: int
    default_list_size: int
    max_list_items: int
    max_filter_clauses: int

    @classmethod
    def of(cls, settings: Settings) -> Bounds:
        """The bounds these settings configure."""
        return cls(
            max_cost=settings.max_cost,
            default_list_size=settings.cost_default_list_size,
            max_list_items=settings.max_list_items,
            max_filter_clauses=settings.max_filter_clauses,
        )


class Refusal(Exception):
    """The operation is beyond a bound: refused before it runs."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = str(code)

    def error(self) -> GraphQLError:
        """The GraphQL error the client gets, with its stable code."""
        return GraphQLError(str(self), extensions={"code": self.code})


def check_operation(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    bounds: Bounds,
) -> int:
    """The estimated cost of the operation to run; Refusal beyond a bound."""
    operations = [
        definition
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        and (
            operation_name is None or (definition.name and definition.name.value == operation_name)
        )
    ]
    costs = [_Estimate(schema, document, op, variables, bounds).total() for op in operations]
    cost = max(costs, default=0)
    if cost > bounds.max_cost:
        raise Refusal(
            RequestRefusal.QUERY_TOO_COSTLY,
            f"the query would cost more than {bounds.max_cost} (fields times list sizes); "
            "ask for fewer items (`first`) or fewer nested lists",
        )
    return cost


class _Estimate:
    """One walk over an operation; each fragment is costed once (no exponential re-walks)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variables: dict[str, Any] | None,
        bounds: Bounds,
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.bounds = bounds
        # Costs saturate just above the budget: 20^50 need not be computed exactly.
        self.cap = bounds.max_cost + 1
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.memo: dict[tuple[str, bool], int] = {}
        self.variables = dict(variables or {})
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and definition.default_value is not None:
                self.variables[name] = value_from_ast_untyped(definition.default_value)

    def total(self) -> int:
        roots = {
            OperationType.QUERY: self.schema.query_type,
            OperationType.MUTATION: self.schema.mutation_type,
            OperationType.SUBSCRIPTION: self.schema.subscription_type,
        }
        root = roots[self.operation.operation]
        if root is None:
            return 0
        return self.selections(root, self.operation.selection_set, sized=False)

    def selections(
        self, parent: GraphQLNamedType, selection_set: SelectionSetNode, *, sized: bool
    ) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(parent, selection, sized=sized)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                named = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(named or parent, selection.selection_set, sized=sized)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, sized=sized)
            total = min(total, self.cap)
        return total

    def fragment(self, name: str, *, sized: bool) -> int:
        key = (name, sized)
        if key not in self.memo:
            definition = self.fragments.get(name)
            named = (
                self.schema.get_type(definition.type_condition.name.value) if definition else None
            )
            self.memo[key] = 0  # a cycle (refused by validation anyway) ends here
            if definition is not None and named is not None:
                self.memo[key] = self.selections(named, definition.selection_set, sized=sized)
        return self.memo[key]

    def field(self, parent: GraphQLNamedType, node: FieldNode, *, sized: bool) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0  # introspection: bounded by the schema itself
        fields = (
            parent.fields if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) else {}
        )
        definition = fields.get(name)
        if definition is None:
            return 1  # unknown fields were refused by validation
        size = self.size(definition, node)
        is_list = isinstance(get_nullable_type(definition.type), GraphQLList)
        if size is not None:
            multiplier = size
        elif is_list and not sized:
            multiplier = self.bounds.default_list_size
        else:
            multiplier = 1
        children = 0
        if node.selection_set is not None:
            children = self.selections(
                get_named_type(definition.type),
                node.selection_set,
                sized=size is not None and not is_list,
            )
        return min(self.cap, 1 + FIELD_WEIGHTS.get(name, 0) + multiplier * children)

    def size(self, definition: GraphQLField, node: FieldNode) -> int | None:
        """The field's size argument (None without one), its other arguments checked."""
        values: dict[str, Any] = {}
        for argument in node.arguments or ():
            name = argument.name.value
            value = value_from_ast_untyped(argument.value, self.variables)
            values[name] = value
            if name in definition.args:
                self.check(definition.args[name], value, name)
        for name in SIZE_ARGUMENTS:
            value = values.get(name, _default(definition.args.get(name)))
            if isinstance(value, int):
                return max(value, 0)
        return None

    def check(self, argument: GraphQLArgument, value: Any, name: str) -> None:
        # Iterative: a deeply nested input must not exhaust the stack here.
        pending: list[tuple[GraphQLInputType, Any]] = [(argument.type, value)]
        while pending:
            kind, item = pending.pop()
            nullable = get_nullable_type(kind)
            if isinstance(nullable, GraphQLList):
                items = item if isinstance(item, list) else [item]
                if len(items) > self.bounds.max_list_items:
                    raise Refusal(
                        ErrorCode.TOO_MANY_ITEMS,
                        f"`{name}` lists {len(items)} items, at most "
                        f"{self.bounds.max_list_items} are allowed",
                    )
                pending.extend((nullable.of_type, element) for element in items)
            elif isinstance(nullable, GraphQLInputObjectType) and isinstance(item, dict):
                if nullable.name == FILTER_TYPE:
                    self.check_filter(item, name)
                    continue
                pending.extend(
                    (nullable.fields[key].type, element)
                    for key, element in item.items()
                    if key in nullable.fields
                )

    def check_filter(self, value: dict[str, Any], name: str) -> None:
        clauses = _clauses(value)
        if clauses > self.bounds.max_filter_clauses:
            raise Refusal(
                ErrorCode.FILTER_TOO_COMPLEX,
                f"`{name}` has {clauses} clauses, at most {self.bounds.max_filter_clauses} "
                "are allowed (each listed id counts as one)",
            )


def _name(operation: OperationDefinitionNode) -> str | None:
    return operation.name.value if operation.name else None


def _default(argument: GraphQLArgument | None) -> Any:
    if argument is None or argument.default_value is Undefined:
        return None
    return argument.default_value


def _clauses(value: Any) -> int:
    """Objects and list items of a filter value, counted without recursion."""
    count, pending = 0, [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            count += 1
            pending.extend(element for element in item.values() if isinstance(element, dict | list))
        elif isinstance(item, list):
            count += sum(1 for element in item if not isinstance(element, dict | list))
            pending.extend(element for element in item if isinstance(element, dict | list))
    return count


def expanded_fields(document: DocumentNode, cap: int) -> tuple[int, int]:
    """How many fields, and how many of them aliased, the document selects with every fragment
    spread expanded, counted up to just above `cap` (each fragment once: a fragment spread
    twice in each of 30 fragments expands to 2^30 fields, which the depth and alias rules
    would walk one by one)."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    memo: dict[str, tuple[int, int]] = {}

    def count(selection_set: SelectionSetNode | None) -> tuple[int, int]:
        fields = aliases = 0
        for selection in selection_set.selections if selection_set else ():
            inner = (0, 0)
            if isinstance(selection, FieldNode):
                inner = count(selection.selection_set)
                fields += 1
                aliases += selection.alias is not None
            elif isinstance(selection, InlineFragmentNode):
                inner = count(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in memo:
                    memo[name] = (0, 0)  # a cycle (refused by validation) ends here
                    definition = fragments.get(name)
                    memo[name] = count(definition.selection_set) if definition else (0, 0)
                inner = memo[name]
            fields = min(fields + inner[0], cap + 1)
            aliases = min(aliases + inner[1], cap + 1)
        return fields, aliases

    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    totals = [count(operation.selection_set) for operation in operations]
    return (
        min(sum(t[0] for t in totals), cap + 1),
        min(sum(t[1] for t in totals), cap + 1),
    )
