"""The evaluation API (django-ninja), mounted under ``/api/editions/``.

Public reads: the key figures of an edition (``/{e}/kpis``), the figures of every edition of its
forum compared (``/{e}/kpis/compare``), and the carbon footprint with its lines, method and
sources (``/{e}/footprint``). Outcomes shown to the public only, as on the public pages.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from ecoforum.forums import queries as forum_queries
from ecoforum.program.schemas import Error

from .carbon import footprint
from .kpis import compare_editions, edition_kpis, editions_to_compare, with_changes
from .schemas import FootprintOut, KpisOut, footprint_out, kpis_out

router = Router(tags=["evaluation"])


@router.get("/{edition_slug}/kpis", response={200: KpisOut, 404: Error}, auth=None, summary="Key figures of an edition")
def get_kpis(request: HttpRequest, edition_slug: str) -> KpisOut:
    """The edition's figures, computed from the data, with the change in % against the previous edition."""
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    editions = editions_to_compare(edition, public_only=True)
    before = [e for e in editions if (e.start_date, e.pk) < (edition.start_date, edition.pk)]
    kpis = [edition_kpis(e, public_only=True) for e in before[-1:]] + [edition_kpis(edition, public_only=True)]
    return kpis_out(with_changes(kpis)[-1])


@router.get(
    "/{edition_slug}/kpis/compare",
    response={200: list[KpisOut], 404: Error},
    auth=None,
    summary="Key figures of every edition of the forum, oldest first",
)
def compare_kpis(request: HttpRequest, edition_slug: str) -> list[KpisOut]:
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    return [kpis_out(k) for k in compare_editions(editions_to_compare(edition, public_only=True), public_only=True)]


@router.get(
    "/{edition_slug}/footprint",
    response={200: FootprintOut, 404: Error},
    auth=None,
    summary="Carbon footprint of an edition",
)
def get_footprint(request: HttpRequest, edition_slug: str) -> FootprintOut:
    """Total, per guest, offset and net, each line with quantity, unit, factor, source; the method in sentences."""
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    return footprint_out(footprint(edition))


# --- surveys
from .survey_api import router as survey_router  # noqa: E402

router.add_router("", survey_router)
