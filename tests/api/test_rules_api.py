"""Interactions, rules, previews and lifecycle transitions over HTTP: the event-triggered tag is
there when recordInteractions returns; invalid rules come back as userErrors, nothing written."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from graph.admin import snapshot_graph
from graph.database import Database
from tests.factories import make_customers, make_tag, unique
from tests.graphql import GraphQLClient

CREATE = """
mutation($input: TagRuleInput!) {
  createTagRule(input: $input) {
    rule { id name conditionText trigger eventTypes tag { id name } aggregates { measure } }
    userErrors { code field }
  }
}"""
RECORD = """
mutation($input: [InteractionInput!]!) {
  recordInteractions(input: $input) {
    recordedCount duplicateCount tagsAddedCount userErrors { code field }
  }
}"""
HOLDS = """
query($id: ID!) { customer(id: $id) { tags { id } } }"""


def _rule(name: str, marker: str, tag: str, **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "trigger": "EVENT",
        "eventTypes": ["EVENT_SIGNUP"],
        "condition": {
            "filter": {"hasTag": marker},
            "aggregates": [
                {"measure": "COUNT", "types": ["EVENT_SIGNUP"], "windowDays": 30, "min": 1}
            ],
        },
        "action": "ADD_TAG",
        "tagId": tag,
        **extra,
    }


async def test_an_event_rule_tags_within_the_mutation(db: Database, gql: GraphQLClient) -> None:
    marker, target = await make_tag(db), await make_tag(db)
    [member] = await make_customers(db)
    gql.tag_customers([member.id], [marker.id])
    created = gql.data(CREATE, input=_rule(unique("活动报名"), marker.id, target.id))
    rule = created["createTagRule"]["rule"]
    assert created["createTagRule"]["userErrors"] == []
    assert (
        rule["tag"]["id"] == target.id and "count(EVENT_SIGNUP in 30 days)" in rule["conditionText"]
    )
    batch = [{"id": unique("i"), "customerId": member.id, "type": "EVENT_SIGNUP",
              "at": datetime.now(UTC).isoformat(), "channel": "webinar"}]  # fmt: skip
    first = gql.data(RECORD, input=batch)["recordInteractions"]
    assert (first["recordedCount"], first["tagsAddedCount"]) == (1, 1)
    tags = {t["id"] for t in gql.data(HOLDS, id=member.id)["customer"]["tags"]}
    assert target.id in tags
    retry = gql.data(RECORD, input=batch)["recordInteractions"]
    assert (retry["recordedCount"], retry["duplicateCount"], retry["tagsAddedCount"]) == (0, 1, 0)
    runs = gql.data(
        "query($id: ID!) { ruleRuns(ruleId: $id) { trigger added evaluated } }", id=rule["id"]
    )["ruleRuns"]
    assert runs == [{"trigger": "EVENT", "added": 1, "evaluated": 1}]


async def test_invalid_rules_are_user_errors_and_write_nothing(
    db: Database, gql: GraphQLClient
) -> None:
    marker = await make_tag(db)
    before = await snapshot_graph(db)
    bad = _rule(unique("坏"), marker.id, "no-such-tag")
    bad["condition"] = {"aggregates": [{"measure": "COUNT", "windowDays": 0, "min": 1}]}
    errors = gql.data(CREATE, input=bad)["createTagRule"]["userErrors"]
    assert {e["code"] for e in errors} == {"NOT_FOUND", "INVALID_WINDOW"}
    empty = _rule(unique("空"), marker.id, marker.id)
    empty["condition"] = {}
    errors = gql.data(CREATE, input=empty)["createTagRule"]["userErrors"]
    assert [e["code"] for e in errors] == ["EMPTY_CONDITION"]
    assert await snapshot_graph(db) == before


async def test_concurrent_creates_of_one_name_give_one_rule_and_duplicate_names(
    db: Database, api_url: str, auth_headers: dict[str, str]
) -> None:
    marker, target = await make_tag(db), await make_tag(db)
    name = unique("并发")
    request = {"query": CREATE, "variables": {"input": _rule(name, marker.id, target.id)}}
    async with httpx.AsyncClient(base_url=api_url, timeout=60, headers=auth_headers) as http:
        responses = await asyncio.gather(*(http.post("/graphql", json=request) for _ in range(6)))
    bodies: list[dict[str, Any]] = [response.json() for response in responses]
    assert all("errors" not in body for body in bodies), bodies
    payloads = [body["data"]["createTagRule"] for body in bodies]
    assert sum(payload["rule"] is not None for payload in payloads) == 1, payloads
    refused = [payload["userErrors"] for payload in payloads if payload["rule"] is None]
    assert refused == [[{"code": "DUPLICATE_NAME", "field": ["input", "name"]}]] * 5


async def test_preview_and_transitions(db: Database, gql: GraphQLClient) -> None:
    marker, target = await make_tag(db), await make_tag(db)
    members = await make_customers(db, 2)
    gql.tag_customers([m.id for m in members], [marker.id])
    rule = _rule(unique("预览"), marker.id, target.id, trigger="SCHEDULE", eventTypes=[])
    rule["condition"] = {"filter": {"hasTag": marker.id}}
    preview = gql.data(
        "query($input: TagRuleInput) { previewRule(input: $input) {"
        " gainedCount lostCount sampleGainedCustomerIds userErrors { code } } }",
        input=rule,
    )["previewRule"]
    assert preview["gainedCount"] == 2 and preview["lostCount"] == 0
    assert sorted(preview["sampleGainedCustomerIds"]) == sorted(m.id for m in members)
    now = datetime.now(UTC)
    report = gql.data(
        "query($s: DateTime!, $u: DateTime!) { lifecycleTransitions(since: $s, until: $u,"
        " period: DAY) { period count fromTag { name } toTag { name } } }",
        s=(now - timedelta(days=2)).isoformat(),
        u=now.isoformat(),
    )["lifecycleTransitions"]
    assert isinstance(report, list)
