"""Retired tags (MERGED, DELETED) read fine over the API: the tag itself, the history and the
past tags of the customers that held them, and segments naming them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from graph.database import Database
from tests.factories import make_category, make_customers, make_tag
from tests.graphql import GraphQLClient

INDEX_UPKEEP = ("// find_change_notices", "// current_time", "// delete_old_change_notices")
TAG = "query($id: ID!) { tag(id: $id) { id status mergedInto { id status } path { id } } }"
HISTORY = """
query($id: ID!, $at: DateTime!) {
  customer(id: $id) {
    id
    tagHistory(first: 20) { edges { node { action reason source tag { id status } } } }
    tagsAsOf(at: $at) { id status mergedInto { id } }
    tags { id }
  }
}"""
SEGMENT = """
query($f: CustomerFilter!) {
  byId: customers(filter: $f) { totalCount edges { node { id } } }
  byName: customers(filter: $f, orderBy: {field: NAME, direction: ASC}) {
    totalCount edges { node { id } }
  }
}"""


@dataclass
class Retired:
    merged: str
    target: str
    deleted: str
    merged_holder: str
    deleted_holder: str
    held_at: str


@pytest.fixture
async def retired(gql: GraphQLClient, db: Database) -> Retired:
    """A tag merged into another and a tag deleted, each held by a customer before."""
    category = await make_category(db)
    merged, target, deleted = [await make_tag(db, category=category) for _ in range(3)]
    merged_holder, deleted_holder = await make_customers(db, 2)
    gql.tag_customers([merged_holder.id], [merged.id])
    gql.tag_customers([deleted_holder.id], [deleted.id])
    time.sleep(0.01)  # a moment strictly between the assignments and their end
    held_at = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    merge = gql.data(
        "mutation($s: [ID!]!, $t: ID!) { mergeTags(sourceIds: $s, targetId: $t) {"
        " userErrors { code } } }",
        s=[merged.id],
        t=target.id,
    )
    assert merge["mergeTags"]["userErrors"] == []
    untag = gql.data(
        "mutation($c: [ID!], $t: [ID!]!) { untagCustomers(customerIds: $c, tagIds: $t) {"
        " userErrors { code } } }",
        c=[deleted_holder.id],
        t=[deleted.id],
    )
    assert untag["untagCustomers"]["userErrors"] == []
    delete = gql.data(
        "mutation($id: ID!) { deleteTag(id: $id) { userErrors { code } } }", id=deleted.id
    )
    assert delete["deleteTag"]["userErrors"] == []
    return Retired(merged.id, target.id, deleted.id, merged_holder.id, deleted_holder.id, held_at)


def test_a_merged_tag_answers_with_its_status_and_the_tag_it_was_merged_into(
    gql: GraphQLClient, retired: Retired
) -> None:
    merged = gql.data(TAG, id=retired.merged)["tag"]
    assert merged["status"] == "MERGED"
    assert merged["mergedInto"] == {"id": retired.target, "status": "ACTIVE"}
    assert merged["path"] == [{"id": retired.merged}]  # it left the tree
    assert gql.data(TAG, id=retired.target)["tag"]["mergedInto"] is None


def test_a_deleted_tag_that_history_refers_to_answers_with_status_deleted(
    gql: GraphQLClient, retired: Retired
) -> None:
    deleted = gql.data(TAG, id=retired.deleted)["tag"]
    assert (deleted["status"], deleted["mergedInto"]) == ("DELETED", None)


def test_history_and_past_tags_of_a_merged_tags_holder_read_fine(
    gql: GraphQLClient, retired: Retired
) -> None:
    customer = gql.data(HISTORY, id=retired.merged_holder, at=retired.held_at)["customer"]
    events = [e["node"] for e in customer["tagHistory"]["edges"]]
    assert {"action": "REMOVED", "reason": "MERGED", "source": "MERGE"} in [
        {k: e[k] for k in ("action", "reason", "source")}
        for e in events
        if e["tag"]["id"] == retired.merged
    ]
    assert {"id": retired.merged, "status": "MERGED"} in [e["tag"] for e in events]
    assert customer["tagsAsOf"] == [
        {"id": retired.merged, "status": "MERGED", "mergedInto": {"id": retired.target}}
    ]
    assert customer["tags"] == [{"id": retired.target}]


def test_history_and_past_tags_of_a_deleted_tags_holder_read_fine(
    gql: GraphQLClient, retired: Retired
) -> None:
    customer = gql.data(HISTORY, id=retired.deleted_holder, at=retired.held_at)["customer"]
    statuses = {e["node"]["tag"]["status"] for e in customer["tagHistory"]["edges"]}
    assert statuses == {"DELETED"}
    assert customer["tagsAsOf"] == [
        {"id": retired.deleted, "status": "DELETED", "mergedInto": None}
    ]
    assert customer["tags"] == []


@pytest.mark.parametrize(
    "make_filter",
    [
        lambda r: {"hasTag": r.merged},
        lambda r: {"hasTag": r.deleted},
        lambda r: {"hasAnyTag": [r.merged, r.deleted]},
        lambda r: {"hasAllTags": [r.merged]},
        lambda r: {"not": {"hasTag": r.merged}, "hasTag": r.deleted},
    ],
)
def test_a_segment_holding_a_retired_tag_is_empty_on_both_paths(
    gql: GraphQLClient, retired: Retired, make_filter: Any
) -> None:
    answer = gql.data(SEGMENT, f=make_filter(retired))
    assert answer["byId"] == {"totalCount": 0, "edges": []}
    assert answer["byName"] == {"totalCount": 0, "edges": []}


def test_a_segment_of_who_had_a_retired_tag_reads_its_history(
    gql: GraphQLClient, retired: Retired
) -> None:
    for tag_id, holder in (
        (retired.merged, retired.merged_holder),
        (retired.deleted, retired.deleted_holder),
    ):
        had = {"tagId": tag_id, "since": "2000-01-01T00:00:00Z", "until": "2100-01-01T00:00:00Z"}
        answer = gql.data(SEGMENT, f={"hadTag": had})
        assert answer["byId"]["edges"] == [{"node": {"id": holder}}]
        assert answer["byName"]["edges"] == [{"node": {"id": holder}}]


async def test_merged_into_takes_one_round_trip_whatever_the_number_of_events(
    gql: GraphQLClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    category = await make_category(db)
    target = await make_tag(db, category=category)
    sources = [await make_tag(db, category=category) for _ in range(6)]
    [holder] = await make_customers(db)
    gql.tag_customers([holder.id], [s.id for s in sources])
    merge = gql.data(
        "mutation($s: [ID!]!, $t: ID!) { mergeTags(sourceIds: $s, targetId: $t) {"
        " userErrors { code } } }",
        s=[s.id for s in sources],
        t=target.id,
    )
    assert merge["mergeTags"]["userErrors"] == []
    calls: list[str] = []
    original = Database._execute

    async def counting(self: Database, query: str, *args: Any) -> Any:
        if not query.startswith(INDEX_UPKEEP):
            calls.append(query)
        return await original(self, query, *args)

    monkeypatch.setattr(Database, "_execute", counting)
    history = gql.data(
        "query($id: ID!) { customer(id: $id) { tagHistory(first: 20) { edges { node {"
        " tag { id mergedInto { id } } } } } } }",
        id=holder.id,
    )["customer"]["tagHistory"]["edges"]
    targets = {e["node"]["tag"]["id"]: e["node"]["tag"]["mergedInto"] for e in history}
    assert all(targets[s.id] == {"id": target.id} for s in sources)
    assert sum("// find_merge_targets_by_ids" in call for call in calls) == 1


@pytest.mark.parametrize("status", ["MERGED", "DELETED"])
async def test_update_tag_cannot_retire_a_tag(
    gql: GraphQLClient, db: Database, status: str
) -> None:
    tag = await make_tag(db)
    payload = gql.data(
        f"mutation($id: ID!) {{ updateTag(input: {{id: $id, status: {status}}}) {{"
        " tag { id } userErrors { code field } } }",
        id=tag.id,
    )["updateTag"]
    assert payload == {
        "tag": None,
        "userErrors": [{"code": "INVALID_INPUT", "field": ["input", "status"]}],
    }
    assert gql.data(TAG, id=tag.id)["tag"]["status"] == "ACTIVE"
