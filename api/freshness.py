"""Read your writes: after a mutation, this process's index takes in the change before the
response leaves, so the client's next query sees it; other processes follow within their poll
interval. While the index cannot follow the graph (Neo4j away), every response says that what
it read from the index may be stale: `extensions.index = {mayBeStale: true,
secondsSinceSync: …}`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from graph.errors import GraphUnavailable

log = logging.getLogger("api")


class IndexCatchUp(SchemaExtension):
    """Catch the in-memory index up with the graph once a mutation has run."""

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        execution = self.execution_context
        if execution.operation_type != OperationType.MUTATION:
            return
        keeper = getattr(execution.context, "keeper", None)
        if keeper is None or _database_was_away(execution.result):
            return  # nothing to catch up with, or it would only wait for Neo4j again
        try:
            await keeper.catch_up()
        except Exception:  # the poller catches up anyway; the mutation itself succeeded
            log.warning("the index could not catch up after a mutation", exc_info=True)

    def get_results(self) -> dict[str, Any]:
        """`index: {mayBeStale, secondsSinceSync}` when the index lags behind the graph."""
        execution = self.execution_context
        keeper = getattr(execution.context, "keeper", None)
        settings = getattr(execution.context, "settings", None)
        if keeper is None or settings is None:
            return {}
        since = keeper.seconds_since_sync()
        if since is None or since <= settings.index_stale_after:
            return {}
        return {"index": {"mayBeStale": True, "secondsSinceSync": round(since, 1)}}


def _database_was_away(result: Any) -> bool:
    errors = getattr(result, "errors", None) or ()
    return any(isinstance(error.original_error, GraphUnavailable) for error in errors)
