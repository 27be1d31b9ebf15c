"""Reads of the exhibition that the public directory and other pages share, with their related rows fetched."""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from ecoforum.forums.models import Edition
from ecoforum.investment.models import GreenIndustry

from .models import HOLDING, BoothApplication, Exhibitor, Launch, Product, Zone

#: Tag chips of the directory → the exhibitor's flag.
TAG_FIELDS: dict[str, str] = {
    "global500": "is_fortune_global_500",
    "china500": "is_china_top_500",
    "leader": "is_industry_leader",
}


def _holding() -> Prefetch:
    """An exhibitor's reserved or confirmed applications, with booth, zone and hall, as ``exhibitor.holding``."""
    return Prefetch(
        "applications",
        queryset=BoothApplication.objects.filter(status__in=HOLDING)
        .select_related("booth__zone__hall")
        .order_by("booth__code"),
        to_attr="holding",
    )


def _industries() -> Prefetch:
    return Prefetch("industries", queryset=GreenIndustry.objects.order_by("sort_key"))


def exhibitors_of(
    edition: Edition,
    *,
    text: str = "",
    industry: str = "",
    zone: str = "",
    country: str = "",
    tag: str = "",
    with_industries: bool = True,
) -> QuerySet[Exhibitor]:
    """The edition's exhibitors by name, each with ``holding`` (its booths, zones and halls) and its industries
    (unless ``with_industries`` is false: the directory's cards do not show them): three queries, however many.
    The order is an index's (``exhibitor_directory_order``), so a page is read, not sorted.

    ``text`` is part of a name, a description or a product name, in either language (a Chinese word inside
    a longer name matches). ``industry`` is a catalogue code or its start (``1`` or ``1.1``), ``zone``
    a zone's code, ``country`` an ISO code, ``tag`` one of :data:`TAG_FIELDS`.
    """
    exhibitors = Exhibitor.objects.filter(edition=edition).prefetch_related(_holding())
    if with_industries:
        exhibitors = exhibitors.prefetch_related(_industries())
    text = text.strip()
    if text:
        matches = Q()
        for name in ("name_zh_hans", "name_en", "description_zh_hans", "description_en"):
            matches |= Q(**{f"{name}__icontains": text})
        products = Product.objects.filter(exhibitor=OuterRef("pk")).filter(
            Q(name_zh_hans__icontains=text) | Q(name_en__icontains=text)
        )
        exhibitors = exhibitors.filter(matches | Q(Exists(products)))
    industry = industry.strip().rstrip(".")
    if industry:
        through = Exhibitor.industries.through.objects.filter(exhibitor_id=OuterRef("pk")).filter(
            Q(greenindustry__code=industry) | Q(greenindustry__code__startswith=f"{industry}.")
        )
        exhibitors = exhibitors.filter(Exists(through))
    zone = zone.strip()
    if zone:
        held = BoothApplication.objects.filter(exhibitor=OuterRef("pk"), status__in=HOLDING, booth__zone__code=zone)
        exhibitors = exhibitors.filter(Exists(held))
    country = country.strip().upper()
    if country:
        exhibitors = exhibitors.filter(country=country)
    if tag in TAG_FIELDS:
        exhibitors = exhibitors.filter(**{TAG_FIELDS[tag]: True})
    return exhibitors.order_by("name_zh_hans", "name_en", "pk")


def exhibitor_by_slug(edition: Edition, slug: str) -> Exhibitor | None:
    """The exhibitor with its booths, industries, products and launches (with their sessions); ``None`` if missing."""
    return (
        Exhibitor.objects.filter(edition=edition, slug=slug)
        .select_related("organization")
        .prefetch_related(
            _holding(),
            _industries(),
            Prefetch("products", queryset=Product.objects.select_related("industry").order_by("order", "pk")),
            Prefetch(
                "launches",
                queryset=Launch.objects.select_related("session").prefetch_related("products").order_by("session__pk"),
            ),
        )
        .first()
    )


def product_of(exhibitor: Exhibitor, pk: int) -> Product | None:
    """A product of this exhibitor; ``None`` for a missing one and for another exhibitor's."""
    return Product.objects.filter(exhibitor=exhibitor, pk=pk).select_related("industry").first()


def zones_of(edition: Edition) -> QuerySet[Zone]:
    return Zone.objects.filter(edition=edition).order_by("order", "code")


def countries_of(edition: Edition) -> list[str]:
    """The ISO codes of the edition's exhibitors' countries, in order, for a filter: one query.

    A ``DISTINCT`` would read every exhibitor of the edition (25,000 at a trade fair) for a handful
    of codes; this steps through the ``exhibitor_edition_country`` index from one code to the next
    (a recursive query, on PostgreSQL and SQLite alike), one index probe per country."""
    table = connection.ops.quote_name(Exhibitor._meta.db_table)
    sql = f"""
        WITH RECURSIVE found(country) AS (
            SELECT * FROM (SELECT country FROM {table} WHERE edition_id = %s ORDER BY country LIMIT 1) AS first
            UNION ALL
            SELECT (
                SELECT e.country FROM {table} e WHERE e.edition_id = %s AND e.country > found.country
                ORDER BY e.country LIMIT 1
            )
            FROM found WHERE found.country IS NOT NULL
        )
        SELECT country FROM found WHERE country IS NOT NULL
    """  # noqa: S608 (the table name is ours; the edition is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [edition.pk, edition.pk])
        return [row[0] for row in cursor.fetchall()]


def industry_choices() -> list[GreenIndustry]:
    """The catalogue's levels 1 and 2 in code order, for the directory's industry filter."""
    return list(GreenIndustry.objects.filter(level__lte=2).order_by("sort_key"))
