"""GraphQL: similar customers, look-alike audiences, tag and product recommendations."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.customers import CustomerFilterInput, CustomerType
from api.interactions import ProductType
from api.tags import TagType
from graph.customers.model import Customer
from graph.errors import ErrorCode, UserInputError
from services import neighbours

MAX_RESULTS = 100


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

    model: strawberry.Private[Customer]

    @strawberry.field
    def customer(self) -> CustomerType:
        return CustomerType.from_model(self.model)

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
    async def tag(self, info: Info[Context, None]) -> TagType:
        found = await info.context.loaders.tag().load(self.tag_id)
        assert found is not None
        return TagType.from_model(found)

    @strawberry.field(description="The most similar neighbours that hold it (up to 5).")
    async def backers(self, info: Info[Context, None]) -> list[CustomerType]:
        found = await info.context.loaders.customer().load_many(list(self.backer_ids))
        return [CustomerType.from_model(c) for c in found if c is not None]


@strawberry.type(description="A product similar customers bought and this one did not.")
class ProductRecommendation:
    product: ProductType
    support: float = strawberry.field(description="Summed similarity of the buyers.")
    buyers: int = strawberry.field(description="Neighbours who bought it.")
    backer_ids: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The most similar buyers (up to 5).")
    async def backers(self, info: Info[Context, None]) -> list[CustomerType]:
        found = await info.context.loaders.customer().load_many(list(self.backer_ids))
        return [CustomerType.from_model(c) for c in found if c is not None]


def _answers(
    info: Info[Context, None], found: list[neighbours.SimilarCustomer]
) -> list[SimilarCustomer]:
    # The customers come with the answer, from the same index: other fields of the request
    # that load them by id reuse these.
    loader = info.context.loaders.customer()
    for item in found:
        loader.prime(item.customer_id, item.customer)
    nodes: dict[int, PathNode] = {}
    return [SimilarCustomer.from_model(item, nodes) for item in found]


def _size(first: int | None) -> int:
    size = 20 if first is None else first
    if not 0 <= size <= MAX_RESULTS:
        raise UserInputError.single(
            ErrorCode.PAGE_SIZE_EXCEEDED, f"first must be 0 to {MAX_RESULTS}", ("first",)
        )
    return size


@strawberry.type
class SimilarityQueries:
    @strawberry.field(
        description="The customers most like this one (itself excluded), best first, ties by "
        "id; each with its score and the tag, industry and region paths they share."
    )
    def similar_customers(
        self, info: Info[Context, None], customer_id: strawberry.ID, first: int | None = 20
    ) -> list[SimilarCustomer]:
        found = info.context.neighbours.similar_customers(str(customer_id), _size(first))
        return _answers(info, found)

    @strawberry.field(
        description="Look-alike audience: the customers most like a seed audience (by ids or "
        "by a filter), seeds excluded; a node counts by its weight times the share of seeds "
        "holding it."
    )
    async def lookalike_customers(
        self,
        info: Info[Context, None],
        seed_customer_ids: list[strawberry.ID] | None = None,
        seed_filter: CustomerFilterInput | None = None,
        first: int | None = 20,
    ) -> list[SimilarCustomer]:
        found = await info.context.neighbours.lookalike_customers(
            info.context.viewer,
            [str(i) for i in seed_customer_ids] if seed_customer_ids is not None else None,
            seed_filter.to_filter() if seed_filter is not None else None,
            _size(first),
        )
        return _answers(info, found)

    @strawberry.field(
        description="Tags common among the customer's 50 nearest neighbours that it lacks: "
        "active tags only, never a second tag of an exclusive category."
    )
    def recommend_tags(
        self, info: Info[Context, None], customer_id: strawberry.ID, first: int | None = 10
    ) -> list[TagRecommendation]:
        found = info.context.neighbours.recommend_tags(
            info.context.viewer, str(customer_id), _size(first)
        )
        return [
            TagRecommendation(
                tag_id=r.tag_id, support=r.support, score=r.score, backer_ids=r.backers
            )
            for r in found
        ]

    @strawberry.field(
        description="Products the customer's 50 nearest neighbours bought and it did not "
        "(e.g. the next tier up), by the summed similarity of their buyers."
    )
    async def recommend_products(
        self, info: Info[Context, None], customer_id: strawberry.ID, first: int | None = 10
    ) -> list[ProductRecommendation]:
        found = await info.context.neighbours.recommend_products(str(customer_id), _size(first))
        return [
            ProductRecommendation(
                product=ProductType(
                    id=strawberry.ID(r.id),
                    name=r.name,
                    line=r.line,
                    tier=r.tier,
                    purchases=r.purchases,
                ),
                support=r.support,
                buyers=r.buyers,
                backer_ids=r.backers,
            )
            for r in found
        ]
