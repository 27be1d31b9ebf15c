"""The search API: ``GET /api/editions/{edition_slug}/search?q=&kind=&page=`` (public)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema

from ecoforum.forums import queries as forum_queries
from ecoforum.investment.schemas import Text
from ecoforum.program.schemas import Error

from . import queries
from .schemas import SearchHit, SearchPage

router = Router(tags=["search"], by_alias=True)


class SearchParams(Schema):
    q: str = Field("", max_length=100, description="Words in Chinese or English; every word must match.")
    kind: str = Field(
        "", pattern=r"^(session|expert|release|project|exhibitor|case)?$", description="Only this kind of result."
    )
    page: int = Field(1, ge=1, le=10_000)


@router.get(
    "/{edition_slug}/search", response={200: SearchPage, 404: Error, 422: Error}, auth=None, summary="Search an edition"
)
def search(request: HttpRequest, edition_slug: str, params: Query[SearchParams]) -> SearchPage:
    """Sessions, experts, releases, projects, exhibitors and practice cases matching ``q``, ranked, 20 a page.

    The edition's documents and those across editions (experts, cases). ``snippet`` is plain text
    with ``highlights`` as offsets; ``snippet_html`` is the same, escaped, with ``<mark>``.
    """
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    found = queries.search(
        params.q, edition=edition, kind=params.kind, page=params.page, language=get_language() or "zh-hans"
    )
    items = [
        SearchHit(
            kind=r.kind,
            title=Text.model_validate({"zh-hans": r.document.title_zh, "en": r.document.title_en}),
            url=r.document.url,
            snippet=r.snippet_text,
            highlights=[[start, end] for start, end in r.marks],
            snippet_html=str(r.snippet),
            score=r.score,
        )
        for r in found.items
    ]
    return SearchPage(
        q=found.query.text,
        kind=found.kind,
        count=found.count,
        counts=found.counts,
        page=found.page,
        pages=found.pages,
        items=items,
    )
