"""The exhibition API: an edition's exhibitors, public. Mounted under ``/api/editions/``."""

from __future__ import annotations

import math

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from ecoforum.forums import queries as forum_queries
from ecoforum.program.schemas import Error

from . import queries
from .schemas import ExhibitorOut, ExhibitorPage, exhibitor_out

router = Router(tags=["exhibition"], by_alias=True)

#: What a read answers besides 200: an unknown edition or exhibitor (404), a parameter out of range (422).
READ_ERRORS: dict[int, type[Schema]] = {404: Error, 422: Error}


class ExhibitorFilters(Schema):
    q: str = Field("", max_length=100, description="Part of a name, a description or a product, in either language.")
    industry: str = Field(
        "", max_length=20, pattern=r"^(\d+(\.\d+){0,2}\.?)?$", description="A catalogue code or its start: 1, 1.1."
    )
    zone: str = Field("", max_length=20, description="A zone's code.")
    country: str = Field("", max_length=2, description="An ISO 3166 code, such as CN.")
    tag: str = Field("", pattern=r"^(global500|china500|leader)?$", description="global500, china500 or leader.")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


@router.get(
    "/{edition_slug}/exhibitors",
    response={200: ExhibitorPage, **READ_ERRORS},
    auth=None,
    summary="Exhibitors of an edition",
)
def list_exhibitors(request: HttpRequest, edition_slug: str, filters: Query[ExhibitorFilters]) -> dict:
    """The edition's exhibitors by name, filtered and paginated, with their booths and industries."""
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    found = queries.exhibitors_of(
        edition, text=filters.q, industry=filters.industry, zone=filters.zone, country=filters.country, tag=filters.tag
    )
    count = found.count()
    start = (filters.page - 1) * filters.page_size
    items = [exhibitor_out(e) for e in found[start : start + filters.page_size]] if start < count else []
    return {"count": count, "page": filters.page, "pages": max(1, math.ceil(count / filters.page_size)), "items": items}


@router.get(
    "/{edition_slug}/exhibitors/{slug}",
    response={200: ExhibitorOut, **READ_ERRORS},
    auth=None,
    summary="One exhibitor of an edition",
)
def get_exhibitor(request: HttpRequest, edition_slug: str, slug: str) -> ExhibitorOut:
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    exhibitor = queries.exhibitors_of(edition).filter(slug=slug).first()
    if exhibitor is None:
        raise Http404("No such exhibitor")
    return exhibitor_out(exhibitor)
