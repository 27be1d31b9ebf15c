"""What the catalogue API returns.

Names are an object ``{"zh-hans": …, "en": …}``, as everywhere in the API.
"""

from __future__ import annotations

from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict

from ecoforum.core.i18n import both

from .models import GreenIndustry, InvestmentProject


class Text(Schema):
    """A text in both content languages."""

    model_config = ConfigDict(populate_by_name=True)

    zh_hans: str = Field(alias="zh-hans")
    en: str


class GreenIndustryOut(Schema):
    code: str = Field(description="The catalogue's code, such as 1.1.1.")
    level: int = Field(description="1 industry, 2 group, 3 entry.")
    parent: str | None = Field(description="The parent's code; none for an industry.")
    name: Text
    standards: list[str] = Field(description="The national standards the entry names, as the catalogue writes them.")


def green_industry_out(entry: GreenIndustry) -> GreenIndustryOut:
    """Built from an entry fetched with its parent (``queries.search_green_industries``)."""
    return GreenIndustryOut(
        code=entry.code,
        level=entry.level,
        parent=entry.parent.code if entry.parent is not None else None,
        name=Text.model_validate(both(entry, "name")),
        standards=list(entry.standards),
    )


class IndustryRef(Schema):
    code: str = Field(description="The level-3 entry of the catalogue, such as 1.1.1.")
    name: Text


class ProjectOut(Schema):
    id: int
    code: str = Field(description="The project's number in the edition's project index.")
    name: Text
    summary: Text
    province: str
    city: str
    county: str
    industry: IndustryRef
    investment_sought: Decimal = Field(description="In the currency's units (yuan for CNY), as a decimal string.")
    currency: str
    cooperation_mode: str
    stage: str
    owner: Text = Field(description="The owner organization's name.")


class ProjectPage(Schema):
    count: int = Field(description="How many projects match, on all pages.")
    total_sought: Decimal = Field(description="What the matching projects seek together.")
    page: int
    pages: int
    items: list[ProjectOut]


def project_out(project: InvestmentProject) -> ProjectOut:
    """Built from a project fetched with its industry and owner (``queries.projects_of``)."""
    return ProjectOut(
        id=project.pk,
        code=project.code,
        name=Text.model_validate(both(project, "name")),
        summary=Text.model_validate(both(project, "summary")),
        province=project.province,
        city=project.city,
        county=project.county,
        industry=IndustryRef(code=project.industry.code, name=Text.model_validate(both(project.industry, "name"))),
        investment_sought=project.investment_sought,
        currency=project.currency,
        cooperation_mode=project.cooperation_mode,
        stage=project.stage,
        owner=Text.model_validate(both(project.owner, "name")),
    )
