"""The last hotel room and the last seat of a run go to exactly one of many clients (PostgreSQL only).

Each client is a thread with its own connection; a barrier starts them together.
``hotels.allocate_room`` locks the hotel row and ``transport.assign_leg`` the run row before
they count and insert, so the clients are served one after the other.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connections
from django.utils import translation

from ecoforum.services import hotels, transport
from ecoforum.services.enums import RoomType, TravelDirection
from ecoforum.services.models import RoomAllocation, RunPassenger

from .factories import (
    HotelFactory,
    PickupRunFactory,
    RegistrationFactory,
    RoomBlockFactory,
    StationFactory,
    TravelLegFactory,
    VehicleFactory,
    edition_day,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 12


def run_at_once(work: Callable[[int], None]) -> list[tuple[str, str]]:
    barrier = threading.Barrier(CLIENTS)
    outcomes: list[tuple[str, str]] = [("not run", "")] * CLIENTS

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):
                work(i)
            outcomes[i] = ("ok", "")
        except Exception as exc:
            outcomes[i] = (type(exc).__name__, str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_many_desks_giving_the_last_room_at_once_give_it_once(edition):
    hotel = HotelFactory(edition=edition, name_en="Sheraton Guiyang Hotel")
    first = edition.start_date - dt.timedelta(days=1)
    for offset in range(3):
        RoomBlockFactory(hotel=hotel, night=first + dt.timedelta(days=offset), room_type=RoomType.SINGLE, rooms=1)
    guests = [RegistrationFactory(edition=edition) for _ in range(CLIENTS)]

    outcomes = run_at_once(
        lambda i: hotels.allocate_room(
            guests[i],
            hotel=hotel,
            room_type=RoomType.SINGLE,
            arrival=first,
            departure=first + dt.timedelta(days=3),
        )
    )

    assert Counter(kind for kind, _m in outcomes) == Counter({"ok": 1, "NoRoom": CLIENTS - 1})
    full = (
        "Sheraton Guiyang Hotel is full for Single room (one king bed) on the night of 2023-07-07: "
        "all 1 rooms are taken."
    )
    assert {m for kind, m in outcomes if kind == "NoRoom"} == {full}
    assert RoomAllocation.objects.count() == 1


def test_many_desks_seating_guests_on_the_last_seat_at_once_seat_one(edition):
    station = StationFactory(edition=edition)
    vehicle = VehicleFactory(edition=edition, seats=3)
    run = PickupRunFactory(
        edition=edition,
        vehicle=vehicle,
        station=station,
        direction=TravelDirection.ARRIVAL,
        departs_at=edition_day(edition, -1, 11),
    )
    seated = [TravelLegFactory(registration=RegistrationFactory(edition=edition), station=station) for _ in range(2)]
    for leg in seated:
        transport.assign_leg(run, leg)
    legs = [
        TravelLegFactory(registration=RegistrationFactory(edition=edition), station=station) for _ in range(CLIENTS)
    ]

    outcomes = run_at_once(lambda i: transport.assign_leg(run, legs[i]))

    assert Counter(kind for kind, _m in outcomes) == Counter({"ok": 1, "RunFull": CLIENTS - 1})
    assert RunPassenger.objects.filter(run=run).count() == 3


def test_one_vehicle_booked_for_overlapping_runs_at_once_gets_one_run(edition):
    stations = [StationFactory(edition=edition) for _ in range(CLIENTS)]
    vehicle = VehicleFactory(edition=edition, name="贵A·E0007")

    outcomes = run_at_once(
        lambda i: transport.create_run(
            edition,
            vehicle=vehicle,
            station=stations[i],
            direction=TravelDirection.ARRIVAL,
            departs_at=edition_day(edition, -1, 11) + dt.timedelta(minutes=5 * i),
        )
    )

    assert Counter(kind for kind, _m in outcomes) == Counter({"ok": 1, "TransportError": CLIENTS - 1})
    assert vehicle.runs.count() == 1
