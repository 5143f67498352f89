"""The typed rows of each kind of import file (pydantic), and the RowErrors of a bad row.

A cell's text goes through the same cleaning (graph/text.py) and the same bounds as the
mutations (api/input_bounds.py, which tests/services/transfer checks these against)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from graph.customers.model import MAX_CUSTOMER_NAME
from graph.interactions.model import InteractionType
from graph.text import (
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
    clean_name,
    clean_text,
    normalize_color,
)
from services.transfer.codes import ImportErrorCode, RowError, shorten
from services.transfer.paths import parse_path, split_paths
from services.transfer.readers import SourceRow

# The bounds of api/input_bounds.py (services sit below the API, so they are restated here).
MAX_ID_LENGTH = 128
MAX_NAME_INPUT_LENGTH = 256
MAX_NOTE_LENGTH = 1000
MAX_EMAIL_LENGTH = 254
MAX_PHONE_LENGTH = 64
MAX_LABEL_LENGTH = 64
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_TRUE = {"true", "yes", "y", "1", "是", "x"}
_FALSE = {"false", "no", "n", "0", "否"}


def _fail(code: ImportErrorCode, message: str) -> PydanticCustomError:
    return PydanticCustomError(code.value, message)


def _text(limit: int) -> Any:
    return Field(default=None, max_length=limit)


def _number(value: Any) -> Any:
    """`1,200`, `1 200` and `12.0` as the numbers a spreadsheet means by them."""
    if isinstance(value, str):
        return value.replace(",", "").replace(" ", "").replace("\u00a0", "")
    return value


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


def _path(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return _text_path(value)
    try:
        names = parse_path(value) if isinstance(value, str) else [str(v) for v in value]
    except (ValueError, TypeError) as error:
        raise _fail(ImportErrorCode.INVALID_VALUE, str(error)) from error
    return _names(names)


@lru_cache(maxsize=65_536)
def _text_path(text: str) -> tuple[str, ...]:
    """A path cell's names, cleaned (cached: a file repeats the same few hundred paths)."""
    try:
        names = parse_path(text)
    except ValueError as error:
        raise _fail(ImportErrorCode.INVALID_VALUE, str(error)) from error
    return _names(names)


def _names(names: list[str]) -> tuple[str, ...]:
    cleaned = tuple(clean_name(name) for name in names)
    if any(not name for name in cleaned):
        raise _fail(ImportErrorCode.INVALID_VALUE, "a name of the path is empty")
    if any(len(name) > MAX_NAME_LENGTH for name in cleaned):
        raise _fail(ImportErrorCode.TOO_LONG, f"a name has at most {MAX_NAME_LENGTH} characters")
    return cleaned


def _path_list(value: Any) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    try:
        cells = split_paths(value) if isinstance(value, str) else list(value)
    except ValueError as error:
        raise _fail(ImportErrorCode.INVALID_VALUE, str(error)) from error
    return tuple(_path(cell) for cell in cells)


def _moment(value: Any) -> Any:
    if value is None or isinstance(value, datetime):
        return value
    try:
        moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise _fail(ImportErrorCode.INVALID_VALUE, "not an ISO 8601 date/time") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


Id = Annotated[str, Field(min_length=1, max_length=MAX_ID_LENGTH)]
OptionalId = Annotated[str | None, Field(default=None, max_length=MAX_ID_LENGTH)]
Moment = Annotated[datetime | None, BeforeValidator(_moment)]
Count = Annotated[int, Field(ge=0)]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _Row(BaseModel):
    model_config = ConfigDict(
        extra="ignore", str_strip_whitespace=True, frozen=True, populate_by_name=True
    )


class CustomerRow(_Row):
    """A row of a customers file."""

    id: Id
    name: str | None = _text(MAX_NAME_INPUT_LENGTH)
    kind: Annotated[Literal["COMPANY", "PERSON"] | None, BeforeValidator(_upper)] = None
    industry: OptionalId = None
    region: OptionalId = None
    employees: Annotated[Count | None, BeforeValidator(_number)] = None
    annual_revenue: Annotated[Amount | None, BeforeValidator(_number)] = Field(
        default=None, alias="annualRevenue"
    )
    email: str | None = _text(MAX_EMAIL_LENGTH)
    phone: str | None = _text(MAX_PHONE_LENGTH)
    tags: Annotated[tuple[tuple[str, ...], ...], BeforeValidator(_path_list)] = ()

    @field_validator("name")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        if value is None:
            return None
        cleaned = clean_text(value)
        if len(cleaned) > MAX_CUSTOMER_NAME:
            raise _fail(
                ImportErrorCode.TOO_LONG,
                f"a customer name has at most {MAX_CUSTOMER_NAME} characters",
            )
        return cleaned or None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise _fail(ImportErrorCode.INVALID_VALUE, "not an e-mail address")
        return value


class TaxonomyRow(_Row):
    """A row of a taxonomy file: a category (a path of one name) or a tag."""

    path: Annotated[tuple[str, ...], BeforeValidator(_path)]
    id: OptionalId = None
    color: str | None = _text(16)
    description: str | None = _text(MAX_DESCRIPTION_LENGTH)
    aliases: Annotated[tuple[str, ...], BeforeValidator(lambda v: _alias_list(v))] = ()
    exclusive: Annotated[bool | None, BeforeValidator(lambda v: _boolean(v))] = None
    status: Annotated[Literal["ACTIVE", "DEPRECATED"] | None, BeforeValidator(_upper)] = None

    @field_validator("color")
    @classmethod
    def _color(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _COLOR.match(value):
            raise _fail(ImportErrorCode.INVALID_VALUE, f"{value!r} is not a colour like #1E90FF")
        return normalize_color(value)


def _alias_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    try:
        names = split_paths(value) if isinstance(value, str) else [str(v) for v in value]
    except ValueError as error:
        raise _fail(ImportErrorCode.INVALID_VALUE, str(error)) from error
    return _names(names)


def _boolean(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _fail(ImportErrorCode.INVALID_VALUE, "true or false")


class AssignmentRow(_Row):
    """A row of an assignments file: a customer and a tag (by path or id), with provenance."""

    customer_id: Id = Field(alias="customerId")
    tag: Annotated[
        tuple[str, ...] | None, BeforeValidator(lambda v: None if v is None else _path(v))
    ] = None
    tag_id: OptionalId = Field(default=None, alias="tagId")
    since: Moment = None
    note: str | None = _text(MAX_NOTE_LENGTH)
    expires_at: Moment = Field(default=None, alias="expiresAt")

    @model_validator(mode="after")
    def _some_tag(self) -> AssignmentRow:
        if self.tag is None and self.tag_id is None:
            raise _fail(ImportErrorCode.REQUIRED, "give the tag's path (tag) or its id (tagId)")
        return self


class InteractionRow(_Row):
    """A row of an interactions file."""

    id: Id
    customer_id: Id = Field(alias="customerId")
    type: Annotated[InteractionType, BeforeValidator(_upper)]
    at: Annotated[datetime, BeforeValidator(_moment)]
    amount: Annotated[Amount | None, BeforeValidator(_number)] = None
    product_id: OptionalId = Field(default=None, alias="productId")
    channel: str | None = _text(MAX_LABEL_LENGTH)


class ProductRow(_Row):
    """A row of a products file."""

    id: Id
    name: str = Field(min_length=1, max_length=MAX_NAME_INPUT_LENGTH)
    line: str | None = _text(MAX_LABEL_LENGTH)
    tier: str | None = _text(MAX_LABEL_LENGTH)


MODELS: Mapping[str, type[_Row]] = {
    "customers": CustomerRow,
    "taxonomy": TaxonomyRow,
    "assignments": AssignmentRow,
    "interactions": InteractionRow,
    "products": ProductRow,
}
_CODES = {code.value for code in ImportErrorCode}
_TOO_LONG = {"string_too_long", "too_long"}


def parse_row(
    kind: str, row: SourceRow, columns: Mapping[str, str]
) -> tuple[_Row | None, list[RowError]]:
    """The typed row of a file row (`columns`: field → the header naming it), or its errors."""
    if row.defect is not None:
        code, message = row.defect
        return None, [RowError(row.line, "", "", code, message)]
    data: dict[str, Any] = {}
    for field, header in columns.items():
        value = row.values.get(header)
        if isinstance(value, str):
            value = value.strip() or None
        data[field] = value
    try:
        return MODELS[kind].model_validate(data), []
    except ValidationError as error:
        return None, [_row_error(row.line, columns, data, item) for item in error.errors()]


def _row_error(
    line: int, columns: Mapping[str, str], data: Mapping[str, Any], item: Any
) -> RowError:
    field = str(item["loc"][0]) if item["loc"] else ""
    if not field and item["type"] == ImportErrorCode.REQUIRED.value:
        field = "tag"
    kind = item["type"]
    if kind == "missing" or (data.get(field) is None and kind not in _CODES):
        code = ImportErrorCode.REQUIRED
    elif kind in _TOO_LONG:
        code = ImportErrorCode.TOO_LONG
    elif kind in _CODES:
        code = ImportErrorCode(kind)
    else:
        code = ImportErrorCode.INVALID_VALUE
    message = (
        "a value is required"
        if code is ImportErrorCode.REQUIRED and kind == "missing"
        else item["msg"]
    )
    return RowError(line, columns.get(field, field), shorten(data.get(field)), code, message)
