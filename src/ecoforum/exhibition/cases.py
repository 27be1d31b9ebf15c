"""The practice-innovation platform's cases (实践案例), across editions: named reads for /cases/."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from ecoforum.investment.models import GreenIndustry
from ecoforum.people.models import Organization

from .enums import CaseKind
from .models import PracticeCase
from .visits import map_link

PAGE_SIZE = 12


@dataclass(frozen=True)
class CaseFilter:
    """What the list is narrowed to (empty: everything)."""

    kind: str = ""
    region: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, data) -> CaseFilter:
        kind = data.get("kind", "")
        kind = kind if kind in CaseKind.values else ""
        region = (data.get("region", "") or "").strip()[:100]
        raw_year = (data.get("year", "") or "").strip()
        year = int(raw_year) if raw_year.isdigit() and 1900 <= int(raw_year) <= 2200 else None
        return cls(kind=kind, region=region, year=year)


def published_cases(chosen: CaseFilter | None = None) -> QuerySet[PracticeCase]:
    """The published cases, newest year first, each with its site and the edition where presented."""
    found = PracticeCase.objects.filter(is_public=True).select_related("site__edition", "edition")
    if chosen is not None:
        if chosen.kind:
            found = found.filter(kind=chosen.kind)
        if chosen.region:
            found = found.filter(Q(region_zh_hans=chosen.region) | Q(region_en=chosen.region))
        if chosen.year is not None:
            found = found.filter(year=chosen.year)
    return found.order_by("-year", "slug")


def case_regions() -> list[str]:
    """The regions of published cases, in the active language, for the filter."""
    regions = {case.region for case in PracticeCase.objects.filter(is_public=True).only("region_zh_hans", "region_en")}
    return sorted(region for region in regions if region)


def case_years() -> list[int]:
    years = PracticeCase.objects.filter(is_public=True, year__isnull=False).values_list("year", flat=True).distinct()
    return sorted({year for year in years if year is not None}, reverse=True)


def published_case(slug: str) -> PracticeCase | None:
    """One published case with its organizations, industries, site and edition."""
    return (
        PracticeCase.objects.filter(is_public=True, slug=slug)
        .select_related("site__edition", "site__organization", "edition")
        .prefetch_related(
            Prefetch("organizations", queryset=Organization.objects.order_by("name")),
            Prefetch("industries", queryset=GreenIndustry.objects.order_by("code")),
        )
        .first()
    )


def site_map(case: PracticeCase) -> str:
    """The map link of the case's site ('' without a site or a place)."""
    return map_link(case.site) if case.site is not None else ""
