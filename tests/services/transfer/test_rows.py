"""Typed rows of import files: the same bounds and cleaning as the mutations."""

from __future__ import annotations

from typing import Any

from api import input_bounds
from graph.customers.model import MAX_CUSTOMER_NAME
from services.transfer import rows
from services.transfer.codes import ImportErrorCode
from services.transfer.readers import SourceRow
from services.transfer.rows import parse_row


def test_the_bounds_are_those_of_the_api() -> None:
    assert rows.MAX_ID_LENGTH == input_bounds.MAX_ID_LENGTH
    assert rows.MAX_NAME_INPUT_LENGTH == input_bounds.MAX_NAME_INPUT_LENGTH
    assert rows.MAX_NOTE_LENGTH == input_bounds.MAX_NOTE_LENGTH
    assert rows.MAX_EMAIL_LENGTH == input_bounds.MAX_EMAIL_LENGTH
    assert rows.MAX_PHONE_LENGTH == input_bounds.MAX_PHONE_LENGTH
    assert rows.MAX_LABEL_LENGTH == input_bounds.MAX_LABEL_LENGTH


def _customer(**cells: str) -> tuple[Any, list[tuple[str, ImportErrorCode]]]:
    model, errors = parse_row("customers", SourceRow(2, cells), {k: k for k in cells})
    return model, [(e.column, e.code) for e in errors]


def test_names_are_cleaned_and_bounded_like_upsert_customers() -> None:
    model, errors = _customer(id="c1", name=" 华南\u200b  制造 ")
    assert errors == [] and model.name == "华南 制造"
    _, errors = _customer(id="c1", name="名" * (MAX_CUSTOMER_NAME + 1))
    assert errors == [("name", ImportErrorCode.TOO_LONG)]
    _, errors = _customer(id="x" * 129)
    assert errors == [("id", ImportErrorCode.TOO_LONG)]


def test_a_missing_id_is_required_and_bad_values_are_invalid() -> None:
    _, errors = _customer(id=" ", kind="robot", employees="many", annualRevenue="-1")
    assert errors == [
        ("id", ImportErrorCode.REQUIRED),
        ("kind", ImportErrorCode.INVALID_VALUE),
        ("employees", ImportErrorCode.INVALID_VALUE),
        ("annualRevenue", ImportErrorCode.INVALID_VALUE),
    ]


def test_tag_paths_of_a_cell_are_split_and_bad_ones_refused() -> None:
    model, errors = _customer(id="c1", tags="行为/购买/高频购买; 基础/A\\/B")
    assert errors == []
    assert model.tags == (("行为", "购买", "高频购买"), ("基础", "A/B"))
    _, errors = _customer(id="c1", tags="行为//购买")
    assert errors == [("tags", ImportErrorCode.INVALID_VALUE)]


def test_an_assignment_needs_a_tag_path_or_id_and_iso_dates() -> None:
    columns = {"customerId": "customerId", "since": "since"}
    _, errors = parse_row("assignments", SourceRow(3, {"customerId": "c", "since": "x"}), columns)
    assert {(e.column, e.code) for e in errors} == {("since", ImportErrorCode.INVALID_VALUE)}
    _, errors = parse_row("assignments", SourceRow(3, {"customerId": "c"}), columns)
    assert [e.code for e in errors] == [ImportErrorCode.REQUIRED]


def test_a_taxonomy_row_takes_true_false_and_colours() -> None:
    columns = {"path": "path", "exclusive": "exclusive", "color": "color"}
    model: Any
    model, errors = parse_row(
        "taxonomy", SourceRow(2, {"path": "生命周期", "exclusive": "是", "color": "#abc"}), columns
    )
    assert errors == [] and model.exclusive is True
    assert model.color == "#AABBCC"
    _, errors = parse_row(
        "taxonomy", SourceRow(2, {"path": "A", "exclusive": "maybe", "color": "red"}), columns
    )
    assert [e.column for e in errors] == ["color", "exclusive"]
