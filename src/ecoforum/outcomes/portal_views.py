"""The responsible units' pages under ``/outcomes/``: their outcomes across editions (red first), the report
page of one outcome (record a stage, replan with a reason, add evidence) and the evidence download.

A user reports on the outcomes whose responsible unit is their person's organization, or that name them
a contact person (``outcomes.report_on_outcome``). Another unit's outcome is a 404, the same as a missing
one; so is another outcome's evidence. Evidence files go out as attachments, never rendered inline.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ecoforum.forums.models import Edition

from . import queries
from .enums import EvidenceKind
from .exceptions import UnknownOutcome
from .models import Outcome
from .status import today_in
from .views import REPORT_ACTIONS, decorate, outcome_context, run_action, sort_rows

REPORT = "outcomes.report_on_outcome"


def _outcome(request: HttpRequest, edition: Edition, code: str) -> Outcome:
    try:
        return queries.outcome_for(request.user, edition, code, perm=REPORT)
    except UnknownOutcome as error:
        raise Http404(str(error.message)) from error


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    outcomes = list(queries.outcomes_reported_by(request.user))
    days = {}
    rows = []
    for outcome in outcomes:
        if outcome.edition_id not in days:
            days[outcome.edition_id] = today_in(outcome.edition)
        today = days[outcome.edition_id]
        rows.extend(decorate(queries.outcome_rows([outcome], today), today))
    return render(request, "outcomes/portal/mine.html", {"rows": sort_rows(rows)})


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, edition: Edition, code: str) -> HttpResponse:
    outcome = _outcome(request, edition, code)
    may_manage = request.user.has_perm("outcomes.manage_outcomes", edition)
    bound = None
    if request.method == "POST":
        bound = run_action(request, outcome, REPORT_ACTIONS)
        if bound is None:
            return redirect("outcomes_portal:report", edition=edition.slug, code=outcome.code)
        outcome = _outcome(request, edition, code)
    context = outcome_context(request, outcome, may_manage=False, may_report=True, bound=bound)
    context["may_open_backoffice"] = may_manage
    return render(request, "outcomes/portal/report.html", context, status=422 if bound is not None else 200)


@login_required
@require_GET
def evidence(request: HttpRequest, edition: Edition, code: str, pk: int) -> HttpResponseBase:
    """A piece of evidence for those who may see it (the unit, the edition's organizers and staff)."""
    try:
        item = queries.evidence_for(request.user, edition, code, pk)
    except UnknownOutcome as error:
        raise Http404(str(error.message)) from error
    if item.kind == EvidenceKind.LINK:
        response: HttpResponseBase = HttpResponseRedirect(item.url)
    else:
        try:
            handle = item.file.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404("The file is missing") from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=item.original_name or item.file.name.rsplit("/", 1)[-1],
            content_type=item.content_type or "application/octet-stream",
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
