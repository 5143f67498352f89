"""Principals over GraphQL (ADMIN only) and the audit trail of every change, who and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from graph.database import Database
from graph.viewer import Role
from tests.factories import bearer, make_api_key, make_category, make_tag, unique
from tests.graphql import GraphQLClient

AUDIT = """
query($subject: ID) {
  auditLog(first: 50, subjectId: $subject) {
    totalCount edges { node { at by action subjectKind subjectId summary } }
  }
}
"""


def _audit(gql: GraphQLClient, subject: str) -> list[dict[str, Any]]:
    log = gql.data(AUDIT, subject=subject)["auditLog"]
    assert log["totalCount"] == len(log["edges"])
    return [edge["node"] for edge in log["edges"]]


def _actions(gql: GraphQLClient, subject: str) -> list[str]:
    return [entry["action"] for entry in _audit(gql, subject)]


def test_principals_grants_and_keys_round_trip_and_are_audited(gql: GraphQLClient) -> None:
    started = datetime.now(UTC) - timedelta(seconds=1)
    category = gql.data(
        "mutation($n: String!) { createTagCategory(input: {name: $n}) { category { id } } }",
        n=unique("类别"),
    )["createTagCategory"]["category"]
    user = gql.data(
        "mutation($n: String!) { createUser(name: $n, roles: [SALES]) {"
        " user { id roles } userErrors { code } } }",
        n=unique("销售"),
    )["createUser"]["user"]
    department = gql.data(
        "mutation($n: String!) { createDepartment(name: $n) { department { id } } }",
        n=unique("华南销售部"),
    )["createDepartment"]["department"]
    joined = gql.data(
        "mutation($u: ID!, $d: ID!) { setDepartmentMembership(userId: $u, departmentId: $d) {"
        " department { memberIds } } }",
        u=user["id"],
        d=department["id"],
    )["setDepartmentMembership"]["department"]
    assert joined["memberIds"] == [user["id"]]
    granted = gql.data(
        "mutation($d: ID!, $c: ID!) { grantCategory(departmentId: $d, categoryId: $c, access: TAG)"
        " { department { seeCategoryIds tagCategoryIds } userErrors { code } } }",
        d=department["id"],
        c=category["id"],
    )["grantCategory"]["department"]
    assert granted == {"seeCategoryIds": [], "tagCategoryIds": [category["id"]]}
    created = gql.data(
        'mutation($u: ID!) { createApiKey(userId: $u, name: "crm") {'
        " key apiKey { id prefix revokedAt } userErrors { code } } }",
        u=user["id"],
    )["createApiKey"]
    assert created["key"].startswith(created["apiKey"]["prefix"] + "_")
    listed = gql.data("query($u: ID) { apiKeys(userId: $u) { id name prefix } }", u=user["id"])[
        "apiKeys"
    ]
    assert listed == [
        {"id": created["apiKey"]["id"], "name": "crm", "prefix": created["apiKey"]["prefix"]}
    ]

    me = httpx.post(
        gql.http.base_url.join("/graphql"),
        json={
            "query": "{ viewer { user roles departments visibleCategoryIds taggableCategoryIds } }"
        },
        headers=bearer(created["key"]),
    ).json()["data"]["viewer"]
    assert me == {
        "user": user["id"],
        "roles": ["SALES"],
        "departments": [department["id"]],
        "visibleCategoryIds": [category["id"]],
        "taggableCategoryIds": [category["id"]],
    }

    assert _actions(gql, user["id"]) == ["CREATE_USER"]
    assert _actions(gql, department["id"]) == ["GRANT_TAG", "ADD_MEMBER", "CREATE_DEPARTMENT"]
    [entry] = _audit(gql, created["apiKey"]["id"])
    assert entry["action"] == "CREATE_API_KEY" and entry["by"] == "test-admin"
    assert started <= datetime.fromisoformat(entry["at"]) <= datetime.now(UTC)


async def test_taxonomy_and_rule_changes_record_who_and_when(
    db: Database, gql: GraphQLClient
) -> None:
    category = await make_category(db)
    assert _actions(gql, category.id) == ["CREATE_CATEGORY"]
    tag = gql.data(
        "mutation($c: ID!, $n: String!) { createTag(input: {categoryId: $c, name: $n}) {"
        " tag { id } } }",
        c=category.id,
        n=unique("标签"),
    )["createTag"]["tag"]
    other = await make_tag(db, category=category)
    gql.data(
        "mutation($id: ID!) { updateTag(input: {id: $id, status: DEPRECATED}) { tag { id } } }",
        id=tag["id"],
    )
    gql.data(
        "mutation($id: ID!, $p: ID!) { moveTag(id: $id, parentId: $p) { tag { id } } }",
        id=tag["id"],
        p=other.id,
    )
    gql.data(
        "mutation($s: [ID!]!, $t: ID!) { mergeTags(sourceIds: $s, targetId: $t) {"
        " userErrors { code } } }",
        s=[tag["id"]],
        t=other.id,
    )
    assert _actions(gql, tag["id"]) == ["MOVE_TAG", "SET_STATUS_DEPRECATED", "CREATE_TAG"]
    assert _actions(gql, other.id)[0] == "MERGE_TAGS"
    assert {e["by"] for e in _audit(gql, tag["id"])} == {"test-admin"}

    marker = await make_tag(db)
    rule = {
        "name": unique("规则"),
        "trigger": "SCHEDULE",
        "condition": {"filter": {"hasTag": marker.id}},
        "action": "ADD_TAG",
        "tagId": other.id,
    }
    rule_id = gql.data(
        "mutation($input: TagRuleInput!) { createTagRule(input: $input) { rule { id } } }",
        input=rule,
    )["createTagRule"]["rule"]["id"]
    gql.data("mutation($id: ID!) { deleteTagRule(id: $id) { userErrors { code } } }", id=rule_id)
    assert _actions(gql, rule_id) == ["DELETE_RULE", "CREATE_RULE"]


async def test_a_refused_change_leaves_no_audit_entry(db: Database, gql: GraphQLClient) -> None:
    category = await make_category(db)
    key = await make_api_key(db, Role.SALES)
    refused = httpx.post(
        gql.http.base_url.join("/graphql"),
        json={
            "query": 'mutation($c: ID!) { createTag(input: {categoryId: $c, name: "x"}) {'
            " tag { id } } }",
            "variables": {"c": category.id},
        },
        headers=bearer(key),
    ).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert refused["data"] is None
    assert _actions(gql, category.id) == ["CREATE_CATEGORY"]
