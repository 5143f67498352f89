"""How an unreachable database reads to clients, without a database to cut."""

from __future__ import annotations

from graphql import GraphQLError

from api.errors import ErrorPolicy
from graph.errors import GraphUnavailable


def _processed(original: Exception) -> GraphQLError:
    error = GraphQLError("boom", path=["tagCustomers"], original_error=original)
    [processed] = ErrorPolicy()._process_errors([error])
    return processed


def test_an_unreachable_database_is_a_retryable_service_unavailable() -> None:
    error = _processed(GraphUnavailable("ServiceUnavailable"))
    assert error.extensions == {"code": "SERVICE_UNAVAILABLE", "retryable": True}


def test_a_commit_cut_off_midway_is_not_retryable_and_says_to_read_first() -> None:
    error = _processed(GraphUnavailable("IncompleteCommit", outcome_unknown=True))
    assert error.extensions == {"code": "SERVICE_UNAVAILABLE", "retryable": False}
    assert "may have been applied" in error.message
