"""The driver lifecycle: one async driver per process, managed transactions, native values."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString, ParamSpec, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, RoutingControl
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    DatabaseUnavailable,
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.time import Date, DateTime
from tenacity import (
    retry,
    retry_if_exception_type,
    stop_after_delay,
    wait_exponential,
)

from graph.errors import GraphUnavailable, UserInputError
from settings import Settings

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")
Record = dict[str, Any]
TransactionFunction = Callable[..., Awaitable[T]]

# What the driver raises when it cannot reach the database (after its own retries): the
# caller may try again later, so it becomes GraphUnavailable (HTTP 503 in the API).
_UNREACHABLE = (
    ServiceUnavailable,
    SessionExpired,
    DatabaseUnavailable,
    ConnectionAcquisitionTimeoutError,
)


class Database:
    """The graph database as TagGraph uses it: reads and writes in managed transactions."""

    def __init__(
        self,
        driver: AsyncDriver,
        name: str,
        transaction_timeout: float | None = None,
        max_connections: int = 0,
    ) -> None:
        self.driver = driver
        self.name = name
        # The server ends any transaction running longer (the API's request time limit): a
        # cancelled request leaves nothing running in Neo4j. None: the server's own setting.
        self.transaction_timeout = transaction_timeout
        self.usage = DatabaseUsage(max_connections=max_connections)

    @classmethod
    def connect(cls, settings: Settings, *, transaction_timeout: float | None = None) -> Database:
        """Create the process's driver from the settings (no I/O until the first query)."""
        driver = AsyncGraphDatabase.driver(
            settings.neo4j_uri,
            auth=(settings.neo4j_user, settings.password()),
            max_connection_pool_size=settings.neo4j_max_pool_size,
            notifications_min_severity="OFF",
            # Small bounds, so that a request fails fast while Neo4j is away (the defaults
            # held one for 30 to 60 s) and recovers by itself once it is back.
            connection_timeout=settings.neo4j_connection_timeout,
            connection_acquisition_timeout=settings.neo4j_acquisition_timeout,
            max_transaction_retry_time=settings.neo4j_transaction_retry_time,
        )
        return cls(
            driver, settings.neo4j_database, transaction_timeout, settings.neo4j_max_pool_size
        )

    async def close(self) -> None:
        """Close the driver and its connections."""
        await self.driver.close()

    async def wait_until_ready(self, timeout: float = 60.0) -> None:
        """Wait until the database answers a query (it may still be starting)."""

        @retry(
            retry=retry_if_exception_type(GraphUnavailable),
            stop=stop_after_delay(timeout),
            wait=wait_exponential(multiplier=0.2, max=2.0),
            reraise=True,
        )
        async def ping() -> None:
            await self.read("RETURN 1 AS ok")

        await ping()

    async def ping(self) -> None:
        """Run a trivial query once, without the driver's retries (GraphUnavailable if that
        fails): whether the database answers now, for the readiness probe."""
        async with _reachable(), self._session() as session:
            result = await session.run("RETURN 1 AS ok")
            await result.consume()

    async def read(self, query: LiteralString, **parameters: Any) -> list[Record]:
        """Run one read query in a managed transaction; records as dicts of native values."""
        return await self._execute(query, parameters, RoutingControl.READ)

    async def write(self, query: LiteralString, **parameters: Any) -> list[Record]:
        """Run one write query in a managed transaction; records as dicts of native values."""
        return await self._execute(query, parameters, RoutingControl.WRITE)

    async def _execute(
        self, query: LiteralString, parameters: Mapping[str, Any], routing: RoutingControl
    ) -> list[Record]:
        async with self._tracked():
            records, _, _ = await self.driver.execute_query(
                neo4j.Query(query, timeout=self.transaction_timeout),
                dict(parameters),
                database_=self.name,
                routing_=routing,
            )
        return [native(record.data()) for record in records]

    async def read_transaction(self, work: TransactionFunction[T], *args: Any) -> T:
        """Run several statements in one read transaction (retried on transient errors)."""
        async with self._tracked(), self._session() as session:
            return await session.execute_read(self._bounded(work), *args)

    async def write_transaction(self, work: TransactionFunction[T], *args: Any) -> T:
        """Run several statements in one atomic write transaction (retried on transient errors).

        `work` must be idempotent: the driver may run it again after a transient failure.
        """
        async with self._tracked(), self._session() as session:
            return await session.execute_write(self._bounded(work), *args)

    @asynccontextmanager
    async def _tracked(self) -> AsyncIterator[None]:
        # Counted for the metrics (api/metrics.py reads `usage`); GraphUnavailable as ever.
        usage = self.usage
        usage.in_flight += 1
        started = time.perf_counter()
        try:
            async with _reachable():
                yield
        except GraphUnavailable:
            usage.unavailable += 1
            raise
        finally:
            usage.in_flight -= 1
            usage.calls += 1
            usage.seconds += time.perf_counter() - started

    def _bounded(self, work: TransactionFunction[T]) -> TransactionFunction[T]:
        return neo4j.unit_of_work(timeout=self.transaction_timeout)(work)

    def _session(self) -> neo4j.AsyncSession:
        # Share the bookmark manager of execute_query so that every call reads its own writes.
        return self.driver.session(
            database=self.name,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        )


@dataclass(slots=True)
class DatabaseUsage:
    """What this process asked of Neo4j so far: queries and transactions in flight (each holds
    a pooled connection), done, failed for want of Neo4j, and the seconds they took."""

    max_connections: int
    in_flight: int = 0
    calls: int = 0
    unavailable: int = 0
    seconds: float = 0.0


@asynccontextmanager
async def _reachable() -> AsyncIterator[None]:
    try:
        yield
    except _UNREACHABLE as error:
        unknown = isinstance(error, IncompleteCommit)
        raise GraphUnavailable(type(error).__name__, outcome_unknown=unknown) from error


@dataclass(frozen=True, slots=True)
class UniqueKey:
    """A uniqueness constraint of the schema (`cypher/schema/`) that a write may violate, and
    the user error its violation means (two clients creating one name at the same time)."""

    label: str
    property: str
    error: UserInputError

    def violated_by(self, error: ConstraintError) -> bool:
        """Whether the server refused the write for this label and property."""
        # The server names the constraint only in its message: "Node(7) already exists with
        # label `TagRule` and property `normalizedName` = '…'".
        message = error.message or ""
        return f"label `{self.label}`" in message and f"property `{self.property}`" in message


@contextmanager
def duplicates_refused(*keys: UniqueKey) -> Iterator[None]:
    """Turn the violation of one of these uniqueness constraints into its user error; any other
    constraint violation stays the internal error it is. The one place that reads them."""
    try:
        yield
    except ConstraintError as error:
        for key in keys:
            if key.violated_by(error):
                raise key.error from error
        raise


async def run(tx: AsyncManagedTransaction, query: LiteralString, **parameters: Any) -> list[Record]:
    """Run one statement inside a transaction function; records as dicts of native values."""
    result = await tx.run(query, parameters)
    return [native(record.data()) async for record in result]


def native(value: Any) -> Any:
    """Convert neo4j temporal values (recursively) into Python ones."""
    if isinstance(value, DateTime | Date):
        return value.to_native()
    if isinstance(value, dict):
        return {key: native(item) for key, item in value.items()}
    if isinstance(value, list):
        return [native(item) for item in value]
    return value


def as_datetime(value: Any) -> datetime | None:
    """A datetime read from the graph, or None."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    return value
