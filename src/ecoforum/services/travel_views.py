"""The guest's travel page: their arrival and departure, their hotel, their pickup.

The private link of the registration (its token) is the permission: anyone holding it
may enter or change the journeys, nobody else sees anything (404, the same as a missing
link). Only registrations that come on site and are approved or awaiting approval have
the page. Hotel and pickup show once guest services assign them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ecoforum.core.locking import Busy

from . import transport
from .enums import HOLDING, Attendance, TravelDirection
from .logistics_forms import LegForm
from .models import Registration, RoomAllocation
from .transport import TransportError


def _registration(edition, token: str) -> Registration:
    registration = (
        Registration.objects.filter(edition=edition, token=token, status__in=HOLDING, attendance=Attendance.ON_SITE)
        .select_related("person", "category", "edition")
        .first()
    )
    if registration is None:
        raise Http404("No such registration")
    return registration


@never_cache
@require_http_methods(["GET", "POST"])
def travel_page(request, edition, token: str):
    timezone.activate(edition.tz)
    registration = _registration(edition, token)
    legs = transport.legs_of_registration(registration)
    forms = {}
    for direction in TravelDirection.values:
        initial = LegForm.initial_for(legs.get(direction)) or {
            "day": (edition.start_date if direction == TravelDirection.ARRIVAL else edition.end_date).isoformat(),
            "needs_pickup": True,
        }
        bound = request.method == "POST" and request.POST.get("direction") == direction
        forms[direction] = LegForm(request.POST if bound else None, initial=initial, edition=edition, prefix=direction)
    if request.method == "POST":
        direction = request.POST.get("direction", "")
        form = forms.get(direction)
        if form is None:
            raise Http404("No such journey")
        if form.is_valid():
            try:
                transport.set_leg(registration, direction=direction, actor=None, **form.leg_fields())
            except (TransportError, Busy) as exc:
                field = {"at": "time"}.get(getattr(exc, "field", ""), getattr(exc, "field", ""))
                form.add_error(field if field in form.fields else None, str(getattr(exc, "message", exc)))
            else:
                messages.success(
                    request,
                    _("Your arrival is saved.")
                    if direction == TravelDirection.ARRIVAL
                    else _("Your departure is saved."),
                )
                url = reverse("services:travel", kwargs={"edition": edition.slug, "token": token})
                return redirect(f"{url}#{direction}")
    room = (
        RoomAllocation.objects.filter(registration=registration)
        .select_related("hotel", "shares_with__registration__person")
        .first()
    )
    sections = [
        {
            "direction": direction,
            "label": label,
            "leg": legs.get(direction),
            "ride": getattr(legs.get(direction), "ride", None) if legs.get(direction) else None,
            "form": forms[direction],
        }
        for direction, label in TravelDirection.choices
    ]
    context = {
        "edition": edition,
        "registration": registration,
        "sections": sections,
        "room": room,
        "has_stations": transport.stations_of(edition).exists(),
    }
    return render(request, "services/travel/travel.html", context)
