"""The carbon footprint: a hand-calculated case, modes, online guests, unresolved cities, shared rooms, queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecoforum.evaluation import factors
from ecoforum.evaluation.carbon import Unresolved, footprint
from ecoforum.services.enums import RegistrationStatus

from .kpi_factories import guest, guest_form, inputs, meals, room

pytestmark = pytest.mark.django_db


def kg_by_code(fp) -> dict[str, Decimal]:
    return {line.code: line.kg for line in fp.lines}


def test_footprint_hand_calculated_case(edition):
    # Arrange: 3 guests on site, 2 room-nights (one twin shared by two guests), 2 meals × 3 guests, 1000 kWh.
    form = guest_form(edition)
    beijing = guest(edition, form, "北京", mode="flight")
    chengdu = guest(edition, form, "chengdu", mode="train")
    local = guest(edition, form, "贵阳市", mode="car")
    holder = room(beijing, nights=2)
    room(chengdu, nights=2, shares_with=holder)
    meals(edition, form.category, 2)
    inputs(edition, venue="Guiyang", kwh="1000")
    assert local.pk  # travels 0 km by car

    # Act
    fp = footprint(edition)

    # Assert. Coordinates from evaluation/data/places.csv: Guiyang 26.64700, 106.63000;
    # Beijing 39.90420, 116.40740; Chengdu 30.57280, 104.06680. Great-circle (haversine, R = 6371.0088 km):
    # Beijing–Guiyang 1729.21 km → 1729.2 km; Chengdu–Guiyang 503.11 km → 503.1 km.
    # Flight, short haul (< 3700 km): 1729.2 × 1.08 uplift = 1867.536 → 1867.5 km; round trip 3735.0 pkm;
    #   × 0.15102 = 564.0597 → 564.1 kg.
    # Train: round trip 2 × 503.1 = 1006.2 pkm × 0.03549 = 35.710038 → 35.7 kg.
    # Car: Guiyang to Guiyang, 0 pkm → 0.0 kg.
    # Hotel: one room, 2 nights (the sharer counts 0) × 53.5 = 107.0 kg.
    # Meals: 2 meals × 3 guests = 6 × 1.88 = 11.28 → 11.3 kg.
    # Electricity: 1000 kWh × 0.5703 = 570.3 kg.
    # Total 564.1 + 35.7 + 0.0 + 107.0 + 11.3 + 570.3 = 1288.4 kg = 1.288 t; per guest 1288.4 / 3 = 429.47 → 429.5 kg.
    assert [(line.code, line.quantity, line.kg) for line in fp.lines] == [
        ("flight_short_haul", Decimal("3735.0"), Decimal("564.1")),
        ("train", Decimal("1006.2"), Decimal("35.7")),
        ("car", Decimal("0.0"), Decimal("0.0")),
        ("hotel_night", Decimal(2), Decimal("107.0")),
        ("meal", Decimal(6), Decimal("11.3")),
        ("electricity", Decimal("1000.0"), Decimal("570.3")),
    ]
    assert fp.total_kg == Decimal("1288.4")
    assert fp.total_t == Decimal("1.288")
    assert fp.per_guest_kg == Decimal("429.5")
    assert fp.on_site_guests == 3
    assert fp.unresolved == []
    assert fp.venue.name_en == "Guiyang"


def test_footprint_mode_assumed_by_distance_without_travel_leg(edition):
    form = guest_form(edition)
    guest(edition, form, "Chengdu")  # 503.1 km: under 1000 km, by train
    guest(edition, form, "Beijing")  # 1729.2 km: by air
    inputs(edition)

    fp = footprint(edition)

    assert [(line.code, line.quantity) for line in fp.lines] == [
        ("flight_short_haul", Decimal("3735.0")),
        ("train", Decimal("1006.2")),
    ]


def test_footprint_online_guests_travel_nothing(edition):
    guest(edition, guest_form(edition, online=True), "Beijing", mode="flight")
    inputs(edition)

    fp = footprint(edition)

    assert fp.lines == []
    assert (fp.on_site_guests, fp.online_guests, fp.total_kg, fp.per_guest_kg) == (0, 1, Decimal(0), None)


def test_footprint_unresolved_origin_gets_the_average_trip(edition):
    form = guest_form(edition)
    guest(edition, form, "Beijing", mode="flight")  # 564.1 kg (see the hand-calculated case)
    guest(edition, form, "Chengdu", mode="train")  # 35.7 kg
    guest(edition, form, "  Atlantis ", country="gr")
    guest(edition, form, "")
    inputs(edition)

    fp = footprint(edition)

    # Average of the resolved guests: (564.1 + 35.7) / 2 = 299.9 kg, twice.
    assert fp.lines[-1].code == "travel_unresolved"
    assert (fp.lines[-1].quantity, fp.lines[-1].factor, fp.lines[-1].kg) == (
        Decimal(2),
        Decimal("299.9"),
        Decimal("599.8"),
    )
    assert fp.unresolved == [Unresolved("", "", 1), Unresolved("Atlantis", "GR", 1)]
    assert fp.unresolved_guests == 2


def test_footprint_shared_room_counted_once(edition):
    form = guest_form(edition)
    first, second, third = (guest(edition, form) for _ in range(3))
    holder = room(first, nights=3)
    room(second, nights=3, shares_with=holder)
    room(third, nights=1)

    fp = footprint(edition)

    assert kg_by_code(fp)["hotel_night"] == Decimal("214.0")  # (3 + 1) nights × 53.5
    assert [line.quantity for line in fp.lines if line.code == "hotel_night"] == [Decimal(4)]


def test_footprint_counts_only_approved_guests(edition):
    form = guest_form(edition)
    guest(edition, form, "Chengdu", mode="train")
    guest(edition, form, "Beijing", mode="flight", status=RegistrationStatus.PENDING)
    inputs(edition)

    fp = footprint(edition)

    assert [line.code for line in fp.lines] == ["train"]
    assert fp.on_site_guests == 1


def test_footprint_offset_and_net(edition):
    inputs(edition, kwh="1000", offset="0.5")

    fp = footprint(edition)

    assert (fp.total_t, fp.offset_t, fp.net_t) == (Decimal("0.570"), Decimal("0.500"), Decimal("0.070"))


def test_footprint_venue_from_edition_city_without_inputs(edition):
    guest(edition, guest_form(edition), "Chengdu", mode="train")

    fp = footprint(edition)

    assert fp.venue.name_en == "Guiyang"
    assert kg_by_code(fp) == {"train": Decimal("35.7")}


def test_footprint_long_haul_flight(edition):
    guest(edition, guest_form(edition), "Paris", mode="flight")
    inputs(edition)

    fp = footprint(edition)

    assert [line.code for line in fp.lines] == ["flight_long_haul"]
    assert fp.lines[0].factor == factors.FLIGHT_LONG_HAUL.value


def test_footprint_query_count_does_not_grow_with_guests(edition):
    form = guest_form(edition)
    inputs(edition, kwh="10")
    holder_guest = guest(edition, form, "Beijing", mode="flight")
    room(holder_guest, nights=1)
    meals(edition, form.category, 1)
    with CaptureQueriesContext(connection) as one:
        footprint(edition)
    for city in ("Chengdu", "Shanghai"):
        registration = guest(edition, form, city, mode="train")
        room(registration, nights=2)

    with CaptureQueriesContext(connection) as three:
        footprint(edition)

    assert len(three) == len(one)
