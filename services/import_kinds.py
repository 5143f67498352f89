"""What each kind of import file does with its checked rows: the checks that need the graph
or the rest of the file (tag paths, duplicates in the file) and the batch writes."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from graph.database import Database
from graph.errors import ErrorCode, UserInputError
from graph.imports import assignments, customers, taxonomy
from graph.imports.model import (
    AssignmentWrite,
    BatchResult,
    CustomerWrite,
    OnDuplicate,
    TagRef,
    TaxonomyEntry,
)
from graph.interactions import products
from graph.interactions.model import Interaction, Product
from graph.viewer import Viewer
from services.import_tags import TagResolver
from services.interactions import record_interactions
from services.transfer.codes import ImportErrorCode, RowError
from services.transfer.rows import (
    AssignmentRow,
    CustomerRow,
    InteractionRow,
    ProductRow,
    TaxonomyRow,
)

MAX_INTERACTION_BATCH = 10_000  # graph/interactions' limit per call
MAX_PRODUCT_BATCH = 1_000


@dataclass(slots=True)
class Outcome:
    """What writing a batch did, and its rows the graph refused (by index in the batch)."""

    result: BatchResult
    errors: list[tuple[int, RowError]] = field(default_factory=list)
    held_back: int = 0


class Importer:
    """The part of an import that knows its kind (subclasses, one per kind)."""

    kind = ""
    partial_ok = True  # whether the rows before a broken line go in (all but taxonomy)
    writers = 1  # batches written at once (one: in file order)

    def __init__(self, db: Database, viewer: Viewer, options: dict[str, Any]) -> None:
        self.db = db
        self.viewer = viewer
        self.on_duplicate: OnDuplicate = options["on_duplicate"]
        self.dry_run: bool = options["dry_run"]
        self.create_missing_tags: bool = options["create_missing_tags"]
        self.seen: set[Any] = set()
        self.resolver: TagResolver | None = None

    def batch_size(self, requested: int) -> int:
        """Rows per transaction."""
        return requested

    def tags_created(self) -> list[str]:
        """Paths of the tags this import created (--create-missing-tags)."""
        return list(self.resolver.created) if self.resolver else []

    async def prepare(
        self, model: Any, line: int, columns: dict[str, str]
    ) -> tuple[Any, list[RowError]]:
        """The write item of a typed row, or why it is refused."""
        raise NotImplementedError

    async def write(self, items: list[Any], *, clean: bool) -> Outcome:
        """Write one batch (`clean`: no row of the file was refused so far)."""
        raise NotImplementedError

    def duplicate(self, key: Any, line: int, column: str, value: str) -> list[RowError]:
        """DUPLICATE_IN_FILE when an earlier row had this key."""
        if key in self.seen:
            message = f"an earlier row has this {column}"
            return [RowError(line, column, value, ImportErrorCode.DUPLICATE_IN_FILE, message)]
        self.seen.add(key)
        return []

    async def resolver_for(self) -> TagResolver:
        """The tag resolver of this import (reads the visible taxonomy once)."""
        if self.resolver is None:
            snapshot = await taxonomy.find_taxonomy(self.db, self.viewer)
            self.resolver = TagResolver(
                self.db,
                self.viewer,
                snapshot,
                create_missing=self.create_missing_tags,
                dry_run=self.dry_run,
            )
        return self.resolver


def _outcome(result: BatchResult) -> Outcome:
    errors = [
        (r.index, RowError(0, r.field, "", ImportErrorCode(r.code.value), r.message))
        for r in result.refused
    ]
    return Outcome(result, errors)


class CustomerImporter(Importer):
    """customers: id, name, kind, industry, region, employees, annualRevenue, email, phone, tags."""

    kind = "customers"
    writers = 2  # batches in flight: their customers differ (duplicates are refused)

    async def prepare(
        self, model: CustomerRow, line: int, columns: dict[str, str]
    ) -> tuple[Any, list[RowError]]:
        errors = self.duplicate(model.id, line, columns.get("id", "id"), model.id)
        tags: list[TagRef] = []
        if model.tags and not errors:
            resolver = await self.resolver_for()
            column = columns.get("tags", "tags")
            for names in model.tags:
                found = await resolver.by_path(names)
                if isinstance(found, tuple):
                    errors.append(RowError(line, column, "/".join(names), *found))
                else:
                    tags.append(found)
            errors += _exclusive_errors(resolver, tags, line, column)
        if errors:
            return None, errors
        props = {
            key: value
            for key, value in (
                ("name", model.name), ("kind", model.kind), ("employees", model.employees),
                ("annualRevenue", model.annual_revenue), ("email", model.email),
                ("phone", model.phone),
            )
            if value is not None
        }  # fmt: skip
        unique_tags = tuple(dict.fromkeys(tags))
        return CustomerWrite(model.id, props, model.industry, model.region, unique_tags), []

    async def write(self, items: list[Any], *, clean: bool) -> Outcome:
        del clean
        result = await customers.merge_customer_batch(
            self.db, self.viewer, rows=items, on_duplicate=self.on_duplicate, dry_run=self.dry_run
        )
        return _outcome(result)


def _exclusive_errors(
    resolver: TagResolver, tags: list[TagRef], line: int, column: str
) -> list[RowError]:
    categories = [tag.category_id for tag in dict.fromkeys(tags) if tag.exclusive]
    repeated = {c for c in categories if categories.count(c) > 1}
    return [
        RowError(
            line,
            column,
            "",
            ImportErrorCode.EXCLUSIVE_CONFLICT,
            f"category {resolver.snapshot.categories[c].name!r} is exclusive: one of its tags",
        )
        for c in sorted(repeated)
    ]


class AssignmentImporter(Importer):
    """assignments: customerId, tag (path) or tagId, since, note, expiresAt."""

    kind = "assignments"

    def __init__(self, db: Database, viewer: Viewer, options: dict[str, Any]) -> None:
        super().__init__(db, viewer, options)
        self.exclusive: dict[tuple[str, str], str] = {}  # (customer, category) → tag

    async def prepare(
        self, model: AssignmentRow, line: int, columns: dict[str, str]
    ) -> tuple[Any, list[RowError]]:
        resolver = await self.resolver_for()
        column = columns.get("tag" if model.tag is not None else "tagId", "tag")
        found = await resolver.by_path(model.tag) if model.tag is not None else None
        if found is None:
            assert model.tag_id is not None
            found = resolver.by_id(model.tag_id)
        shown = "/".join(model.tag) if model.tag is not None else str(model.tag_id)
        if isinstance(found, tuple):
            return None, [RowError(line, column, shown, *found)]
        errors = self.duplicate((model.customer_id, found.id), line, column, shown)
        if found.exclusive and not errors:
            held = self.exclusive.setdefault((model.customer_id, found.category_id), found.id)
            if held != found.id:
                category = resolver.snapshot.categories[found.category_id].name
                message = (
                    f"an earlier row gives this customer another tag of exclusive {category!r}"
                )
                errors.append(
                    RowError(line, column, shown, ImportErrorCode.EXCLUSIVE_CONFLICT, message)
                )
        if errors:
            return None, errors
        write = AssignmentWrite(model.customer_id, found, model.since, model.note, model.expires_at)
        return write, []

    async def write(self, items: list[Any], *, clean: bool) -> Outcome:
        del clean
        result = await assignments.assign_batch(
            self.db, self.viewer, rows=items, on_duplicate=self.on_duplicate, dry_run=self.dry_run
        )
        return _outcome(result)


class TaxonomyImporter(Importer):
    """taxonomy: path, id, color, description, aliases, exclusive, status; all or nothing."""

    kind = "taxonomy"
    partial_ok = False

    def __init__(self, db: Database, viewer: Viewer, options: dict[str, Any]) -> None:
        super().__init__(db, viewer, options)
        self.given: set[str] = set()  # fields the file has a column for

    def batch_size(self, requested: int) -> int:
        return sys.maxsize  # one transaction for the whole file

    async def prepare(
        self, model: TaxonomyRow, line: int, columns: dict[str, str]
    ) -> tuple[Any, list[RowError]]:
        self.given = set(columns)
        return (line, model), []

    async def write(self, items: list[Any], *, clean: bool) -> Outcome:
        entries = [
            TaxonomyEntry(
                index=index,
                path=model.path,
                id=model.id,
                color=model.color,
                description=model.description,
                aliases=model.aliases if "aliases" in self.given else None,
                exclusive=model.exclusive,
                status=model.status,
            )
            for index, (_, model) in enumerate(items)
        ]
        plan = await taxonomy.apply_taxonomy(
            self.db, self.viewer, entries=entries, dry_run=self.dry_run or not clean
        )
        errors = [
            (index, RowError(0, column, "", ImportErrorCode(code), message))
            for index, code, column, message in plan.refused
        ]
        if plan.refused or not clean:
            held = len(items) - len(plan.refused)
            return Outcome(BatchResult(), errors, held_back=held)
        result = BatchResult(created=plan.created, updated=plan.updated, unchanged=plan.unchanged)
        return Outcome(result, errors)


class InteractionImporter(Importer):
    """interactions: id, customerId, type, at, amount, productId, channel (ids seen before
    are skipped: the existing `import-interactions` behaviour)."""

    kind = "interactions"

    def batch_size(self, requested: int) -> int:
        return min(requested, MAX_INTERACTION_BATCH)

    async def prepare(
        self, model: InteractionRow, line: int, columns: dict[str, str]
    ) -> tuple[Any, list[RowError]]:
        errors = self.duplicate(model.id, line, columns.get("id", "id"), model.id)
        item = Interaction(
            model.id, model.customer_id, model.type, model.at, model.amount,
            model.product_id, model.channel,
        )  # fmt: skip
        return (None, errors) if errors else (item, [])

    async def write(self, items: list[Any], *, clean: bool) -> Outcome:
        del clean
        if self.dry_run:
            return Outcome(BatchResult(created=len(items)))
        return await _without_refused(items, self._record)

    async def _record(self, items: list[Any]) -> BatchResult:
        recorded = await record_interactions(self.db, self.viewer, items)
        return BatchResult(
            created=recorded.recorded,
            unchanged=recorded.duplicates,
            assignments=recorded.tags_added,  # what the event rules added
        )


class ProductImporter(Importer):
    """products: id, name, line, tier."""

    kind = "products"

    def batch_size(self, requested: int) -> int:
        return min(requested, MAX_PRODUCT_BATCH)

    async def prepare(
        self, model: ProductRow, line: int, columns: dict[str, str]
    ) -> tuple[Any, list[RowError]]:
        errors = self.duplicate(model.id, line, columns.get("id", "id"), model.id)
        return (
            (None, errors)
            if errors
            else (Product(model.id, model.name, model.line, model.tier), [])
        )

    async def write(self, items: list[Any], *, clean: bool) -> Outcome:
        del clean
        known = {p.id: p for p in await products.find_products(self.db)}
        result = BatchResult()
        changed = []
        for item in items:
            held = known.get(item.id)
            if held is None:
                result.created += 1
            elif (held.name, held.line, held.tier) == (item.name, item.line, item.tier):
                result.unchanged += 1
                continue
            elif self.on_duplicate is OnDuplicate.SKIP:
                result.skipped += 1
                continue
            else:
                result.updated += 1
            changed.append(item)
        if changed and not self.dry_run:
            await products.merge_products(self.db, products=changed)
        return Outcome(result)


async def _without_refused(items: list[Any], write: Any) -> Outcome:
    """Write a batch; when the graph refuses some of its rows (by index), report them and
    write the others (all or nothing per call, so one more call)."""
    try:
        return Outcome(await write(items))
    except UserInputError as error:
        refused: dict[int, RowError] = {}
        for problem in error.errors:
            field = problem.field or ()
            if len(field) >= 3 and field[0] == "input" and field[1].isdigit():
                refused.setdefault(
                    int(field[1]), _row_error(field[2], problem.code, problem.message)
                )
        if not refused:
            raise
        rest = [item for index, item in enumerate(items) if index not in refused]
        outcome = Outcome(await write(rest)) if rest else Outcome(BatchResult())
        outcome.errors = sorted(refused.items())
        return outcome


def _row_error(column: str, code: ErrorCode, message: str) -> RowError:
    if code is ErrorCode.NOT_FOUND:
        found = (
            ImportErrorCode.UNKNOWN_PRODUCT
            if column == "productId"
            else ImportErrorCode.UNKNOWN_CUSTOMER
        )
    else:
        found = ImportErrorCode.INVALID_VALUE
    return RowError(0, column, "", found, message)


_IMPORTERS: dict[str, type[Importer]] = {
    "customers": CustomerImporter,
    "taxonomy": TaxonomyImporter,
    "assignments": AssignmentImporter,
    "interactions": InteractionImporter,
    "products": ProductImporter,
}


async def make_importer(
    kind: str, db: Database, viewer: Viewer, options: dict[str, Any]
) -> Importer:
    """The importer of this kind of file."""
    return _IMPORTERS[kind](db, viewer, options)
