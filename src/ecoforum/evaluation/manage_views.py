"""The organizers' evaluation pages under ``/manage/<edition>/evaluation/``: the overview (key figures,
comparison across editions, footprint) and the footprint inputs with the computed breakdown.

Committee members who may view the evaluation (organizers and staff) see both; only organizers
(``evaluation.manage_evaluation``) change the footprint inputs. An edition the user has no part in
is a 404. A refused change comes back as a message naming the field, with nothing saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.forums.views import committee_edition

from . import footprint as footprint_service
from .carbon import footprint
from .exceptions import EvaluationError, NotAllowed
from .forms import FootprintInputsForm
from .kpis import KPI_FIELDS, kpis_with_previous
from .models import FootprintInputs
from .views import edition_charts, footprint_context, tiles, tone

VIEW = "evaluation.view_evaluation"
MANAGE = "evaluation.manage_evaluation"


def _edition(request: HttpRequest, slug: str) -> Edition:
    return committee_edition(request, slug, VIEW)


@require_GET
def overview(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug)
    kpis, compared = kpis_with_previous(edition)
    context: dict[str, Any] = {
        "edition": edition,
        "kpis": kpis,
        "tiles": tiles(kpis),
        "charts": edition_charts(compared),
        "compared": compared,
        "kpi_fields": KPI_FIELDS,
        "table": [
            {
                "name": name,
                "label": label,
                "cells": [(k.display(name), k.changes.get(name), tone(name, k.changes.get(name))) for k in compared],
            }
            for name, label, _unit in KPI_FIELDS
        ],
        "may_manage": request.user.has_perm(MANAGE, edition),
        "menu": "overview",
    }
    context.update(footprint_context(kpis.carbon or footprint(edition)))
    return render(request, "evaluation/manage/overview.html", context)


def _initial(inputs: FootprintInputs | None, edition: Edition, venue_id: int | None) -> dict[str, Any]:
    if inputs is None:
        return {"venue": venue_id, "venue_electricity_kwh": 0, "venue_gas_m3": 0, "offset_tco2e": 0}
    return {
        "venue": inputs.venue_id,
        "venue_electricity_kwh": inputs.venue_electricity_kwh,
        "venue_gas_m3": inputs.venue_gas_m3,
        "offset_tco2e": inputs.offset_tco2e,
        "offset_note_zh_hans": inputs.offset_note_zh_hans,
        "offset_note_en": inputs.offset_note_en,
    }


@require_http_methods(["GET", "POST"])
def footprint_inputs(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug)
    may_manage = request.user.has_perm(MANAGE, edition)
    inputs = FootprintInputs.objects.filter(edition=edition).first()
    fp = footprint(edition)
    status = 200
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        form = FootprintInputsForm(request.POST)
        if form.is_valid():
            try:
                footprint_service.save_footprint_inputs(edition, actor=request.user, **form.values())
            except NotAllowed as exc:
                raise PermissionDenied(exc.message) from exc
            except EvaluationError as exc:
                form.add_error(exc.field or None, str(exc.message))
            except Busy as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The footprint inputs are saved."))
                return redirect("manage_evaluation:footprint", edition_slug=edition.slug)
        status = 422
    else:
        form = FootprintInputsForm(initial=_initial(inputs, edition, fp.venue.pk if fp.venue else None))
    context: dict[str, Any] = {
        "edition": edition,
        "form": form,
        "inputs": inputs,
        "may_manage": may_manage,
        "menu": "footprint",
    }
    context.update(footprint_context(fp))
    return render(request, "evaluation/manage/footprint.html", context, status=status)
