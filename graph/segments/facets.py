"""Facets: how a segment's customers spread over one level of a tree, one level at a time, and
which tags go together with a given tag inside a segment."""

from __future__ import annotations

from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.segments.compiler import cooccurrence_query, facet_query
from graph.segments.model import (
    CoOccurrence,
    CustomerFilter,
    FacetBucket,
    FacetDimension,
    NamedTaxonomy,
)
from graph.segments.names import check_named_taxonomy
from graph.segments.planner import plan_filter
from graph.viewer import Viewer


async def find_facets(
    db: Database,
    viewer: Viewer,
    *,
    customer_filter: CustomerFilter | None,
    dimension: FacetDimension,
    parent: str | None,
) -> list[FacetBucket]:
    """The segment's customers per child of `parent` (a region or industry code, a tag id or,
    for TAG, a category id for its top level); per root node when `parent` is None. Buckets
    without customers are left out; largest first."""
    if dimension is FacetDimension.TAG and parent is None:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT,
            "a TAG facet needs a parent: a category id (its top-level tags) or a tag id",
            ("parent",),
        )
    compiled = await plan_filter(db, viewer, customer_filter=customer_filter)
    rows = await db.read(
        facet_query(compiled, dimension.value),
        **compiled.parameters,
        facetParent=parent,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return [FacetBucket(row["key"], row["name"], int(row["customers"])) for row in rows]


async def find_cooccurring_tags(
    db: Database,
    viewer: Viewer,
    *,
    anchor_tag_id: str,
    customer_filter: CustomerFilter | None,
    limit: int,
) -> list[CoOccurrence]:
    """The tags most often held with the anchor (or a descendant of it) by the segment's
    customers; lift = P(tag | anchor) / P(tag) within the segment. NOT_FOUND for an anchor
    the viewer cannot see, as for one that does not exist."""
    await check_named_taxonomy(
        db, viewer, named=NamedTaxonomy(tag_ids=(anchor_tag_id,)), field=("tagId",)
    )
    compiled = await plan_filter(db, viewer, customer_filter=customer_filter)
    rows = await db.read(
        cooccurrence_query(compiled),
        **compiled.parameters,
        anchorTagId=anchor_tag_id,
        visibleCategoryIds=viewer.visible_categories_param(),
        limit=limit,
    )
    return [
        CoOccurrence(
            tag_id=row["tagId"],
            together=int(row["together"]),
            with_tag=int(row["withOther"]),
            anchor_customers=int(row["anchorCount"]),
            segment_customers=int(row["total"]),
            lift=float(row["lift"]),
        )
        for row in rows
    ]
