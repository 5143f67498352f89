"""Customer filters as JSON, with the field names of the GraphQL input (saved segments, rules)."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

from graph.segments.model import CustomerFilter, HadTag
from graph.text import camel_case


def filter_to_json(customer_filter: CustomerFilter) -> dict[str, Any]:
    """The filter as JSON, with the field names of the GraphQL CustomerFilter input."""
    out: dict[str, Any] = {}
    for item in fields(customer_filter):
        value = getattr(customer_filter, item.name)
        if value is None or value == ():
            continue
        key = camel_case(item.name.rstrip("_"))
        if item.name in ("and_", "or_"):
            out[key] = [filter_to_json(child) for child in value]
        elif item.name == "not_":
            out[key] = filter_to_json(value)
        elif isinstance(value, HadTag):
            out[key] = {"tagId": value.tag_id, "since": value.since.isoformat(),
                        "until": value.until.isoformat()}  # fmt: skip
        elif isinstance(value, datetime):
            out[key] = value.isoformat()
        elif isinstance(value, tuple):
            out[key] = list(value)
        else:
            out[key] = value
    return out


def filter_from_json(data: dict[str, Any]) -> CustomerFilter:
    """The filter saved by `filter_to_json`."""
    values: dict[str, Any] = {}
    for item in fields(CustomerFilter):
        key = camel_case(item.name.rstrip("_"))
        if key not in data:
            continue
        raw = data[key]
        if item.name in ("and_", "or_"):
            values[item.name] = tuple(filter_from_json(child) for child in raw)
        elif item.name == "not_":
            values[item.name] = filter_from_json(raw)
        elif item.name == "had_tag":
            values[item.name] = HadTag(raw["tagId"], datetime.fromisoformat(raw["since"]),
                                       datetime.fromisoformat(raw["until"]))  # fmt: skip
        elif item.name in ("has_all_tags", "has_any_tag"):
            values[item.name] = tuple(raw)
        elif "before" in item.name or "after" in item.name:
            values[item.name] = datetime.fromisoformat(raw)
        else:
            values[item.name] = raw
    return CustomerFilter(**values)
