"""History queries: flows into and out of a tag, moves between two tags."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from api.context import Context
from api.history.types import TagFlow, TagMoves
from graph.history import service as history


@strawberry.type
class HistoryQueries:
    @strawberry.field(description="How many customers entered and left the tag in [since, until).")
    async def tag_flow(
        self, info: Info[Context, None], tag_id: strawberry.ID, since: datetime, until: datetime
    ) -> TagFlow:
        flow = await history.count_tag_flow(
            info.context.db, info.context.viewer, tag_id=str(tag_id), start=since, end=until
        )
        return TagFlow.from_model(flow)

    @strawberry.field(
        description="Customers who left one tag for another (e.g. 潜在客户 → 已成交客户) "
        "in [since, until)."
    )
    async def tag_moves(
        self,
        info: Info[Context, None],
        from_tag_id: strawberry.ID,
        to_tag_id: strawberry.ID,
        since: datetime,
        until: datetime,
    ) -> TagMoves:
        moves = await history.find_tag_moves(
            info.context.db,
            info.context.viewer,
            from_tag_id=str(from_tag_id),
            to_tag_id=str(to_tag_id),
            start=since,
            end=until,
        )
        return TagMoves.from_model(moves)
