"""The check-in API: one scan, a scanner app's offline queue, the counts; scan ids and Idempotency-Key."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client

from ecoforum.api.models import ApiToken
from ecoforum.forums.enums import CommitteeRole
from ecoforum.services import badges
from ecoforum.services.models import CheckIn, Scan

from ..factories import EditionFactory, PersonFactory, UserFactory
from .factories import GateFactory, GuestCategoryFactory, RegistrationFactory, committee_user, edition_day

pytestmark = pytest.mark.django_db

URL = "/api/editions/2023/checkins"


@pytest.fixture
def east(edition):
    return GateFactory(edition=edition, code="east", name_zh_hans="东门", name_en="East gate")


@pytest.fixture
def west(edition):
    return GateFactory(edition=edition, code="west", name_zh_hans="西门", name_en="West gate")


@pytest.fixture
def vip(edition):
    return GuestCategoryFactory(edition=edition, code="vip", name_zh_hans="嘉宾", name_en="Guests")


@pytest.fixture
def guest(edition, vip):
    person = PersonFactory(name_zh_hans="王小明", name_en="Wang Xiaoming")
    return RegistrationFactory(edition=edition, form__category=vip, person=person)


@pytest.fixture
def scanner_app(edition):
    """A gate's scanner app: a token of a gate staff member, no session, CSRF enforced."""
    _row, token = ApiToken.issue(committee_user(edition, CommitteeRole.GATE_STAFF), name="Scanner app")
    return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {token}", enforce_csrf_checks=True)


def body(payload: str, gate: str = "east", *, scan_id=None, hour: int = 9, edition=None, **extra) -> dict:
    data = {"gate": gate, "payload": payload, "scan_id": str(scan_id or uuid.uuid4()), **extra}
    if edition is not None:
        data["scanned_at"] = edition_day(edition, 0, hour).isoformat()
    return data


def post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", **headers)


def test_scan_admits_then_answers_repeat_with_first_time_and_gate(scanner_app, edition, east, west, guest):
    token = badges.badge_token(guest)

    first = post(scanner_app, URL, body(token, "east", edition=edition, hour=9, device="gate-e-1"))
    second = post(scanner_app, URL, body(token, "west", edition=edition, hour=10))

    assert first.status_code == 200
    answer = first.json()
    assert (answer["result"], answer["name_zh"], answer["name_en"], answer["category"], answer["gate"]) == (
        "admitted",
        "王小明",
        "Wang Xiaoming",
        "Guests",
        "east",
    )
    assert answer["scanned_at"] == "2023-07-08T09:00:00+08:00"
    repeat = second.json()
    assert (repeat["result"], repeat["first_gate"], repeat["first_checked_in_at"]) == (
        "repeat",
        "east",
        "2023-07-08T09:00:00+08:00",
    )
    assert repeat["message"] == f"{guest.reference} was already checked in at 09:00 at East gate."
    assert CheckIn.objects.count() == 1
    assert Scan.objects.get(pk=answer["scan_id"]).device == "gate-e-1"


def test_same_scan_id_is_answered_again_without_a_new_scan(scanner_app, edition, east, guest):
    data = body(badges.badge_token(guest), edition=edition)

    first = post(scanner_app, URL, data)
    again = post(scanner_app, URL, data)

    assert (first.json()["result"], again.json()["result"], again.json()["replayed"]) == ("admitted", "admitted", True)
    assert (Scan.objects.count(), CheckIn.objects.count()) == (1, 1)


def test_idempotency_key_replays_the_whole_response(scanner_app, edition, east, guest):
    data = body(badges.badge_token(guest), edition=edition)

    first = post(scanner_app, URL, data, HTTP_IDEMPOTENCY_KEY="gate-e-0001")
    again = post(scanner_app, URL, data, HTTP_IDEMPOTENCY_KEY="gate-e-0001")

    assert again.json() == first.json()
    assert again.json()["replayed"] is False
    assert Scan.objects.count() == 1


def test_unknown_gate_is_a_422_naming_it(scanner_app, edition, east, guest):
    response = post(scanner_app, URL, body(badges.badge_token(guest), "south"))

    assert response.status_code == 422
    assert response.json() == {"detail": f"There is no gate “south” at {edition.name}."}
    assert Scan.objects.count() == 0


def test_invalid_badge_is_answered_not_refused(scanner_app, edition, east):
    response = post(scanner_app, URL, body("hello"))

    assert response.status_code == 200
    assert (response.json()["result"], response.json()["reference"]) == ("invalid", None)


def test_malformed_scan_id_is_a_422(scanner_app, edition, east):
    response = post(scanner_app, URL, {"gate": "east", "payload": "x", "scan_id": "123"})

    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid."
    assert Scan.objects.count() == 0


@pytest.mark.parametrize("role", [CommitteeRole.STAFF, None])
def test_users_who_may_not_scan_get_403(edition, east, guest, role):
    user = committee_user(edition, role) if role else UserFactory()
    edition.is_public = True
    edition.save(update_fields=["is_public"])
    _row, token = ApiToken.issue(user, name="Not a scanner")
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {token}")

    response = post(client, URL, body(badges.badge_token(guest)))

    assert response.status_code == 403
    assert response.json() == {"detail": f"You may not scan badges at {edition.name}."}
    assert Scan.objects.count() == 0


def test_anonymous_gets_401(client, edition, east, guest):
    response = post(client, URL, body(badges.badge_token(guest)))

    assert response.status_code == 401
    assert CheckIn.objects.count() == 0


def test_session_without_csrf_token_is_refused(edition, east, guest):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    client.force_login(committee_user(edition, CommitteeRole.GATE_STAFF))

    response = post(client, URL, body(badges.badge_token(guest)))

    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


def test_batch_answers_each_scan_on_its_own(scanner_app, edition, east, west, guest, vip):
    other = RegistrationFactory(edition=edition, form__category=vip)
    token = badges.badge_token(guest)
    scans = [
        body(token, "east", edition=edition, hour=9),
        body(token, "nowhere", edition=edition, hour=9),
        body(badges.badge_token(other), "west", edition=edition, hour=9),
        body(token, "west", edition=edition, hour=10),
        body("EF:forged", "west", edition=edition, hour=10),
    ]

    response = post(scanner_app, f"{URL}/batch", {"scans": scans})
    again = post(scanner_app, f"{URL}/batch", {"scans": scans})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(item["status"], item["answer"] and item["answer"]["result"]) for item in results] == [
        (200, "admitted"),
        (422, None),
        (200, "admitted"),
        (200, "repeat"),
        (200, "invalid"),
    ]
    assert results[1]["detail"] == f"There is no gate “nowhere” at {edition.name}."
    assert [item["scan_id"] for item in results] == [scan["scan_id"] for scan in scans]
    assert [item["answer"] and item["answer"]["replayed"] for item in again.json()["results"]] == [
        True,
        None,
        True,
        True,
        True,
    ]
    assert (CheckIn.objects.count(), Scan.objects.count()) == (2, 4)


def test_batch_of_another_editions_user_is_refused(edition, east, guest):
    other = EditionFactory(year=2024)
    _row, token = ApiToken.issue(committee_user(other, CommitteeRole.GATE_STAFF), name="Elsewhere")
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {token}")
    edition.is_public = True
    edition.save(update_fields=["is_public"])

    response = post(client, f"{URL}/batch", {"scans": [body(badges.badge_token(guest))]})

    assert response.status_code == 403
    assert Scan.objects.count() == 0


def test_counts_per_gate_and_category(scanner_app, edition, east, west, guest):
    post(scanner_app, URL, body(badges.badge_token(guest), "west"))  # now: today

    response = scanner_app.get(f"{URL}/counts")

    assert response.status_code == 200
    data = response.json()
    today = dt.datetime.now(tz=edition.tz).date().isoformat()
    assert (data["day"], data["today"], data["total"]) == (today, 1, 1)
    assert [(g["code"], g["today"], g["total"]) for g in data["gates"]] == [("east", 0, 0), ("west", 1, 1)]
    assert [(c["code"], c["today"], c["approved"]) for c in data["categories"]] == [("vip", 1, 1)]


@pytest.mark.parametrize("gates", [1, 3])
def test_counts_queries_do_not_grow(scanner_app, edition, vip, gates, django_assert_max_num_queries):
    for _number in range(gates):
        gate = GateFactory(edition=edition)
        post(
            scanner_app,
            URL,
            body(badges.badge_token(RegistrationFactory(edition=edition, form__category=vip)), gate.code),
        )

    with django_assert_max_num_queries(11):
        response = scanner_app.get(f"{URL}/counts")

    assert len(response.json()["gates"]) == gates
