"""The industry (GB/T 4754-2017) and region trees' nodes."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from graph.classification.model import Classification, TreeNode


@strawberry.type(description="A GB/T 4754-2017 section (门类) or division (大类).")
class Industry:
    code: strawberry.ID
    name: str
    level: str = strawberry.field(description="SECTION or DIVISION.")
    parent_code: strawberry.Private[str | None]

    @strawberry.field
    async def parent(self, info: Info[Context, None]) -> Industry | None:
        if self.parent_code is None:
            return None
        found = await info.context.loaders.tree_node(Classification.INDUSTRY).load(self.parent_code)
        return Industry.from_model(found) if found else None

    @strawberry.field(description="The divisions of a section, by code.")
    async def children(self, info: Info[Context, None]) -> list[Industry]:
        loader = info.context.loaders.tree_children(Classification.INDUSTRY)
        return [Industry.from_model(node) for node in await loader.load(self.code)]

    @strawberry.field(description="Customers in this industry or any of its sub-industries.")
    async def customer_count(self, info: Info[Context, None]) -> int:
        return await info.context.loaders.tree_customer_count(Classification.INDUSTRY).load(
            self.code
        )

    @classmethod
    def from_model(cls, node: TreeNode) -> Industry:
        """The GraphQL view of an industry."""
        return cls(
            code=strawberry.ID(node.code),
            name=node.name,
            level=node.level,
            parent_code=node.parent_code,
        )


@strawberry.type(description="A country, one of China's seven areas, a province or a city.")
class Region:
    code: strawberry.ID
    name: str
    name_en: str | None
    level: str = strawberry.field(description="COUNTRY, AREA, PROVINCE or CITY.")
    parent_code: strawberry.Private[str | None]

    @strawberry.field
    async def parent(self, info: Info[Context, None]) -> Region | None:
        if self.parent_code is None:
            return None
        found = await info.context.loaders.tree_node(Classification.REGION).load(self.parent_code)
        return Region.from_model(found) if found else None

    @strawberry.field(description="The regions directly inside this one, by code.")
    async def children(self, info: Info[Context, None]) -> list[Region]:
        loader = info.context.loaders.tree_children(Classification.REGION)
        return [Region.from_model(node) for node in await loader.load(self.code)]

    @strawberry.field(description="Customers located in this region or any region inside it.")
    async def customer_count(self, info: Info[Context, None]) -> int:
        return await info.context.loaders.tree_customer_count(Classification.REGION).load(self.code)

    @classmethod
    def from_model(cls, node: TreeNode) -> Region:
        """The GraphQL view of a region."""
        return cls(
            code=strawberry.ID(node.code),
            name=node.name,
            name_en=node.name_en,
            level=node.level,
            parent_code=node.parent_code,
        )
