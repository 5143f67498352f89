"""The GraphQL schema: the queries and mutations of every domain, merged."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.classification import ClassificationQueries
from api.customers import CustomerMutations, CustomerQueries
from api.errors import ErrorPolicy
from api.freshness import IndexCatchUp
from api.governance import GovernanceMutations, GovernanceQueries
from api.history import HistoryMutations, HistoryQueries
from api.interactions import InteractionMutations, InteractionQueries
from api.rules import RuleMutations, RuleQueries
from api.saved_segments import SavedSegmentMutations, SavedSegmentQueries
from api.scalars import AwareDateTime
from api.segments import SegmentQueries
from api.similarity import SimilarityQueries
from api.tagging import TaggingMutations
from api.tags import TagMutations, TagQueries
from api.taxonomy import TaxonomyMutations

Query = merge_types(
    "Query",
    (
        CustomerQueries,
        SegmentQueries,
        SavedSegmentQueries,
        TagQueries,
        ClassificationQueries,
        HistoryQueries,
        GovernanceQueries,
        InteractionQueries,
        RuleQueries,
        SimilarityQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        CustomerMutations,
        TagMutations,
        TaxonomyMutations,
        TaggingMutations,
        HistoryMutations,
        GovernanceMutations,
        SavedSegmentMutations,
        InteractionMutations,
        RuleMutations,
    ),
)

schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    # Clients send the same documents again and again: parse and validate each once (the
    # caches are shared by the extensions made for each request).
    extensions=[
        ErrorPolicy,
        IndexCatchUp,
        lambda: ParserCache(maxsize=1024),
        lambda: ValidationCache(maxsize=1024),
    ],
    config=StrawberryConfig(scalar_map={datetime: AwareDateTime}),
)
