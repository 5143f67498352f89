"""The per-request context: the database, the viewer and a fresh set of DataLoaders."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from api.loaders import Loaders
from graph.database import Database
from graph.pagination import PageRequest
from graph.viewer import Viewer
from services.auth import Authenticator
from services.index_keeper import IndexKeeper
from services.neighbours import Neighbours, tree_weights
from services.segments import Segments
from settings import Settings


class Context:
    """What every resolver gets: settings, database, viewer and loaders."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        viewer: Viewer,
        keeper: IndexKeeper | None = None,
        neighbours: Neighbours | None = None,
        authenticator: Authenticator | None = None,
        metrics: object | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.viewer = viewer
        self.keeper = keeper
        self.segments = Segments(db, keeper)
        self.neighbours = neighbours or Neighbours(db, keeper, tree_weights(settings))
        self.loaders = Loaders(db, viewer)
        self.authenticator = authenticator
        self.metrics = metrics  # api/metrics.Metrics of the app, read by its extension

    def page(self, first: int | None, after: str | None, arity: int = 1) -> PageRequest:
        """Validated page arguments (PAGE_SIZE_EXCEEDED, INVALID_CURSOR)."""
        return PageRequest.parse(first, after, arity=arity, maximum=self.settings.max_page_size)


def viewer_from_request(request: HTTPConnection) -> Viewer:
    """The viewer the authentication middleware (api/auth.py) found for this request; without
    one (GraphiQL's page), a viewer who may do and see nothing."""
    viewer = request.scope.get("state", {}).get("viewer")
    if isinstance(viewer, Viewer):
        return viewer
    return Viewer(
        user="anonymous", visible_category_ids=frozenset(), taggable_category_ids=frozenset()
    )
