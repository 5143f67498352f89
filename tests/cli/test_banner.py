"""The start banner says where the Neo4j password is kept, never the password."""

from __future__ import annotations

from rich.console import Console

from cli.main import _where
from graph.bulk.model import GraphCounts
from ops.env_file import PASSWORD_VARIABLE
from settings import Settings


def test_the_banner_names_where_the_password_is_not_the_password() -> None:
    settings = Settings(neo4j_password="banner-secret-Pa55")
    console = Console(width=200, record=True)
    console.print(_where(settings, GraphCounts(10, 2, 1, 5, 117, 410)))
    text = console.export_text()
    assert "banner-secret-Pa55" not in text
    assert PASSWORD_VARIABLE in text
