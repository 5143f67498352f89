"""The scene of the visibility tests: a visible and a hidden category with tags, customers
holding both, and a viewer restricted to the first; operations run in-process through the
schema, on the index's path (a Context with a keeper) or on Cypher's (without)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from api.context import Context
from api.schema import schema
from graph.database import Database
from graph.tagging.model import CustomerSelection
from graph.tagging.service import tag_customers, untag_customers
from graph.taxonomy.model import Tag, TagCategory
from graph.viewer import ALL_PERMISSIONS, Viewer
from services.index_keeper import IndexKeeper
from services.neighbours import Neighbours, tree_weights
from settings import Settings
from tests.factories import VIEWER, make_category, make_customers, make_tag

SINCE = (datetime.now(UTC) - timedelta(days=1)).isoformat()
UNTIL = (datetime.now(UTC) + timedelta(days=1)).isoformat()


@dataclass
class Scene:
    """A visible and a hidden category, their tags, customers holding both, and a restricted
    viewer who sees only the first."""

    seen: TagCategory
    hidden: TagCategory
    root: Tag  # seen, with `child` under it
    child: Tag
    other: Tag  # seen
    secret: Tag  # hidden, with `secret_child` under it
    secret_child: Tag
    customers: list[str]  # target, its visible twin, its hidden twin, a fourth
    viewer: Viewer


async def make_scene(db: Database, keeper: IndexKeeper) -> Scene:
    """Target holds child and secret_child; the twin holds child and other; the hidden twin
    secret_child only; the fourth holds other and secret (then lost secret)."""
    seen, hidden = await make_category(db), await make_category(db)
    root = await make_tag(db, category=seen)
    child = await make_tag(db, parent=root)
    other = await make_tag(db, category=seen)
    secret = await make_tag(db, category=hidden)
    secret_child = await make_tag(db, parent=secret)
    members = [c.id for c in await make_customers(db, 4)]
    target, twin, hidden_twin, fourth = members
    for customer, tags in (
        (target, [child, secret_child]),
        (twin, [child, other]),
        (hidden_twin, [secret_child]),
        (fourth, [other, secret]),
    ):
        selection = CustomerSelection((customer,))
        await tag_customers(db, VIEWER, selection=selection, tag_ids=[t.id for t in tags])
    await untag_customers(db, VIEWER, selection=CustomerSelection((fourth,)), tag_ids=[secret.id])
    await keeper.catch_up()
    viewer = Viewer(
        user="restricted", visible_category_ids=frozenset({seen.id}), permissions=ALL_PERMISSIONS
    )
    return Scene(seen, hidden, root, child, other, secret, secret_child, members, viewer)


async def ask(
    settings: Settings,
    db: Database,
    viewer: Viewer,
    keeper: IndexKeeper | None,
    query: str,
    **variables: Any,
) -> tuple[dict[str, Any] | None, list[str]]:
    """The data and the error codes of one operation."""
    neighbours = Neighbours(db, keeper, tree_weights(settings))
    context = Context(settings, db, viewer, keeper, neighbours)
    result = await schema.execute(query, variable_values=variables, context_value=context)
    codes = [str(e.formatted.get("extensions", {}).get("code")) for e in result.errors or []]
    return result.data, codes


def shared_keys(found: dict[str, Any]) -> set[str]:
    """Every node key of an answer's shared paths."""
    return {key for path in found["sharedPaths"] for key in path["keys"]}


class Restricted:
    """Operations of the scene's restricted viewer on one path."""

    def __init__(self, settings: Settings, db: Database, scene: Scene, keeper: IndexKeeper | None):
        self.settings, self.db, self.scene, self.keeper = settings, db, scene, keeper

    async def __call__(
        self, query: str, **variables: Any
    ) -> tuple[dict[str, Any] | None, list[str]]:
        return await ask(self.settings, self.db, self.scene.viewer, self.keeper, query, **variables)

    async def data(self, query: str, **variables: Any) -> dict[str, Any]:
        found, codes = await self(query, **variables)
        assert codes == [] and found is not None, codes
        return found
