"""The tags and tag categories a filter names, and the check that each exists for the viewer:
a tag of a category the viewer may not see is NOT_FOUND, exactly like one that does not exist,
so that no answer (not even an error) tells the two apart."""

from __future__ import annotations

from graph.cypher import Queries
from graph.database import Database
from graph.errors import ErrorCode, FieldError, UserInputError
from graph.segments.model import CustomerFilter, NamedTaxonomy, named_taxonomy
from graph.viewer import Viewer

query = Queries("segments")


def unseen_errors(
    tag_ids: list[str], category_ids: list[str], field: tuple[str, ...] = ("filter",)
) -> list[FieldError]:
    """NOT_FOUND for each name, worded as for any unknown tag or category."""
    return [
        FieldError(ErrorCode.NOT_FOUND, f"tag {t!r} does not exist", field) for t in tag_ids
    ] + [
        FieldError(ErrorCode.NOT_FOUND, f"tag category {c!r} does not exist", field)
        for c in category_ids
    ]


async def find_unseen_names(
    db: Database, viewer: Viewer, *, named: NamedTaxonomy, field: tuple[str, ...] = ("filter",)
) -> list[FieldError]:
    """NOT_FOUND for every named tag or category that does not exist for the viewer."""
    if not named:
        return []
    rows = await db.read(
        query("find_unseen_names"),
        tagIds=list(named.tag_ids),
        categoryIds=list(named.category_ids),
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    return unseen_errors(list(rows[0]["tagIds"]), list(rows[0]["categoryIds"]), field)


async def check_named_taxonomy(
    db: Database, viewer: Viewer, *, named: NamedTaxonomy, field: tuple[str, ...] = ("filter",)
) -> None:
    """Raise NOT_FOUND for every named tag or category that does not exist for the viewer."""
    errors = await find_unseen_names(db, viewer, named=named, field=field)
    if errors:
        raise UserInputError(errors)


async def check_filter_names(
    db: Database,
    viewer: Viewer,
    *,
    customer_filter: CustomerFilter | None,
    field: tuple[str, ...] = ("filter",),
) -> None:
    """Raise NOT_FOUND for every tag or category the filter names that the viewer cannot see
    (or that does not exist)."""
    await check_named_taxonomy(db, viewer, named=named_taxonomy(customer_filter), field=field)
