"""The organizers' booth-application desk, under ``/manage/<edition>/exhibition/applications/``.

Applications by zone with status filters, each zone's counts (booths free, reserved,
confirmed) and waiting list in order, and per application the buttons that move it on:
reserve a free booth of its zone, confirm, decline, release. Plain forms that come back
to the page with a message naming the item; 404 for an edition the user does not organize.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.forums.views import organized_edition

from . import applications
from .applications import ApplicationError
from .enums import ApplicationStatus
from .models import Booth, BoothApplication, Zone
from .portal_forms import DeclineForm, ReserveForm
from .portal_views import BADGES

DOMAIN_ERRORS = (ApplicationError, PermissionDenied, Busy)


def _application(edition: Edition, pk: int) -> BoothApplication:
    application = (
        BoothApplication.objects.filter(edition=edition, pk=pk).select_related("exhibitor", "zone", "booth").first()
    )
    if application is None:
        raise Http404("No such application")
    return application


def _back(request: HttpRequest, edition: Edition, application: BoothApplication) -> str:
    url = reverse("manage_exhibition:applications", kwargs={"edition_slug": edition.slug})
    keep = {key: request.POST.get(key, "") for key in ("status", "zone") if request.POST.get(key)}
    if keep:
        url = f"{url}?{urlencode(keep)}"
    return f"{url}#application-{application.pk}"


@login_required
@require_GET
def board(request, edition_slug: str):
    edition = organized_edition(request, edition_slug)
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    zones = list(Zone.objects.filter(edition=edition).order_by("order", "code"))
    zone = next((z for z in zones if str(z.pk) == request.GET.get("zone", "")), None)
    free = applications.free_booths_of_edition(edition)
    by_zone: dict[int, list[dict]] = {}
    for application in applications.applications_of_edition(edition, status=status, zone=zone):
        by_zone.setdefault(application.zone_id, []).append(
            {
                "application": application,
                "badge": BADGES[ApplicationStatus(application.status)],
                "can_reserve": application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED),
                "can_confirm": application.status == ApplicationStatus.RESERVED,
                "can_release": application.status in (ApplicationStatus.RESERVED, ApplicationStatus.CONFIRMED),
                "can_decline": application.status in applications.OPEN,
                "fitting": [
                    b
                    for b in free.get(application.zone_id, [])
                    if b.kind == application.kind and b.area >= application.area
                ],
            }
        )
    waiting: dict[int, list[BoothApplication]] = {}
    for application in (
        BoothApplication.objects.filter(edition=edition, status=ApplicationStatus.WAITLISTED)
        .select_related("exhibitor")
        .order_by("created", "pk")
    ):
        waiting.setdefault(application.zone_id, []).append(application)
    sections = [
        {
            "counts": counts,
            "rows": by_zone.get(counts.zone.pk, []),
            "waiting": waiting.get(counts.zone.pk, []),
            "free": free.get(counts.zone.pk, []),
        }
        for counts in applications.zone_counts(edition)
        if zone is None or counts.zone.pk == zone.pk
    ]
    context = {
        "edition": edition,
        "sections": sections,
        "statuses": ApplicationStatus.choices,
        "status": status,
        "zones": zones,
        "zone": zone,
    }
    return render(request, "exhibition/manage/applications.html", context)


@login_required
@require_POST
def reserve(request, edition_slug: str, pk: int):
    edition = organized_edition(request, edition_slug)
    application = _application(edition, pk)
    form = ReserveForm(request.POST)
    booth = Booth.objects.filter(edition=edition, pk=form.cleaned_data["booth"]).first() if form.is_valid() else None
    if booth is None:
        messages.error(request, _("Choose a booth for %(exhibitor)s.") % {"exhibitor": application.exhibitor})
        return redirect(_back(request, edition, application))
    try:
        applications.reserve_booth(application, booth=booth, actor=request.user)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Booth %(booth)s is reserved for %(exhibitor)s.")
            % {"booth": booth.code, "exhibitor": application.exhibitor},
        )
    return redirect(_back(request, edition, application))


def _simple(request: HttpRequest, edition_slug: str, pk: int, action: str):
    edition = organized_edition(request, edition_slug)
    application = _application(edition, pk)
    name = application.exhibitor
    try:
        if action == "confirm":
            done = applications.confirm_booth(application, actor=request.user)
            message = _("Booth %(booth)s is confirmed for %(exhibitor)s.") % {
                "booth": done.booth.code if done.booth else "",
                "exhibitor": name,
            }
        elif action == "release":
            booth = application.booth.code if application.booth else ""
            applications.release_booth(application, actor=request.user)
            message = _("Booth %(booth)s was taken back from %(exhibitor)s.") % {"booth": booth, "exhibitor": name}
        else:
            form = DeclineForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            applications.decline_application(application, actor=request.user, reason=reason)
            message = _("The application of %(exhibitor)s for %(zone)s was declined.") % {
                "exhibitor": name,
                "zone": application.zone,
            }
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message)
    return redirect(_back(request, edition, application))


@login_required
@require_POST
def confirm(request, edition_slug: str, pk: int):
    return _simple(request, edition_slug, pk, "confirm")


@login_required
@require_POST
def decline(request, edition_slug: str, pk: int):
    return _simple(request, edition_slug, pk, "decline")


@login_required
@require_POST
def release(request, edition_slug: str, pk: int):
    return _simple(request, edition_slug, pk, "release")
