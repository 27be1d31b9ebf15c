"""Transport (交通): guests' arrivals and departures, pickup runs, and the drivers' manifests.

A guest's :class:`TravelLeg` is their arrival or departure (flight or train, number, time,
station, whether they need a pickup), entered by the guest on their travel page or by guest
services. A :class:`PickupRun` is one vehicle's trip between a station and the hotels.

Rules (each refusal names the item):

- times fall within :func:`travel_window`: from three days before the first day of the
  edition (00:00) to the end of the third day after the last, in the edition's time zone;
- a leg rides a run of its own station and direction, and only when it asked for a pickup;
- **arrival**: the train or flight comes in at most :data:`ARRIVAL_WAIT` (90 minutes) before
  the run leaves the station, and not after it leaves;
- **departure**: the run leaves the hotels between :data:`DEPARTURE_LEAD_MIN` (2 hours) and
  :data:`DEPARTURE_LEAD_MAX` (4 hours) before the flight or train;
- a run never carries more passengers than its vehicle's seats: :func:`assign_leg` locks the
  run's row, counts, then inserts (the one-to-one ``RunPassenger.leg`` keeps a leg on one run);
- a vehicle is busy for :data:`RUN_DURATION` (90 minutes) from a run's departure, and two of
  its runs never overlap: :func:`create_run` and :func:`change_run` lock the vehicle's row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import lock_many, lock_one
from ecoforum.forums.models import Edition

from .enums import HOLDING, Attendance, TravelDirection, TravelMode
from .hotels import CONTENT_TYPE, person_names, workbook_bytes
from .models import RUN_DURATION, PickupRun, Registration, RoomAllocation, RunPassenger, Station, TravelLeg, Vehicle

WINDOW_DAYS = 3
#: An arriving guest waits at most this long for their run.
ARRIVAL_WAIT = dt.timedelta(minutes=90)
#: A departure run leaves the hotels this long before the flight or train, at least and at most.
DEPARTURE_LEAD_MIN = dt.timedelta(hours=2)
DEPARTURE_LEAD_MAX = dt.timedelta(hours=4)
#: A vehicle is busy this long from the departure of each of its runs.
#: Arrivals that :func:`suggest_runs` groups into one run.
SUGGEST_WINDOW = dt.timedelta(minutes=60)


class TransportError(Exception):
    """A leg, a run or a seat that cannot be given or changed; the message names the item."""

    def __init__(self, message: Any, *, field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class RunFull(TransportError):
    """Every seat of the run's vehicle is taken."""


# --- times ------------------------------------------------------------------------------------


def travel_window(edition: Edition) -> tuple[dt.datetime, dt.datetime]:
    """The first and the first-after-last moment a leg or a run may have."""
    first = dt.datetime.combine(edition.start_date - dt.timedelta(days=WINDOW_DAYS), dt.time.min, tzinfo=edition.tz)
    last = dt.datetime.combine(edition.end_date + dt.timedelta(days=WINDOW_DAYS + 1), dt.time.min, tzinfo=edition.tz)
    return first, last


def window_days(edition: Edition) -> list[dt.date]:
    first, last = travel_window(edition)
    return [first.date() + dt.timedelta(days=i) for i in range((last.date() - first.date()).days)]


def local(value: dt.datetime, edition: Edition) -> str:
    return formats.date_format(timezone.localtime(value, edition.tz), "Y-m-d H:i")


def check_time(edition: Edition, at: dt.datetime | None, *, field: str = "at") -> None:
    if at is None:
        raise TransportError(_("Please give the date and time."), field=field)
    if timezone.is_naive(at):
        raise TransportError(_("The time %(time)s has no time zone.") % {"time": at}, field=field)
    first, last = travel_window(edition)
    if not first <= at < last:
        raise TransportError(
            _("The time %(time)s is outside the travel days of %(edition)s (%(first)s to %(last)s).")
            % {
                "time": local(at, edition),
                "edition": edition,
                "first": formats.date_format(first.date(), "Y-m-d"),
                "last": formats.date_format(last.date() - dt.timedelta(days=1), "Y-m-d"),
            },
            field=field,
        )


def fits(run: PickupRun, leg: TravelLeg) -> bool:
    return fit_problem(run, leg) is None


def fit_problem(run: PickupRun, leg: TravelLeg) -> str | None:
    """Why ``leg`` cannot ride ``run`` (station, direction, time), or None. Seats are counted under the lock."""
    edition = run.edition
    reference = leg.registration.reference
    if leg.station_id != run.station_id:
        return _("%(reference)s travels through %(station)s, the run through %(run_station)s.") % {
            "reference": reference,
            "station": leg.station,
            "run_station": run.station,
        }
    if leg.direction != run.direction:
        return _("The %(direction)s of %(reference)s cannot ride a run of %(run_direction)s.") % {
            "direction": leg.get_direction_display().lower(),
            "reference": reference,
            "run_direction": run.get_direction_display().lower(),
        }
    if leg.direction == TravelDirection.ARRIVAL:
        if not run.departs_at - ARRIVAL_WAIT <= leg.at <= run.departs_at:
            return _(
                "%(reference)s arrives at %(time)s: a run leaving at %(run_time)s does not wait for them "
                "(arrivals up to 90 minutes before the run leaves)."
            ) % {"reference": reference, "time": local(leg.at, edition), "run_time": local(run.departs_at, edition)}
    elif not leg.at - DEPARTURE_LEAD_MAX <= run.departs_at <= leg.at - DEPARTURE_LEAD_MIN:
        return _(
            "%(reference)s leaves at %(time)s: the run must leave between 4 and 2 hours before, not at %(run_time)s."
        ) % {"reference": reference, "time": local(leg.at, edition), "run_time": local(run.departs_at, edition)}
    return None


# --- legs -------------------------------------------------------------------------------------


LEG_FIELDS = ["mode", "number", "station_id", "at", "needs_pickup", "note"]


def _check_traveller(registration: Registration) -> None:
    if registration.status not in HOLDING or registration.attendance != Attendance.ON_SITE:
        raise TransportError(
            _(
                "Registration %(reference)s is %(status)s (%(attendance)s): only guests coming on site "
                "who are approved or awaiting approval travel with us."
            )
            % {
                "reference": registration.reference,
                "status": registration.get_status_display(),
                "attendance": registration.get_attendance_display(),
            }
        )


def set_leg(
    registration: Registration,
    *,
    direction: str,
    mode: str,
    number: str,
    station: Station,
    at: dt.datetime,
    needs_pickup: bool = True,
    note: str = "",
    actor: Any = None,
) -> TravelLeg:
    """Enter or change a guest's arrival or departure. A leg that no longer fits its run leaves the run."""
    edition = registration.edition
    if direction not in TravelDirection.values:
        raise TransportError(_("%(direction)s is not a direction.") % {"direction": direction}, field="direction")
    if mode not in TravelMode.values:
        raise TransportError(_("%(mode)s is not a way of travelling.") % {"mode": mode}, field="mode")
    number = "".join(number.split()).upper()
    if len(number) > 20:
        raise TransportError(
            _("The flight or train number %(number)s is too long.") % {"number": number[:30]}, field="number"
        )
    if mode in (TravelMode.FLIGHT, TravelMode.TRAIN) and not number:
        raise TransportError(_("Please give the flight or train number."), field="number")
    if station.edition_id != registration.edition_id:
        raise TransportError(
            _("%(station)s is not a station of %(edition)s.") % {"station": station, "edition": edition},
            field="station",
        )
    check_time(edition, at)
    with transaction.atomic(durable=True):
        registration = lock_one(Registration, registration.pk)
        _check_traveller(registration)
        leg = (
            TravelLeg.objects.select_for_update()
            .filter(registration=registration, direction=direction)
            .select_related("registration")
            .first()
        )
        values = {
            "mode": mode,
            "number": number,
            "station_id": station.pk,
            "at": at,
            "needs_pickup": needs_pickup,
            "note": note.strip()[:300],
        }
        if leg is None:
            try:
                with transaction.atomic():
                    leg = TravelLeg.objects.create(registration=registration, direction=direction, **values)
            except IntegrityError as exc:
                raise TransportError(
                    _("%(reference)s has this journey already.") % {"reference": registration.reference}
                ) from exc
            log_action(
                leg,
                "services.travel.added",
                actor=actor,
                edition_id=edition.pk,
                data={"registration": registration.reference, "direction": direction, **values},
            )
            return leg
        before = {name: getattr(leg, name) for name in LEG_FIELDS}
        for name, value in values.items():
            setattr(leg, name, value)
        changed = {name: [before[name], values[name]] for name in LEG_FIELDS if before[name] != values[name]}
        if not changed:
            return leg
        leg.save(update_fields=[name.removesuffix("_id") for name in changed])
        ride = RunPassenger.objects.filter(leg=leg).select_related("run__edition", "run__station").first()
        if ride is not None:
            leg.station = station
            if not needs_pickup or fit_problem(ride.run, leg) is not None:
                changed["run"] = [ride.run_id, None]
                ride.delete()
        log_action(
            leg,
            "services.travel.changed",
            actor=actor,
            edition_id=edition.pk,
            data={"registration": registration.reference, "direction": direction, **changed},
        )
    return leg


def remove_leg(leg: TravelLeg, *, actor: Any = None) -> None:
    """Forget an arrival or a departure (and its seat on a run)."""
    with transaction.atomic(durable=True):
        current = TravelLeg.objects.select_related("registration").filter(pk=leg.pk).first()
        if current is None:
            raise TransportError(_("This journey no longer exists."))
        log_action(
            current,
            "services.travel.removed",
            actor=actor,
            edition_id=current.registration.edition_id,
            data={"registration": current.registration.reference, "direction": current.direction},
        )
        current.delete()


# --- runs -------------------------------------------------------------------------------------


def _check_run(edition: Edition, vehicle: Vehicle, station: Station, direction: str, departs_at) -> None:
    if vehicle.edition_id != edition.pk:
        raise TransportError(_("%(vehicle)s is a vehicle of another edition.") % {"vehicle": vehicle}, field="vehicle")
    if station.edition_id != edition.pk:
        raise TransportError(_("%(station)s is a station of another edition.") % {"station": station}, field="station")
    if direction not in TravelDirection.values:
        raise TransportError(_("%(direction)s is not a direction.") % {"direction": direction}, field="direction")
    check_time(edition, departs_at, field="departs_at")


def _refuse_overlap(vehicle: Vehicle, departs_at: dt.datetime, *, exclude: int | None = None) -> None:
    """The vehicle must be locked."""
    clash = PickupRun.objects.filter(
        vehicle=vehicle, departs_at__gt=departs_at - RUN_DURATION, departs_at__lt=departs_at + RUN_DURATION
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    other = clash.select_related("station", "edition").order_by("departs_at").first()
    if other is not None:
        raise TransportError(
            _("%(vehicle)s is on a run to %(station)s at %(time)s: a run takes 90 minutes.")
            % {"vehicle": vehicle, "station": other.station, "time": local(other.departs_at, other.edition)},
            field="departs_at",
        )


def create_run(
    edition: Edition,
    *,
    vehicle: Vehicle,
    station: Station,
    direction: str,
    departs_at: dt.datetime,
    note: str = "",
    actor: Any = None,
) -> PickupRun:
    _check_run(edition, vehicle, station, direction, departs_at)
    with transaction.atomic(durable=True):
        vehicle = lock_one(Vehicle, vehicle.pk)
        _refuse_overlap(vehicle, departs_at)
        run = PickupRun.objects.create(
            edition=edition,
            vehicle=vehicle,
            station=station,
            direction=direction,
            departs_at=departs_at,
            note=note.strip()[:300],
        )
        log_action(
            run,
            "services.run.created",
            actor=actor,
            data={"vehicle": vehicle.name, "station": station.pk, "direction": direction, "departs_at": departs_at},
        )
    return run


def change_run(
    run: PickupRun, *, vehicle: Vehicle, departs_at: dt.datetime, note: str = "", actor: Any = None
) -> PickupRun:
    """Another vehicle or time: the seats must hold the passengers, and each passenger must still fit."""
    edition = run.edition
    _check_run(edition, vehicle, run.station, run.direction, departs_at)
    with transaction.atomic(durable=True):
        lock_many(Vehicle, {vehicle.pk, run.vehicle_id})
        run = lock_one(PickupRun, run.pk)
        before = {"vehicle": run.vehicle_id, "departs_at": run.departs_at, "note": run.note}
        _refuse_overlap(vehicle, departs_at, exclude=run.pk)
        passengers = list(
            TravelLeg.objects.filter(ride__run=run).select_related("registration", "station").order_by("at")
        )
        if len(passengers) > vehicle.seats:
            raise RunFull(
                _("%(vehicle)s has %(seats)s seats: the run carries %(count)s passengers.")
                % {"vehicle": vehicle, "seats": vehicle.seats, "count": len(passengers)},
                field="vehicle",
            )
        run.vehicle, run.departs_at, run.note = vehicle, departs_at, note.strip()[:300]
        for leg in passengers:
            problem = fit_problem(run, leg)
            if problem:
                raise TransportError(problem, field="departs_at")
        run.save(update_fields=["vehicle", "departs_at", "note"])
        after = {"vehicle": run.vehicle_id, "departs_at": run.departs_at, "note": run.note}
        log_action(
            run,
            "services.run.changed",
            actor=actor,
            data={k: [before[k], after[k]] for k in before if before[k] != after[k]},
        )
    return run


def cancel_run(run: PickupRun, *, actor: Any = None) -> list[TravelLeg]:
    """Delete a run; its passengers' legs become unassigned (returned)."""
    with transaction.atomic(durable=True):
        run = lock_one(PickupRun, run.pk)
        legs = list(TravelLeg.objects.filter(ride__run=run).select_related("registration"))
        log_action(
            run,
            "services.run.cancelled",
            actor=actor,
            data={"passengers": [leg.registration.reference for leg in legs], "departs_at": run.departs_at},
        )
        run.delete()
    return legs


def assign_leg(run: PickupRun, leg: TravelLeg, *, actor: Any = None) -> RunPassenger:
    """Seat a guest's leg on a run: same station and direction, time near the run, a free seat."""
    if run.edition_id != leg.registration.edition_id:
        raise TransportError(
            _("%(reference)s is not a guest of this run's edition.") % {"reference": leg.registration.reference}
        )
    with transaction.atomic(durable=True):
        run = lock_one(PickupRun, run.pk)
        run = PickupRun.objects.select_related("vehicle", "station", "edition").get(pk=run.pk)
        current = TravelLeg.objects.select_related("registration", "station").filter(pk=leg.pk).first()
        if current is None:
            raise TransportError(_("This journey no longer exists."))
        reference = current.registration.reference
        _check_traveller(current.registration)
        if not current.needs_pickup:
            raise TransportError(
                _("%(reference)s needs no pickup for this journey.") % {"reference": reference}, field="leg"
            )
        problem = fit_problem(run, current)
        if problem:
            raise TransportError(problem, field="leg")
        ride = RunPassenger.objects.filter(leg=current).select_related("run__vehicle").first()
        if ride is not None:
            raise TransportError(
                _("%(reference)s rides %(run)s already: take them off it first.")
                % {"reference": reference, "run": ride.run},
                field="leg",
            )
        taken = RunPassenger.objects.filter(run=run).count()
        if taken >= run.vehicle.seats:
            raise RunFull(
                _("The run %(run)s is full: all %(seats)s seats are taken.") % {"run": run, "seats": run.vehicle.seats},
                field="run",
            )
        try:
            with transaction.atomic():
                passenger = RunPassenger.objects.create(run=run, leg=current)
        except IntegrityError as exc:
            raise TransportError(
                _("%(reference)s rides another run already.") % {"reference": reference}, field="leg"
            ) from exc
        log_action(
            passenger,
            "services.run.assigned",
            actor=actor,
            edition_id=run.edition_id,
            data={"run": run.pk, "registration": reference, "direction": current.direction},
        )
    return passenger


def unassign_leg(leg: TravelLeg, *, actor: Any = None) -> None:
    with transaction.atomic(durable=True):
        ride = RunPassenger.objects.select_related("leg__registration", "run").filter(leg_id=leg.pk).first()
        if ride is None:
            raise TransportError(_("This journey rides no run."))
        _unseat(ride, actor)


def release_rides_of(registration: Registration, *, actor: Any = None) -> None:
    """The seats of a registration that is cancelled or refused go back (part of a larger transaction)."""
    rides = RunPassenger.objects.select_related("leg__registration", "run").filter(leg__registration=registration)
    for ride in sorted(rides, key=lambda r: r.run_id):
        _unseat(ride, actor)


def _unseat(ride: RunPassenger, actor: Any) -> None:
    lock_one(PickupRun, ride.run_id)
    log_action(
        ride,
        "services.run.unassigned",
        actor=actor,
        edition_id=ride.run.edition_id,
        data={"run": ride.run_id, "registration": ride.leg.registration.reference},
    )
    ride.delete()


def suggest_runs(edition: Edition, day: dt.date, *, vehicles: list[Vehicle], actor: Any = None) -> list[PickupRun]:
    """Runs for the unassigned arrivals of a day that need a pickup: by station, in 60-minute windows.

    Each window's run leaves at the last arrival of the window; the first free vehicle of the list
    (no overlapping run) carries as many as it seats, the next takes the rest. Each run is made
    and filled through :func:`create_run` and :func:`assign_leg`, so every rule holds.
    """
    start = dt.datetime.combine(day, dt.time.min, tzinfo=edition.tz)
    legs = list(
        TravelLeg.objects.filter(
            registration__edition=edition,
            registration__status__in=HOLDING,
            direction=TravelDirection.ARRIVAL,
            needs_pickup=True,
            ride__isnull=True,
            at__gte=start,
            at__lt=start + dt.timedelta(days=1),
        )
        .select_related("registration", "station")
        .order_by("station_id", "at", "pk")
    )
    by_station: dict[int, list[TravelLeg]] = defaultdict(list)
    for leg in legs:
        by_station[leg.station_id].append(leg)
    made: list[PickupRun] = []
    for group in by_station.values():
        while group:
            first = group[0].at
            window = [leg for leg in group if leg.at < first + SUGGEST_WINDOW]
            group = group[len(window) :]
            departs = window[-1].at
            while window:
                vehicle = None
                for candidate in vehicles:
                    try:
                        run = create_run(
                            edition,
                            vehicle=candidate,
                            station=window[0].station,
                            direction=TravelDirection.ARRIVAL,
                            departs_at=departs,
                            actor=actor,
                        )
                    except TransportError:
                        continue
                    vehicle = candidate
                    break
                if vehicle is None:
                    return made
                made.append(run)
                for leg in window[: vehicle.seats]:
                    assign_leg(run, leg, actor=actor)
                window = window[vehicle.seats :]
    return made


# --- reading ----------------------------------------------------------------------------------


def stations_of(edition: Edition) -> QuerySet[Station]:
    return Station.objects.filter(edition=edition).order_by("order", "pk")


def vehicles_of(edition: Edition) -> QuerySet[Vehicle]:
    return Vehicle.objects.filter(edition=edition).order_by("name")


def runs_of(edition: Edition) -> QuerySet[PickupRun]:
    return (
        PickupRun.objects.filter(edition=edition)
        .select_related("vehicle", "station", "edition")
        .annotate(taken=Count("passengers"))
        .order_by("departs_at", "pk")
    )


def run_of(edition: Edition, pk: int) -> PickupRun | None:
    return runs_of(edition).filter(pk=pk).first()


def day_bounds(edition: Edition, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=edition.tz)
    return start, start + dt.timedelta(days=1)


def legs_of_day(
    edition: Edition, day: dt.date, *, station: Station | None = None, direction: str = ""
) -> QuerySet[TravelLeg]:
    """A day's legs of live on-site registrations, unassigned first among those that need a pickup."""
    start, end = day_bounds(edition, day)
    legs = TravelLeg.objects.filter(
        registration__edition=edition, registration__status__in=HOLDING, at__gte=start, at__lt=end
    )
    if station is not None:
        legs = legs.filter(station=station)
    if direction:
        legs = legs.filter(direction=direction)
    return legs.select_related(
        "registration__person", "registration__room__hotel", "station", "ride__run__vehicle"
    ).order_by("at", "pk")


def legs_of_registration(registration: Registration) -> dict[str, TravelLeg]:
    legs = TravelLeg.objects.filter(registration=registration).select_related(
        "station", "ride__run__vehicle", "ride__run__station"
    )
    return {leg.direction: leg for leg in legs}


# --- manifest ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManifestRow:
    number: int
    reference: str
    name_zh: str
    name_en: str
    mode: str
    travel_number: str
    at: dt.datetime
    phone: str
    hotel: str
    hotel_address: str


def manifest(run: PickupRun) -> list[ManifestRow]:
    """The run's passengers by time, with name in both languages, flight or train, phone and hotel (one query)."""
    legs = (
        TravelLeg.objects.filter(ride__run=run)
        .select_related("registration__person")
        .prefetch_related(
            Prefetch(
                "registration__room",
                queryset=RoomAllocation.objects.select_related("hotel"),
            )
        )
        .order_by("at", "registration__person__name_en", "pk")
    )
    rows = []
    for number, leg in enumerate(legs, start=1):
        registration = leg.registration
        name_zh, name_en = person_names(registration.person)
        room = getattr(registration, "room", None)
        rows.append(
            ManifestRow(
                number=number,
                reference=registration.reference,
                name_zh=name_zh,
                name_en=name_en,
                mode=leg.get_mode_display(),
                travel_number=leg.number,
                at=leg.at,
                phone=registration.phone,
                hotel=room.hotel.name if room else "",
                hotel_address=room.hotel.address if room else "",
            )
        )
    return rows


class ManifestWorkbook:
    """A driver's manifest as .xlsx."""

    identifier = "manifest-xlsx"
    content_type = CONTENT_TYPE
    public = False

    def __init__(self, run: PickupRun) -> None:
        self.run = run

    @property
    def filename(self) -> str:
        when = timezone.localtime(self.run.departs_at, self.run.edition.tz).strftime("%Y%m%d-%H%M")
        return f"{_('Manifest')} {self.run.vehicle.name} {when}.xlsx"

    def render(self, rows: list[ManifestRow]) -> bytes:
        run = self.run
        edition = run.edition
        heading = " · ".join(
            str(x)
            for x in (
                run.get_direction_display(),
                run.station.name,
                local(run.departs_at, edition),
                run.vehicle.name,
                f"{_('Driver')}: {run.vehicle.driver} {run.vehicle.driver_phone}".strip(),
                f"{len(rows)}/{run.vehicle.seats}",
            )
        )
        header = [
            _("No."),
            _("Guest (Chinese)"),
            _("Guest (English)"),
            _("Reference"),
            _("By"),
            _("Flight or train"),
            _("Time"),
            _("Phone"),
            _("Hotel"),
            _("Hotel address"),
        ]
        tz = edition.tz
        values = (
            [
                row.number,
                row.name_zh,
                row.name_en,
                row.reference,
                row.mode,
                row.travel_number,
                timezone.localtime(row.at, tz).strftime("%Y-%m-%d %H:%M"),
                row.phone,
                row.hotel,
                row.hotel_address,
            ]
            for row in rows
        )
        return workbook_bytes(run.vehicle.name, header, values, [5, 14, 22, 11, 8, 12, 17, 18, 26, 34], heading=heading)
