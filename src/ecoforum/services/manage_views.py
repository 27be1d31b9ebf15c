"""The guest-services desk under ``/manage/<edition>/services/``: overview, registrations, codes, exports.

Who sees what:

- any committee member who may look at the guests (guest services, organizers, and the
  read-only staff and program managers) sees the overview, the lists and a registration's
  page, with identity data **redacted**;
- ``services.manage_guests`` (guest services, organizers) approves, refuses, cancels,
  substitutes, changes places, makes invitation codes and downloads lists;
- ``services.view_identity`` sees identity data on a registration's page when asking for it
  (each time audited) and downloads the invitation-letter data (audited).

An edition the user has no part in is a 404; a committee member without the permission
(gate staff, or read-only staff trying to act) gets a 403. Every refusal of a service comes
back as a message naming the registration, with nothing changed.
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
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.crypto import redact
from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.forums.views import committee_edition

from . import desk, queries
from . import registration as registrations
from .enums import ACTIVE, RegistrationStatus
from .exports import CodesExport, InvitationLetterExport, RegistrationListExport
from .manage_forms import CapacityForm, CodesForm, NoteForm, RegistrationFilterForm, SubstituteForm
from .models import Registration
from .registration import RegistrationError

#: The audit actions of a registration shown as its status history (identity views are listed apart).
IDENTITY_VIEWED = "services.registration.identity_viewed"


def may_view_guests(user, edition: Edition) -> bool:
    return user.has_perm("services.view_guests", edition)


def desk_edition(request: HttpRequest, slug: str, *, permission: str = "") -> Edition:
    """The edition at ``/manage/<slug>/services/`` for a committee member who may see its guests
    (``services.view_guests``) and holds ``permission`` if one is named: 404 outside the committee, else 403."""
    return committee_edition(request, slug, "services.view_guests", permission)


def _registration(edition: Edition, reference: str) -> Registration:
    found = queries.registration_by_reference(edition, reference)
    if found is None:
        raise Http404("No such registration")
    return found


def _registration_url(edition: Edition, registration: Registration) -> str:
    return reverse(
        "manage_services:registration", kwargs={"edition_slug": edition.slug, "reference": registration.reference}
    )


def _list_url(edition: Edition) -> str:
    return reverse("manage_services:registrations", kwargs={"edition_slug": edition.slug})


def _naming(registration: Registration, message: object) -> str:
    """The service's message, naming the registration when it does not already."""
    text = str(message)
    if registration.reference in text:
        return text
    return _("%(reference)s: %(message)s") % {"reference": registration.reference, "message": text}


def _rights(request: HttpRequest, edition: Edition) -> dict[str, bool]:
    return {
        "may_manage": request.user.has_perm("services.manage_guests", edition),
        "may_see_identity": request.user.has_perm("services.view_identity", edition),
        "desk_viewer": True,  # the menu shows the desk's own pages (the view checked may_view_guests)
    }


# --- overview -------------------------------------------------------------------------------------


@login_required
@require_GET
def overview(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug)
    lines = queries.category_lines(edition)
    context = {
        "edition": edition,
        "lines": lines,
        "totals": {
            "places": sum(line.places or 0 for line in lines),
            "taken": sum(line.taken for line in lines),
            "approved": sum(line.approved for line in lines),
            "pending": sum(line.pending for line in lines),
            "waiting": sum(line.waiting for line in lines),
            "ended": sum(line.cancelled + line.refused for line in lines),
        },
        "registrations_url": _list_url(edition),
        **_rights(request, edition),
    }
    return render(request, "services/manage/overview.html", context)


@login_required
@require_POST
def category_capacity(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = desk_edition(request, edition_slug, permission="services.manage_guests")
    category = queries.category_of(edition, pk)
    if category is None:
        raise Http404("No such category")
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("The places of %(category)s were not changed: %(errors)s")
            % {"category": category.name, "errors": " ".join(str(e) for e in form.errors.get("capacity", []))},
        )
        return redirect(reverse("manage_services:overview", kwargs={"edition_slug": edition.slug}))
    capacity = form.cleaned_data["capacity"]
    try:
        promoted = registrations.set_capacity(category, capacity, actor=request.user)
    except (RegistrationError, Busy) as exc:
        messages.error(request, f"{category.name}: {exc.message}")
    else:
        places = _("no limit") if capacity is None else str(capacity)
        text = _("%(category)s now has %(places)s places.") % {"category": category.name, "places": places}
        if promoted:
            moved = ", ".join(f"{r.reference} {r.person}" for r in promoted)
            text += " " + _("Moved up from the waiting list: %(list)s.") % {"list": moved}
        messages.success(request, text)
    return redirect(reverse("manage_services:overview", kwargs={"edition_slug": edition.slug}) + f"#cat-{category.pk}")


# --- the list -------------------------------------------------------------------------------------


@login_required
@require_GET
def registration_list(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug)
    filters = RegistrationFilterForm(request.GET, edition=edition)
    found = queries.search_registrations(edition, **filters.filters())
    page = Paginator(found, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "edition": edition,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "here": request.get_full_path(),
        **_rights(request, edition),
    }
    template = "services/manage/registrations.html"
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        template += "#registration-list"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
@require_POST
def approve_selected(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug, permission="services.manage_guests")
    references = request.POST.getlist("reference")
    back = _safe_next(request, _list_url(edition))
    if not references:
        messages.error(request, _("Select the registrations to approve first."))
        return redirect(back)
    result = desk.approve_many(edition, references[: queries.PAGE_SIZE * 2], actor=request.user)
    if result.approved:
        messages.success(
            request,
            _("Approved: %(references)s.") % {"references": ", ".join(result.approved)},
        )
    for reference, reason in result.failed:
        messages.error(
            request,
            reason
            if reference in reason
            else _("%(reference)s: %(message)s") % {"reference": reference, "message": reason},
        )
    return redirect(back)


@login_required
@require_GET
def registrations_xlsx(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug, permission="services.manage_guests")
    filters = RegistrationFilterForm(request.GET, edition=edition)
    export = RegistrationListExport(edition, queries.search_registrations(edition, **filters.filters()).iterator())
    return _download(export.render(), export.file_name(), export.content_type)


@login_required
@require_GET
def invitation_letters_xlsx(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug, permission="services.view_identity")
    export = InvitationLetterExport(edition, queries.foreign_passports(edition))
    content = export.render()
    desk.record_identity_export(edition, export.references(), actor=request.user)
    return _download(content, export.file_name(), export.content_type)


def _download(content: bytes, file_name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- one registration -----------------------------------------------------------------------------


def _identity(registration: Registration, revealed: bool) -> list[tuple[str, str]]:
    show = (lambda v: v) if revealed else redact
    kind = str(registration.get_document_type_display()) if registration.document_type else ""
    return [
        (_("Identity document"), kind if revealed or not kind else "••••"),  # not even the kind
        (_("Document number"), show(registration.document_number)),
        (_("Nationality"), show(registration.nationality)),
        (_("Date of birth"), show(registration.date_of_birth)),
    ]


def _detail(
    request: HttpRequest,
    edition: Edition,
    registration: Registration,
    *,
    substitute_form: SubstituteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rights = _rights(request, edition)
    revealed = rights["may_see_identity"] and request.GET.get("identity") == "1"
    if revealed:
        desk.record_identity_view(registration, actor=request.user)
    questions = list(registration.form.questions.order_by("order", "pk"))
    entries = list(queries.history(registration))
    live = registration.status in ACTIVE
    context = {
        "edition": edition,
        "registration": registration,
        "person": registration.person,
        "answers": queries.answer_rows(registration, questions),
        "history": [e for e in entries if e.action != IDENTITY_VIEWED],
        "identity_views": [e for e in entries if e.action == IDENTITY_VIEWED],
        "notifications": list(queries.notifications_of(registration)),
        "identity": _identity(registration, revealed),
        "has_identity": bool(registration.document_number or registration.nationality or registration.date_of_birth),
        "revealed": revealed,
        "waiting_position": registrations.waiting_position(registration),
        "replaces": registration.replaces,
        "replaced_by": getattr(registration, "replaced_by", None),
        "can_approve": registration.status in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED),
        "can_refuse": registration.status in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED),
        "can_cancel": live,
        "can_substitute": live,
        "note_form": NoteForm(),
        "substitute_form": substitute_form or SubstituteForm(initial={"language": registration.language}),
        **rights,
    }
    response = render(request, "services/manage/registration.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def registration_detail(request: HttpRequest, edition_slug: str, reference: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug)
    return _detail(request, edition, _registration(edition, reference))


def _decision(request: HttpRequest, edition_slug: str, reference: str, action: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug, permission="services.manage_guests")
    registration = _registration(edition, reference)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if action == "approve":
            registrations.approve(registration, actor=request.user, note=note)
        elif action == "refuse":
            registrations.reject(registration, actor=request.user, note=note)
        else:
            registrations.cancel(registration, actor=request.user, note=note)
    except (RegistrationError, Busy) as exc:
        messages.error(request, _naming(registration, exc.message))
    else:
        done = {
            "approve": _("%(reference)s (%(name)s) is approved."),
            "refuse": _("%(reference)s (%(name)s) is refused."),
            "cancel": _("%(reference)s (%(name)s) is cancelled."),
        }[action]
        messages.success(request, done % {"reference": registration.reference, "name": registration.person})
    return redirect(_registration_url(edition, registration))


@login_required
@require_POST
def registration_approve(request: HttpRequest, edition_slug: str, reference: str) -> HttpResponse:
    return _decision(request, edition_slug, reference, "approve")


@login_required
@require_POST
def registration_refuse(request: HttpRequest, edition_slug: str, reference: str) -> HttpResponse:
    return _decision(request, edition_slug, reference, "refuse")


@login_required
@require_POST
def registration_cancel(request: HttpRequest, edition_slug: str, reference: str) -> HttpResponse:
    return _decision(request, edition_slug, reference, "cancel")


@login_required
@require_POST
def registration_substitute(request: HttpRequest, edition_slug: str, reference: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug, permission="services.manage_guests")
    registration = _registration(edition, reference)
    form = SubstituteForm(request.POST)
    if not form.is_valid():
        return _detail(request, edition, registration, substitute_form=form, status=400)
    try:
        new = registrations.substitute(
            registration, form.applicant(), actor=request.user, note=form.cleaned_data["note"]
        )
    except (RegistrationError, Busy) as exc:
        form.add_error(None, _naming(registration, exc.message))
        return _detail(request, edition, registration, substitute_form=form, status=400)
    messages.success(
        request,
        _("%(old)s is handed to %(name)s: the new registration is %(new)s.")
        % {"old": registration.reference, "name": new.person, "new": new.reference},
    )
    return redirect(_registration_url(edition, new))


# --- forms and invitation codes -------------------------------------------------------------------


@login_required
@require_GET
def form_list(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug)
    context = {"edition": edition, "forms": list(queries.forms_of(edition)), **_rights(request, edition)}
    return render(request, "services/manage/forms.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def form_codes(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug)
    registration_form = queries.form_of(edition, slug)
    if registration_form is None:
        raise Http404("No such form")
    rights = _rights(request, edition)
    codes_form = CodesForm(request.POST or None, edition=edition)
    if request.method == "POST":
        if not rights["may_manage"]:
            raise PermissionDenied
        if codes_form.is_valid():
            data = codes_form.cleaned_data
            try:
                made = desk.generate_codes(
                    registration_form,
                    data["count"],
                    actor=request.user,
                    note=data["note"],
                    max_uses=data["max_uses"],
                    expires_at=codes_form.expires_at(),
                )
            except (RegistrationError, Busy) as exc:
                codes_form.add_error(None, str(exc.message))
            else:
                messages.success(
                    request,
                    _("%(count)s codes made for %(form)s.") % {"count": len(made), "form": registration_form.title},
                )
                return redirect(
                    reverse("manage_services:form_codes", kwargs={"edition_slug": edition.slug, "slug": slug})
                )
    page = Paginator(queries.codes_of(registration_form), 100).get_page(request.GET.get("page"))
    context = {
        "edition": edition,
        "registration_form": registration_form,
        "codes_form": codes_form,
        "page": page,
        **rights,
    }
    return render(request, "services/manage/codes.html", context, status=400 if codes_form.errors else 200)


@login_required
@require_GET
def form_codes_xlsx(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    edition = desk_edition(request, edition_slug, permission="services.manage_guests")
    registration_form = queries.form_of(edition, slug)
    if registration_form is None:
        raise Http404("No such form")
    export = CodesExport(edition, registration_form, queries.codes_of(registration_form))
    return _download(export.render(), export.file_name(), export.content_type)
