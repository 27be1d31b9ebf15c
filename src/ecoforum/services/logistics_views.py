"""Back-office pages of hotels, transport and meals, under ``/manage/<edition>/services/``.

Who sees what:

- any committee member of the edition (``forums.view_backoffice``) sees the hotels'
  occupancy, the transport board and the meal counts, and downloads the kitchen's workbook;
- guest services and organizers (``services.manage_guests``) also change things (blocks,
  rooms, legs, runs, seats, meals) and see and download what carries guests' phone numbers:
  the guest search, the rooming lists and the drivers' manifests.

Someone outside the committee gets a 404 (the same as a missing edition), a committee member
without the permission a 403. Every refusal of a service comes back as a message naming the item.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.forums.views import committee_edition

from . import hotels, meals, transport
from .enums import RoomType, TravelDirection
from .hotels import HotelError
from .logistics_forms import (
    AllocationForm,
    AssignForm,
    BlockForm,
    DayForm,
    MealForm,
    RunChangeForm,
    RunForm,
    SearchForm,
    StaffLegForm,
)
from .meals import MealError
from .models import Registration, TravelLeg
from .transport import TransportError

MANAGE = "services.manage_guests"
VIEW = "forums.view_backoffice"
#: Legs on one page of the transport board.
LEGS_PER_PAGE = 50


def logistics_edition(request: HttpRequest, slug: str, permission: str = VIEW) -> Edition:
    """The edition for a committee member with ``permission``: 404 outside the committee, 403 without it."""
    return committee_edition(request, slug, permission)


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=hotels.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (its filters kept), or ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


def _error(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, str(getattr(exc, "message", exc)))


def _form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# --- hotels -------------------------------------------------------------------------------------


def _hotels_url(edition: Edition) -> str:
    return reverse("manage_services:hotels", kwargs={"edition_slug": edition.slug})


@login_required
@require_GET
def hotels_page(request, edition_slug: str):
    edition = logistics_edition(request, edition_slug)
    can_manage = request.user.has_perm(MANAGE, edition)
    nights, table = hotels.occupancy(edition)
    search = SearchForm(request.GET or None)
    found: list[Registration] = []
    if can_manage and search.is_valid() and search.cleaned_data["q"]:
        found = hotels.find_guests(edition, search.cleaned_data["q"])
    rows = []
    for registration in found:
        room = getattr(registration, "room", None)
        if room is not None:
            initial = {
                "hotel": room.hotel_id,
                "room_type": room.room_type,
                "arrival": room.arrival,
                "departure": room.departure,
                "shares_with": room.shares_with.registration.reference if room.shares_with else "",
                "room_number": room.room_number,
                "note": room.note,
            }
        else:
            initial = {
                "hotel": None,
                "room_type": RoomType.SINGLE,
                "arrival": edition.start_date - dt.timedelta(days=1),
                "departure": edition.end_date + dt.timedelta(days=1),
            }
        rows.append({"registration": registration, "room": room, "initial": initial})
    first, last = hotels.stay_window(edition)
    context = {
        "edition": edition,
        "can_manage": can_manage,
        "nights": nights,
        "table": [{"hotel": entry.hotel, "rows": entry.rows(nights)} for entry in table],
        "hotel_list": [entry.hotel for entry in table],
        "room_types": RoomType.choices,
        "first_day": first,
        "last_day": last,
        "search": search,
        "found": rows,
        "searched": bool(search.is_bound and search.is_valid() and search.cleaned_data["q"]),
        "block_form": BlockForm(edition=edition) if can_manage else None,
        "stale": hotels.stale_rooms(edition) if can_manage else [],
        "here": request.get_full_path(),
    }
    template = "services/logistics/hotels.html"
    if request.htmx and not request.htmx.history_restore_request and request.htmx.target == "guest-results":
        template += "#guests"
    return render(request, template, context)


@login_required
@require_POST
def room_allocate(request, edition_slug: str, registration_pk: int):
    edition = logistics_edition(request, edition_slug, MANAGE)
    registration = Registration.objects.filter(pk=registration_pk, edition=edition).first()
    if registration is None:
        raise Http404("No such registration")
    form = AllocationForm(request.POST, edition=edition, prefix=f"r{registration.pk}")
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, _hotels_url(edition))
    data = form.cleaned_data
    current = hotels.RoomAllocation.objects.filter(registration=registration).select_related("hotel").first()
    try:
        if current is None:
            hotels.allocate_room(registration, actor=request.user, **data)
            messages.success(
                request,
                _("%(reference)s has a room at %(hotel)s.")
                % {"reference": registration.reference, "hotel": data["hotel"]},
            )
        else:
            hotels.move_room(current, actor=request.user, **data)
            messages.success(
                request,
                _("The room of %(reference)s is changed.") % {"reference": registration.reference},
            )
    except (HotelError, Busy) as exc:
        _error(request, exc)
    return _back(request, _hotels_url(edition))


@login_required
@require_POST
def room_release(request, edition_slug: str, pk: int):
    edition = logistics_edition(request, edition_slug, MANAGE)
    allocation = hotels.allocation_of(edition, pk)
    if allocation is None:
        raise Http404("No such room")
    reference = allocation.registration.reference
    try:
        hotels.release_room(allocation, actor=request.user)
    except (HotelError, Busy) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The room of %(reference)s is released.") % {"reference": reference})
    return _back(request, _hotels_url(edition))


@login_required
@require_POST
def room_block(request, edition_slug: str):
    edition = logistics_edition(request, edition_slug, MANAGE)
    form = BlockForm(request.POST, edition=edition)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_hotels_url(edition))
    data = form.cleaned_data
    try:
        hotels.set_block(
            data["hotel"],
            night=data["night"],
            room_type=data["room_type"],
            rooms=data["rooms"],
            rate=data["rate"],
            actor=request.user,
        )
    except (HotelError, Busy) as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("%(hotel)s holds %(rooms)s rooms on the night of %(night)s.")
            % {"hotel": data["hotel"], "rooms": data["rooms"], "night": data["night"].isoformat()},
        )
    return redirect(_hotels_url(edition))


@login_required
@require_GET
def rooming_xlsx(request, edition_slug: str, pk: int):
    edition = logistics_edition(request, edition_slug, MANAGE)
    hotel = hotels.hotel_of(edition, pk)
    if hotel is None:
        raise Http404("No such hotel")
    export = hotels.RoomingListWorkbook(hotel)
    return _xlsx(export.render(hotels.rooming_list(hotel)), export.filename)


# --- transport ----------------------------------------------------------------------------------


def _transport_url(edition: Edition, **query) -> str:
    url = reverse("manage_services:transport", kwargs={"edition_slug": edition.slug})
    query = {k: v for k, v in query.items() if v}
    return f"{url}?{urlencode(query)}" if query else url


def _default_day(edition: Edition) -> dt.date:
    return edition.start_date - dt.timedelta(days=1)


@login_required
@require_GET
def transport_page(request, edition_slug: str):
    edition = logistics_edition(request, edition_slug)
    can_manage = request.user.has_perm(MANAGE, edition)
    days = transport.window_days(edition)
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = _default_day(edition)
    if day not in days:
        day = _default_day(edition)
    stations = list(transport.stations_of(edition))
    station = next((s for s in stations if str(s.pk) == request.GET.get("station", "")), None)
    direction = request.GET.get("direction", "")
    if direction not in TravelDirection.values:
        direction = ""
    start, end = transport.day_bounds(edition, day)
    runs = transport.runs_of(edition).filter(departs_at__gte=start - transport.DEPARTURE_LEAD_MAX, departs_at__lt=end)
    if station is not None:
        runs = runs.filter(station=station)
    if direction:
        runs = runs.filter(direction=direction)
    runs = list(runs)
    legs = transport.legs_of_day(edition, day, station=station, direction=direction)
    page = Paginator(legs, LEGS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for leg in page.object_list:
        ride = getattr(leg, "ride", None)
        fitting = (
            [run for run in runs if run.taken < run.vehicle.seats and transport.fits(run, leg)] if ride is None else []
        )
        rows.append({"leg": leg, "ride": ride, "runs": fitting, "waiting": leg.needs_pickup and ride is None})
    query = {"day": day.isoformat(), "station": station.pk if station else "", "direction": direction}
    context = {
        "edition": edition,
        "can_manage": can_manage,
        "days": days,
        "day": day,
        "stations": stations,
        "station": station,
        "direction": direction,
        "directions": TravelDirection.choices,
        "runs": [r for r in runs if start <= r.departs_at < end],
        "page": page,
        "rows": rows,
        "here": _transport_url(edition, **query),
        "query": urlencode({k: v for k, v in query.items() if v}),
        "run_form": RunForm(
            edition=edition, initial={"day": day.isoformat(), "station": station, "direction": direction}
        )
        if can_manage
        else None,
        "leg_form": StaffLegForm(edition=edition, initial={"day": day.isoformat(), "station": station}, prefix="leg")
        if can_manage
        else None,
    }
    return render(request, "services/logistics/transport.html", context)


def _leg(edition: Edition, pk: int) -> TravelLeg:
    leg = TravelLeg.objects.filter(pk=pk, registration__edition=edition).select_related("registration").first()
    if leg is None:
        raise Http404("No such journey")
    return leg


@login_required
@require_POST
def leg_set(request, edition_slug: str):
    edition = logistics_edition(request, edition_slug, MANAGE)
    form = StaffLegForm(request.POST, edition=edition, prefix="leg")
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, _transport_url(edition))
    reference = "".join(form.cleaned_data["reference"].split()).upper()
    registration = Registration.objects.filter(edition=edition, reference=reference).select_related("edition").first()
    if registration is None:
        messages.error(request, _("No registration has the reference %(reference)s.") % {"reference": reference})
        return _back(request, _transport_url(edition))
    try:
        transport.set_leg(
            registration, direction=form.cleaned_data["direction"], actor=request.user, **form.leg_fields()
        )
    except (TransportError, Busy) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The journey of %(reference)s is saved.") % {"reference": reference})
    return _back(request, _transport_url(edition))


@login_required
@require_POST
def leg_assign(request, edition_slug: str, pk: int):
    edition = logistics_edition(request, edition_slug, MANAGE)
    leg = _leg(edition, pk)
    form = AssignForm(request.POST, edition=edition)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, _transport_url(edition))
    run = form.cleaned_data["run"]
    try:
        transport.assign_leg(run, leg, actor=request.user)
    except (TransportError, Busy) as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("%(reference)s rides %(run)s.") % {"reference": leg.registration.reference, "run": run}
        )
    return _back(request, _transport_url(edition))


@login_required
@require_POST
def leg_unassign(request, edition_slug: str, pk: int):
    edition = logistics_edition(request, edition_slug, MANAGE)
    leg = _leg(edition, pk)
    try:
        transport.unassign_leg(leg, actor=request.user)
    except (TransportError, Busy) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("%(reference)s is off the run.") % {"reference": leg.registration.reference})
    return _back(request, _transport_url(edition))


@login_required
@require_POST
def run_create(request, edition_slug: str):
    edition = logistics_edition(request, edition_slug, MANAGE)
    form = RunForm(request.POST, edition=edition)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, _transport_url(edition))
    data = form.cleaned_data
    try:
        run = transport.create_run(
            edition,
            vehicle=data["vehicle"],
            station=data["station"],
            direction=data["direction"],
            departs_at=form.moment(),
            note=data["note"],
            actor=request.user,
        )
    except (TransportError, Busy) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The run %(run)s is planned.") % {"run": run})
    return _back(request, _transport_url(edition, day=data["day"].isoformat()))


@login_required
@require_POST
def run_cancel(request, edition_slug: str, pk: int):
    edition = logistics_edition(request, edition_slug, MANAGE)
    run = transport.run_of(edition, pk)
    if run is None:
        raise Http404("No such run")
    try:
        legs = transport.cancel_run(run, actor=request.user)
    except (TransportError, Busy) as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("The run %(run)s is cancelled; %(count)s passengers wait for another.")
            % {"run": run, "count": len(legs)},
        )
    return _back(request, _transport_url(edition))


@login_required
@require_POST
def runs_suggest(request, edition_slug: str):
    edition = logistics_edition(request, edition_slug, MANAGE)
    form = DayForm(request.POST, edition=edition)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(request, _transport_url(edition))
    day = form.cleaned_data["day"]
    try:
        made = transport.suggest_runs(
            edition, day, vehicles=list(transport.vehicles_of(edition).order_by("seats", "name")), actor=request.user
        )
    except (TransportError, Busy) as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("%(count)s runs were planned for the arrivals of %(day)s.")
            % {"count": len(made), "day": day.isoformat()},
        )
    return _back(request, _transport_url(edition, day=day.isoformat()))


@login_required
@require_GET
def run_manifest(request, edition_slug: str, pk: int):
    edition = logistics_edition(request, edition_slug, MANAGE)
    run = transport.run_of(edition, pk)
    if run is None:
        raise Http404("No such run")
    context = {
        "edition": edition,
        "run": run,
        "rows": transport.manifest(run),
        "change_form": RunChangeForm(initial=RunChangeForm.initial_for(run), edition=edition),
    }
    return render(request, "services/logistics/manifest.html", context)


@login_required
@require_POST
def run_change(request, edition_slug: str, pk: int):
    edition = logistics_edition(request, edition_slug, MANAGE)
    run = transport.run_of(edition, pk)
    if run is None:
        raise Http404("No such run")
    form = RunChangeForm(request.POST, edition=edition)
    target = reverse("manage_services:run_manifest", kwargs={"edition_slug": edition.slug, "pk": run.pk})
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(target)
    try:
        run = transport.change_run(
            run,
            vehicle=form.cleaned_data["vehicle"],
            departs_at=form.moment(),
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except (TransportError, Busy) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The run %(run)s is changed.") % {"run": run})
    return redirect(target)


@login_required
@require_GET
def run_manifest_xlsx(request, edition_slug: str, pk: int):
    edition = logistics_edition(request, edition_slug, MANAGE)
    run = transport.run_of(edition, pk)
    if run is None:
        raise Http404("No such run")
    export = transport.ManifestWorkbook(run)
    return _xlsx(export.render(transport.manifest(run)), export.filename)


# --- meals --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meals_page(request, edition_slug: str):
    edition = logistics_edition(request, edition_slug)
    can_manage = request.user.has_perm(MANAGE, edition)
    form = None
    if can_manage:
        form = MealForm(request.POST or None, edition=edition, initial={"day": edition.start_date.isoformat()})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        assert form is not None
        if form.is_valid():
            try:
                meal = meals.create_meal(edition, actor=request.user, **form.meal_fields())
            except MealError as exc:
                form.add_error(exc.field or None, str(exc.message))
            else:
                messages.success(request, _("The meal %(meal)s is added.") % {"meal": meal})
                return redirect(reverse("manage_services:meals", kwargs={"edition_slug": edition.slug}))
    counts = meals.meal_counts(edition)
    context = {
        "edition": edition,
        "can_manage": can_manage,
        "days": meals.by_day(edition, counts),
        "diets": meals.DIETS,
        "form": form,
        "bar_width": 240,
    }
    return render(request, "services/logistics/meals.html", context)


@login_required
@require_GET
def meals_xlsx(request, edition_slug: str):
    edition = logistics_edition(request, edition_slug)
    export = meals.KitchenWorkbook(edition)
    return _xlsx(export.render(meals.meal_counts(edition)), export.filename)
