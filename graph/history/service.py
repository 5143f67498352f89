"""Tag history: every assignment keeps who, when and why, so the past can be asked for.

A current assignment is `TAGGED {since, by, source, note, ruleId}`; when it ends (untagged,
replaced in an exclusive category, expired, merged, deleted) it becomes `WAS_TAGGED {since,
until, reason, removedBy, removedSource, …}`. Events, snapshots and flows are read from both.
"""

from __future__ import annotations

from datetime import datetime

from graph.cypher import Queries
from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.history.model import TagEvent, TagFlow, TagMoves
from graph.pagination import Page, PageRequest, encode_cursor
from graph.taxonomy.model import Tag
from graph.taxonomy.tags import tag_from_record
from graph.viewer import Viewer

query = Queries("history")
MAX_SAMPLE = 100


async def find_tag_history(
    db: Database, viewer: Viewer, *, customer_id: str, page: PageRequest
) -> Page[TagEvent]:
    """One page of the customer's tag events, newest first."""
    after_at, after_action, after_tag = page.after if page.after else (None, None, None)
    rows = await db.read(
        query("find_tag_history"),
        customerId=customer_id,
        visibleCategoryIds=viewer.visible_categories_param(),
        afterAt=datetime.fromisoformat(after_at) if after_at else None,
        afterAction=after_action,
        afterTagId=after_tag,
        limit=page.limit,
    )
    events = [
        TagEvent(
            action=row["action"],
            at=row["at"],
            tag=tag_from_record(row["tag"]),
            by=row["by"],
            source=row["source"],
            reason=row["reason"],
            note=row["note"],
            rule_id=row["ruleId"],
        )
        for row in rows
    ]
    return Page.from_rows(
        [(encode_cursor(e.at.isoformat(), e.action, e.tag.id), e) for e in events], page
    )


async def count_tag_history(db: Database, viewer: Viewer, *, customer_id: str) -> int:
    """How many tag events the customer has."""
    rows = await db.read(
        query("count_tag_history"),
        customerId=customer_id,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return int(rows[0]["total"]) if rows else 0


async def find_tags_as_of(
    db: Database, viewer: Viewer, *, customer_ids: list[str], at: datetime
) -> dict[str, list[Tag]]:
    """The tags each customer held at `at`."""
    rows = await db.read(
        query("find_tags_as_of"),
        ids=customer_ids,
        at=at,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    held: dict[str, list[Tag]] = {customer_id: [] for customer_id in customer_ids}
    for row in rows:
        held[row["customerId"]].append(tag_from_record(row["tag"]))
    return held


async def count_tag_flow(
    db: Database, viewer: Viewer, *, tag_id: str, start: datetime, end: datetime
) -> TagFlow:
    """Customers who entered and who left the tag in [start, end)."""
    _check_period(start, end)
    rows = await db.read(
        query("count_tag_flow"),
        tagId=tag_id,
        start=start,
        end=end,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    if not rows:
        return TagFlow(tag_id, 0, 0)
    return TagFlow(tag_id, int(rows[0]["entered"]), int(rows[0]["left"]))


async def find_tag_moves(
    db: Database,
    viewer: Viewer,
    *,
    from_tag_id: str,
    to_tag_id: str,
    start: datetime,
    end: datetime,
    sample: int = 20,
) -> TagMoves:
    """Customers who left `from_tag_id` for `to_tag_id` in [start, end), with a sample."""
    _check_period(start, end)
    rows = await db.read(
        query("find_tag_moves"),
        visibleCategoryIds=viewer.visible_categories_param(),
        fromTagId=from_tag_id,
        toTagId=to_tag_id,
        end=end,
        sample=max(0, min(sample, MAX_SAMPLE)),
        start=start,
    )
    return TagMoves(int(rows[0]["customers"]), tuple(rows[0]["sample"]))


def _check_period(start: datetime, end: datetime) -> None:
    if start >= end:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "the period must end after it starts", ("until",)
        )
