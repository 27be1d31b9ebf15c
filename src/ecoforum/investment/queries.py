"""Reads of the green-industry catalogue that pages, the admin and the API share."""

from __future__ import annotations

import re

from django.db.models import Prefetch, Q, QuerySet

from .models import GreenIndustry

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
