"""The search page under ``/<edition>/search/?q=…&kind=…&page=…``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from . import queries
from .indexing import KINDS


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 10_000))
    except ValueError:
        return 1


@require_GET
def search(request, edition):
    text = (request.GET.get("q") or "").strip()[:100]
    kind = request.GET.get("kind") or ""
    results = queries.search(
        text,
        edition=edition,
        kind=kind,
        page=_page_number(request.GET.get("page")),
        language=get_language() or "zh-hans",
    )
    tabs = [
        {"code": "", "label": None, "count": results.total, "active": not results.kind, "query": urlencode({"q": text})}
    ] + [
        {
            "code": code,
            "label": spec.label,
            "count": results.counts.get(code, 0),
            "active": results.kind == code,
            "query": urlencode({"q": text, "kind": code}),
        }
        for code, spec in KINDS.items()
    ]
    page_query = urlencode({"q": text, **({"kind": results.kind} if results.kind else {})})
    context = {
        "edition": edition,
        "q": text,
        "results": results,
        "tabs": tabs,
        "page_query": page_query,
    }
    return render(request, "search/search.html", context)
