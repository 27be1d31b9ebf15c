"""Back-office pages of hotels, transport and meals: who sees and changes what, forms, exports, query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ecoforum.services import hotels, transport
from ecoforum.services.enums import Diet, RoomType, TravelDirection
from ecoforum.services.models import Meal, PickupRun, RoomAllocation, RoomBlock, RunPassenger, TravelLeg

from ..factories import PersonFactory, UserFactory
from .factories import (
    GuestCategoryFactory,
    HotelFactory,
    MealFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    RoomBlockFactory,
    StationFactory,
    TravelLegFactory,
    VehicleFactory,
    committee_user,
    edition_day,
)

pytestmark = pytest.mark.django_db


def url(edition, name, **kwargs):
    return reverse(f"manage_services:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


@pytest.fixture
def desk(edition):
    return committee_user(edition, "guest_services")


@pytest.fixture
def staff(edition):
    return committee_user(edition, "staff")


@pytest.fixture
def hotel(edition):
    hotel = HotelFactory(edition=edition, name_zh_hans="贵阳喜来登贵航酒店", name_en="Sheraton Guiyang Hotel")
    for offset in (-1, 0, 1):
        night = edition.start_date + dt.timedelta(days=offset)
        RoomBlockFactory(hotel=hotel, night=night, room_type=RoomType.SINGLE, rooms=3)
        RoomBlockFactory(hotel=hotel, night=night, room_type=RoomType.TWIN, rooms=2)
    return hotel


@pytest.fixture
def airport(edition):
    return StationFactory(edition=edition)


def login(client, user):
    client.force_login(user)
    return client


def allocate(registration, hotel, room_type=RoomType.SINGLE):
    edition = hotel.edition
    return hotels.allocate_room(
        registration,
        hotel=hotel,
        room_type=room_type,
        arrival=edition.start_date - dt.timedelta(days=1),
        departure=edition.end_date + dt.timedelta(days=1),
    )


# --- who gets in --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hotels", "transport", "meals", "meals_xlsx"])
def test_pages_are_404_for_someone_outside_the_committee(client, edition, name):
    response = login(client, UserFactory()).get(url(edition, name))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["hotels", "transport", "meals"])
def test_pages_send_anonymous_visitors_to_log_in(client, edition, name):
    response = client.get(url(edition, name))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") or "login" in response["Location"]


def test_read_only_staff_see_the_grid_but_no_forms(client, edition, hotel, staff):
    response = login(client, staff).get(url(edition, "hotels"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert b"Give a guest a room" not in response.content
    assert b"Sheraton Guiyang Hotel" in response.content or "贵阳喜来登贵航酒店".encode() in response.content


def test_read_only_staff_cannot_change_anything(client, edition, hotel, staff):
    registration = RegistrationFactory(edition=edition)
    allocation = allocate(RegistrationFactory(edition=edition), hotel)
    client = login(client, staff)

    responses = [
        client.post(
            url(edition, "room_allocate", registration_pk=registration.pk),
            {f"r{registration.pk}-hotel": hotel.pk, f"r{registration.pk}-room_type": "single"},
        ),
        client.post(url(edition, "room_release", pk=allocation.pk)),
        client.post(url(edition, "room_block"), {"hotel": hotel.pk, "night": "2023-07-08", "rooms": 0}),
        client.get(url(edition, "rooming_xlsx", pk=hotel.pk)),
        client.post(url(edition, "meals"), {"name_zh_hans": "午餐", "kind": "lunch", "day": "2023-07-08"}),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert RoomAllocation.objects.count() == 1
    assert Meal.objects.count() == 0


def test_other_editions_ids_give_404_and_change_nothing(client, edition, hotel, desk):
    other_hotel = HotelFactory()
    other_edition = other_hotel.edition
    RoomBlockFactory(hotel=other_hotel, night=other_edition.start_date)
    stranger = RegistrationFactory(edition=other_edition)
    other_room = hotels.allocate_room(
        stranger,
        hotel=other_hotel,
        room_type="single",
        arrival=other_edition.start_date,
        departure=other_edition.start_date + dt.timedelta(days=1),
    )
    other_leg = TravelLegFactory(registration=stranger)
    client = login(client, desk)

    responses = [
        client.post(url(edition, "room_allocate", registration_pk=stranger.pk)),
        client.post(url(edition, "room_release", pk=other_room.pk)),
        client.get(url(edition, "rooming_xlsx", pk=other_hotel.pk)),
        client.post(url(edition, "leg_unassign", pk=other_leg.pk)),
        client.post(url(edition, "leg_assign", pk=other_leg.pk)),
    ]

    assert [r.status_code for r in responses] == [404] * 5
    assert RoomAllocation.objects.filter(pk=other_room.pk).exists()


# --- hotels -------------------------------------------------------------------------------------


def test_hotels_grid_shows_free_rooms_coloured(client, edition, hotel, desk):
    allocate(RegistrationFactory(edition=edition), hotel)

    response = login(client, desk).get(url(edition, "hotels"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<td class="num level-free"' in html
    assert "<strong>2</strong> / 3" in html
    assert "贵阳喜来登贵航酒店" in html


def test_guest_search_finds_by_name_and_gives_a_room(client, edition, hotel, desk):
    registration = RegistrationFactory(edition=edition, person=PersonFactory(name_zh_hans="王芳", name_en="Wang Fang"))
    client = login(client, desk)

    found = client.get(url(edition, "hotels"), {"q": "王芳"})
    assert [row["registration"] for row in found.context["found"]] == [registration]

    prefix = f"r{registration.pk}"
    response = client.post(
        url(edition, "room_allocate", registration_pk=registration.pk),
        {
            f"{prefix}-hotel": hotel.pk,
            f"{prefix}-room_type": "twin",
            f"{prefix}-arrival": "2023-07-07",
            f"{prefix}-departure": "2023-07-09",
            "next": url(edition, "hotels") + "?q=%E7%8E%8B%E8%8A%B3",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url(edition, "hotels") + "?q=%E7%8E%8B%E8%8A%B3"
    room = RoomAllocation.objects.get(registration=registration)
    assert (room.hotel, room.room_type, room.arrival) == (hotel, "twin", dt.date(2023, 7, 7))


def test_guest_search_as_htmx_returns_only_the_results(client, edition, hotel, desk):
    RegistrationFactory(edition=edition, person=PersonFactory(name_zh_hans="王芳", name_en="Wang Fang"))

    response = login(client, desk).get(
        url(edition, "hotels"), {"q": "Wang"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="guest-results"
    )

    html = response.content.decode()
    assert "Wang Fang" in html
    assert "<html" not in html


def test_allocate_with_a_date_outside_the_window_shows_the_message_and_changes_nothing(client, edition, hotel, desk):
    registration = RegistrationFactory(edition=edition)
    prefix = f"r{registration.pk}"

    response = login(client, desk).post(
        url(edition, "room_allocate", registration_pk=registration.pk),
        {
            f"{prefix}-hotel": hotel.pk,
            f"{prefix}-room_type": "single",
            f"{prefix}-arrival": "2023-07-01",
            f"{prefix}-departure": "2023-07-09",
        },
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "The date 2023-07-01 is outside the stays of Eco Forum Global Guiyang 2023 (2023-07-05 to 2023-07-12)."
    ]
    assert RoomAllocation.objects.count() == 0


def test_allocate_with_malformed_input_is_a_message_not_a_500(client, edition, hotel, desk):
    registration = RegistrationFactory(edition=edition)
    prefix = f"r{registration.pk}"

    response = login(client, desk).post(
        url(edition, "room_allocate", registration_pk=registration.pk),
        {f"{prefix}-hotel": "99999", f"{prefix}-arrival": "yesterday", f"{prefix}-shares_with": "NOSUCH"},
        follow=True,
    )

    assert response.status_code == 200
    assert len(list(response.context["messages"])) >= 3
    assert RoomAllocation.objects.count() == 0


def test_rooms_of_cancelled_guests_are_listed_for_release(client, edition, hotel, desk):
    registration = RegistrationFactory(edition=edition)
    allocation = allocate(registration, hotel)
    registration.status = "cancelled"
    registration.save(update_fields=["status"])

    response = login(client, desk).get(url(edition, "hotels"))

    assert response.context["stale"] == [allocation]
    assert f'id="stale-{allocation.pk}"' in response.content.decode()


def test_release_room_from_the_page(client, edition, hotel, desk):
    allocation = allocate(RegistrationFactory(edition=edition), hotel)

    response = login(client, desk).post(url(edition, "room_release", pk=allocation.pk))

    assert response.status_code == 302
    assert RoomAllocation.objects.count() == 0


def test_set_block_from_the_page(client, edition, hotel, desk):
    response = login(client, desk).post(
        url(edition, "room_block"), {"hotel": hotel.pk, "night": "2023-07-10", "room_type": "suite", "rooms": "4"}
    )

    assert response.status_code == 302
    assert RoomBlock.objects.get(hotel=hotel, night=dt.date(2023, 7, 10), room_type="suite").rooms == 4


def test_rooming_xlsx_has_chinese_file_name_and_names(client, edition, hotel, desk):
    allocate(
        RegistrationFactory(edition=edition, person=PersonFactory(name_zh_hans="王芳", name_en="Wang Fang")), hotel
    )

    response = login(client, desk).get(url(edition, "rooming_xlsx", pk=hotel.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == hotels.CONTENT_TYPE
    assert "%E8%B4%B5%E9%98%B3%E5%96%9C%E6%9D%A5%E7%99%BB" in response["Content-Disposition"]  # 贵阳喜来登
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][5:7] == ("王芳", "Wang Fang")


def test_rooming_xlsx_file_name_is_english_on_english_pages(client, edition, hotel, desk):
    response = login(client, desk).get(url(edition, "rooming_xlsx", pk=hotel.pk), HTTP_ACCEPT_LANGUAGE="en")

    assert "Sheraton" in response["Content-Disposition"]


@pytest.mark.parametrize("size", [1, 3])
def test_hotels_page_queries_do_not_grow(client, edition, desk, django_assert_max_num_queries, size):
    for n in range(size):
        hotel = HotelFactory(edition=edition)
        RoomBlockFactory(hotel=hotel, night=edition.start_date, rooms=5)
        for _ in range(size):
            registration = RegistrationFactory(
                edition=edition, person=PersonFactory(name_zh_hans=f"王{n}", name_en=f"Wang {n}")
            )
            hotels.allocate_room(
                registration,
                hotel=hotel,
                room_type="single",
                arrival=edition.start_date,
                departure=edition.start_date + dt.timedelta(days=1),
            )
    client = login(client, desk)

    with django_assert_max_num_queries(10):
        response = client.get(url(edition, "hotels"), {"q": "Wang"})

    assert len(response.context["found"]) == size * size


# --- transport ----------------------------------------------------------------------------------


def test_transport_page_highlights_unassigned_legs_and_offers_fitting_runs(client, edition, airport, desk):
    vehicle = VehicleFactory(edition=edition, seats=4)
    run = transport.create_run(
        edition, vehicle=vehicle, station=airport, direction="arrival", departs_at=edition_day(edition, -1, 11)
    )
    leg = TravelLegFactory(registration=RegistrationFactory(edition=edition), station=airport)

    response = login(client, desk).get(url(edition, "transport"), {"day": "2023-07-07"})

    html = response.content.decode()
    assert f'<tr id="leg-{leg.pk}" class="leg-waiting">' in html
    assert response.context["rows"][0]["runs"] == [run]
    assert f'<tr id="run-{run.pk}" class="">' in html
    assert '<td class="num seats" data-label="座位数">0 / 4</td>' in html


def test_assign_and_unassign_from_the_page(client, edition, airport, desk):
    vehicle = VehicleFactory(edition=edition, seats=4)
    run = transport.create_run(
        edition, vehicle=vehicle, station=airport, direction="arrival", departs_at=edition_day(edition, -1, 11)
    )
    leg = TravelLegFactory(registration=RegistrationFactory(edition=edition), station=airport)
    client = login(client, desk)

    client.post(url(edition, "leg_assign", pk=leg.pk), {"run": run.pk})
    assert RunPassenger.objects.get().run == run

    client.post(url(edition, "leg_unassign", pk=leg.pk))
    assert RunPassenger.objects.count() == 0


def test_assign_to_a_run_of_another_station_shows_the_reason(client, edition, airport, desk):
    railway = StationFactory(edition=edition, name_zh_hans="贵阳北站", name_en="Guiyang North Railway Station")
    vehicle = VehicleFactory(edition=edition, seats=4)
    run = transport.create_run(
        edition, vehicle=vehicle, station=railway, direction="arrival", departs_at=edition_day(edition, -1, 11)
    )
    leg = TravelLegFactory(registration=RegistrationFactory(edition=edition), station=airport)

    response = login(client, desk).post(
        url(edition, "leg_assign", pk=leg.pk), {"run": run.pk}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    reason = (
        f"{leg.registration.reference} travels through Guiyang Longdongbao International Airport, "
        "the run through Guiyang North Railway Station."
    )
    assert [str(m) for m in response.context["messages"]] == [reason]
    assert RunPassenger.objects.count() == 0


def test_plan_a_run_and_refuse_an_overlapping_one(client, edition, airport, desk):
    vehicle = VehicleFactory(edition=edition, name="贵A·E0001")
    client = login(client, desk)
    data = {"vehicle": vehicle.pk, "station": airport.pk, "direction": "arrival", "day": "2023-07-07", "time": "11:00"}

    client.post(url(edition, "run_create"), data, follow=True)
    response = client.post(
        url(edition, "run_create"), {**data, "time": "12:00"}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    assert PickupRun.objects.count() == 1
    reason = (
        "贵A·E0001 is on a run to Guiyang Longdongbao International Airport at 2023-07-07 11:00: "
        "a run takes 90 minutes."
    )
    assert [str(m) for m in response.context["messages"]] == [reason]


def test_staff_enter_a_guests_arrival_by_reference(client, edition, airport, desk):
    registration = RegistrationFactory(edition=edition)

    login(client, desk).post(
        url(edition, "leg_set"),
        {
            "leg-reference": registration.reference.lower(),
            "leg-direction": "arrival",
            "leg-mode": "train",
            "leg-number": "G1234",
            "leg-station": airport.pk,
            "leg-day": "2023-07-07",
            "leg-time": "14:05",
            "leg-needs_pickup": "on",
        },
    )

    leg = TravelLeg.objects.get(registration=registration)
    assert (leg.number, leg.at) == ("G1234", edition_day(edition, -1, 14) + dt.timedelta(minutes=5))


def test_suggest_runs_from_the_page(client, edition, airport, desk):
    VehicleFactory(edition=edition, seats=7)
    for minute in (0, 20):
        TravelLegFactory(
            registration=RegistrationFactory(edition=edition),
            station=airport,
            at=edition_day(edition, -1, 9) + dt.timedelta(minutes=minute),
        )

    login(client, desk).post(url(edition, "runs_suggest"), {"day": "2023-07-07"})

    assert PickupRun.objects.get().passengers.count() == 2


def test_manifest_page_shows_driver_and_passengers_in_both_languages(client, edition, airport, desk):
    vehicle = VehicleFactory(edition=edition, seats=4, driver="李师傅", driver_phone="+86 138 5100 0001")
    run = transport.create_run(
        edition, vehicle=vehicle, station=airport, direction="arrival", departs_at=edition_day(edition, -1, 11)
    )
    registration = RegistrationFactory(edition=edition, person=PersonFactory(name_zh_hans="刘洋", name_en="Liu Yang"))
    transport.assign_leg(run, TravelLegFactory(registration=registration, station=airport, number="CZ3401"))

    response = login(client, desk).get(url(edition, "run_manifest", pk=run.pk))

    html = response.content.decode()
    assert "李师傅" in html
    assert '<p class="manifest-name">刘洋 <span>Liu Yang</span></p>' in html
    assert "<strong>CZ3401</strong>" in html


def test_change_a_run_to_another_vehicle_from_the_manifest(client, edition, airport, desk):
    van = VehicleFactory(edition=edition, seats=4)
    coach = VehicleFactory(edition=edition, seats=45, name="贵A·E0012")
    run = transport.create_run(
        edition, vehicle=van, station=airport, direction="arrival", departs_at=edition_day(edition, -1, 11)
    )

    response = login(client, desk).post(
        url(edition, "run_change", pk=run.pk), {"vehicle": coach.pk, "day": "2023-07-07", "time": "11:30"}
    )

    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.vehicle, run.departs_at) == (coach, edition_day(edition, -1, 11) + dt.timedelta(minutes=30))


def test_read_only_staff_cannot_see_manifests_or_change_runs(client, edition, airport, staff):
    run = transport.create_run(
        edition,
        vehicle=VehicleFactory(edition=edition),
        station=airport,
        direction="arrival",
        departs_at=edition_day(edition, -1, 11),
    )
    client = login(client, staff)

    responses = [
        client.get(url(edition, "run_manifest", pk=run.pk)),
        client.get(url(edition, "run_manifest_xlsx", pk=run.pk)),
        client.post(url(edition, "run_change", pk=run.pk), {"day": "2023-07-07", "time": "15:00"}),
        client.post(url(edition, "run_cancel", pk=run.pk)),
        client.post(url(edition, "runs_suggest"), {"day": "2023-07-07"}),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    run.refresh_from_db()
    assert run.departs_at == edition_day(edition, -1, 11)


def test_manifest_xlsx_downloads(client, edition, airport, desk):
    run = transport.create_run(
        edition,
        vehicle=VehicleFactory(edition=edition),
        station=airport,
        direction="arrival",
        departs_at=edition_day(edition, -1, 11),
    )

    response = login(client, desk).get(url(edition, "run_manifest_xlsx", pk=run.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == hotels.CONTENT_TYPE


@pytest.mark.parametrize("size", [1, 3])
def test_transport_page_queries_do_not_grow(client, edition, airport, desk, django_assert_max_num_queries, size):
    hotel = HotelFactory(edition=edition)
    for offset in (-1, 0, 1):
        RoomBlockFactory(hotel=hotel, night=edition.start_date + dt.timedelta(days=offset), rooms=10)
    for n in range(size):
        run = transport.create_run(
            edition,
            vehicle=VehicleFactory(edition=edition, seats=10),
            station=airport,
            direction=TravelDirection.ARRIVAL,
            departs_at=edition_day(edition, -1, 11),
        )
        for _ in range(size):
            registration = RegistrationFactory(edition=edition)
            allocate(registration, hotel)
            transport.assign_leg(run, TravelLegFactory(registration=registration, station=airport))
            TravelLegFactory(
                registration=RegistrationFactory(edition=edition),
                station=airport,
                at=edition_day(edition, -1, 10 + n % 2),
            )
    client = login(client, desk)

    with django_assert_max_num_queries(11):
        response = client.get(url(edition, "transport"), {"day": "2023-07-07"})

    assert len(response.context["rows"]) == 2 * size * size


# --- meals --------------------------------------------------------------------------------------


def test_meals_page_has_counts_and_a_bar_per_meal(client, edition, staff):
    category = GuestCategoryFactory(edition=edition)
    form = RegistrationFormFactory(edition=edition, category=category)
    for diet in (Diet.HALAL, Diet.HALAL, Diet.VEGETARIAN, Diet.NONE):
        RegistrationFactory(edition=edition, form=form, diet=diet)
    meal = MealFactory(edition=edition, name_zh_hans="欢迎晚宴")
    meal.categories.set([category])

    response = login(client, staff).get(url(edition, "meals"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "欢迎晚宴" in html
    assert '<td class="num total">4</td>' in html
    assert html.count('<rect class="diet-') == 3
    assert response.context["form"] is None


def test_desk_adds_a_meal(client, edition, desk):
    category = GuestCategoryFactory(edition=edition)

    response = login(client, desk).post(
        url(edition, "meals"),
        {
            "name_zh_hans": "工作午餐",
            "kind": "lunch",
            "day": "2023-07-08",
            "time": "12:00",
            "categories": [category.pk],
        },
    )

    assert response.status_code == 302
    assert list(Meal.objects.get().categories.all()) == [category]


def test_meals_xlsx_for_the_kitchen(client, edition, staff):
    MealFactory(edition=edition, name_zh_hans="欢迎晚宴")

    response = login(client, staff).get(url(edition, "meals_xlsx"))

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][1] == "欢迎晚宴"


@pytest.mark.parametrize("size", [1, 3])
def test_meals_page_queries_do_not_grow(client, edition, desk, django_assert_max_num_queries, size):
    for _ in range(size):
        category = GuestCategoryFactory(edition=edition)
        form = RegistrationFormFactory(edition=edition, category=category)
        RegistrationFactory(edition=edition, form=form, diet=Diet.HALAL, allergies="花生")
        meal = MealFactory(edition=edition)
        meal.categories.set([category])
    client = login(client, desk)

    with django_assert_max_num_queries(9):
        response = client.get(url(edition, "meals"))

    assert response.status_code == 200


# --- in a browser -------------------------------------------------------------------------------


def test_desk_in_a_browser_finds_a_guest_gives_a_room_and_sees_the_boards(chromium, live_server, edition, desk):
    from django.test import Client

    hotel = HotelFactory(edition=edition, name_zh_hans="贵阳喜来登贵航酒店", name_en="Sheraton Guiyang Hotel")
    other = HotelFactory(edition=edition, name_zh_hans="贵阳国际生态会议中心酒店", name_en="Eco Conference Hotel")
    for offset in (-1, 0, 1):
        night = edition.start_date + dt.timedelta(days=offset)
        RoomBlockFactory(hotel=hotel, night=night, room_type=RoomType.SINGLE, rooms=3)
        RoomBlockFactory(hotel=hotel, night=night, room_type=RoomType.TWIN, rooms=20)
        RoomBlockFactory(hotel=other, night=night, room_type=RoomType.SINGLE, rooms=1)
    airport = StationFactory(edition=edition)
    van = VehicleFactory(edition=edition, name="贵A·E0001", seats=7, driver="李师傅", driver_phone="+86 138 5100 0001")
    run = transport.create_run(
        edition, vehicle=van, station=airport, direction="arrival", departs_at=edition_day(edition, -1, 11)
    )
    category = GuestCategoryFactory(edition=edition, name_zh_hans="演讲嘉宾", name_en="Speakers")
    form = RegistrationFormFactory(edition=edition, category=category)
    names = [("王芳", "Wang Fang"), ("刘洋", "Liu Yang"), ("陈刚", "Chen Gang"), ("赵丽", "Zhao Li")]
    guests = [
        RegistrationFactory(
            edition=edition, form=form, person=PersonFactory(name_zh_hans=zh, name_en=en), diet=diet, allergies=note
        )
        for (zh, en), diet, note in zip(
            names, [Diet.HALAL, Diet.NONE, Diet.VEGETARIAN, Diet.VEGAN], ["", "花生过敏", "", ""], strict=True
        )
    ]
    for registration in guests[1:]:
        allocate(registration, other if registration is guests[1] else hotel)
        leg = TravelLegFactory(registration=registration, station=airport)
        transport.assign_leg(run, leg)
    TravelLegFactory(
        registration=guests[0],
        station=airport,
        at=edition_day(
            edition,
            -1,
            10,
        )
        + dt.timedelta(minutes=40),
    )
    meal = MealFactory(edition=edition, name_zh_hans="欢迎晚宴", name_en="Welcome dinner", kind="banquet")
    meal.categories.set([category])
    MealFactory(edition=edition, name_zh_hans="工作午餐", starts_at=edition_day(edition, 1, 12)).categories.set(
        [category]
    )
    session = Client()
    session.force_login(desk)
    shots = {}
    for label, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        context = chromium.new_context(viewport=viewport, locale="zh-CN")
        context.set_default_timeout(15_000)
        context.add_cookies(
            [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}{url(edition, 'hotels')}")
        page.wait_for_selector("html.js")
        if label == "desktop":
            page.fill("#id_q", "王芳")
            page.wait_for_selector(f"#guest-{guests[0].pk}")
            assert "<html" not in page.inner_html("#guest-results")
            page.select_option(f"[name=r{guests[0].pk}-hotel]", str(hotel.pk))
            page.select_option(f"[name=r{guests[0].pk}-room_type]", "twin")
            page.locator(f"#guest-{guests[0].pk} .room-form button[type=submit]").click()
            page.wait_for_selector(".message-success")
        page.screenshot(path=f"/tmp/logistics-hotels-{label}.png", full_page=True)
        for name, kwargs, query in (
            ("transport", {}, "?day=2023-07-07"),
            ("meals", {}, ""),
            ("run_manifest", {"pk": run.pk}, ""),
        ):
            page.goto(f"{live_server.url}{url(edition, name, **kwargs)}{query}")
            page.screenshot(path=f"/tmp/logistics-{name}-{label}.png", full_page=True)
            shots[(name, label)] = page.evaluate("document.documentElement.scrollWidth")
        context.close()

    assert RoomAllocation.objects.get(registration=guests[0]).room_type == "twin"
    assert all(width <= 1280 for (name, label), width in shots.items() if label == "desktop")
    assert all(width <= 390 for (name, label), width in shots.items() if label == "phone")
