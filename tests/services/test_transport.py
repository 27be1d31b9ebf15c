"""Transport: legs within the window, runs, seats, a vehicle's overlapping runs, station and direction, manifests."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from ecoforum.core.models import AuditEntry
from ecoforum.services import hotels, transport
from ecoforum.services.enums import RegistrationStatus, RoomType, StationKind, TravelDirection, TravelMode
from ecoforum.services.models import PickupRun, RunPassenger, TravelLeg
from ecoforum.services.transport import RunFull, TransportError

from ..factories import PersonFactory
from .factories import (
    HotelFactory,
    RegistrationFactory,
    RoomBlockFactory,
    StationFactory,
    TravelLegFactory,
    VehicleFactory,
    edition_day,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def airport(edition):
    return StationFactory(edition=edition)


@pytest.fixture
def railway(edition):
    return StationFactory(
        edition=edition, name_zh_hans="贵阳北站", name_en="Guiyang North Railway Station", kind=StationKind.RAILWAY
    )


@pytest.fixture
def van(edition):
    return VehicleFactory(edition=edition, name="贵A·E0001", seats=2, driver="李师傅", driver_phone="+86 138 5100 0001")


def run_at(edition, van, station, hour=11, minute=0, direction=TravelDirection.ARRIVAL, day=-1):
    return transport.create_run(
        edition,
        vehicle=van,
        station=station,
        direction=direction,
        departs_at=edition_day(edition, day, hour) + dt.timedelta(minutes=minute),
    )


def arrival(edition, station, hour=10, minute=0, **kwargs):
    return TravelLegFactory(
        registration=kwargs.pop("registration", None) or RegistrationFactory(edition=edition),
        station=station,
        at=edition_day(edition, -1, hour) + dt.timedelta(minutes=minute),
        **kwargs,
    )


# --- legs ---------------------------------------------------------------------------------------


def test_set_leg_creates_then_changes_the_arrival_and_audits(edition, airport, organizer):
    registration = RegistrationFactory(edition=edition)

    leg = transport.set_leg(
        registration,
        direction=TravelDirection.ARRIVAL,
        mode=TravelMode.FLIGHT,
        number="cz 3401",
        station=airport,
        at=edition_day(edition, -1, 10),
        actor=organizer,
    )
    again = transport.set_leg(
        registration,
        direction=TravelDirection.ARRIVAL,
        mode=TravelMode.FLIGHT,
        number="CZ3401",
        station=airport,
        at=edition_day(edition, -1, 11),
        actor=organizer,
    )

    assert again.pk == leg.pk
    assert (again.number, again.at) == ("CZ3401", edition_day(edition, -1, 11))
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "services.travel.added",
        "services.travel.changed",
    ]


def test_set_leg_outside_the_window_is_refused_naming_the_time(edition, airport, english):
    registration = RegistrationFactory(edition=edition)

    with pytest.raises(TransportError) as error:
        transport.set_leg(
            registration,
            direction=TravelDirection.ARRIVAL,
            mode=TravelMode.FLIGHT,
            number="CZ3401",
            station=airport,
            at=edition_day(edition, -4, 23),
        )

    assert error.value.message == (
        "The time 2023-07-04 23:00 is outside the travel days of Eco Forum Global Guiyang 2023 "
        "(2023-07-05 to 2023-07-12)."
    )
    assert TravelLeg.objects.count() == 0


def test_set_leg_without_a_number_for_a_flight_is_refused(edition, airport, english):
    with pytest.raises(TransportError, match=r"Please give the flight or train number."):
        transport.set_leg(
            RegistrationFactory(edition=edition),
            direction=TravelDirection.ARRIVAL,
            mode=TravelMode.FLIGHT,
            number=" ",
            station=airport,
            at=edition_day(edition, -1, 10),
        )


def test_set_leg_at_a_station_of_another_edition_is_refused(edition, english):
    with pytest.raises(TransportError, match="is not a station of Eco Forum Global Guiyang 2023"):
        transport.set_leg(
            RegistrationFactory(edition=edition),
            direction=TravelDirection.ARRIVAL,
            mode=TravelMode.TRAIN,
            number="G1234",
            station=StationFactory(),
            at=edition_day(edition, -1, 10),
        )


def test_set_leg_for_a_cancelled_registration_is_refused(edition, airport, english):
    registration = RegistrationFactory(edition=edition, status=RegistrationStatus.CANCELLED)

    with pytest.raises(TransportError, match=f"Registration {registration.reference} is Cancelled"):
        transport.set_leg(
            registration,
            direction=TravelDirection.ARRIVAL,
            mode=TravelMode.TRAIN,
            number="G1234",
            station=airport,
            at=edition_day(edition, -1, 10),
        )


def test_changing_a_leg_so_it_no_longer_fits_takes_it_off_its_run(edition, airport, van):
    run = run_at(edition, van, airport, 11)
    leg = arrival(edition, airport, 10)
    transport.assign_leg(run, leg)

    transport.set_leg(
        leg.registration,
        direction=TravelDirection.ARRIVAL,
        mode=TravelMode.FLIGHT,
        number=leg.number,
        station=airport,
        at=edition_day(edition, -1, 15),
    )

    assert RunPassenger.objects.count() == 0
    assert AuditEntry.objects.get(action="services.travel.changed").data["run"] == [run.pk, None]


def test_changing_a_leg_that_still_fits_keeps_its_seat(edition, airport, van):
    run = run_at(edition, van, airport, 11)
    leg = arrival(edition, airport, 10)
    transport.assign_leg(run, leg)

    transport.set_leg(
        leg.registration,
        direction=TravelDirection.ARRIVAL,
        mode=TravelMode.FLIGHT,
        number="CZ9999",
        station=airport,
        at=edition_day(
            edition,
            -1,
            10,
        )
        + dt.timedelta(minutes=30),
    )

    assert RunPassenger.objects.filter(run=run, leg=leg).exists()


# --- runs ---------------------------------------------------------------------------------------


def test_create_run_outside_the_window_is_refused(edition, airport, van, english):
    with pytest.raises(TransportError, match="The time 2023-07-13 08:00 is outside the travel days"):
        run_at(edition, van, airport, 8, day=5)


def test_a_vehicle_never_has_two_overlapping_runs(edition, airport, railway, van, english):
    run_at(edition, van, airport, 11)

    with pytest.raises(TransportError) as error:
        run_at(edition, van, railway, 12, 29)

    assert error.value.message == (
        "贵A·E0001 is on a run to Guiyang Longdongbao International Airport at 2023-07-07 11:00: "
        "a run takes 90 minutes."
    )
    assert PickupRun.objects.count() == 1


def test_a_vehicle_may_run_again_after_ninety_minutes(edition, airport, van):
    run_at(edition, van, airport, 11)

    run_at(edition, van, airport, 12, 30)

    assert PickupRun.objects.count() == 2


def test_change_run_to_an_overlapping_time_is_refused(edition, airport, van, english):
    first = run_at(edition, van, airport, 11)
    second = run_at(edition, van, airport, 14)

    with pytest.raises(TransportError, match="a run takes 90 minutes"):
        transport.change_run(second, vehicle=van, departs_at=edition_day(edition, -1, 12))

    second.refresh_from_db()
    assert second.departs_at == edition_day(edition, -1, 14)
    assert first.pk != second.pk


def test_change_run_to_a_smaller_vehicle_than_its_passengers_is_refused(edition, airport, van, english):
    big = VehicleFactory(edition=edition, name="贵A·E0099", seats=3)
    run = run_at(edition, big, airport, 11)
    for minute in (0, 10, 20):
        transport.assign_leg(run, arrival(edition, airport, 10, minute))

    with pytest.raises(RunFull, match=r"贵A·E0001 has 2 seats: the run carries 3 passengers."):
        transport.change_run(run, vehicle=van, departs_at=run.departs_at)


def test_cancel_run_leaves_its_legs_unassigned(edition, airport, van, organizer):
    run = run_at(edition, van, airport, 11)
    leg = arrival(edition, airport, 10)
    transport.assign_leg(run, leg)

    legs = transport.cancel_run(run, actor=organizer)

    assert legs == [leg]
    assert TravelLeg.objects.filter(pk=leg.pk, ride__isnull=True).exists()
    assert AuditEntry.objects.filter(action="services.run.cancelled").count() == 1


# --- seats --------------------------------------------------------------------------------------


def test_assign_leg_seats_it_and_audits(edition, airport, van, organizer):
    run = run_at(edition, van, airport, 11)
    leg = arrival(edition, airport, 10)

    transport.assign_leg(run, leg, actor=organizer)

    assert RunPassenger.objects.get().leg == leg
    assert AuditEntry.objects.get(action="services.run.assigned").data["registration"] == leg.registration.reference


def test_assign_leg_to_a_full_run_is_refused(edition, airport, van, english):
    run = run_at(edition, van, airport, 11)
    transport.assign_leg(run, arrival(edition, airport, 10))
    transport.assign_leg(run, arrival(edition, airport, 10, 15))

    with pytest.raises(RunFull, match=r"is full: all 2 seats are taken."):
        transport.assign_leg(run, arrival(edition, airport, 10, 30))

    assert RunPassenger.objects.count() == 2


def test_assign_leg_of_another_station_is_refused(edition, airport, railway, van, english):
    run = run_at(edition, van, airport, 11)
    leg = arrival(edition, railway, 10)

    with pytest.raises(TransportError) as error:
        transport.assign_leg(run, leg)

    assert error.value.message == (
        f"{leg.registration.reference} travels through Guiyang North Railway Station, "
        "the run through Guiyang Longdongbao International Airport."
    )
    assert RunPassenger.objects.count() == 0


def test_assign_departure_to_an_arrival_run_is_refused(edition, airport, van, english):
    run = run_at(edition, van, airport, 11)
    leg = TravelLegFactory(
        registration=RegistrationFactory(edition=edition),
        station=airport,
        direction=TravelDirection.DEPARTURE,
        at=edition_day(edition, -1, 10),
    )

    with pytest.raises(TransportError, match=r"The departure of .* cannot ride a run of arrival."):
        transport.assign_leg(run, leg)


@pytest.mark.parametrize(("hour", "minute"), [(9, 29), (11, 1)])
def test_assign_arrival_too_early_or_after_the_run_leaves_is_refused(edition, airport, van, english, hour, minute):
    run = run_at(edition, van, airport, 11)

    with pytest.raises(TransportError, match="does not wait for them"):
        transport.assign_leg(run, arrival(edition, airport, hour, minute))


@pytest.mark.parametrize(("hour", "fits"), [(13, True), (15, True), (12, False), (16, False)])
def test_departure_run_leaves_between_four_and_two_hours_before(edition, airport, van, english, hour, fits):
    run = run_at(edition, van, airport, 11, direction=TravelDirection.DEPARTURE)
    leg = TravelLegFactory(
        registration=RegistrationFactory(edition=edition),
        station=airport,
        direction=TravelDirection.DEPARTURE,
        at=edition_day(edition, -1, hour),
    )

    if fits:
        transport.assign_leg(run, leg)
        assert RunPassenger.objects.count() == 1
    else:
        with pytest.raises(TransportError, match="the run must leave between 4 and 2 hours before"):
            transport.assign_leg(run, leg)


def test_assign_leg_that_needs_no_pickup_is_refused(edition, airport, van, english):
    run = run_at(edition, van, airport, 11)
    leg = arrival(edition, airport, 10, needs_pickup=False)

    with pytest.raises(TransportError, match="needs no pickup for this journey"):
        transport.assign_leg(run, leg)


def test_assign_leg_already_on_a_run_is_refused(edition, airport, van, english):
    other = VehicleFactory(edition=edition)
    first = run_at(edition, van, airport, 11)
    second = run_at(edition, other, airport, 11)
    leg = arrival(edition, airport, 10)
    transport.assign_leg(first, leg)

    with pytest.raises(TransportError, match=r"rides .* already: take them off it first."):
        transport.assign_leg(second, leg)


def test_assign_leg_of_another_edition_is_refused(edition, airport, van, english):
    run = run_at(edition, van, airport, 11)
    stranger = TravelLegFactory()

    with pytest.raises(TransportError, match="is not a guest of this run's edition"):
        transport.assign_leg(run, stranger)


def test_unassign_leg_frees_the_seat(edition, airport, van):
    run = run_at(edition, van, airport, 11)
    leg = arrival(edition, airport, 10)
    transport.assign_leg(run, leg)

    transport.unassign_leg(leg)

    assert RunPassenger.objects.count() == 0
    assert AuditEntry.objects.filter(action="services.run.unassigned").count() == 1


def test_suggest_runs_groups_arrivals_by_station_in_hour_windows_and_fills_vehicles(edition, airport, railway, van):
    coach = VehicleFactory(edition=edition, name="贵A·E0012", seats=45)
    bus = VehicleFactory(edition=edition, name="贵A·E0020", seats=45)
    for minute in (0, 10, 20):
        arrival(edition, airport, 9, minute)
    arrival(edition, airport, 12)
    arrival(edition, railway, 9)
    arrival(edition, airport, 9, 5, needs_pickup=False)

    runs = transport.suggest_runs(edition, edition_day(edition, -1).date(), vehicles=[van, coach, bus])

    summary = sorted(
        (r.station.name_en, r.vehicle.name, r.departs_at.astimezone(edition.tz).strftime("%H:%M"), r.passengers.count())
        for r in runs
    )
    assert summary == [
        ("Guiyang Longdongbao International Airport", "贵A·E0001", "09:20", 2),
        ("Guiyang Longdongbao International Airport", "贵A·E0001", "12:00", 1),
        ("Guiyang Longdongbao International Airport", "贵A·E0012", "09:20", 1),
        ("Guiyang North Railway Station", "贵A·E0020", "09:00", 1),
    ]
    assert TravelLeg.objects.filter(needs_pickup=True, ride__isnull=True).count() == 0


# --- manifest -----------------------------------------------------------------------------------


def test_manifest_xlsx_has_driver_passengers_in_both_languages_and_hotel(edition, airport, van):
    hotel = HotelFactory(edition=edition, name_zh_hans="贵阳国际生态会议中心酒店", name_en="Eco Conference Hotel")
    RoomBlockFactory(hotel=hotel, night=edition.start_date - dt.timedelta(days=1), room_type=RoomType.SINGLE)
    registration = RegistrationFactory(
        edition=edition, person=PersonFactory(name_zh_hans="刘洋", name_en="Liu Yang"), phone="+86 139 1234 5678"
    )
    hotels.allocate_room(
        registration,
        hotel=hotel,
        room_type=RoomType.SINGLE,
        arrival=edition.start_date - dt.timedelta(days=1),
        departure=edition.start_date,
    )
    run = run_at(edition, van, airport, 11)
    transport.assign_leg(run, arrival(edition, airport, 10, registration=registration, number="CZ3401"))
    transport.assign_leg(run, arrival(edition, airport, 10, 30))
    run = transport.run_of(edition, run.pk)

    rows = transport.manifest(run)
    data = transport.ManifestWorkbook(run).render(rows)

    sheet = load_workbook(io.BytesIO(data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert "李师傅 +86 138 5100 0001" in values[0][0]
    assert "贵A·E0001" in values[0][0]
    assert values[0][0].endswith("2/2")
    assert list(values[2]) == [
        1,
        "刘洋",
        "Liu Yang",
        registration.reference,
        str(TravelMode.FLIGHT.label),
        "CZ3401",
        "2023-07-07 10:00",
        "+86 139 1234 5678",
        "贵阳国际生态会议中心酒店",
        None,
    ]
    assert len(values) == 4


def test_manifest_is_read_in_constant_queries(edition, airport, django_assert_num_queries):
    coach = VehicleFactory(edition=edition, seats=45)
    run = run_at(edition, coach, airport, 11)
    for minute in range(0, 50, 10):
        transport.assign_leg(run, arrival(edition, airport, 10, minute))

    with django_assert_num_queries(2):
        rows = transport.manifest(run)

    assert len(rows) == 5
