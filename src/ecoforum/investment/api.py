"""The green-investment API: the Green Industry Guidance Catalogue and each edition's projects, public.

``router`` is mounted by :mod:`ecoforum.api.api` under ``/api/catalogue/``,
``projects_router`` under ``/api/editions/``.
"""

from __future__ import annotations

import math
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema

from ecoforum.core.converters import MAX_RECORD_ID
from ecoforum.forums import queries as forum_queries
from ecoforum.program.schemas import Error

from . import queries
from .schemas import GreenIndustryOut, ProjectOut, ProjectPage, green_industry_out, project_out

router = Router(tags=["catalogue"], by_alias=True)
projects_router = Router(tags=["investment"], by_alias=True)

#: What a read answers besides 200: an unknown edition or project (404), a parameter out of range (422).
READ_ERRORS: dict[int, type[Schema]] = {404: Error, 422: Error}

#: A project id in a path: one the database can hold, or the request is refused with 422.
ProjectId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]


class GreenIndustryFilters(Schema):
    q: str = Field("", max_length=100, description="A code or its start (1.1), or part of a name in either language.")
    level: int | None = Field(None, ge=1, le=3, description="1 industry, 2 group, 3 entry.")


@router.get(
    "green-industries",
    response={200: list[GreenIndustryOut], 422: Error},
    auth=None,
    summary="Green Industry Guidance Catalogue (2019)",
)
def list_green_industries(request: HttpRequest, filters: Query[GreenIndustryFilters]) -> list[GreenIndustryOut]:
    """Entries of the catalogue in code order, all of them or those that match."""
    entries = queries.search_green_industries(filters.q, level=filters.level)
    return [green_industry_out(entry) for entry in entries]


class ProjectFilters(Schema):
    industry: str = Field(
        "",
        max_length=20,
        pattern=r"^(\d+(\.\d+){0,2}\.?)?$",
        description="A catalogue code or its start: 1, 1.1, 1.1.1.",
    )
    region: str = Field("", max_length=50, description="A province, city or county, as written.")
    q: str = Field(
        "", max_length=100, description="Part of a code, a name, a summary or the owner, in either language."
    )
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


@projects_router.get(
    "/{edition_slug}/projects",
    response={200: ProjectPage, **READ_ERRORS},
    auth=None,
    summary="Investment-promotion projects of an edition",
)
def list_projects(request: HttpRequest, edition_slug: str, filters: Query[ProjectFilters]) -> dict:
    """The edition's project index in code order, filtered and paginated, with what the matches seek together."""
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    found = queries.projects_of(edition, industry=filters.industry, region=filters.region, text=filters.q)
    count, amount = queries.project_totals(found)
    start = (filters.page - 1) * filters.page_size
    items = [project_out(p) for p in found[start : start + filters.page_size]] if start < count else []
    pages = max(1, math.ceil(count / filters.page_size))
    return {"count": count, "total_sought": amount, "page": filters.page, "pages": pages, "items": items}


@projects_router.get(
    "/{edition_slug}/projects/{project_id}",
    response={200: ProjectOut, **READ_ERRORS},
    auth=None,
    summary="One investment-promotion project",
)
def get_project(request: HttpRequest, edition_slug: str, project_id: ProjectId) -> ProjectOut:
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    project = queries.project_of(edition, project_id)
    if project is None:
        raise Http404("No such project")
    return project_out(project)
