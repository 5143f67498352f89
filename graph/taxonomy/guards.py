"""Guards of taxonomy changes: category locks, placements and the checks made under them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from neo4j import AsyncManagedTransaction

from graph import locks
from graph.cypher import Queries
from graph.database import run
from graph.errors import ErrorCode, FieldError, NotFound, UserInputError
from graph.taxonomy.model import DEPRECATED, LIVE
from graph.text import clean_name, normalize_name
from graph.viewer import Viewer

query = Queries("taxonomy")
Placement = dict[str, Any]


async def lock_placements(
    tx: AsyncManagedTransaction,
    viewer: Viewer,
    *,
    ids: list[str],
    at: tuple[str, ...],
    extra_categories: Iterable[str] = (),
) -> dict[str, Placement]:
    """Lock the categories of these tags (and `extra_categories`), then read the tags again:
    what the caller checks next is the committed state. Another round when a concurrent
    change moved one of them to another category between the first read and the lock."""
    locked: set[str] = set()
    for _ in range(3):
        placements = await get_placements(tx, viewer, ids=ids, at=at)
        wanted = {p["categoryId"] for p in placements.values()} | set(extra_categories)
        if wanted <= locked:
            return placements
        await locks.lock_categories(tx, viewer, category_ids=wanted)
        locked |= wanted
    raise UserInputError.single(
        ErrorCode.INVALID_INPUT, "the tag tree kept changing meanwhile; try again", at
    )


async def get_placements(
    tx: AsyncManagedTransaction, viewer: Viewer, *, ids: list[str], at: tuple[str, ...]
) -> dict[str, Placement]:
    """Where each tag sits (category, parent), its names and status; NotFound for unknown ids."""
    rows = await run(
        tx,
        query("find_tag_placements"),
        ids=ids,
        visibleCategoryIds=viewer.visible_categories_param(),
    )
    found = {row["id"]: row for row in rows}
    missing = [tag_id for tag_id in ids if tag_id not in found]
    if len(missing) == 1:
        raise NotFound("tag", missing[0], at)
    if missing:
        raise UserInputError(
            [
                FieldError(ErrorCode.NOT_FOUND, f"tag {tag_id!r} does not exist", at)
                for tag_id in missing
            ]
        )
    return found


def check_rules_can_follow(rules: list[dict[str, Any]], target: Placement) -> None:
    """A merge moves these rules' actions to the target: IN_USE when the target could not
    take them as a new rule (deprecated, or not exclusive for SET_CATEGORY_TAG rules)."""
    names = ", ".join(repr(rule["name"]) for rule in rules)
    if rules and target["status"] == DEPRECATED:
        problem = f"the target {target['name']!r} is deprecated"
    elif not target["exclusive"] and any(r["action"] == "SET_CATEGORY_TAG" for r in rules):
        problem = f"the target {target['name']!r} is not in an exclusive category"
    else:
        return
    raise UserInputError.single(
        ErrorCode.IN_USE,
        f"tag rules act on the merged tags ({names}) and would move to the target, but "
        f"{problem}; change or delete the rules first",
        ("targetId",),
    )


def require_live(placement: Placement, at: tuple[str, ...]) -> None:
    """TAG_RETIRED unless the tag is ACTIVE or DEPRECATED."""
    if placement["status"] not in LIVE:
        raise UserInputError.single(
            ErrorCode.TAG_RETIRED,
            f"tag {placement['name']!r} was {str(placement['status']).lower()}",
            at,
        )


async def check_free_names(
    tx: AsyncManagedTransaction,
    *,
    names: list[str],
    parent_id: str | None,
    category_id: str,
    except_id: str | None,
    ignore: Iterable[str] = (),
) -> None:
    """DUPLICATE_NAME when a live sibling at that place already has one of these names."""
    ignored = set(ignore)
    for index, name in enumerate(names):
        siblings = await run(
            tx,
            query("find_sibling_by_normalized_name"),
            normalizedName=normalize_name(name),
            parentId=parent_id,
            categoryId=category_id,
            exceptId=except_id,
        )
        clash = [s for s in siblings if s["id"] not in ignored]
        if clash:
            at = ("input", "name") if index == 0 else ("input", "aliases", str(index - 1))
            raise UserInputError.single(
                ErrorCode.DUPLICATE_NAME,
                f"{clean_name(name)!r} clashes with the sibling tag {clash[0]['name']!r} "
                f"({clash[0]['id']}); names are compared after normalization",
                at,
            )


def check_child_names_after_merge(children: list[dict[str, Any]], source_ids: list[str]) -> None:
    """DUPLICATE_NAME when two children would share a name under the merge target."""
    seen: dict[str, str] = {}
    for child in children:
        if child["id"] in source_ids:
            continue
        for name in [child["normalizedName"], *child["normalizedAliases"]]:
            if name in seen and seen[name] != child["id"]:
                raise UserInputError.single(
                    ErrorCode.DUPLICATE_NAME,
                    f"after the merge two children of the target would share the name "
                    f"{child['name']!r}; rename or merge them first",
                    ("sourceIds",),
                )
            seen[name] = child["id"]


def merged_aliases(target: Placement, sources: list[Placement]) -> list[str]:
    """The target's aliases after a merge: its own plus the sources' names and aliases."""
    aliases = list(target["aliases"])
    taken = {target["normalizedName"], *target["normalizedAliases"]}
    for source in sources:
        for name in [source["name"], *source["aliases"]]:
            if normalize_name(name) not in taken:
                aliases.append(name)
                taken.add(normalize_name(name))
    return aliases


async def check_exclusive(
    tx: AsyncManagedTransaction, *, groups: list[list[str]], category_id: str, at: tuple[str, ...]
) -> None:
    """EXCLUSIVE_CONFLICT when a customer would hold two tags of the exclusive category once
    the tags of `groups` are in it (each group ends up as one tag)."""
    rows = await run(tx, query("count_exclusive_conflicts"), groups=groups, categoryId=category_id)
    if rows and rows[0]["customers"]:
        raise UserInputError.single(
            ErrorCode.EXCLUSIVE_CONFLICT,
            f"{rows[0]['customers']} customers would hold two tags of an exclusive category",
            at,
        )
