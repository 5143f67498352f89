"""The role × department matrix over every Query and Mutation root field, generated from the
schema (a new field cannot skip it): allowed, refused (FORBIDDEN) or invisible (as not found).

Each cell is one small request with minimal, type-correct arguments made up from the schema
(ids that exist nowhere, unique names); "allowed" means the permission gate let it run."""

from __future__ import annotations

import uuid

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    Undefined,
    get_named_type,
    is_leaf_type,
)

from api.permissions import FIELD_PERMISSIONS
from api.schema import schema
from graph.database import Database
from graph.principals.model import ROLE_PERMISSIONS
from graph.viewer import Permission, Role
from tests.factories import (
    bearer,
    make_api_key,
    make_category,
    make_customers,
    make_department,
    make_tag,
)
from tests.graphql import GraphQLClient

GRAPHQL = schema._schema
ROOTS = {"query": GRAPHQL.query_type, "mutation": GRAPHQL.mutation_type}
FIELDS = [(kind, name) for kind, root in ROOTS.items() if root for name in sorted(root.fields)]
# Arguments that keep a cell small: without them the field would sweep the whole test graph.
OVERRIDES = {("mutation", "runTagRules"): '(ruleIds: ["matrix-none"], customerIds: [])'}
INTEGRATION_GRANTS = frozenset({Permission.WRITE_CUSTOMERS})


def _literal(type_: GraphQLInputType) -> str:
    """A literal of this input type with only its required parts."""
    if isinstance(type_, GraphQLNonNull):
        return _literal(type_.of_type)
    if isinstance(type_, GraphQLList):
        return f"[{_literal(type_.of_type)}]"
    if isinstance(type_, GraphQLEnumType):
        return str(next(iter(type_.values)))
    if isinstance(type_, GraphQLInputObjectType):
        required = [
            f"{name}: {_literal(field.type)}"
            for name, field in type_.fields.items()
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        ]
        return "{" + ", ".join(required) + "}"
    assert isinstance(type_, GraphQLScalarType), type_
    return {
        "Int": "1",
        "Float": "1.0",
        "Boolean": "false",
        "DateTime": '"2026-01-01T00:00:00Z"',
        "JSON": "{}",
    }.get(type_.name, f'"matrix-{uuid.uuid4().hex[:10]}"')


def document(kind: str, name: str) -> str:
    """A minimal document naming only this root field."""
    field: GraphQLField = ROOTS[kind].fields[name]  # type: ignore[union-attr]
    arguments = OVERRIDES.get((kind, name))
    if arguments is None:
        required = [
            f"{arg}: {_literal(spec.type)}"
            for arg, spec in field.args.items()
            if isinstance(spec.type, GraphQLNonNull)
        ]
        arguments = f"({', '.join(required)})" if required else ""
    selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
    return f"{kind} {{ {name}{arguments}{selection} }}"


def _allowed(role: Role, kind: str, name: str) -> bool:
    granted = ROLE_PERMISSIONS[role] | (INTEGRATION_GRANTS if role is Role.INTEGRATION else set())
    return FIELD_PERMISSIONS[(kind, name)] in granted


def test_every_root_field_of_the_schema_is_in_the_permission_table() -> None:
    assert FIELDS and set(FIELDS) == set(FIELD_PERMISSIONS)


def test_the_roles_table_reads_as_the_readme_says() -> None:
    # Written out by hand, independently of the table: the main lines of the roles table.
    for role in Role:
        assert _allowed(role, "query", "viewer")
        assert _allowed(role, "mutation", "createApiKey") == (role is Role.ADMIN)
        assert _allowed(role, "query", "auditLog") == (role is Role.ADMIN)
        assert _allowed(role, "mutation", "eraseCustomer") == (role is Role.ADMIN)
    assert _allowed(Role.TAXONOMY_MANAGER, "mutation", "mergeTags")
    assert _allowed(Role.TAXONOMY_MANAGER, "mutation", "createTagRule")
    assert not _allowed(Role.TAXONOMY_MANAGER, "mutation", "tagCustomers")
    assert _allowed(Role.SALES, "mutation", "tagCustomers")
    assert not _allowed(Role.SALES, "mutation", "createTag")
    assert _allowed(Role.ANALYST, "mutation", "createSegment")
    assert _allowed(Role.ANALYST, "query", "customers")
    assert not _allowed(Role.ANALYST, "mutation", "untagCustomers")
    assert not _allowed(Role.INTEGRATION, "query", "customers")
    assert _allowed(Role.INTEGRATION, "mutation", "upsertCustomers")


@pytest.mark.parametrize("grants", ["department-with-grants", "no-grants"])
@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
async def test_each_field_is_allowed_or_forbidden_as_the_table_says(
    db: Database, gql: GraphQLClient, role: Role, grants: str
) -> None:
    category = await make_category(db)
    department = await make_department(db, tag=(category.id,) if grants != "no-grants" else ())
    key = await make_api_key(
        db,
        role,
        departments=(department,),
        permissions=INTEGRATION_GRANTS if role is Role.INTEGRATION else frozenset(),
    )
    outcomes: dict[tuple[str, str], str] = {}
    with httpx.Client(base_url=gql.http.base_url, headers=bearer(key), timeout=60) as http:
        for kind, name in FIELDS:
            body = http.post("/graphql", json={"query": document(kind, name)}).json()
            codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
            # Every error is coded: none is a validation error of the made-up document.
            assert None not in codes, (name, body)
            outcomes[(kind, name)] = "FORBIDDEN" if "FORBIDDEN" in codes else "ran"
    expected = {
        (kind, name): "ran" if _allowed(role, kind, name) else "FORBIDDEN" for kind, name in FIELDS
    }
    assert outcomes == expected


TAG_QUERY = "query($id: ID!) { tag(id: $id) { id } }"
TAGGING = (
    "mutation($c: [ID!], $t: [ID!]!) { tagCustomers(customerIds: $c, tagIds: $t) {"
    " addedCount userErrors { code } } }"
)


@pytest.mark.parametrize(
    ("access", "seen", "tagging"),
    [
        ("NONE", "NOT_FOUND", "NOT_FOUND"),
        ("SEE", "VISIBLE", "FORBIDDEN"),
        ("TAG", "VISIBLE", "ADDED"),
    ],
)
async def test_a_sales_viewer_sees_and_tags_as_its_department_may(
    db: Database, gql: GraphQLClient, access: str, seen: str, tagging: str
) -> None:
    tag = await make_tag(db)
    grants = {"NONE": {}, "SEE": {"see": (tag.category_id,)}, "TAG": {"tag": (tag.category_id,)}}
    department = await make_department(db, **grants[access])
    key = await make_api_key(db, Role.SALES, departments=(department,))
    customer_ids = [c.id for c in await make_customers(db, 1)]
    with httpx.Client(base_url=gql.http.base_url, headers=bearer(key), timeout=60) as http:
        shown = http.post("/graphql", json={"query": TAG_QUERY, "variables": {"id": tag.id}})
        assert ("VISIBLE" if shown.json()["data"]["tag"] else "NOT_FOUND") == seen
        tagged = http.post(
            "/graphql", json={"query": TAGGING, "variables": {"c": customer_ids, "t": [tag.id]}}
        ).json()["data"]["tagCustomers"]
    errors = [e["code"] for e in tagged["userErrors"]]
    assert (errors[0] if errors else "ADDED") == tagging
    assert tagged["addedCount"] == (1 if tagging == "ADDED" else 0)
