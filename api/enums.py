"""Every enum of the API, registered here once: the graph layer's StrEnum where it has one,
else a StrEnum of the API's own; each is exposed through `strawberry.enum(...)`."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from graph.errors import ErrorCode
from graph.interactions.model import InteractionType
from graph.principals.model import CategoryAccess
from graph.rules.model import ActionKind, Measure, Period, RuleTrigger
from graph.segments.model import CustomerOrderField, FacetDimension, SegmentKind
from graph.tagging.model import TagSource
from graph.taxonomy.model import TagStatus
from graph.viewer import Permission, Role

__all__ = [
    "ActionKind",
    "CategoryAccess",
    "CustomerKind",
    "CustomerOrderField",
    "ErrorCode",
    "FacetDimension",
    "InteractionType",
    "Measure",
    "OrderDirection",
    "Period",
    "Permission",
    "RequestRefusal",
    "Role",
    "RuleTrigger",
    "SegmentKind",
    "TagAction",
    "TagSource",
    "TagStatus",
]


class CustomerKind(StrEnum):
    """A customer is a company or a person."""

    COMPANY = "COMPANY"
    PERSON = "PERSON"


class TagAction(StrEnum):
    """What a tag event did."""

    ADDED = "ADDED"
    REMOVED = "REMOVED"


class RequestRefusal(StrEnum):
    """`extensions.code` of a request refused by its bounds before it runs (api/limits.py);
    not in the schema, as these are GraphQL errors, never userErrors. Filters and lists beyond
    their caps are refused with the userError codes FILTER_TOO_COMPLEX and TOO_MANY_ITEMS."""

    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
    TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
    TOO_MANY_FIELDS = "TOO_MANY_FIELDS"
    DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE"
    QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"
    BATCHING_DISABLED = "BATCHING_DISABLED"
    BAD_REQUEST = "BAD_REQUEST"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    TIMEOUT = "TIMEOUT"
    CLIENT_DISCONNECTED = "CLIENT_DISCONNECTED"
    INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"


class OrderDirection(StrEnum):
    """The direction of an ordering."""

    ASC = "ASC"
    DESC = "DESC"


# The graph layer's codes are the API's codes: one list, so they cannot drift apart.
strawberry.enum(ErrorCode, name="UserErrorCode", description="Stable codes of expected failures.")
strawberry.enum(CustomerKind)
strawberry.enum(
    TagStatus,
    description="ACTIVE tags can be assigned; DEPRECATED ones keep their assignments but take "
    "no new ones; MERGED (see `mergedInto`) and DELETED tags are retired: out of the tree, "
    "held by nobody, kept so that history stays readable.",
)
strawberry.enum(TagAction)
strawberry.enum(OrderDirection)
strawberry.enum(CustomerOrderField, description="What customer lists can be ordered by.")
strawberry.enum(FacetDimension, description="The tree a facet splits a segment over.")
strawberry.enum(SegmentKind, description="DYNAMIC: evaluated when read; STATIC: a snapshot.")
strawberry.enum(TagSource, description="Where an assignment came from.")
strawberry.enum(InteractionType, description="What a customer did.")
strawberry.enum(ActionKind, description="What a rule does to the customers it selects.")
strawberry.enum(RuleTrigger, description="EVENT: on interactions of its types (and in sweeps).")
strawberry.enum(Measure, description="What an aggregate measures over interactions.")
strawberry.enum(Period, name="TransitionPeriod", description="Length of a report period.")
strawberry.enum(Role, description="What a principal is for: each role brings its permissions.")
strawberry.enum(Permission, description="What a root field of the API requires.")
strawberry.enum(CategoryAccess, description="SEE a tag category, or TAG with it (and see it).")
