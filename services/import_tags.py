"""Tag paths of import rows resolved against the visible taxonomy: refused per row when
unknown (UNKNOWN_TAG; a hidden category's tags are unknown), not taggable (FORBIDDEN), retired
or deprecated; created through the taxonomy's own path (audited) with --create-missing-tags."""

from __future__ import annotations

from graph.database import Database
from graph.errors import UserInputError
from graph.imports.model import KnownTag, TagRef
from graph.imports.snapshot import TaxonomySnapshot, path_key
from graph.taxonomy import edits
from graph.taxonomy.model import DEPRECATED, RETIRED, NewTag
from graph.viewer import Permission, Viewer
from services.transfer.codes import ImportErrorCode
from services.transfer.paths import format_path

Problem = tuple[ImportErrorCode, str]


class TagResolver:
    """Resolves tag paths and ids for one import, creating missing tags when asked to."""

    def __init__(
        self,
        db: Database,
        viewer: Viewer,
        snapshot: TaxonomySnapshot,
        *,
        create_missing: bool = False,
        dry_run: bool = False,
    ) -> None:
        self.db = db
        self.viewer = viewer
        self.snapshot = snapshot
        self.create_missing = create_missing
        self.dry_run = dry_run
        self.created: list[str] = []  # paths of the tags this import created
        self._found: dict[tuple[str, ...], TagRef | Problem] = {}  # resolved paths

    async def by_path(self, names: tuple[str, ...]) -> TagRef | Problem:
        """The tag at this path (category name first), or why the row cannot use it."""
        found = self._found.get(names)
        if found is None:
            found = self._found[names] = await self._by_path(names)
        return found

    async def _by_path(self, names: tuple[str, ...]) -> TagRef | Problem:
        shown = format_path(list(names))
        if len(names) < 2:
            return ImportErrorCode.INVALID_VALUE, f"{shown!r} names a category, not a tag"
        found = self.snapshot.find(names)
        if found is None:
            return await self._missing(names, shown)
        return self._assignable(self.snapshot.tags[found], shown)

    def by_id(self, tag_id: str) -> TagRef | Problem:
        """The tag with this id, or why the row cannot use it."""
        tag = self.snapshot.tags.get(tag_id)
        if tag is None:
            return ImportErrorCode.UNKNOWN_TAG, f"tag {tag_id!r} does not exist"
        return self._assignable(tag, tag_id)

    def _assignable(self, tag: KnownTag, shown: str) -> TagRef | Problem:
        category = self.snapshot.categories[tag.category_id]
        if not self.viewer.may(Permission.TAG) or not category.taggable:
            message = f"tag {shown!r} is in a category you may see but not tag with"
            return ImportErrorCode.FORBIDDEN, message
        if tag.status in RETIRED:
            return ImportErrorCode.TAG_RETIRED, f"tag {shown!r} was {tag.status.lower()}"
        if tag.status == DEPRECATED:
            return ImportErrorCode.TAG_DEPRECATED, f"tag {shown!r} is deprecated"
        return TagRef(tag.id, category.id, category.exclusive)

    async def _missing(self, names: tuple[str, ...], shown: str) -> TagRef | Problem:
        category_id = self.snapshot.find(names[:1])
        if category_id is None:
            return ImportErrorCode.UNKNOWN_TAG, f"there is no category {names[0]!r}"
        if not self.create_missing:
            return (
                ImportErrorCode.UNKNOWN_TAG,
                f"there is no tag {shown!r} (--create-missing-tags creates it)",
            )
        if not self.viewer.may(Permission.MANAGE_TAXONOMY):
            return ImportErrorCode.FORBIDDEN, f"creating tag {shown!r} needs MANAGE_TAXONOMY"
        category = self.snapshot.categories[category_id]
        if not self.viewer.may(Permission.TAG) or not category.taggable:
            return ImportErrorCode.FORBIDDEN, f"category {names[0]!r} is not one you may tag with"
        parent_id: str | None = None
        for depth in range(2, len(names) + 1):
            existing = self.snapshot.find(names[:depth])
            if existing is None:
                created = await self._create(names[:depth], category_id, parent_id)
                if isinstance(created, tuple):
                    return created
                existing = created
            parent_id = existing
        assert parent_id is not None
        return self._assignable(self.snapshot.tags[parent_id], shown)

    async def _create(
        self, names: tuple[str, ...], category_id: str, parent_id: str | None
    ) -> str | Problem:
        if self.dry_run:
            tag = KnownTag(
                f"new:{format_path(list(names))}", names[-1], category_id, parent_id, "ACTIVE"
            )
        else:
            try:
                made = await edits.create_tag(
                    self.db,
                    self.viewer,
                    new=NewTag(
                        name=names[-1],
                        category_id=None if parent_id else category_id,
                        parent_id=parent_id,
                    ),
                )
            except UserInputError as error:
                return ImportErrorCode.INVALID_VALUE, str(error)
            tag = KnownTag(made.id, made.name, made.category_id, made.parent_id, made.status)
        self.snapshot.tags[tag.id] = tag
        self.snapshot.by_path[path_key(names)] = tag.id
        self.created.append(format_path(list(names)))
        return tag.id
