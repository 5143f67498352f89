"""Who may run what: every Query and Mutation root field mapped to the permission it needs.

`PermissionGate` refuses, before anything runs, an operation naming a root field the viewer
lacks the permission for, and one naming a field missing from the table (fail closed)."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from api.enums import ErrorCode
from graph.viewer import Permission, Viewer

P = Permission

# (operation type, root field) -> the permission it needs. A field missing here is refused.
FIELD_PERMISSIONS: dict[tuple[str, str], Permission] = {
    ("query", "customer"): P.READ,
    # Import jobs (issue 13): a principal reads its own; MANAGE_PRINCIPALS reads every one.
    ("query", "importJob"): P.SIGNED_IN,
    ("query", "importJobs"): P.SIGNED_IN,
    ("query", "customers"): P.READ,
    ("query", "segment"): P.READ,
    ("query", "segments"): P.READ,
    ("query", "explainMembership"): P.READ,
    ("query", "facets"): P.READ,
    ("query", "segmentCypher"): P.READ,
    ("query", "coOccurringTags"): P.READ,
    ("query", "tag"): P.READ,
    ("query", "tags"): P.READ,
    ("query", "tagCategories"): P.READ,
    ("query", "tagDistribution"): P.READ,
    ("query", "industries"): P.READ,
    ("query", "industry"): P.READ,
    ("query", "regions"): P.READ,
    ("query", "region"): P.READ,
    ("query", "tagFlow"): P.READ,
    ("query", "tagMoves"): P.READ,
    ("query", "staleTags"): P.READ,
    ("query", "tagDuplicateCandidates"): P.READ,
    ("query", "interactions"): P.READ,
    ("query", "products"): P.READ,
    ("query", "lifecycleTransitions"): P.READ,
    ("query", "tagRules"): P.READ,
    ("query", "tagRule"): P.READ,
    ("query", "ruleRuns"): P.READ,
    ("query", "similarCustomers"): P.READ,
    ("query", "lookalikeCustomers"): P.READ,
    ("query", "recommendProducts"): P.READ,
    ("query", "recommendTags"): P.READ,
    ("query", "previewRule"): P.MANAGE_RULES,
    ("query", "viewer"): P.SIGNED_IN,
    ("query", "users"): P.MANAGE_PRINCIPALS,
    ("query", "departments"): P.MANAGE_PRINCIPALS,
    ("query", "apiKeys"): P.MANAGE_PRINCIPALS,
    ("query", "auditLog"): P.READ_AUDIT,
    ("mutation", "upsertCustomers"): P.WRITE_CUSTOMERS,
    ("mutation", "recordInteractions"): P.WRITE_CUSTOMERS,
    ("mutation", "upsertProducts"): P.WRITE_CUSTOMERS,
    ("mutation", "eraseCustomer"): P.ERASE_CUSTOMERS,
    ("mutation", "createTagCategory"): P.MANAGE_TAXONOMY,
    ("mutation", "createTag"): P.MANAGE_TAXONOMY,
    ("mutation", "updateTag"): P.MANAGE_TAXONOMY,
    ("mutation", "moveTag"): P.MANAGE_TAXONOMY,
    ("mutation", "mergeTags"): P.MANAGE_TAXONOMY,
    ("mutation", "deleteTag"): P.MANAGE_TAXONOMY,
    ("mutation", "markTagsDistinct"): P.MANAGE_TAXONOMY,
    ("mutation", "tagCustomers"): P.TAG,
    ("mutation", "untagCustomers"): P.TAG,
    ("mutation", "createSegment"): P.MANAGE_SEGMENTS,
    ("mutation", "deleteSegment"): P.MANAGE_SEGMENTS,
    ("mutation", "refreshSegment"): P.MANAGE_SEGMENTS,
    ("mutation", "createTagRule"): P.MANAGE_RULES,
    ("mutation", "updateTagRule"): P.MANAGE_RULES,
    ("mutation", "deleteTagRule"): P.MANAGE_RULES,
    ("mutation", "setTagRuleEnabled"): P.MANAGE_RULES,
    ("mutation", "runTagRules"): P.MANAGE_RULES,
    ("mutation", "createUser"): P.MANAGE_PRINCIPALS,
    ("mutation", "setUserRoles"): P.MANAGE_PRINCIPALS,
    ("mutation", "createDepartment"): P.MANAGE_PRINCIPALS,
    ("mutation", "setDepartmentMembership"): P.MANAGE_PRINCIPALS,
    ("mutation", "grantCategory"): P.MANAGE_PRINCIPALS,
    ("mutation", "revokeCategory"): P.MANAGE_PRINCIPALS,
    ("mutation", "createApiKey"): P.MANAGE_PRINCIPALS,
    ("mutation", "revokeApiKey"): P.MANAGE_PRINCIPALS,
}
# Introspection needs only a signed-in caller (whether it is on at all is another setting).
_INTROSPECTION = frozenset({"__typename", "__schema", "__type"})


def required_permission(operation: str, field: str) -> Permission | None:
    """The permission a root field needs; None when it is not in the table (refused)."""
    if field in _INTROSPECTION:
        return Permission.SIGNED_IN
    return FIELD_PERMISSIONS.get((operation, field))


def refusal(document: DocumentNode, operation_name: str | None, viewer: Viewer) -> str | None:
    """Why the viewer may not run this operation, or None when it may."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None  # graphql-core reports the missing operation itself
    kind = operation.operation.value
    fragments = {
        node.name.value: node
        for node in document.definitions
        if isinstance(node, FragmentDefinitionNode)
    }
    for field in sorted(set(_root_fields(operation.selection_set, fragments, set()))):
        needed = required_permission(kind, field)
        if needed is None:
            return f"{kind} field {field!r} is not open to anyone"
        if not viewer.may(needed):
            return f"{kind} field {field!r} needs the {needed.value} permission"
    return None


def _root_fields(
    selections: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    seen: set[str],
) -> Iterator[str]:
    # Every root field, through fragments too; @skip/@include are ignored (fail closed).
    for node in selections.selections:
        if isinstance(node, FieldNode):
            yield node.name.value
        elif isinstance(node, InlineFragmentNode):
            yield from _root_fields(node.selection_set, fragments, seen)
        elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
            seen.add(node.name.value)
            fragment = fragments.get(node.name.value)
            if fragment is not None:
                yield from _root_fields(fragment.selection_set, fragments, seen)


class PermissionGate(SchemaExtension):
    """Refuses an operation with FORBIDDEN before it runs when the table does not allow it."""

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        viewer: Viewer = execution.context.viewer
        reason = None if document is None else refusal(document, execution.operation_name, viewer)
        if reason is not None:
            execution.result = ExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        f"Forbidden: {reason}.", extensions={"code": ErrorCode.FORBIDDEN.value}
                    )
                ],
            )
        yield
