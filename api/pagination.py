"""Relay-style connections shared by every list of the API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry

from graph.pagination import Page

T = TypeVar("T")
M = TypeVar("M")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="All items of the list; counted only when selected.")
    async def total_count(self) -> int:
        return await self.count()


def connection(
    page: Page[M], convert: Callable[[M], T], count: Callable[[], Awaitable[int]]
) -> Connection[T]:
    """A connection from a page of graph objects."""
    edges = [Edge(cursor=edge.cursor, node=convert(edge.node)) for edge in page.edges]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )
