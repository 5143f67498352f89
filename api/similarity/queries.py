"""Similarity queries: similar customers, look-alikes, tag and product recommendations."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context
from api.segments.inputs import CustomerFilterInput
from api.similarity.types import (
    PathNode,
    ProductRecommendation,
    SimilarCustomer,
    TagRecommendation,
)
from graph.errors import ErrorCode, UserInputError
from services import neighbours

MAX_RESULTS = 100


@strawberry.type
class SimilarityQueries:
    @strawberry.field(
        description="The customers most like this one (itself excluded), best first, ties by "
        "id; each with its score and the tag, industry and region paths they share."
    )
    async def similar_customers(
        self, info: Info[Context, None], customer_id: strawberry.ID, first: int | None = 20
    ) -> list[SimilarCustomer]:
        found = await info.context.neighbours.similar_customers_in_thread(
            info.context.viewer, str(customer_id), _size(first)
        )
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
            seed_filter.to_model() if seed_filter is not None else None,
            _size(first),
        )
        return _answers(info, found)

    @strawberry.field(
        description="Tags common among the customer's 50 nearest neighbours that it lacks: "
        "active tags only, never a second tag of an exclusive category."
    )
    async def recommend_tags(
        self, info: Info[Context, None], customer_id: strawberry.ID, first: int | None = 10
    ) -> list[TagRecommendation]:
        found = await info.context.neighbours.recommend_tags_in_thread(
            info.context.viewer, str(customer_id), _size(first)
        )
        return [TagRecommendation.from_model(r) for r in found]

    @strawberry.field(
        description="Products the customer's 50 nearest neighbours bought and it did not "
        "(e.g. the next tier up), by the summed similarity of their buyers."
    )
    async def recommend_products(
        self, info: Info[Context, None], customer_id: strawberry.ID, first: int | None = 10
    ) -> list[ProductRecommendation]:
        found = await info.context.neighbours.recommend_products(
            info.context.viewer, str(customer_id), _size(first)
        )
        return [ProductRecommendation.from_model(r) for r in found]


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
