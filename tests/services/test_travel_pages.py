"""The guest's travel page: the token is the permission; arrival and departure; hotel and pickup once assigned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ecoforum.services import hotels, transport
from ecoforum.services.enums import Attendance, RegistrationStatus, RoomType
from ecoforum.services.models import TravelLeg

from ..factories import PersonFactory
from .factories import (
    GuestCategoryFactory,
    HotelFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    RoomBlockFactory,
    StationFactory,
    TravelLegFactory,
    VehicleFactory,
    edition_day,
)

pytestmark = pytest.mark.django_db


def travel_url(registration, token=None):
    return reverse(
        "services:travel", kwargs={"edition": registration.edition.slug, "token": token or registration.token}
    )


@pytest.fixture
def airport(edition):
    return StationFactory(edition=edition)


@pytest.fixture
def registration(edition):
    return RegistrationFactory(edition=edition, person=PersonFactory(name_zh_hans="王芳", name_en="Wang Fang"))


def arrival_data(station, **changes):
    data = {
        "direction": "arrival",
        "arrival-mode": "flight",
        "arrival-number": "cz3401",
        "arrival-station": station.pk,
        "arrival-day": "2023-07-07",
        "arrival-time": "10:35",
        "arrival-needs_pickup": "on",
    }
    data.update(changes)
    return data


def test_unknown_token_is_404(client, edition, registration):
    response = client.get(travel_url(registration, token="not-a-token"))

    assert response.status_code == 404


@pytest.mark.parametrize("status", [RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED])
def test_registrations_without_a_place_have_no_travel_page(client, edition, status):
    registration = RegistrationFactory(edition=edition, status=status)

    assert client.get(travel_url(registration)).status_code == 404


def test_online_guests_have_no_travel_page(client, edition):
    category = GuestCategoryFactory(edition=edition, attendance=Attendance.ONLINE)
    registration = RegistrationFactory(
        edition=edition, form=RegistrationFormFactory(edition=edition, category=category)
    )

    assert client.get(travel_url(registration)).status_code == 404


def test_token_of_another_edition_is_404(client, edition, registration):
    other = RegistrationFactory()

    response = client.get(reverse("services:travel", kwargs={"edition": edition.slug, "token": other.token}))

    assert response.status_code == 404


def test_guest_enters_the_arrival(client, edition, registration, airport):
    response = client.post(travel_url(registration), arrival_data(airport))

    assert response.status_code == 302
    assert response["Location"] == travel_url(registration) + "#arrival"
    leg = TravelLeg.objects.get(registration=registration)
    assert (leg.direction, leg.number, leg.at, leg.needs_pickup) == (
        "arrival",
        "CZ3401",
        edition_day(edition, -1, 10) + dt.timedelta(minutes=35),
        True,
    )


def test_guest_changes_the_arrival(client, edition, registration, airport):
    client.post(travel_url(registration), arrival_data(airport))

    client.post(
        travel_url(registration), arrival_data(airport, **{"arrival-time": "16:00", "arrival-needs_pickup": ""})
    )

    leg = TravelLeg.objects.get(registration=registration)
    assert (leg.at, leg.needs_pickup) == (edition_day(edition, -1, 16), False)


def test_guest_posting_with_another_guests_token_changes_only_that_guest(client, edition, registration, airport):
    other = RegistrationFactory(edition=edition)
    TravelLegFactory(registration=other, station=airport, number="MU5678")

    client.post(travel_url(registration), arrival_data(airport))

    assert TravelLeg.objects.get(registration=other).number == "MU5678"


def test_a_wrong_token_changes_nothing(client, edition, registration, airport):
    response = client.post(travel_url(registration, token="guess"), arrival_data(airport))

    assert response.status_code == 404
    assert TravelLeg.objects.count() == 0


def test_a_station_of_another_edition_is_refused(client, edition, registration, airport):
    stranger = StationFactory()

    response = client.post(
        travel_url(registration), arrival_data(airport, **{"arrival-station": stranger.pk}), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert response.context["sections"][0]["form"].errors["station"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert TravelLeg.objects.count() == 0


def test_a_malformed_time_is_a_message_not_a_500(client, edition, registration, airport):
    response = client.post(
        travel_url(registration),
        arrival_data(airport, **{"arrival-time": "25:99", "arrival-day": "1999-01-01"}),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert set(response.context["sections"][0]["form"].errors) == {"time", "day"}
    assert TravelLeg.objects.count() == 0


def test_an_unknown_direction_is_404(client, edition, registration, airport):
    response = client.post(travel_url(registration), arrival_data(airport, direction="sideways"))

    assert response.status_code == 404


def test_page_shows_hotel_and_pickup_once_assigned(client, edition, registration, airport):
    hotel = HotelFactory(
        edition=edition,
        name_zh_hans="贵阳喜来登贵航酒店",
        name_en="Sheraton Guiyang Hotel",
        address_zh_hans="贵阳市云岩区",
    )
    for offset in (-1, 0):
        RoomBlockFactory(hotel=hotel, night=edition.start_date + dt.timedelta(days=offset))
    hotels.allocate_room(
        registration,
        hotel=hotel,
        room_type=RoomType.SINGLE,
        arrival=edition.start_date - dt.timedelta(days=1),
        departure=edition.end_date,
    )
    vehicle = VehicleFactory(edition=edition, name="贵A·E0003", driver="张师傅", driver_phone="+86 138 5100 0003")
    run = transport.create_run(
        edition, vehicle=vehicle, station=airport, direction="arrival", departs_at=edition_day(edition, -1, 11)
    )
    transport.assign_leg(run, TravelLegFactory(registration=registration, station=airport, number="CZ3401"))

    response = client.get(travel_url(registration))

    html = response.content.decode()
    assert response.status_code == 200
    assert "贵阳喜来登贵航酒店" in html
    assert "贵阳市云岩区" in html
    assert "2023-07-07 → 2023-07-09" in html
    assert "贵A·E0003" in html
    assert "+86 138 5100 0003" in html
    assert '<dd class="strong">2023-07-07 11:00</dd>' in html


def test_page_in_english(client, edition, registration, airport):
    response = client.get(travel_url(registration), HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert "Your journey" in html
    assert "Guest services have not given you a room yet." in html
    assert "Guiyang Longdongbao International Airport" in html


# --- in a browser -------------------------------------------------------------------------------


def test_guest_enters_the_arrival_on_a_phone(chromium, live_server, edition):
    registration = RegistrationFactory(edition=edition, person=PersonFactory(name_zh_hans="王芳", name_en="Wang Fang"))
    airport = StationFactory(edition=edition)
    StationFactory(edition=edition, name_zh_hans="贵阳北站", name_en="Guiyang North Railway Station")
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=1)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}{travel_url(registration)}")

    page.select_option("#id_arrival-mode", "train")
    page.fill("#id_arrival-number", "g1234")
    page.select_option("#id_arrival-station", str(airport.pk))
    page.select_option("#id_arrival-day", "2023-07-07")
    page.fill("#id_arrival-time", "14:05")
    page.locator("#arrival button[type=submit]").click()
    page.wait_for_selector(".leg-summary")
    page.screenshot(path="/tmp/logistics-travel-phone.png", full_page=True)

    assert (
        page.locator("#arrival .leg-summary").inner_text().startswith("高铁")
        or "G1234" in page.locator("#arrival .leg-summary").inner_text()
    )
    leg = TravelLeg.objects.get(registration=registration)
    assert (leg.mode, leg.number, leg.at) == ("train", "G1234", edition_day(edition, -1, 14) + dt.timedelta(minutes=5))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()
