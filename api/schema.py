"""The GraphQL schema: the queries and mutations of every domain, merged.

The printed schema lists Query and Mutation fields in the order of these tuples: clients see
it as the contract, so the order stays as it is (taxonomy's governance fields come later)."""

from __future__ import annotations

from datetime import datetime

from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.classification.queries import ClassificationQueries
from api.customers.mutations import CustomerMutations
from api.customers.queries import CustomerQueries
from api.errors import ErrorPolicy, Schema
from api.freshness import IndexCatchUp
from api.history.mutations import HistoryMutations
from api.history.queries import HistoryQueries
from api.imports.queries import ImportQueries
from api.input_guard import InputGuard
from api.interactions.mutations import InteractionMutations
from api.interactions.queries import InteractionQueries
from api.limits import RequestLimits
from api.metrics import RequestMetrics
from api.permissions import PermissionGate
from api.principals.mutations import PrincipalMutations
from api.principals.queries import PrincipalQueries
from api.rules.mutations import RuleMutations
from api.rules.queries import RuleQueries
from api.scalars import AwareDateTime
from api.segments.mutations import SegmentMutations
from api.segments.queries import SegmentQueries
from api.similarity.queries import SimilarityQueries
from api.tagging.mutations import TaggingMutations
from api.taxonomy.mutations import GovernanceMutations, TaxonomyMutations
from api.taxonomy.queries import GovernanceQueries, TaxonomyQueries

Query = merge_types(
    "Query",
    (
        CustomerQueries,
        SegmentQueries,
        TaxonomyQueries,
        ClassificationQueries,
        HistoryQueries,
        GovernanceQueries,
        InteractionQueries,
        RuleQueries,
        SimilarityQueries,
        PrincipalQueries,
        ImportQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        CustomerMutations,
        TaxonomyMutations,
        TaggingMutations,
        HistoryMutations,
        GovernanceMutations,
        SegmentMutations,
        InteractionMutations,
        RuleMutations,
        PrincipalMutations,
    ),
)

schema = Schema(
    query=Query,
    mutation=Mutation,
    # Clients send the same documents again and again: parse and validate each once (the
    # caches are shared by the extensions made for each request).
    extensions=[
        RequestMetrics,  # first: it times everything the others do, refusals included
        RequestLimits,  # depth, aliases, tokens, cost: refused before anything runs
        ErrorPolicy,
        InputGuard,  # bad text refused before parsing, over-long inputs before execution
        PermissionGate,  # before anything runs: the viewer may run every root field named
        IndexCatchUp,
        lambda: ParserCache(maxsize=1024),
        lambda: ValidationCache(maxsize=1024),
    ],
    config=StrawberryConfig(scalar_map={datetime: AwareDateTime}),
)
