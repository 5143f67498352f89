"""The GraphQL contract does not change by accident: the printed schema is the committed one."""

from __future__ import annotations

from api.schema import schema
from settings import PROJECT_ROOT

SNAPSHOT = PROJECT_ROOT / "docs" / "schema.graphql"


def test_the_printed_schema_is_the_committed_contract() -> None:
    printed = schema.as_str() + "\n"
    assert printed == SNAPSHOT.read_text("utf-8"), (
        "the schema changed: if that is intended (adding is fine, renaming breaks clients), "
        "write it with `.venv/bin/python -c 'from api.schema import schema; "
        "print(schema.as_str())' > docs/schema.graphql`"
    )
