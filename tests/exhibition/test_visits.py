"""Field visits: sites, routes and guests' seats (exhibition.visits) and their pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from ecoforum.exhibition import visits
from ecoforum.exhibition.enums import SignupStatus
from ecoforum.exhibition.models import VisitSignup
from ecoforum.exhibition.visits import RouteFull, VisitError

from ..factories import PersonFactory, UserFactory
from .factories import RouteStopFactory, SiteFactory, VisitRouteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def route(edition):
    route = VisitRouteFactory(
        edition=edition, code="R1", name_zh_hans="石漠化治理考察线", name_en="Rocky desertification route", capacity=2
    )
    RouteStopFactory(route=route, site=SiteFactory(edition=edition, slug="anshun", name_en="Anshun demonstration area"))
    return route


def guest(name_en: str = "Li Wei", **extra):
    user = UserFactory()
    return PersonFactory(user=user, name_en=name_en, **extra)


def registered(route) -> list[str]:
    return list(
        VisitSignup.objects.filter(route=route, status=SignupStatus.REGISTERED)
        .order_by("created", "pk")
        .values_list("person__name_en", flat=True)
    )


# --- services ---------------------------------------------------------------------------------


def test_sign_up_takes_seats_until_the_route_is_full(route, english):
    first, second, third = guest("A"), guest("B"), guest("C")
    visits.sign_up(route, person=first, actor=first.user)
    visits.sign_up(route, person=second, actor=second.user)

    with pytest.raises(RouteFull) as refused:
        visits.sign_up(route, person=third, actor=third.user)

    assert refused.value.message == "The route Rocky desertification route is full: all 2 seats are taken."
    assert registered(route) == ["A", "B"]


def test_sign_up_twice_for_one_route_is_refused(route, english):
    person = guest("Li Wei")
    visits.sign_up(route, person=person, actor=person.user)

    with pytest.raises(VisitError) as refused:
        visits.sign_up(route, person=person, actor=person.user)

    assert refused.value.message == "Li Wei is already signed up for Rocky desertification route."
    assert registered(route) == ["Li Wei"]


def test_sign_up_for_a_route_that_departed_is_refused(edition, english):
    departed = VisitRouteFactory(
        edition=edition,
        name_en="Huaxi route",
        departs_at=dt.datetime(2023, 7, 9, 14, tzinfo=edition.tz),
        returns_at=dt.datetime(2023, 7, 9, 18, tzinfo=edition.tz),
    )
    person = guest()

    with pytest.raises(VisitError) as refused:
        visits.sign_up(departed, person=person, actor=person.user)

    assert refused.value.message == "The route Huaxi route departed at 2023-07-09 14:00: it takes no more sign-ups."
    assert VisitSignup.objects.count() == 0


def test_sign_up_of_someone_else_by_a_guest_is_refused(route, english):
    other, me = guest("Other"), guest("Me")

    with pytest.raises(VisitError) as refused:
        visits.sign_up(route, person=other, actor=me.user)

    assert refused.value.message == "You may only sign yourself up for a field visit."


def test_sign_up_of_a_guest_by_an_organizer_is_accepted(route, organizer):
    person = guest("Guest")

    visits.sign_up(route, person=person, actor=organizer)

    assert registered(route) == ["Guest"]


def test_cancel_signup_frees_the_seat(route):
    first, second, third = guest("A"), guest("B"), guest("C")
    seat = visits.sign_up(route, person=first, actor=first.user)
    visits.sign_up(route, person=second, actor=second.user)

    visits.cancel_signup(seat, actor=first.user)
    visits.sign_up(route, person=third, actor=third.user)

    assert registered(route) == ["B", "C"]
    assert VisitSignup.objects.get(pk=seat.pk).status == SignupStatus.CANCELLED


def test_cancelled_guest_may_sign_up_again(route):
    person = guest("A")
    seat = visits.sign_up(route, person=person, actor=person.user)
    visits.cancel_signup(seat, actor=person.user)

    visits.sign_up(route, person=person, actor=person.user)

    assert registered(route) == ["A"]
    assert VisitSignup.objects.filter(route=route, person=person).count() == 2


def test_manifest_lists_registered_guests_in_sign_up_order(route, edition):
    route.capacity = 5
    route.save(update_fields=["capacity"])
    people = [guest(name, email=f"{name.lower()}@example.org") for name in ("Zhao", "Ahmed", "Maria")]
    seats = [visits.sign_up(route, person=p, actor=p.user) for p in people]
    visits.cancel_signup(seats[1], actor=people[1].user)

    rows = visits.manifest(route)

    assert [(r.number, r.person.name_en, r.email) for r in rows] == [
        (1, "Zhao", "zhao@example.org"),
        (2, "Maria", "maria@example.org"),
    ]
    assert rows[0].organization == people[0].organization.name


def test_change_route_refuses_fewer_seats_than_registered_guests(route, organizer, english):
    a, b = guest("A"), guest("B")
    visits.sign_up(route, person=a, actor=a.user)
    visits.sign_up(route, person=b, actor=b.user)

    with pytest.raises(VisitError) as refused:
        visits.change_route(route, actor=organizer, capacity=1)

    assert refused.value.message == (
        "The route Rocky desertification route has 2 guests registered: it cannot have fewer seats."
    )


def test_create_site_and_route_by_an_organizer(edition, organizer):
    site = visits.create_site(
        edition, actor=organizer, slug="huaxi", name_zh_hans="花溪区生态文明示范点", name_en="Huaxi demonstration site"
    )
    start = timezone.now() + dt.timedelta(days=3)

    route = visits.create_route(
        edition,
        actor=organizer,
        code="R9",
        name_zh_hans="花溪线",
        departs_at=start,
        returns_at=start + dt.timedelta(hours=4),
        capacity=40,
        sites=[site],
    )

    assert list(route.stops.values_list("site__slug", flat=True)) == ["huaxi"]
    assert route.name_en == "花溪线"


def test_create_route_by_someone_who_does_not_organize_is_refused(edition, english):
    start = timezone.now()
    with pytest.raises(VisitError) as refused:
        visits.create_route(
            edition,
            actor=UserFactory(),
            code="R9",
            name_zh_hans="x",
            departs_at=start,
            returns_at=start + dt.timedelta(hours=1),
            capacity=4,
        )
    assert refused.value.message == "Only the edition's organizers may change field visits."


# --- pages ------------------------------------------------------------------------------------


def page(client, url: str, language: str = "en") -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_visits_page_shows_routes_and_sites_in_english_and_chinese(client, edition, route):
    english = page(client, f"/{edition.slug}/visits/", "en")
    chinese = page(client, f"/{edition.slug}/visits/", "zh-hans")

    assert "Rocky desertification route" in english
    assert "2 seats left" in english
    assert "Anshun demonstration area" in english
    assert "https://www.openstreetmap.org/?mlat=26.245000&amp;mlon=105.932000" in english
    assert "石漠化治理考察线" in chinese


def test_visits_page_shows_departure_in_the_editions_time_zone(client, edition):
    VisitRouteFactory(
        edition=edition,
        departs_at=dt.datetime(2030, 7, 9, 14, 30, tzinfo=edition.tz),
        returns_at=dt.datetime(2030, 7, 9, 18, tzinfo=edition.tz),
    )
    assert "2030-07-09 14:30" in page(client, f"/{edition.slug}/visits/")


def test_site_page_shows_what_it_demonstrates(client, edition, route):
    html = page(client, f"/{edition.slug}/visits/sites/anshun/")
    assert "Anshun demonstration area" in html
    assert "Rocky desertification control" in html


def test_site_page_of_an_unknown_site_is_404(client, edition):
    assert client.get(f"/{edition.slug}/visits/sites/nowhere/").status_code == 404


def test_guest_signs_up_and_cancels_on_the_page(client, edition, route):
    person = guest("Li Wei")
    client.force_login(person.user)

    signed = client.post(f"/{edition.slug}/visits/routes/R1/sign-up/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "You are signed up for Rocky desertification route." in signed.content.decode()
    assert registered(route) == ["Li Wei"]

    cancelled = client.post(f"/{edition.slug}/visits/routes/R1/cancel/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Your seat on Rocky desertification route is given back." in cancelled.content.decode()
    assert registered(route) == []


def test_full_route_shows_a_full_button_and_refuses_with_a_message(client, edition, route):
    for name in ("A", "B"):
        p = guest(name)
        visits.sign_up(route, person=p, actor=p.user)
    person = guest("Late")
    client.force_login(person.user)

    html = page(client, f"/{edition.slug}/visits/")
    assert '<button type="button" class="button" disabled>Full</button>' in html
    refused = client.post(f"/{edition.slug}/visits/routes/R1/sign-up/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "The route Rocky desertification route is full: all 2 seats are taken." in refused.content.decode()


def test_user_without_a_guest_record_gets_a_message(client, edition, route):
    client.force_login(UserFactory())
    response = client.post(f"/{edition.slug}/visits/routes/R1/sign-up/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Your account is not linked to a guest of" in response.content.decode()
    assert VisitSignup.objects.count() == 0


def test_organizer_pages_are_404_for_others(client, edition, route):
    client.force_login(UserFactory())
    for url in (
        f"/manage/{edition.slug}/exhibition/visits/",
        f"/manage/{edition.slug}/exhibition/visits/R1/manifest/",
        f"/manage/{edition.slug}/exhibition/visits/R1/manifest.xlsx",
        f"/manage/{edition.slug}/exhibition/launches/",
    ):
        assert client.get(url).status_code == 404


def test_organizer_sees_counts_and_the_manifest(client, edition, route, organizer):
    for name in ("Zhao", "Maria"):
        p = guest(name, email=f"{name.lower()}@example.org")
        visits.sign_up(route, person=p, actor=p.user)
    client.force_login(organizer)

    listing = page(client, f"/manage/{edition.slug}/exhibition/visits/")
    assert '<td class="count-registered">2</td>' in listing
    manifest = page(client, f"/manage/{edition.slug}/exhibition/visits/R1/manifest/")
    assert manifest.index("zhao@example.org") < manifest.index("maria@example.org")

    response = client.get(f"/manage/{edition.slug}/exhibition/visits/R1/manifest.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[3]) for r in rows] == [(1, "zhao@example.org"), (2, "maria@example.org")]


def test_visits_page_queries_do_not_grow_with_routes(client, edition, django_assert_max_num_queries):
    def add_route():
        r = VisitRouteFactory(edition=edition)
        RouteStopFactory(route=r, site=SiteFactory(edition=edition))

    add_route()
    client.get(f"/{edition.slug}/visits/")
    with django_assert_max_num_queries(12) as one:
        client.get(f"/{edition.slug}/visits/")
    add_route()
    add_route()
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(f"/{edition.slug}/visits/")
