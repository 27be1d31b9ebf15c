"""The investor and project-owner portals under ``/<edition>/investor/`` and ``/<edition>/owner/``.

Every page needs a login. Each object is reached through an access function of
``portal_queries``: a project, an investor or a request that is missing or not
the user's gives the same 404. Writes call the services of ``services`` and
``requests``; a refusal becomes a message naming the item, never a 500.
A user who speaks for no investor (or owns no project) gets a page saying whom
to ask. Answer buttons work as plain forms and, with htmx, swap their row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ecoforum.core.locking import Busy
from ecoforum.core.money import Money
from ecoforum.forums.models import Edition

from . import matching, portal_queries, requests, services
from .enums import RequestSide, RequestStatus
from .exceptions import InvestmentError
from .models import Investor, MeetingRequest
from .portal_forms import AnswerForm, InterestsForm, ProjectForm, RequestForm

DOMAIN_ERRORS = (InvestmentError, PermissionDenied, Busy)
BADGES = {
    RequestStatus.PENDING: "badge-amber",
    RequestStatus.ACCEPTED: "badge-green",
    RequestStatus.DECLINED: "badge-quiet",
    RequestStatus.EXPIRED: "badge-quiet",
    RequestStatus.WITHDRAWN: "badge-quiet",
}


@dataclass
class RequestRow:
    """A request as a portal lists it: what to show and which buttons the user gets."""

    request: MeetingRequest
    status: str
    status_label: str
    badge: str
    sent: bool
    can_answer: bool
    can_withdraw: bool


def _row(user, request: MeetingRequest, *, side: str) -> RequestRow:
    status = portal_queries.shown_status(request)
    is_open = status in (RequestStatus.PENDING, RequestStatus.ACCEPTED)
    return RequestRow(
        request=request,
        status=status,
        status_label=str(RequestStatus(status).label),
        badge=BADGES[RequestStatus(status)],
        sent=request.requested_by == side,
        can_answer=status == RequestStatus.PENDING and user.has_perm("investment.answer_request", request),
        can_withdraw=is_open and user.has_perm("investment.withdraw_request", request),
    )


def _fragment(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False)) and not request.htmx.history_restore_request


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


def _portal_url(edition: Edition, side: str, anchor: str = "") -> str:
    name = "investment:investor_portal" if side == RequestSide.INVESTOR else "investment:owner_portal"
    url = reverse(name, kwargs={"edition": edition.slug})
    return f"{url}#{anchor}" if anchor else url


def _context(edition: Edition, **extra) -> dict:
    return {"edition": edition, **extra}


def _nobody(request: HttpRequest, edition: Edition, side: str) -> HttpResponse:
    return render(request, "investment/portal/nobody.html", _context(edition, side=side))


def _my_investor(request: HttpRequest) -> Investor:
    investor = portal_queries.investor_of(request.user)
    if investor is None:
        raise Http404("No investor")
    return investor


# --- the investor's portal ------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def investor_portal(request, edition):
    investor = portal_queries.investor_of(request.user)
    if investor is None:
        return _nobody(request, edition, RequestSide.INVESTOR)
    rows = [
        _row(request.user, r, side=RequestSide.INVESTOR) for r in portal_queries.requests_of_investor(investor, edition)
    ]
    context = _context(
        edition,
        investor=investor,
        interests=list(investor.industries.all()),
        ticket_min=Money(investor.ticket_min, investor.currency) if investor.ticket_min else None,
        ticket_max=Money(investor.ticket_max, investor.currency) if investor.ticket_max else None,
        matches=matching.projects_for_investor(investor, edition),
        sent=[row for row in rows if row.sent],
        received=[row for row in rows if not row.sent],
        request_form=RequestForm(),
        side=RequestSide.INVESTOR,
    )
    return render(request, "investment/portal/investor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def investor_interests(request, edition):
    investor = _my_investor(request)
    form = InterestsForm(request.POST or None, initial=InterestsForm.initial_for(investor))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_investor_interests(investor, actor=request.user, **form.service_arguments())
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The interests of %(investor)s were saved.") % {"investor": investor})
            return redirect(_portal_url(edition, RequestSide.INVESTOR))
    return render(request, "investment/portal/interests.html", _context(edition, investor=investor, form=form))


@login_required
@require_POST
def investor_request(request, edition, pk: int):
    """The investor asks a project's owner for a meeting."""
    investor = _my_investor(request)
    project = portal_queries.project_for_investor(edition, pk)
    if project is None:
        raise Http404("No such project")
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a priority for the request about project %(code)s.") % {"code": project.code})
        return redirect(_portal_url(edition, RequestSide.INVESTOR, f"project-{project.pk}"))
    mine = portal_queries.speaker_for_investor(investor, request.user)
    theirs = portal_queries.speaker_for_owner(project)
    try:
        if mine is None or theirs is None:
            raise InvestmentError(
                _("Nobody can be named for project %(code)s yet; please ask the organizers.") % {"code": project.code}
            )
        requests.send_request(
            investor=investor,
            project=project,
            investor_person=mine,
            owner_person=theirs,
            requested_by=RequestSide.INVESTOR,
            priority=form.cleaned_data["priority"],
            message=form.cleaned_data["message"],
            actor=request.user,
            edition=edition,
        )
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your request about project %(code)s was sent.") % {"code": project.code})
    return redirect(_portal_url(edition, RequestSide.INVESTOR, f"project-{project.pk}"))


# --- the project owner's portal ---------------------------------------------------


@login_required
@require_http_methods(["GET"])
def owner_portal(request, edition):
    projects = list(portal_queries.projects_of_owner(request.user, edition))
    if not projects:
        return _nobody(request, edition, RequestSide.OWNER)
    ranked = matching.investors_for_projects(projects, limit=10)
    rows = [
        _row(request.user, r, side=RequestSide.OWNER) for r in portal_queries.requests_of_owner(request.user, edition)
    ]
    context = _context(
        edition,
        projects=[(project, ranked.get(project.pk, [])) for project in projects],
        sent=[row for row in rows if row.sent],
        received=[row for row in rows if not row.sent],
        request_form=RequestForm(),
        side=RequestSide.OWNER,
    )
    return render(request, "investment/portal/owner.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def owner_project(request, edition, pk: int):
    project = portal_queries.owned_project(request.user, edition, pk)
    if project is None:
        raise Http404("No such project")
    form = ProjectForm(request.POST or None, initial=ProjectForm.initial_for(project))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(project, actor=request.user, **form.changes())
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Project %(code)s was saved.") % {"code": project.code})
            return redirect(_portal_url(edition, RequestSide.OWNER, f"project-{project.pk}"))
    return render(request, "investment/portal/project_form.html", _context(edition, project=project, form=form))


@login_required
@require_POST
def owner_request(request, edition, pk: int, investor_pk: int):
    """A project's owner asks an investor for a meeting."""
    project = portal_queries.owned_project(request.user, edition, pk)
    investor = portal_queries.investor_by_id(investor_pk) if project is not None else None
    if project is None or investor is None:
        raise Http404("No such project or investor")
    back = _portal_url(edition, RequestSide.OWNER, f"project-{project.pk}")
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a priority for the request to %(investor)s.") % {"investor": investor})
        return redirect(back)
    mine = portal_queries.speaker_for_owner(project, request.user)
    theirs = portal_queries.speaker_for_investor(investor)
    try:
        if mine is None or theirs is None:
            raise InvestmentError(
                _("Nobody can be named for %(investor)s yet; please ask the organizers.") % {"investor": investor}
            )
        requests.send_request(
            investor=investor,
            project=project,
            investor_person=theirs,
            owner_person=mine,
            requested_by=RequestSide.OWNER,
            priority=form.cleaned_data["priority"],
            message=form.cleaned_data["message"],
            actor=request.user,
            edition=edition,
        )
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your request to %(investor)s was sent.") % {"investor": investor})
    return redirect(back)


# --- answering and withdrawing ----------------------------------------------------------

ACTIONS = {
    "accept": (requests.accept_request, gettext_lazy("You accepted %(request)s.")),
    "decline": (requests.decline_request, gettext_lazy("You declined %(request)s.")),
    "withdraw": (requests.withdraw_request, gettext_lazy("You withdrew %(request)s.")),
}


def _side_of(request: HttpRequest, meeting_request: MeetingRequest) -> str:
    if request.user.has_perm("investment.act_for_investor", meeting_request.investor):
        return RequestSide.INVESTOR
    return RequestSide.OWNER


@login_required
@require_POST
def answer(request, edition, pk: int, action: str):
    meeting_request = portal_queries.request_for(request.user, edition, pk)
    if meeting_request is None or action not in ACTIONS:
        raise Http404("No such request")
    side = request.POST.get("side")
    if side not in RequestSide.values:
        side = _side_of(request, meeting_request)
    service, done = ACTIONS[action]
    form = AnswerForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    name = _("the request between %(investor)s and project %(code)s") % {
        "investor": meeting_request.investor.organization,
        "code": meeting_request.project.code,
    }
    error = ""
    try:
        if action == "withdraw":
            service(meeting_request, actor=request.user)
        else:
            service(meeting_request, actor=request.user, note=note)
    except DOMAIN_ERRORS as exc:
        error = str(exc)
    if _fragment(request):
        fresh = portal_queries.request_for(request.user, edition, pk)
        if fresh is None:
            raise Http404("No such request")
        context = _context(edition, row=_row(request.user, fresh, side=side), side=side, error=error)
        return _vary(render(request, "investment/portal/_request.html", context))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, str(done) % {"request": name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = _portal_url(edition, side, f"request-{pk}")
    return _vary(redirect(target))
