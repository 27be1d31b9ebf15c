"""The releases API: an edition's releases and one release, with versions and download addresses.
Only what the requester may see (:func:`ecoforum.releases.queries.visible_releases`); never a
signatory's address, only the count. Mounted under ``/api/editions/``."""

from __future__ import annotations

import math

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from ecoforum.forums import queries as forum_queries
from ecoforum.program.schemas import Error

from . import queries
from .enums import ReleaseKind
from .schemas import ReleaseOut, ReleasePage, release_out, release_summary_out

router = Router(tags=["releases"])

#: What a read answers besides 200: an unknown edition or release (404), a parameter out of range (422).
READ_ERRORS: dict[int, type[Schema]] = {404: Error, 422: Error}

KINDS = "|".join(ReleaseKind.values)


class ReleaseFilters(Schema):
    kind: str = Field("", pattern=rf"^({KINDS})?$", description="report, blue_book, research_result, declaration …")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


@router.get(
    "/{edition_slug}/releases", response={200: ReleasePage, **READ_ERRORS}, auth=None, summary="Releases of an edition"
)
def list_releases(request: HttpRequest, edition_slug: str, filters: Query[ReleaseFilters]) -> dict:
    """The edition's released reports, blue books, declarations … newest first, paginated."""
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    found = queries.releases_of(edition, request.user).order_by("-released_at", "pk")
    if filters.kind:
        found = found.filter(kind=filters.kind)
    count = found.count()
    start = (filters.page - 1) * filters.page_size
    items = [release_summary_out(r) for r in found[start : start + filters.page_size]] if start < count else []
    return {"count": count, "page": filters.page, "pages": max(1, math.ceil(count / filters.page_size)), "items": items}


@router.get(
    "/{edition_slug}/releases/{slug}",
    response={200: ReleaseOut, **READ_ERRORS},
    auth=None,
    summary="One release of an edition",
)
def get_release(request: HttpRequest, edition_slug: str, slug: str) -> ReleaseOut:
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    release = queries.release_for(request.user, edition, slug)
    if release is None:
        raise Http404("No such release")
    return release_out(release, queries.versions_of(release))
