"""Database round trips per request do not grow with the page size (DataLoaders)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.database import Database
from tests.factories import make_chain, make_customers
from tests.graphql import GraphQLClient

INDEX_UPKEEP = ("// find_change_notices", "// current_time", "// delete_old_change_notices")
QUERY = """
query($tag: ID!, $first: Int!) {
  customers(filter: {hasTag: $tag}, first: $first) {
    edges { node {
      id industry { name parent { name } } region { name parent { name } }
      tags { name category { name } parent { name } path { name } children { name } }
    } }
  }
  tag(id: $tag) { customers(first: $first) { edges { node { tags { name } } } } }
}
"""


async def test_round_trips_are_the_same_for_pages_of_2_and_of_40(
    gql: GraphQLClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    chain = await make_chain(db, depth=3)
    members = await make_customers(db, 40, industry_code="39", region_code="440300")
    # Through the API: its index takes the change in before the mutation responds.
    gql.tag_customers([m.id for m in members], [chain[-1].id])

    calls: list[str] = []
    original = Database._execute

    async def counting(self: Database, query: str, *args: Any) -> Any:
        if not query.startswith(INDEX_UPKEEP):  # the index's own polling, not the request's
            calls.append(query)
        return await original(self, query, *args)

    monkeypatch.setattr(Database, "_execute", counting)
    trips = {}
    for first in (2, 40):
        calls.clear()
        data = gql.data(QUERY, tag=chain[0].id, first=first)
        assert len(data["customers"]["edges"]) == first
        trips[first] = len(calls)
    assert trips[2] == trips[40]
