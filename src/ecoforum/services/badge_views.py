"""Pages of badges.

- ``/<edition>/registration/<token>/badge.pdf``: the guest's own badge, by the private
  link of their registration (the token is the permission). Only an approved on-site
  registration has one; any other gets a page that says why.
- ``/manage/<edition>/services/badges/``: guest services print badges in bulk (categories,
  "approved since", A6 pages or A4 sheets of four); the PDF is made in the background
  (``core.jobs``) and the job's page shows its progress.
- ``/manage/<edition>/services/badges/<reference>.pdf``: any one badge, for guest services.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ecoforum.core import jobs
from ecoforum.core.models import Job
from ecoforum.forums.models import Edition

from . import badges
from .checkin_views import backoffice_edition
from .enums import Attendance, RegistrationStatus
from .models import GuestCategory, Registration
from .tasks import BADGES_JOB, make_badges


def _pdf_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the guest's own badge --------------------------------------------------------


@require_GET
def guest_badge(request, edition, token: str):
    registration = (
        Registration.objects.select_related("person__organization", "category", "edition")
        .filter(edition=edition, token=token)
        .first()
    )
    if registration is None:
        raise Http404("No such registration")
    if not badges.has_badge(registration):
        context = {"edition": edition, "registration": registration, "reason": badges.badge_refusal(registration)}
        response = render(request, "services/badges/unavailable.html", context, status=409)
        response["Cache-Control"] = "private, no-store"
        return response
    return _pdf_response(badges.badge_pdf(registration), badges.badge_file_name(registration))


# --- guest services ---------------------------------------------------------------


class BadgeBatchForm(forms.Form):
    categories: forms.ModelMultipleChoiceField[GuestCategory] = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Guest categories"),
        queryset=GuestCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one guest category.")},
    )
    layout = forms.ChoiceField(
        label=gettext_lazy("Layout"),
        choices=[
            ("a6", gettext_lazy("A6, one badge per page (badge printer)")),
            ("a4", gettext_lazy("A4 sheets of four A6 badges (office printer, then cut)")),
        ],
        initial="a6",
        widget=forms.RadioSelect,
    )
    approved_since = forms.DateField(
        label=gettext_lazy("Only guests approved on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty for every approved guest."),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        field = self.fields["categories"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = GuestCategory.objects.filter(edition=edition, attendance=Attendance.ON_SITE).order_by(
            "order", "code"
        )

    def approved_since_moment(self) -> dt.datetime | None:
        day = self.cleaned_data.get("approved_since")
        if day is None:
            return None
        return dt.datetime.combine(day, dt.time.min, tzinfo=self.edition.tz)


def _badges_url(edition: Edition) -> str:
    return reverse("manage_services:badges", kwargs={"edition_slug": edition.slug})


@login_required
@require_http_methods(["GET", "POST"])
def manage_badges(request, edition_slug: str):
    """The batch form with the number of badges per category, and the user's recent batches."""
    edition = backoffice_edition(request, edition_slug, "services.manage_guests")
    form = BadgeBatchForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["categories"]
        since = form.approved_since_moment()
        if not badges.badge_registrations(edition, category_ids=[c.pk for c in chosen], approved_since=since).exists():
            form.add_error(None, _("No approved on-site guest in the chosen categories: there is no badge to print."))
        else:
            names = "、".join(category.name for category in chosen)
            job = jobs.start_job(
                BADGES_JOB,
                edition=edition,
                user=request.user,
                parameters={
                    "categories": [category.pk for category in chosen],
                    "layout": form.cleaned_data["layout"],
                    "approved_since": since.isoformat() if since else "",
                    "title": _("Badges: %(categories)s") % {"categories": names},
                    "back": _badges_url(edition),
                },
                task=make_badges,
            )
            return redirect("job", pk=job.pk)
    categories = (
        GuestCategory.objects.filter(edition=edition, attendance=Attendance.ON_SITE)
        .annotate(
            approved=Count(
                "registrations",
                filter=Q(
                    registrations__status=RegistrationStatus.APPROVED,
                    registrations__attendance=Attendance.ON_SITE,
                ),
            )
        )
        .order_by("order", "code")
    )
    recent = Job.objects.filter(kind=BADGES_JOB, edition_id=edition.pk, created_by=request.user).order_by("-created")[
        :5
    ]
    context = {"edition": edition, "form": form, "categories": list(categories), "jobs": list(recent)}
    return render(request, "services/badges/manage.html", context)


@login_required
@require_GET
def manage_badge_pdf(request, edition_slug: str, reference: str):
    """Any one badge of the edition (guest services); a page that says why when it has none."""
    edition = backoffice_edition(request, edition_slug, "services.manage_guests")
    registration = (
        Registration.objects.select_related("person__organization", "category", "edition")
        .filter(edition=edition, reference=reference.strip().upper())
        .first()
    )
    if registration is None:
        raise Http404("No such registration")
    if not badges.has_badge(registration):
        context = {"edition": edition, "registration": registration, "reason": badges.badge_refusal(registration)}
        return render(request, "services/badges/unavailable.html", context, status=409)
    return _pdf_response(badges.badge_pdf(registration), badges.badge_file_name(registration))


@login_required
@require_GET
def find_badge(request, edition_slug: str):
    """The reference typed in the badges page → that badge's PDF, or back with a message."""
    from django.contrib import messages

    edition = backoffice_edition(request, edition_slug, "services.manage_guests")
    reference = request.GET.get("reference", "").strip().upper()[:12]
    if not Registration.objects.filter(edition=edition, reference=reference).exists():
        messages.error(
            request,
            _("There is no registration %(reference)s at %(edition)s.")
            % {"reference": reference or "—", "edition": edition.name},
        )
        return redirect(_badges_url(edition))
    return redirect("manage_services:badge_pdf", edition_slug=edition.slug, reference=reference)
