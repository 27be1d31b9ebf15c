"""The guest's pages, under ``/<edition>/``: the registration forms, registering, and the guest's
own page behind the private link of their confirmation (the token is the permission).

``register/`` lists the edition's forms with their places; ``register/<form_slug>/`` is one
form (a closed or unknown form is a clear page, never a 500). ``registration/<token>/`` shows
the status, the waiting-list position and what comes next; the guest changes their contact,
language and diet there, cancels (after a confirmation step), signs up for sessions with
places (on site), and — approved online guests only — finds the live links of the sessions.
Every refusal of a service comes back as a message naming the item.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.program.models import Session
from ecoforum.program.queries import published_slots

from . import registration as service
from . import signups
from .enums import ACTIVE, HOLDING, Attendance, RegistrationStatus
from .models import Registration, RegistrationForm, SessionSignup
from .registration import RegistrationError
from .registration_forms import DetailsForm, GuestRegistrationForm, new_idempotency_key
from .signups import SignupError


def _guest_url(registration: Registration) -> str:
    return reverse("services:guest", kwargs={"edition": registration.edition.slug, "token": registration.token})


def _registration(edition: Edition, token: str) -> Registration:
    """The registration behind a private link; the same 404 for a wrong token and another edition's."""
    found = (
        Registration.objects.filter(edition=edition, token=token)
        .select_related("edition", "category", "form", "person", "replaces", "replaced_by")
        .first()
    )
    if found is None:
        raise Http404("No such registration")
    return found


def _my_registration(request: HttpRequest, edition: Edition) -> Registration | None:
    if not request.user.is_authenticated:
        return None
    mine = Registration.objects.filter(edition=edition, person__user=request.user).select_related("edition")
    return mine.filter(status__in=ACTIVE).order_by("-created_at").first() or mine.order_by("-created_at").first()


# --- the forms ------------------------------------------------------------------------------------


def _form_rows(edition: Edition) -> list[dict]:
    forms = list(
        RegistrationForm.objects.filter(edition=edition, is_active=True)
        .select_related("category")
        .order_by("order", "slug")
    )
    counts = service.category_counts(edition)
    now = timezone.now()
    rows = []
    for form in forms:
        category = form.category
        taken = sum(counts.get(category.pk, {}).get(status, 0) for status in HOLDING)
        left = None if category.capacity is None else max(category.capacity - taken, 0)
        if form.opens_at and now < form.opens_at:
            state = "soon"
        elif form.closes_at and now >= form.closes_at:
            state = "closed"
        else:
            state = "open"
        rows.append({"form": form, "category": category, "left": left, "state": state})
    return rows


@require_GET
def register_index(request, edition):
    context = {"edition": edition, "rows": _form_rows(edition), "mine": _my_registration(request, edition)}
    return render(request, "services/register/index.html", context)


def _form_or_page(request: HttpRequest, edition: Edition, form_slug: str) -> RegistrationForm | HttpResponse:
    form = (
        RegistrationForm.objects.filter(edition=edition, slug=form_slug, is_active=True)
        .select_related("category")
        .first()
    )
    if form is None:
        context = {"edition": edition, "slug": form_slug, "form": None}
        return render(request, "services/register/closed.html", context, status=404)
    if not service.form_is_open(form):
        state = "soon" if form.opens_at and timezone.now() < form.opens_at else "closed"
        context = {"edition": edition, "form": form, "state": state}
        return render(request, "services/register/closed.html", context, status=200)
    return form


@require_http_methods(["GET", "POST"])
def register(request, edition, form_slug: str):
    found = _form_or_page(request, edition, form_slug)
    if isinstance(found, HttpResponse):
        return found
    reg_form = found
    if request.method == "POST":
        form = GuestRegistrationForm(request.POST, registration_form=reg_form)
        if form.is_valid():
            try:
                registration = service.register(
                    reg_form,
                    form.applicant(),
                    code=form.cleaned_data.get("code", ""),
                    idempotency_key=str(form.cleaned_data["idempotency_key"]),
                    user=request.user,
                )
            except RegistrationError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            except Busy as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Thank you: your registration %(reference)s is recorded. Keep the link of this page.")
                    % {"reference": registration.reference},
                )
                return redirect(_guest_url(registration))
    else:
        form = GuestRegistrationForm(
            registration_form=reg_form,
            initial={
                "idempotency_key": new_idempotency_key(),
                "language": translation.get_language(),
                "code": request.GET.get("code", "")[:40],
                "country": "CN",
            },
        )
    return render(request, "services/register/form.html", {"edition": edition, "reg_form": reg_form, "form": form})


# --- the guest's page -----------------------------------------------------------------------------


def _live_sessions(edition: Edition) -> list:
    """The published program's sessions that are streamed, with their times (edition's time zone)."""
    return list(published_slots(edition).filter(session__is_online=True).exclude(session__online_url=""))


def _signup_rows(registration: Registration) -> tuple[list[dict], list[dict]]:
    mine = list(signups.signups_of(registration))
    by_session = {s.session_id: s for s in mine}
    offers = [
        {"offer": offer, "signup": by_session.get(offer.session.pk)} for offer in signups.offers(registration.edition)
    ]
    return offers, [{"signup": s} for s in mine]


def _guest_context(registration: Registration, **extra) -> dict:
    edition = registration.edition
    on_site = registration.attendance == Attendance.ON_SITE
    approved = registration.status == RegistrationStatus.APPROVED
    live = registration.status in ACTIVE
    offers: list[dict] = []
    my_signups: list[dict] = []
    if on_site and registration.status in HOLDING:
        offers, my_signups = _signup_rows(registration)
    context = {
        "edition": edition,
        "registration": registration,
        "position": service.waiting_position(registration),
        "on_site": on_site,
        "approved": approved,
        "live": live,
        "offers": offers,
        "my_signups": my_signups,
        "live_sessions": _live_sessions(edition) if approved and not on_site else [],
        "details_form": DetailsForm(instance=registration) if live else None,
    }
    context.update(extra)
    return context


@require_GET
def guest(request, edition, token: str):
    registration = _registration(edition, token)
    return render(request, "services/register/guest.html", _guest_context(registration))


@require_POST
def guest_details(request, edition, token: str):
    registration = _registration(edition, token)
    form = DetailsForm(request.POST, instance=Registration.objects.get(pk=registration.pk))
    if form.is_valid():
        try:
            service.update_details(registration, **form.changes())
        except (RegistrationError, Busy) as error:
            messages.error(request, str(getattr(error, "message", error)))
        else:
            messages.success(request, _("Your details are saved."))
            return redirect(_guest_url(registration))
    registration.refresh_from_db()
    context = _guest_context(registration, details_form=form)
    return render(request, "services/register/guest.html", context, status=200 if form.is_valid() else 400)


@require_http_methods(["GET", "POST"])
def guest_cancel(request, edition, token: str):
    registration = _registration(edition, token)
    if registration.status not in ACTIVE:
        messages.error(
            request,
            _("Registration %(reference)s is %(status)s already.")
            % {"reference": registration.reference, "status": registration.get_status_display()},
        )
        return redirect(_guest_url(registration))
    if request.method == "POST":
        try:
            service.cancel(registration, actor=request.user, note=_("Cancelled by the guest"))
        except (RegistrationError, Busy) as error:
            messages.error(request, str(getattr(error, "message", error)))
        else:
            messages.success(
                request, _("Registration %(reference)s is cancelled.") % {"reference": registration.reference}
            )
        return redirect(_guest_url(registration))
    return render(request, "services/register/cancel.html", {"edition": edition, "registration": registration})


@require_POST
def guest_signup(request, edition, token: str, session_id: int):
    registration = _registration(edition, token)
    session = Session.objects.filter(pk=session_id, edition=edition).first()
    if session is None:
        raise Http404("No such session")
    try:
        signup = signups.sign_up(registration, session, actor=request.user)
    except (SignupError, Busy) as error:
        messages.error(request, str(getattr(error, "message", error)))
    else:
        if signup.status == "confirmed":
            messages.success(request, _("Your place in %(session)s is confirmed.") % {"session": session})
        else:
            messages.success(request, _("%(session)s is full: you are on its waiting list.") % {"session": session})
    return redirect(_guest_url(registration) + "#signups")


@require_POST
def guest_signup_cancel(request, edition, token: str, signup_id: int):
    registration = _registration(edition, token)
    signup = SessionSignup.objects.filter(pk=signup_id, registration=registration).select_related("session").first()
    if signup is None:
        raise Http404("No such sign-up")
    try:
        signups.cancel_signup(signup, actor=request.user)
    except (SignupError, Busy) as error:
        messages.error(request, str(getattr(error, "message", error)))
    else:
        messages.success(request, _("Your sign-up for %(session)s is cancelled.") % {"session": signup.session})
    return redirect(_guest_url(registration) + "#signups")


@login_required
@require_GET
def my_registration(request, edition):
    """The logged-in user's registration for the edition, or the forms when there is none."""
    mine = _my_registration(request, edition)
    if mine is None:
        messages.error(request, _("Your account has no registration for %(edition)s yet.") % {"edition": edition})
        return redirect(reverse("services:register_index", kwargs={"edition": edition.slug}))
    return redirect(_guest_url(mine))
