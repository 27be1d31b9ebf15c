"""The public exhibitor directory: the list with search and filters, each exhibitor, each product.

Every view receives ``edition`` as an object (the EditionMiddleware resolves the
``/<edition>/`` part). Lists read through ``queries``.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from ecoforum.investment.queries import CODE_QUERY

from . import queries

PER_PAGE = 48
_PLACEHOLDER_SLUG = "ecoforum-placeholder-slug"


class ExhibitorFilter(forms.Form):
    """What the directory filters on; invalid values are ignored, not reported."""

    q = forms.CharField(required=False, max_length=100, strip=True)
    industry = forms.RegexField(required=False, regex=CODE_QUERY, max_length=20)
    zone = forms.CharField(required=False, max_length=20, strip=True)
    country = forms.RegexField(required=False, regex=r"^[A-Za-z]{2}$", max_length=2)
    tag = forms.ChoiceField(required=False, choices=[(key, key) for key in queries.TAG_FIELDS])

    def value(self, name: str) -> str:
        return (self.cleaned_data.get(name) or "") if hasattr(self, "cleaned_data") else ""


def _booth_and_zone(exhibitor) -> None:
    """``exhibitor.booth`` and ``exhibitor.zone``: the first booth it holds and its zone (or ``None``)."""
    held = getattr(exhibitor, "holding", [])
    exhibitor.booth = held[0].booth if held else None
    exhibitor.zone = held[0].booth.zone if held else None


@require_GET
def exhibitors(request, edition):
    form = ExhibitorFilter(request.GET)
    form.is_valid()
    selected = {name: form.value(name) for name in ("q", "industry", "zone", "country", "tag")}
    found = queries.exhibitors_of(
        edition,
        text=selected["q"],
        industry=selected["industry"],
        zone=selected["zone"],
        country=selected["country"],
        tag=selected["tag"],
        with_industries=False,
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    # One address reversed for the page, each exhibitor's slug copied in (not a ``{% url %}`` per card).
    address = reverse("exhibition:exhibitor", kwargs={"edition": edition.slug, "slug": _PLACEHOLDER_SLUG})
    for exhibitor in page.object_list:
        _booth_and_zone(exhibitor)
        exhibitor.page_url = address.replace(_PLACEHOLDER_SLUG, quote(exhibitor.slug))
    kept = {name: value for name, value in selected.items() if value}
    tag_links = [
        {
            "key": key,
            "active": selected["tag"] == key,
            "query": urlencode(
                {**kept, "tag": key} if selected["tag"] != key else {k: v for k, v in kept.items() if k != "tag"}
            ),
        }
        for key in queries.TAG_FIELDS
    ]
    context = {
        "edition": edition,
        "page": page,
        "exhibitors": page.object_list,
        "count": page.paginator.count,
        "industries": queries.industry_choices(),
        "zones": list(queries.zones_of(edition)),
        "countries": queries.countries_of(edition),
        "tag_links": tag_links,
        "selected": selected,
        "is_filtered": any(selected.values()),
        "page_query": urlencode(kept),
    }
    return render(request, "exhibition/exhibitors.html", context)


def _other_language() -> str:
    return "en" if (get_language() or "").startswith("zh") else "zh_hans"


@require_GET
def exhibitor_detail(request, edition, slug: str):
    exhibitor = queries.exhibitor_by_slug(edition, slug)
    if exhibitor is None:
        raise Http404("No such exhibitor")
    _booth_and_zone(exhibitor)
    other = _other_language()
    context = {
        "edition": edition,
        "exhibitor": exhibitor,
        "booths": [application.booth for application in exhibitor.holding],
        "floorplan": f"/{edition.slug}/floorplan/",
        "other_name": getattr(exhibitor, f"name_{other}"),
        "other_description": getattr(exhibitor, f"description_{other}"),
        "other_lang": "en" if other == "en" else "zh-Hans",
    }
    return render(request, "exhibition/exhibitor.html", context)


@require_GET
def product_detail(request, edition, slug: str, pk: int):
    exhibitor = queries.exhibitor_by_slug(edition, slug)
    if exhibitor is None:
        raise Http404("No such exhibitor")
    product = queries.product_of(exhibitor, pk)
    if product is None:
        raise Http404("No such product")
    other = _other_language()
    context = {
        "edition": edition,
        "exhibitor": exhibitor,
        "product": product,
        "other_name": getattr(product, f"name_{other}"),
        "other_description": getattr(product, f"description_{other}"),
        "other_lang": "en" if other == "en" else "zh-Hans",
    }
    return render(request, "exhibition/product.html", context)
