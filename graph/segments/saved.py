"""Saved segments: a named filter, DYNAMIC (evaluated when read) or STATIC (a membership
snapshot kept as MEMBER_OF relationships, refreshed on demand)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from graph.customers import service as customers
from graph.customers.model import Customer
from graph.cypher import Queries
from graph.database import Database, UniqueKey, as_datetime, duplicates_refused
from graph.errors import ErrorCode, NotFound, UserInputError
from graph.pagination import Page, PageRequest, encode_cursor
from graph.segments.compiler import compile_filter, ids_query
from graph.segments.model import CustomerFilter, Segment, SegmentKind, named_taxonomy
from graph.segments.names import check_filter_names
from graph.segments.planner import plan_filter
from graph.segments.serialization import filter_from_json, filter_to_json
from graph.text import clean_name, name_errors, normalize_name
from graph.viewer import Viewer

query = Queries("segments")
MAX_STATIC_MEMBERS = 1_000_000


async def create_segment(
    db: Database, viewer: Viewer, *, name: str, kind: SegmentKind, customer_filter: CustomerFilter
) -> Segment:
    """Save a filter under a name (unique after normalization); a STATIC one is filled now."""
    errors = name_errors(name, ("input", "name"))
    if errors:
        raise UserInputError(errors)
    compile_filter(customer_filter)  # refuse what could never run
    await check_filter_names(db, viewer, customer_filter=customer_filter, field=("input", "filter"))
    tag_ids, industries, regions = _named_nodes(customer_filter)
    duplicate = UserInputError.single(
        ErrorCode.DUPLICATE_NAME, f"a segment named {clean_name(name)!r} exists", ("input", "name")
    )
    with duplicates_refused(UniqueKey("Segment", "normalizedName", duplicate)):
        rows = await db.write(
            query("create_segment"),
            id=f"seg-{uuid.uuid4().hex[:12]}",
            name=clean_name(name),
            normalizedName=normalize_name(name),
            kind=kind.value,
            filter=json.dumps(filter_to_json(customer_filter), ensure_ascii=False),
            tagIds=tag_ids,
            categoryIds=list(named_taxonomy(customer_filter).category_ids),
            industryCodes=industries,
            regionCodes=regions,
            now=datetime.now(UTC),
            by=viewer.user,
        )
    segment = _segment(rows[0]["segment"])
    if kind is SegmentKind.STATIC:
        await refresh_segment(db, viewer, segment_id=segment.id)
    return await get_segment(db, viewer, segment_id=segment.id)


async def find_segments_by_ids(
    db: Database, viewer: Viewer, *, ids: list[str]
) -> dict[str, Segment]:
    """Saved segments by id (missing ids and those naming a tag the viewer may not see are
    absent)."""
    rows = await db.read(
        query("find_segments_by_ids"), ids=ids, visibleCategoryIds=viewer.visible_categories_param()
    )
    return {row["segment"]["id"]: _segment(row["segment"]) for row in rows}


async def get_segment(db: Database, viewer: Viewer, *, segment_id: str) -> Segment:
    """The saved segment with this id; NotFound otherwise."""
    found = await find_segments_by_ids(db, viewer, ids=[segment_id])
    if segment_id not in found:
        raise NotFound("segment", segment_id, ("id",))
    return found[segment_id]


async def find_segments(db: Database, viewer: Viewer) -> list[Segment]:
    """Every saved segment the viewer may see, by name."""
    rows = await db.read(
        query("find_segments"), visibleCategoryIds=viewer.visible_categories_param()
    )
    return [_segment(row["segment"]) for row in rows]


async def link_segment_filters(db: Database) -> int:
    """Link every saved segment to the tags and categories its filter names (FILTERS_ON), so
    that segments saved before category links existed are hidden from viewers who may not see
    them."""
    segments = await find_segments(db, Viewer.full_access("upgrade"))
    links = [
        {"id": segment.id, "tagIds": list(named.tag_ids), "categoryIds": list(named.category_ids)}
        for segment in segments
        if (named := named_taxonomy(segment.filter)).tag_ids or named.category_ids
    ]
    if not links:
        return 0
    rows = await db.write(query("link_segment_filters"), segments=links)
    return int(rows[0]["linked"])


async def refresh_segment(db: Database, viewer: Viewer, *, segment_id: str) -> int:
    """Take a new membership snapshot of a STATIC segment; returns its size."""
    segment = await get_segment(db, viewer, segment_id=segment_id)
    if segment.kind is not SegmentKind.STATIC:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "only STATIC segments keep a membership", ("id",)
        )
    compiled = await plan_filter(db, viewer, customer_filter=segment.filter)
    rows = await db.read(ids_query(compiled), **compiled.parameters, limit=MAX_STATIC_MEMBERS)
    result = await db.write(
        query("replace_members"),
        id=segment_id,
        customerIds=[row["id"] for row in rows],
        now=datetime.now(UTC),
    )
    return int(result[0]["members"]) if result else 0


async def delete_segment(db: Database, viewer: Viewer, *, segment_id: str) -> None:
    """Delete a saved segment (its customers stay); NotFound for one the viewer cannot see."""
    await get_segment(db, viewer, segment_id=segment_id)
    rows = await db.write(query("delete_segment"), id=segment_id)
    if not rows or not rows[0]["deleted"]:
        raise NotFound("segment", segment_id, ("id",))


async def find_static_members(
    db: Database, viewer: Viewer, *, segment_id: str, page: PageRequest
) -> Page[Customer]:
    """One page of a STATIC segment's membership snapshot, in id order (a DYNAMIC segment is
    a filter: services.segments answers it like any other)."""
    rows = await db.read(
        query("find_members"),
        id=segment_id,
        visibleCategoryIds=viewer.visible_categories_param(),
        afterId=page.after[0] if page.after else "",
        limit=page.limit,
    )
    members = [customers.customer_from_record(row["customer"]) for row in rows]
    return Page.from_rows([(encode_cursor(c.id), c) for c in members], page)


async def count_static_members(db: Database, viewer: Viewer, *, segment_id: str) -> int:
    """How many customers a STATIC segment's snapshot holds."""
    rows = await db.read(
        query("count_members"), id=segment_id, visibleCategoryIds=viewer.visible_categories_param()
    )
    return int(rows[0]["members"]) if rows else 0


def _named_nodes(f: CustomerFilter) -> tuple[list[str], list[str], list[str]]:
    tags = {f.has_tag, *f.has_all_tags, *f.has_any_tag, f.had_tag.tag_id if f.had_tag else None}
    industries, regions = {f.in_industry}, {f.in_region}
    for child in (*f.and_, *f.or_, *((f.not_,) if f.not_ else ())):
        t, i, r = _named_nodes(child)
        tags |= set(t)
        industries |= set(i)
        regions |= set(r)
    return (sorted(x for x in tags if x), sorted(x for x in industries if x),
            sorted(x for x in regions if x))  # fmt: skip


def _segment(props: dict[str, Any]) -> Segment:
    return Segment(
        id=props["id"],
        name=props["name"],
        kind=SegmentKind(props["kind"]),
        filter=filter_from_json(json.loads(props["filter"])),
        created_at=as_datetime(props.get("createdAt")),
        refreshed_at=as_datetime(props.get("refreshedAt")),
    )
