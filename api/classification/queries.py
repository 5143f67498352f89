"""Classification queries: the roots of the industry and region trees, and nodes by code."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.nodes.trees import Industry, Region
from graph.classification import service as classification
from graph.classification.model import Classification


@strawberry.type
class ClassificationQueries:
    @strawberry.field(description="The industry sections (roots); divisions via `children`.")
    async def industries(self, info: Info[Context, None]) -> list[Industry]:
        roots = await classification.find_roots(
            info.context.db, info.context.viewer, tree=Classification.INDUSTRY
        )
        return [Industry.from_model(node) for node in roots]

    @strawberry.field(description="The industry with this code, or null.")
    async def industry(self, info: Info[Context, None], code: strawberry.ID) -> Industry | None:
        found = await info.context.loaders.tree_node(Classification.INDUSTRY).load(str(code))
        return Industry.from_model(found) if found else None

    @strawberry.field(description="The root regions: China and other countries.")
    async def regions(self, info: Info[Context, None]) -> list[Region]:
        roots = await classification.find_roots(
            info.context.db, info.context.viewer, tree=Classification.REGION
        )
        return [Region.from_model(node) for node in roots]

    @strawberry.field(description="The region with this code, or null.")
    async def region(self, info: Info[Context, None], code: strawberry.ID) -> Region | None:
        found = await info.context.loaders.tree_node(Classification.REGION).load(str(code))
        return Region.from_model(found) if found else None
