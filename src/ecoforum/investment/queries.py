"""Reads of the green-industry catalogue and the investment projects that pages, the admin and the API share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from ecoforum.core.models import Job
from ecoforum.core.money import Money
from ecoforum.forums.models import Edition

from .enums import SigningKind
from .models import GreenIndustry, InvestmentProject, Signing, SigningParty
from .tasks import BOOKLET_JOB

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
    places = InvestmentProject.objects.filter(edition=edition).order_by().values_list("province", "city").distinct()
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


# --- signings and what they count ---------------------------------------------


@dataclass(frozen=True)
class CountedSigning:
    """A signing and the yuan it adds to the edition's total, with the reason in a word.

    ``reason`` is ``first`` (the project's first signing), ``repeat`` (the project was
    counted at an earlier signing: 0), ``increment`` (a capital increase: its increment
    only) or ``no_project`` (an agreement tied to no project: its amount).
    """

    signing: Signing
    counted: Decimal
    reason: str

    @property
    def counted_money(self) -> Money:
        return Money(self.counted, self.signing.currency)


@dataclass(frozen=True)
class SigningTotals:
    """The edition's signings in figures: how many, the yuan that count, and that sum by industry and by region.

    ``by_industry`` pairs a level-1 industry of the catalogue (``None``: signings tied to
    no project) with its counted yuan, largest first; ``by_region`` the same with the
    project's city (or province). Only yuan are summed: ``other_currencies`` holds what
    counts in any other currency, never converted.
    """

    count: int
    counted: Money
    by_industry: list[tuple[GreenIndustry | None, Money]]
    by_region: list[tuple[str | None, Money]]
    other_currencies: dict[str, Decimal] = field(default_factory=dict)


def signings_of(edition: Edition, *, with_parties: bool = True) -> QuerySet[Signing]:
    """The edition's signings in the order they were signed (time, order on stage, pk), with project and ceremony."""
    signings = (
        Signing.objects.filter(edition=edition)
        .select_related("project__industry__parent__parent", "project__owner", "ceremony")
        .order_by("signed_at", "stage_order", "pk")
    )
    if with_parties:
        signings = signings.prefetch_related(
            Prefetch("parties", queryset=SigningParty.objects.select_related("organization").order_by("order", "pk"))
        )
    return signings


def counted_signings(edition: Edition, *, with_parties: bool = True) -> list[CountedSigning]:
    """Each signing of the edition with what it counts, in the order signed (docs/decisions/0012).

    - a project counts once, at its first signing (by ``signed_at``, then ``stage_order``,
      then pk): a later new-investment, framework or strategic signing of it counts 0;
    - a capital increase counts only its increment, also when it is the project's first
      signing (the rest of its amount is money already invested); it makes the project
      counted, so a later signing of the same project counts 0;
    - a signing tied to no project counts its amount (its increment for a capital increase).

    A project belongs to one edition (``InvestmentProject.edition``) and the services
    refuse a signing of another edition's project, so every signing of a project is in
    this edition: looking at this edition alone also covers "first signed in an earlier
    edition". Two queries (three with the parties), whatever the number of signings.
    """
    counted: list[CountedSigning] = []
    seen: set[int] = set()
    for signing in signings_of(edition, with_parties=with_parties):
        if signing.kind == SigningKind.CAPITAL_INCREASE:
            amount, reason = signing.increment or Decimal(0), "increment"
        elif signing.project_id is None:
            amount, reason = signing.amount, "no_project"
        elif signing.project_id in seen:
            amount, reason = Decimal(0), "repeat"
        else:
            amount, reason = signing.amount, "first"
        if signing.project_id is not None:
            seen.add(signing.project_id)
        counted.append(CountedSigning(signing, amount, reason))
    return counted


def signing_totals(edition: Edition, counted: list[CountedSigning] | None = None) -> SigningTotals:
    """The edition's figures of signings; pass ``counted`` when the page already has it (no query then)."""
    if counted is None:
        counted = counted_signings(edition, with_parties=False)
    total = Decimal(0)
    other: dict[str, Decimal] = {}
    industries: dict[int | None, tuple[GreenIndustry | None, Decimal]] = {}
    regions: dict[str | None, Decimal] = {}
    for item in counted:
        signing = item.signing
        if signing.currency != "CNY":
            other[signing.currency] = other.get(signing.currency, Decimal(0)) + item.counted
            continue
        total += item.counted
        project = signing.project
        industry = _top_industry(project.industry) if project is not None else None
        key = industry.pk if industry is not None else None
        industries[key] = (industry, industries.get(key, (industry, Decimal(0)))[1] + item.counted)
        region = (project.city or project.province) if project is not None else None
        regions[region] = regions.get(region, Decimal(0)) + item.counted
    by_industry = sorted(
        ((industry, Money(amount)) for industry, amount in industries.values()),
        key=lambda pair: (-pair[1].amount, pair[0] is None, pair[0].sort_key if pair[0] else ""),
    )
    by_region = sorted(
        ((region, Money(amount)) for region, amount in regions.items()),
        key=lambda pair: (-pair[1].amount, pair[0] is None, pair[0] or ""),
    )
    return SigningTotals(len(counted), Money(total), by_industry, by_region, other)


def _top_industry(entry: GreenIndustry) -> GreenIndustry:
    """The level-1 industry above an entry, through the parents already fetched."""
    while entry.parent is not None:
        entry = entry.parent
    return entry


# --- the booklet ---------------------------------------------------------------


def latest_booklet(edition: Edition, language: str | None = None) -> Job | None:
    """The edition's latest finished booklet PDF, in ``language`` if there is one, else in any language."""
    done = Job.objects.filter(
        kind=BOOKLET_JOB, edition_id=edition.pk, status=Job.Status.DONE, parameters__format="pdf"
    ).order_by("-finished", "-pk")
    if language:
        found = done.filter(parameters__language=language).first()
        if found is not None:
            return found
    return done.first()
