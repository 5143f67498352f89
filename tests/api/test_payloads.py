"""The payload helper: a refused call gives the payload's empty fields and its userErrors; every
payload of the schema can be made that way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from strawberry.schema.schema_converter import GraphQLCoreConverter

from api.errors import UserError, payload
from api.schema import schema
from api.taxonomy.types import MergeTagsPayload
from graph.errors import ErrorCode, UserInputError
from graph.taxonomy.model import MergeResult, Tag

TARGET = Tag(
    id="t1", name="重要客户", normalized_name="重要客户", color=None, description=None,
    status="ACTIVE", aliases=("VIP",), category_id="c1", parent_id=None,
    created_at=datetime(2026, 1, 1, tzinfo=UTC), updated_at=None,
)  # fmt: skip


async def _merged() -> MergeResult:
    return MergeResult(target=TARGET, customers=3, added=2, children_moved=1)


async def _refused() -> MergeResult:
    raise UserInputError.single(ErrorCode.IN_USE, "a rule assigns it", ("sourceIds", "0"))


async def test_a_call_that_succeeds_builds_the_payload_without_user_errors() -> None:
    result = await payload(MergeTagsPayload, _merged(), MergeTagsPayload.from_model)
    assert result.tag is not None and result.tag.id == "t1"
    assert (result.customer_count, result.added_count, result.moved_children_count) == (3, 2, 1)
    assert result.user_errors == []


async def test_a_refused_call_gives_empty_fields_and_its_user_errors() -> None:
    result = await payload(MergeTagsPayload, _refused(), MergeTagsPayload.from_model)
    assert result == MergeTagsPayload(
        user_errors=[
            UserError(code=ErrorCode.IN_USE, message="a rule assigns it", field=["sourceIds", "0"])
        ]
    )
    assert (result.tag, result.customer_count, result.added_count) == (None, 0, 0)


async def test_other_errors_are_not_turned_into_user_errors() -> None:
    async def broken() -> MergeResult:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        await payload(MergeTagsPayload, broken(), MergeTagsPayload.from_model)


def test_every_payload_of_the_schema_has_empty_defaults() -> None:
    backref = GraphQLCoreConverter.DEFINITION_BACKREF
    payloads = [
        graphql_type.extensions[backref].origin
        for name, graphql_type in schema._schema.type_map.items()
        if name.endswith("Payload")
    ]
    assert len(payloads) >= 18
    for payload_type in payloads:
        empty = payload_type(user_errors=[])
        assert empty.user_errors == [], payload_type
