"""Matching a file's header to the fields of an import: case-, width- and separator-blind,
with the aliases CRMs use and the user's own mapping (`Record ID=id`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from services.transfer.codes import FileRefused, ImportErrorCode

_SEPARATORS = re.compile(r"[\s_\-.·]+")

# The fields of each kind of file, in the order the shared format writes them.
FIELDS: Mapping[str, tuple[str, ...]] = {
    "customers": (
        "id", "name", "kind", "industry", "region", "employees", "annualRevenue", "email",
        "phone", "tags",
    ),
    "taxonomy": ("path", "id", "color", "description", "aliases", "exclusive", "status"),
    "assignments": ("customerId", "tag", "tagId", "source", "by", "since", "note", "expiresAt"),
    "interactions": ("id", "customerId", "type", "at", "amount", "productId", "channel"),
    "products": ("id", "name", "line", "tier"),
}  # fmt: skip

# Other names the same columns go by (compared in their normalized form).
ALIASES: Mapping[str, Mapping[str, str]] = {
    "customers": {
        "customerid": "id", "customername": "name", "companyname": "name",
        "industrycode": "industry", "regioncode": "region", "numberofemployees": "employees",
        "revenue": "annualRevenue", "emailaddress": "email", "phonenumber": "phone",
        "tagpaths": "tags",
    },
    "taxonomy": {"tagpath": "path", "tagid": "id", "colour": "color"},
    "assignments": {"customer": "customerId", "tagpath": "tag", "path": "tag"},
    "interactions": {"interactionid": "id", "customer": "customerId"},
    "products": {"productid": "id", "productname": "name"},
}  # fmt: skip


def normalize_header(text: str) -> str:
    """The comparison form of a column name: NFKC, case-folded, without separators or BOM."""
    folded = unicodedata.normalize("NFKC", text.replace("\ufeff", "")).casefold()
    return _SEPARATORS.sub("", folded.strip())


def parse_mapping(pairs: Iterable[str], mapping_file: Path | None = None) -> dict[str, str]:
    """`Source column=field` pairs (from options, then a file of one pair a line, `#` comments)."""
    lines = list(pairs)
    if mapping_file is not None:
        lines += mapping_file.read_text("utf-8-sig").splitlines()
    mapping: dict[str, str] = {}
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        source, sep, target = line.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise ValueError(f"a mapping is 'Column in the file=field', got {line!r}")
        mapping[normalize_header(source)] = target.strip()
    return mapping


def resolve_columns(kind: str, header: list[str], mapping: Mapping[str, str]) -> list[str | None]:
    """For each column of the header, the field it fills (None: not imported)."""
    fields = {normalize_header(field): field for field in FIELDS[kind]}
    aliases = ALIASES.get(kind, {})
    resolved: list[str | None] = []
    for name in header:
        key = normalize_header(name)
        target = mapping.get(key)
        if target is not None:
            field = fields.get(normalize_header(target))
            if field is None:
                raise FileRefused(
                    ImportErrorCode.NO_HEADER,
                    f"the mapping sends {name!r} to {target!r}, which is not a column of "
                    f"{kind} ({', '.join(FIELDS[kind])})",
                    1,
                )
        else:
            field = fields.get(key) or aliases.get(key)
        resolved.append(field if field not in resolved else None)
    return resolved
