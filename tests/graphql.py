"""A small GraphQL-over-HTTP client for the API tests."""

from __future__ import annotations

from typing import Any

import httpx


class GraphQLClient:
    """Posts queries to /graphql and returns the decoded JSON response."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def execute(self, query: str, **variables: Any) -> dict[str, Any]:
        """The whole response: `data` and possibly `errors`."""
        response = self.http.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        """The `data` of a response that must have no errors."""
        body = self.execute(query, **variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def tag_customers(self, customer_ids: list[str], tag_ids: list[str]) -> dict[str, Any]:
        """Tag customers through the tagCustomers mutation (test setup over the API)."""
        payload: dict[str, Any] = self.data(
            "mutation($c: [ID!], $t: [ID!]!) { tagCustomers(customerIds: $c, tagIds: $t) {"
            " addedCount userErrors { code } } }",
            c=customer_ids,
            t=tag_ids,
        )["tagCustomers"]
        assert payload["userErrors"] == [], payload
        return payload
