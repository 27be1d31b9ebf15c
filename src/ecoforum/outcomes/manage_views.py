"""The organizers' outcome pages under ``/manage/<edition>/outcomes/``: the dashboard (red first), the full list
with its filters, the overdue list, their workbooks, one outcome's page, following the signings, a new outcome.

Who sees what: ``outcomes.view_dashboard`` (organizers and the committee's read-only staff) sees every page;
``outcomes.manage_outcomes`` (organizers) changes things. An edition the user has no part in is a 404; a
committee member without the permission gets a 403 (staff posting a change too). Every write goes through
:mod:`ecoforum.outcomes.services`; a refusal comes back as a message and a form error naming the outcome,
with nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.audit import log_action
from ecoforum.forums.models import Edition
from ecoforum.forums.views import committee_edition

from . import queries, services
from .enums import Status
from .exceptions import NotAllowed, OutcomeError, UnknownOutcome
from .exports import OutcomeListExport, OverdueExport, WorkbookExport
from .forms import FilterForm, OutcomeForm
from .models import Outcome
from .status import today_in
from .views import MANAGE_ACTIONS, decorate, figures, outcome_context, run_action

VIEW = "outcomes.view_dashboard"
MANAGE = "outcomes.manage_outcomes"
PAGE_SIZE = 50


def _edition(request: HttpRequest, slug: str, *permissions: str) -> Edition:
    return committee_edition(request, slug, VIEW, *permissions)


def _rights(request: HttpRequest, edition: Edition) -> dict[str, bool]:
    return {"may_manage": request.user.has_perm(MANAGE, edition)}


def _outcome(request: HttpRequest, edition: Edition, code: str) -> Outcome:
    try:
        return queries.outcome_for(request.user, edition, code, perm=VIEW)
    except UnknownOutcome as error:
        raise Http404(str(error.message)) from error


def _outcome_url(outcome: Outcome) -> str:
    return reverse("manage_outcomes:outcome", kwargs={"edition_slug": outcome.edition.slug, "code": outcome.code})


@login_required
@require_GET
def dashboard(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug)
    today = today_in(edition)
    overdue = decorate(queries.overdue_rows(edition, today), today)
    soon = queries.outcome_rows(queries.outcomes_of(edition, status=Status.YELLOW, today=today), today)
    soon = decorate(
        sorted(soon, key=lambda row: (row.next_stage.planned_on if row.next_stage else today, row.outcome.code)), today
    )
    context = {
        "edition": edition,
        "today": today,
        "overdue": overdue,
        "soon": soon,
        **figures(queries.outcome_summary(edition, today=today)),
        **_rights(request, edition),
    }
    return render(request, "outcomes/manage/dashboard.html", context)


@login_required
@require_GET
def outcome_list(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug)
    today = today_in(edition)
    filters = FilterForm(request.GET, edition=edition)
    found = queries.outcomes_of(edition, today=today, **filters.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "edition": edition,
        "filters": filters,
        "page": page,
        "rows": decorate(queries.outcome_rows(page.object_list, today), today),
        "query": query.urlencode(),
        **_rights(request, edition),
    }
    template = "outcomes/manage/list.html"
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        template += "#outcome-list"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def overdue(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug)
    today = today_in(edition)
    context = {
        "edition": edition,
        "today": today,
        "overdue": decorate(queries.overdue_rows(edition, today), today),
        **_rights(request, edition),
    }
    return render(request, "outcomes/manage/overdue.html", context)


def _workbook(request: HttpRequest, edition: Edition, export: WorkbookExport) -> HttpResponse:
    content = export.render()
    log_action(
        edition,
        "outcomes.list.exported",
        actor=request.user,
        edition_id=edition.pk,
        data={"export": export.identifier, "rows": export.row_count},
    )
    response = HttpResponse(content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name()}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def list_xlsx(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """The list as filtered on the page."""
    edition = _edition(request, edition_slug)
    today = today_in(edition)
    filters = FilterForm(request.GET, edition=edition)
    rows = queries.outcome_rows(queries.outcomes_of(edition, today=today, **filters.filters()), today)
    return _workbook(request, edition, OutcomeListExport(edition, rows, today=today))


@login_required
@require_GET
def overdue_xlsx(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug)
    today = today_in(edition)
    return _workbook(request, edition, OverdueExport(edition, queries.overdue_rows(edition, today), today=today))


@login_required
@require_http_methods(["GET", "POST"])
def outcome_page(request: HttpRequest, edition_slug: str, code: str) -> HttpResponse:
    edition = _edition(request, edition_slug)
    outcome = _outcome(request, edition, code)
    may_manage = request.user.has_perm(MANAGE, edition)
    bound = None
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        bound = run_action(request, outcome, MANAGE_ACTIONS)
        if bound is None:
            return redirect(_outcome_url(outcome))
        outcome = _outcome(request, edition, code)
    context = outcome_context(request, outcome, may_manage=may_manage, may_report=may_manage, bound=bound)
    context["evidence_url_name"] = "outcomes_portal:evidence"
    return render(request, "outcomes/manage/outcome.html", context, status=422 if bound is not None else 200)


@login_required
@require_POST
def follow(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Follow every signing of the edition not followed yet; says how many are new."""
    edition = _edition(request, edition_slug, MANAGE)
    try:
        new = services.follow_signings(edition, actor=request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error.message)) from error
    except OutcomeError as error:
        messages.error(request, str(error.message))
    else:
        if new:
            messages.success(
                request,
                _("%(count)s signings are now followed: %(codes)s.")
                % {"count": len(new), "codes": ", ".join(o.code for o in new)},
            )
        else:
            messages.info(request, _("Every signing of %(edition)s is already followed.") % {"edition": edition.name})
    return redirect("manage_outcomes:list", edition_slug=edition.slug)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """A new initiative, declaration, cooperation agreement, institution or other outcome."""
    edition = _edition(request, edition_slug, MANAGE)
    status = 200
    if request.method == "POST":
        form = OutcomeForm(request.POST, edition=edition)
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome = services.create_outcome(
                    edition,
                    actor=request.user,
                    kind=data["kind"],
                    title_zh_hans=data["title_zh_hans"],
                    title_en=data["title_en"],
                    summary_zh_hans=data["summary_zh_hans"],
                    summary_en=data["summary_en"],
                    responsible_unit=data["responsible_unit"],
                    contacts=data["contacts"],
                    release=data["release"],
                    agreement=data["agreement"],
                    province=data["province"],
                    city=data["city"],
                    signed_amount=data["signed_amount"],
                    currency=data["currency"],
                    is_public=data["is_public"],
                )
            except NotAllowed as error:
                raise PermissionDenied(str(error.message)) from error
            except OutcomeError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                messages.success(
                    request, _("%(code)s «%(title)s» was added.") % {"code": outcome.code, "title": outcome.title}
                )
                return redirect(_outcome_url(outcome))
        messages.error(request, _("The outcome was not added; see the form."))
        status = 422
    else:
        form = OutcomeForm(edition=edition)
    context = {"edition": edition, "form": form, **_rights(request, edition)}
    return render(request, "outcomes/manage/new.html", context, status=status)
