"""A guest who no longer comes gives back what they held: the room (a sharer keeps it) and the pickup seats."""

from __future__ import annotations

import datetime as dt

import pytest

from ecoforum.core.models import AuditEntry
from ecoforum.services import hotels, registration, transport
from ecoforum.services.models import RoomAllocation, RunPassenger

from .factories import (
    HotelFactory,
    PickupRunFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    RoomBlockFactory,
    StationFactory,
    TravelLegFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(edition):
    return RegistrationFormFactory(edition=edition)


def stay(edition):
    return edition.start_date - dt.timedelta(days=1), edition.start_date + dt.timedelta(days=1)


def test_cancelling_gives_back_the_room_and_the_sharer_keeps_it(edition, form):
    hotel = HotelFactory(edition=edition)
    arrival, departure = stay(edition)
    for night in (arrival, edition.start_date):
        RoomBlockFactory(hotel=hotel, night=night, room_type="twin", rooms=1)
    holder = RegistrationFactory(edition=edition, form=form)
    sharer = RegistrationFactory(edition=edition, form=form)
    room = hotels.allocate_room(holder, hotel=hotel, room_type="twin", arrival=arrival, departure=departure)
    hotels.allocate_room(sharer, hotel=hotel, room_type="twin", arrival=arrival, departure=departure, shares_with=room)

    registration.cancel(holder, note="flight cancelled")

    assert not RoomAllocation.objects.filter(registration=holder).exists()
    kept = RoomAllocation.objects.get(registration=sharer)
    assert kept.shares_with is None  # the sharer now holds the room
    assert AuditEntry.objects.filter(action="services.room.released").count() == 1
    # The room is taken by the sharer: nobody else gets it.
    other = RegistrationFactory(edition=edition, form=form)
    with pytest.raises(hotels.HotelError):
        hotels.allocate_room(other, hotel=hotel, room_type="twin", arrival=arrival, departure=departure)


def test_refusing_gives_back_the_seat_on_the_pickup(edition, form):
    station = StationFactory(edition=edition)
    run = PickupRunFactory(edition=edition, station=station)
    guest = RegistrationFactory(edition=edition, form=form, status="pending")
    leg = TravelLegFactory(registration=guest, station=station)
    transport.assign_leg(run, leg)
    assert RunPassenger.objects.filter(run=run).count() == 1

    registration.reject(guest, actor=None, note="not invited")

    assert RunPassenger.objects.filter(run=run).count() == 0
    assert AuditEntry.objects.filter(action="services.run.unassigned").count() == 1


def test_nothing_held_nothing_to_give_back(edition, form):
    guest = RegistrationFactory(edition=edition, form=form)
    registration.cancel(guest)
    assert not AuditEntry.objects.filter(action__in=["services.room.released", "services.run.unassigned"]).exists()
