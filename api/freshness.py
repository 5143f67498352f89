"""Read your writes: after a mutation, this process's index takes in the change before the
response leaves, so the client's next query sees it; other processes follow within their poll
interval."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

log = logging.getLogger("api")


class IndexCatchUp(SchemaExtension):
    """Catch the in-memory index up with the graph once a mutation has run."""

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        execution = self.execution_context
        if execution.operation_type != OperationType.MUTATION:
            return
        keeper = getattr(execution.context, "keeper", None)
        if keeper is None:
            return
        try:
            await keeper.catch_up()
        except Exception:  # the poller catches up anyway; the mutation itself succeeded
            log.warning("the index could not catch up after a mutation", exc_info=True)
