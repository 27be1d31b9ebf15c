"""Reads of the green-industry catalogue and the investment projects that pages, the admin and the API share."""

from __future__ import annotations

import re
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from ecoforum.forums.models import Edition

from .models import GreenIndustry, InvestmentProject

#: A query that is a code, or the start of one: ``1``, ``1.1``, ``1.1.``.
CODE_QUERY = re.compile(r"\d+(?:\.\d+)*\.?")


def search_green_industries(q: str = "", *, level: int | None = None) -> QuerySet[GreenIndustry]:
    """Entries whose code is ``q`` or below it, or whose name holds ``q`` in either language, in code order.

    ``1.1`` finds 1.1 and everything under it, not 1.10; ``锅炉`` finds 1.1.1 节能锅炉制造.
    """
    entries = GreenIndustry.objects.select_related("parent").order_by("sort_key")
    q = q.strip()
    if q:
        matches = Q(name_zh_hans__icontains=q) | Q(name_en__icontains=q)
        if CODE_QUERY.fullmatch(q):
            code = q.rstrip(".")
            matches |= Q(code=code) | Q(code__startswith=f"{code}.")
        entries = entries.filter(matches)
    if level is not None:
        entries = entries.filter(level=level)
    return entries


def green_industry_tree() -> QuerySet[GreenIndustry]:
    """The six industries, each with ``children`` and their ``children`` fetched, in code order: three queries."""
    ordered = GreenIndustry.objects.order_by("sort_key")
    return ordered.filter(level=1).prefetch_related(
        Prefetch("children", queryset=ordered.prefetch_related(Prefetch("children", queryset=ordered)))
    )


# --- investment projects ----------------------------------------------------


def projects_of(
    edition: Edition,
    *,
    industry: str = "",
    region: str = "",
    text: str = "",
) -> QuerySet[InvestmentProject]:
    """The edition's projects in code order, with their catalogue entry (and its group and industry) and owner.

    ``industry`` is a catalogue code or its start: ``1`` is every project of 节能环保产业,
    ``1.1`` of 高效节能装备制造. ``region`` is a province, a city or a county, as written.
    ``text`` is part of a code, a name, a summary or the owner's name, in either language.
    """
    projects = (
        InvestmentProject.objects.filter(edition=edition)
        .select_related("industry__parent__parent", "owner")
        .order_by("code")
    )
    industry = industry.strip().rstrip(".")
    if industry:
        projects = projects.filter(Q(industry__code=industry) | Q(industry__code__startswith=f"{industry}."))
    region = region.strip()
    if region:
        projects = projects.filter(Q(province=region) | Q(city=region) | Q(county=region))
    text = text.strip()
    if text:
        matches = Q(code__icontains=text)
        for name in ("name_zh_hans", "name_en", "summary_zh_hans", "summary_en"):
            matches |= Q(**{f"{name}__icontains": text})
        for name in ("owner__name_zh_hans", "owner__name_en"):
            matches |= Q(**{f"{name}__icontains": text})
        projects = projects.filter(matches)
    return projects


def project_totals(projects: QuerySet[InvestmentProject]) -> tuple[int, Decimal]:
    """How many projects and the yuan they seek together, in one query."""
    totals = projects.order_by().aggregate(count=Count("pk"), amount=Sum("investment_sought"))
    return totals["count"], totals["amount"] or Decimal(0)


def project_regions(edition: Edition) -> list[str]:
    """The cities (or provinces, where no city is given) of the edition's projects, for a filter: one query."""
    places = InvestmentProject.objects.filter(edition=edition).values_list("province", "city").distinct()
    return sorted({city or province for province, city in places})


def project_of(edition: Edition, pk: int) -> InvestmentProject | None:
    return (
        InvestmentProject.objects.filter(edition=edition, pk=pk)
        .select_related("industry__parent__parent", "owner")
        .first()
    )


def industries(level: int = 1) -> QuerySet[GreenIndustry]:
    """The catalogue's entries of one level, in code order (the six industries by default)."""
    return GreenIndustry.objects.filter(level=level).order_by("sort_key")
