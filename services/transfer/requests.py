"""What an export is asked for, validated (pydantic): the REST bodies and the CLI's JSON filter.

The filter has the field names of the GraphQL `CustomerFilter` input (`hasTag`, `and`, …);
unknown fields, wrong types and over-long values are refused before anything is read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graph.errors import ErrorCode, FieldError, UserInputError
from graph.segments.model import CustomerFilter, HadTag
from services.transfer.writers import ExportFormat

M = TypeVar("M", bound=BaseModel)
Id = Annotated[str, Field(min_length=1, max_length=128)]
IdList = Annotated[list[Id], Field(max_length=1000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class HadTagBody(_Strict):
    """`hadTag`: held the tag (or a descendant) at some moment of [since, until)."""

    tag_id: Id = Field(alias="tagId")
    since: datetime
    until: datetime


class FilterBody(_Strict):
    """A customer filter as the GraphQL API takes it."""

    and_: Annotated[list[FilterBody], Field(max_length=100)] | None = Field(None, alias="and")
    or_: Annotated[list[FilterBody], Field(max_length=100)] | None = Field(None, alias="or")
    not_: FilterBody | None = Field(None, alias="not")
    has_tag: Id | None = Field(None, alias="hasTag")
    has_all_tags: IdList | None = Field(None, alias="hasAllTags")
    has_any_tag: IdList | None = Field(None, alias="hasAnyTag")
    has_any_tag_in_category: Id | None = Field(None, alias="hasAnyTagInCategory")
    had_tag: HadTagBody | None = Field(None, alias="hadTag")
    in_industry: Id | None = Field(None, alias="inIndustry")
    in_region: Id | None = Field(None, alias="inRegion")
    employees_gte: int | None = Field(None, alias="employeesGte")
    employees_lte: int | None = Field(None, alias="employeesLte")
    annual_revenue_gte: float | None = Field(None, alias="annualRevenueGte")
    annual_revenue_lte: float | None = Field(None, alias="annualRevenueLte")
    last_interaction_before: datetime | None = Field(None, alias="lastInteractionBefore")
    last_interaction_after: datetime | None = Field(None, alias="lastInteractionAfter")
    created_before: datetime | None = Field(None, alias="createdBefore")
    created_after: datetime | None = Field(None, alias="createdAfter")
    name_contains: Annotated[str, Field(max_length=200)] | None = Field(None, alias="nameContains")

    def to_model(self) -> CustomerFilter:
        """The graph layer's filter."""
        had = self.had_tag
        return CustomerFilter(
            and_=tuple(child.to_model() for child in self.and_ or ()),
            or_=tuple(child.to_model() for child in self.or_ or ()),
            not_=self.not_.to_model() if self.not_ is not None else None,
            has_tag=self.has_tag,
            has_all_tags=tuple(self.has_all_tags or ()),
            has_any_tag=tuple(self.has_any_tag or ()),
            has_any_tag_in_category=self.has_any_tag_in_category,
            had_tag=HadTag(had.tag_id, had.since, had.until) if had else None,
            in_industry=self.in_industry,
            in_region=self.in_region,
            employees_gte=self.employees_gte,
            employees_lte=self.employees_lte,
            annual_revenue_gte=self.annual_revenue_gte,
            annual_revenue_lte=self.annual_revenue_lte,
            last_interaction_before=self.last_interaction_before,
            last_interaction_after=self.last_interaction_after,
            created_before=self.created_before,
            created_after=self.created_after,
            name_contains=self.name_contains,
        )


class SegmentSourceBody(_Strict):
    """`POST /exports/assignments`: whose assignments (a filter or saved segment; all without
    either), which format."""

    filter: FilterBody | None = None
    segment_id: Id | None = Field(None, alias="segmentId")
    format: ExportFormat = ExportFormat.CSV

    @model_validator(mode="after")
    def _one_source(self) -> SegmentSourceBody:
        if self.filter is not None and self.segment_id is not None:
            raise ValueError("give a filter or a segmentId, not both")
        return self


class CustomerExportBody(_Strict):
    """`POST /exports/customers`: which customers, which columns, which format."""

    filter: FilterBody | None = None
    segment_id: Id | None = Field(None, alias="segmentId")
    columns: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=64)] | None = (
        None
    )
    format: ExportFormat = ExportFormat.CSV
    tag_categories: IdList | None = Field(None, alias="tagCategories")

    @model_validator(mode="after")
    def _one_source(self) -> CustomerExportBody:
        if self.filter is not None and self.segment_id is not None:
            raise ValueError("give a filter or a segmentId, not both")
        return self


def parse_body(model: type[M], data: Any) -> M:
    """The validated body; INVALID_INPUT naming each field at fault otherwise."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise input_error(error) from None


def input_error(error: ValidationError) -> UserInputError:
    """pydantic's complaints as INVALID_INPUT field errors (without the value, which may be
    personal data)."""
    return UserInputError(
        [
            FieldError(
                ErrorCode.INVALID_INPUT,
                f"{'.'.join(str(part) for part in item['loc']) or 'body'}: {item['msg']}",
                tuple(str(part) for part in item["loc"]) or None,
            )
            for item in error.errors(include_input=False)
        ]
    )
