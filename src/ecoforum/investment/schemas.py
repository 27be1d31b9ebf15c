"""What the catalogue API returns.

Names are an object ``{"zh-hans": …, "en": …}``, as everywhere in the API.
"""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import ConfigDict

from ecoforum.core.i18n import both

from .models import GreenIndustry


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
