"""Similarity outputs: similar customers with their shared paths, and recommendations."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.interactions.types import Product
from api.nodes.types import Customer, Tag, visible_tag
from graph.customers import model as customers_model
from graph.similarity import model as similarity_model
from services import neighbours


@strawberry.type(description="A node of a shared path: a tag, an industry or a region.")
class PathNode:
    kind: str = strawberry.field(description="TAG, INDUSTRY or REGION.")
    key: strawberry.ID = strawberry.field(description="Tag id, or industry / region code.")
    name: str


@strawberry.type(
    description="A deepest path two customers share, root first, with its contribution: the "
    "weights (information content) of its nodes not already counted by a heavier path. The "
    "contributions of all shared paths add up to the score's numerator."
)
class SharedPath:
    nodes: list[PathNode]
    weight: float
    kind: str = strawberry.field(description="The path's tree: TAG, INDUSTRY or REGION.")
    keys: list[strawberry.ID] = strawberry.field(
        description="The nodes' keys, root first: `nodes` as a list, which is much cheaper "
        "to resolve than objects when many paths are asked for."
    )
    names: list[str] = strawberry.field(description="The nodes' names, aligned with `keys`.")


@strawberry.type(description="A customer like the one asked about, and why.")
class SimilarCustomer:
    score: float = strawberry.field(description="Weighted Jaccard (SimGIC), 0 to 1.")
    shared_weight: float = strawberry.field(description="The score's numerator.")
    shared_paths: list[SharedPath]

    model: strawberry.Private[customers_model.Customer]

    @strawberry.field
    def customer(self) -> Customer:
        return Customer.from_model(self.model)

    @classmethod
    def from_model(
        cls, model: neighbours.SimilarCustomer, nodes: dict[int, PathNode] | None = None
    ) -> SimilarCustomer:
        """The GraphQL view; `nodes` shares one view per path node across an answer."""
        views = {} if nodes is None else nodes

        def view(node: neighbours.PathNode) -> PathNode:
            found = views.get(id(node))
            if found is None:
                found = views[id(node)] = PathNode(
                    kind=node.kind, key=strawberry.ID(node.key), name=node.name
                )
            return found

        return cls(
            model=model.customer,
            score=model.score,
            shared_weight=model.shared_weight,
            shared_paths=[
                SharedPath(
                    nodes=[view(n) for n in p.nodes],
                    weight=p.weight,
                    kind=p.nodes[-1].kind,
                    keys=[strawberry.ID(n.key) for n in p.nodes],
                    names=[n.name for n in p.nodes],
                )
                for p in model.shared_paths
            ],
        )


@strawberry.type(description="A tag the nearest neighbours hold and the customer lacks.")
class TagRecommendation:
    tag_id: strawberry.Private[str]
    support: int = strawberry.field(description="How many of the 50 nearest neighbours hold it.")
    score: float = strawberry.field(description="The summed similarity of those neighbours.")
    backer_ids: strawberry.Private[tuple[str, ...]]

    @strawberry.field
    async def tag(self, info: Info[Context, None]) -> Tag:
        return await visible_tag(info, self.tag_id)

    @strawberry.field(description="The most similar neighbours that hold it (up to 5).")
    async def backers(self, info: Info[Context, None]) -> list[Customer]:
        found = await info.context.loaders.customer().load_many(list(self.backer_ids))
        return [Customer.from_model(c) for c in found if c is not None]

    @classmethod
    def from_model(cls, model: neighbours.TagRecommendation) -> TagRecommendation:
        """The GraphQL view of a tag recommendation."""
        return cls(
            tag_id=model.tag_id, support=model.support, score=model.score, backer_ids=model.backers
        )


@strawberry.type(description="A product similar customers bought and this one did not.")
class ProductRecommendation:
    product: Product
    support: float = strawberry.field(description="Summed similarity of the buyers.")
    buyers: int = strawberry.field(description="Neighbours who bought it.")
    backer_ids: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The most similar buyers (up to 5).")
    async def backers(self, info: Info[Context, None]) -> list[Customer]:
        found = await info.context.loaders.customer().load_many(list(self.backer_ids))
        return [Customer.from_model(c) for c in found if c is not None]

    @classmethod
    def from_model(cls, model: similarity_model.ProductRecommendation) -> ProductRecommendation:
        """The GraphQL view of a product recommendation."""
        return cls(
            product=Product(
                id=strawberry.ID(model.id),
                name=model.name,
                line=model.line,
                tier=model.tier,
                purchases=model.purchases,
            ),
            support=model.support,
            buyers=model.buyers,
            backer_ids=model.backers,
        )
