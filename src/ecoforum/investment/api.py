"""The catalogue API: the Green Industry Guidance Catalogue, public.

Mounted by :mod:`ecoforum.api.api` under ``/api/catalogue/``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from . import queries
from .schemas import GreenIndustryOut, green_industry_out

router = Router(tags=["catalogue"], by_alias=True)


class GreenIndustryFilters(Schema):
    q: str = Field("", max_length=100, description="A code or its start (1.1), or part of a name in either language.")
    level: int | None = Field(None, ge=1, le=3, description="1 industry, 2 group, 3 entry.")


@router.get(
    "green-industries",
    response=list[GreenIndustryOut],
    auth=None,
    summary="Green Industry Guidance Catalogue (2019)",
)
def list_green_industries(request: HttpRequest, filters: Query[GreenIndustryFilters]) -> list[GreenIndustryOut]:
    """Entries of the catalogue in code order, all of them or those that match."""
    entries = queries.search_green_industries(filters.q, level=filters.level)
    return [green_industry_out(entry) for entry in entries]
