"""Public pages of the evaluation under ``/<edition>/evaluation/``: the edition's key figures with their
change against the previous edition, the figures across editions as charts, and the carbon footprint
with its method and sources beside the number. The helpers here also serve the back-office pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ecoforum.core.charts import Row
from ecoforum.forums.models import Edition

from .carbon import Footprint, footprint, group_label
from .kpis import KPI_LABELS, Kpis, kpis_with_previous

#: The figures shown as tiles on the overview, in order.
TILES = [
    "guests_on_site",
    "guests_online",
    "countries",
    "sessions",
    "experts",
    "releases",
    "exhibitors",
    "projects",
    "meetings",
    "signed",
    "landed",
    "satisfaction",
    "carbon_per_guest_kg",
]
#: Figures where a fall is good news (coloured as such).
LOWER_IS_BETTER = {"carbon_t", "carbon_per_guest_kg"}
GROUP_TONES = {"travel": "sky", "hotel": "gold", "meals": "green", "venue": "dark"}


def tone(name: str, delta: Decimal | None) -> str:
    """``good``, ``bad`` or ``""`` for a change of the figure ``name``."""
    if delta is None or delta == 0:
        return ""
    return "good" if (delta > 0) != (name in LOWER_IS_BETTER) else "bad"


def tiles(kpis: Kpis) -> list[dict[str, Any]]:
    """The tiles of the overview: label, figure, and the change against the previous edition."""
    out = []
    for name in TILES:
        delta = kpis.changes.get(name)
        out.append(
            {
                "name": name,
                "label": KPI_LABELS[name],
                "display": kpis.display(name),
                "change": delta,
                "tone": tone(name, delta),
            }
        )
    return out


def edition_charts(compared: list[Kpis]) -> list[dict[str, Any]]:
    """Column charts across editions: guests, amount signed, satisfaction, carbon per guest."""

    def rows(value, display) -> list[Row]:
        return [Row(str(k.edition.year), value(k) or 0, display(k)) for k in compared]

    return [
        {"title": _("Guests (on site and online)"), "rows": rows(lambda k: k.guests, lambda k: f"{k.guests:,}")},
        {"title": _("Amount signed"), "rows": rows(lambda k: k.signed.amount, lambda k: k.display("signed"))},
        {"title": _("Amount landed"), "rows": rows(lambda k: k.landed.amount, lambda k: k.display("landed"))},
        {"title": _("Satisfaction (1–5)"), "rows": rows(lambda k: k.satisfaction, lambda k: k.display("satisfaction"))},
        {
            "title": _("Carbon per guest on site (kg CO₂e)"),
            "rows": rows(lambda k: k.carbon_per_guest_kg, lambda k: k.display("carbon_per_guest_kg")),
        },
    ]


def footprint_context(fp: Footprint) -> dict[str, Any]:
    """What a page needs to show a footprint: the bar rows by source, the lines, factors, method."""
    bars = [
        Row(group_label(code), kg, f"{(kg / 1000).quantize(Decimal('0.001')):,} t", GROUP_TONES[code])
        for code, kg in fp.by_group()
    ]
    return {"footprint": fp, "footprint_bars": bars, "footprint_lines": fp.lines, "factors": fp.factors}


@require_GET
def overview(request: HttpRequest, edition: Edition) -> HttpResponse:
    """论坛评估 · The edition in figures, across editions, and its carbon footprint."""
    kpis, compared = kpis_with_previous(edition, public_only=True)
    context: dict[str, Any] = {
        "edition": edition,
        "kpis": kpis,
        "tiles": tiles(kpis),
        "charts": edition_charts(compared),
    }
    context.update(footprint_context(kpis.carbon or footprint(edition)))
    return render(request, "evaluation/overview.html", context)
