"""Duplicate tags (R1 of the design): pairs of live tags that probably mean the same thing, such
as 重要客户 next to 重点客户, and pairs that people have declared distinct.

How candidates are found
------------------------
One query reads every live tag (ACTIVE or DEPRECATED) the viewer may see, about 1,000 rows on
the benchmark graph, with its normalized name and aliases, its category, its ancestors, its
number of direct holders (the degree of the node, no traversal) and the tags it was marked
distinct from. Everything about names is then computed in Python (`graph.taxonomy.
duplicate_scoring`, which documents the name reasons, the exclusions and the score); only the
customer overlap needs the graph again.

CUSTOMER_OVERLAP, score = the Jaccard index: two tags held by nearly the same customers
(Jaccard ≥ 0.8, at least 20 direct holders each). Jaccard ≥ 0.8 needs degrees within 20% of
each other (J ≤ smaller / larger) and at least 80% of the smaller tag's holders holding the
other tag, which gives two bounded queries instead of a scan of all assignments:

1. Screening: for every live tag with ≥ 20 holders, its first 100 holders and the other tags
   they hold, keeping those held by at least half of them (≤ 100 × ~13 rows per tag).
2. Verification of the surviving pairs whose degrees are within 20%: from the smaller tag's
   side, how many of its first 5,000 holders also hold the other tag (an expand-into per
   holder). When the tag has at most 5,000 holders (and in step 1, at most 100) the
   intersection is exact; beyond, it is estimated from those holders.

Both steps read a bounded number of rows whatever the size of the graph (about 0.7 s for the
screen and 0.3 s for the verification on the 1M-customer benchmark, where 24,000 pairs have
degrees within 20% and 14 survive the screen). The price: above the caps, the holders looked
at are the first ones of the tag's relationship chain, not a random sample, so a pair far
above 100 holders can be missed or its Jaccard misjudged when those holders are untypical.
"""

from __future__ import annotations

from graph.audit import Change, write_audited
from graph.cypher import Queries
from graph.database import Database
from graph.errors import ErrorCode, FieldError, UserInputError
from graph.taxonomy.duplicate_scoring import (
    MIN_OVERLAP_HOLDERS,
    LiveTag,
    Pair,
    estimated_shared,
    jaccard,
    keep_overlap,
    live_tag_from_record,
    may_overlap,
    name_evidence,
    pair_of,
    ranked_candidates,
)
from graph.taxonomy.model import DuplicateCandidate, DuplicateReason
from graph.viewer import Viewer

query = Queries("taxonomy")
SCREEN_SAMPLE = 100
SCREEN_MIN_SHARE = 0.5
VERIFY_CAP = 5_000


async def find_duplicate_candidates(
    db: Database, viewer: Viewer, *, limit: int = 50
) -> list[DuplicateCandidate]:
    """Pairs of live tags that are probably duplicates, best first (see the module docstring)."""
    if limit < 0:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "first must not be negative", ("first",)
        )
    rows = await db.read(
        query("find_live_tags"), visibleCategoryIds=viewer.visible_categories_param()
    )
    tags = [live_tag_from_record(row) for row in rows]
    evidence = name_evidence(tags)
    for pair, overlap in (await _customer_overlap(db, tags)).items():
        evidence.setdefault(pair, {})[DuplicateReason.CUSTOMER_OVERLAP] = overlap
    return ranked_candidates(evidence, limit)


async def mark_tags_distinct(db: Database, viewer: Viewer, *, tag_a_id: str, tag_b_id: str) -> None:
    """Record that two tags are not duplicates, so they are never proposed again (idempotent)."""
    if tag_a_id == tag_b_id:
        raise UserInputError.single(
            ErrorCode.INVALID_INPUT, "a tag cannot be distinct from itself", ("tagBId",)
        )
    low_id, high_id = sorted((tag_a_id, tag_b_id))
    rows = await write_audited(
        db,
        viewer,
        query("mark_tags_distinct"),
        change=Change("MARK_DISTINCT", "Tag", low_id, f"distinct from {high_id}"),
        changed=lambda rows: (
            rows[0]["created"] and None not in (rows[0]["lowId"], rows[0]["highId"])
        ),
        lowId=low_id,
        highId=high_id,
        by=viewer.user,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    found = {rows[0]["lowId"], rows[0]["highId"]} - {None}
    errors = [
        FieldError(ErrorCode.NOT_FOUND, f"tag {tag_id!r} does not exist", (field,))
        for tag_id, field in ((tag_a_id, "tagAId"), (tag_b_id, "tagBId"))
        if tag_id not in found
    ]
    if errors:
        # The query writes only when it found both tags: nothing was changed.
        raise UserInputError(errors)


async def _customer_overlap(db: Database, tags: list[LiveTag]) -> dict[Pair, float]:
    """Jaccard index of the holders of each pair with ≥ 0.8 (see the module docstring)."""
    by_id = {tag.id: tag for tag in tags if tag.customers >= MIN_OVERLAP_HOLDERS}
    if len(by_id) < 2:
        return {}
    rows = await db.read(
        query("find_co_held_tags"),
        ids=sorted(by_id),
        sample=SCREEN_SAMPLE,
        minShare=SCREEN_MIN_SHARE,
    )
    found: dict[Pair, float] = {}
    to_verify: dict[Pair, tuple[LiveTag, LiveTag]] = {}
    for row in rows:
        smaller = by_id[row["id"]]
        for item in row["coHeld"]:
            other = by_id.get(item["id"])
            if other is None or not may_overlap(smaller, other):
                continue
            pair = pair_of(smaller, other)
            if int(row["examined"]) == smaller.customers:
                # Every holder was examined: the intersection is exact.
                keep_overlap(found, pair, jaccard(int(item["shared"]), smaller, other))
            else:
                to_verify[pair] = (smaller, other)
    if to_verify:
        rows = await db.read(
            query("count_shared_customers"),
            pairs=[{"a": a.id, "b": b.id} for a, b in to_verify.values()],
            cap=VERIFY_CAP,
        )
        for row in rows:
            smaller, other = by_id[row["a"]], by_id[row["b"]]
            shared = estimated_shared(int(row["shared"]), int(row["examined"]), smaller.customers)
            keep_overlap(found, pair_of(smaller, other), jaccard(shared, smaller, other))
    return found
