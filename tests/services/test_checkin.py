"""Check-in: a badge is admitted once a day, a repeat says when and where; the scanner page and the counts."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from ecoforum.core.models import AuditEntry
from ecoforum.forums.enums import CommitteeRole
from ecoforum.services import badges, checkin
from ecoforum.services.checkin import CheckInError
from ecoforum.services.enums import Attendance, RegistrationStatus, ScanResult
from ecoforum.services.models import CheckIn, Scan

from ..factories import EditionFactory, PersonFactory, UserFactory
from .factories import GateFactory, GuestCategoryFactory, RegistrationFactory, committee_user, edition_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def east(edition):
    return GateFactory(edition=edition, code="east", name_zh_hans="东门", name_en="East gate", order=1)


@pytest.fixture
def west(edition):
    return GateFactory(edition=edition, code="west", name_zh_hans="西门", name_en="West gate", order=2)


@pytest.fixture
def vip(edition):
    return GuestCategoryFactory(edition=edition, code="vip", name_zh_hans="嘉宾", name_en="Guests", color="#b3261e")


@pytest.fixture
def guest(edition, vip):
    person = PersonFactory(name_zh_hans="王小明", name_en="Wang Xiaoming")
    return RegistrationFactory(edition=edition, form__category=vip, person=person)


def _scan(edition, gate, payload, *, day=0, hour=9, minute=0, scan_id=None, **kwargs):
    when = edition_day(edition, day, hour) + dt.timedelta(minutes=minute)
    return checkin.scan(edition, gate, payload, scan_id=scan_id or uuid.uuid4(), scanned_at=when, **kwargs)


# --- the service ------------------------------------------------------------------------------


def test_scan_of_a_valid_badge_admits_and_records_the_check_in(edition, east, guest, english):
    answer = _scan(edition, east, badges.badge_token(guest), device="phone-1")

    assert (answer.result, answer.name_zh, answer.name_en, answer.replayed) == (
        ScanResult.ADMITTED,
        "王小明",
        "Wang Xiaoming",
        False,
    )
    assert answer.message == f"Welcome: {guest.reference} is checked in."
    check_in = CheckIn.objects.get()
    assert (check_in.registration, check_in.gate, check_in.day) == (guest, east, edition.start_date)
    scan = Scan.objects.get()
    assert (scan.pk, scan.result, scan.check_in, scan.device) == (answer.scan_id, "admitted", check_in, "phone-1")
    assert AuditEntry.objects.filter(action="services.checkin.admitted").count() == 1


def test_second_scan_the_same_day_is_a_repeat_with_the_first_time_and_gate(edition, east, west, guest, english):
    token = badges.badge_token(guest)
    _scan(edition, east, token, hour=9, minute=5)

    answer = _scan(edition, west, token, hour=11)

    assert answer.result == ScanResult.REPEAT
    assert (answer.first_gate, answer.first_at) == (east, edition_day(edition, 0, 9) + dt.timedelta(minutes=5))
    assert answer.message == f"{guest.reference} was already checked in at 09:05 at East gate."
    assert CheckIn.objects.count() == 1
    assert list(Scan.objects.order_by("received_at").values_list("result", flat=True)) == ["admitted", "repeat"]
    assert AuditEntry.objects.filter(action="services.checkin.admitted").count() == 1


def test_scan_id_sent_again_answers_the_first_answer_and_records_nothing(edition, east, guest):
    scan_id = uuid.uuid4()
    first = _scan(edition, east, badges.badge_token(guest), scan_id=scan_id)

    again = _scan(edition, east, badges.badge_token(guest), scan_id=scan_id, hour=12)

    assert (again.result, again.replayed, again.scan_id, again.scanned_at) == (
        ScanResult.ADMITTED,
        True,
        first.scan_id,
        first.scanned_at,
    )
    assert (CheckIn.objects.count(), Scan.objects.count()) == (1, 1)


def test_replayed_repeat_still_names_the_first_gate(edition, east, west, guest):
    token = badges.badge_token(guest)
    _scan(edition, east, token)
    scan_id = uuid.uuid4()
    _scan(edition, west, token, scan_id=scan_id, hour=10)

    again = _scan(edition, west, token, scan_id=scan_id, hour=10)

    assert (again.result, again.first_gate, again.replayed) == (ScanResult.REPEAT, east, True)
    assert Scan.objects.count() == 2


def test_badge_is_admitted_again_on_the_next_day(edition, east, guest):
    token = badges.badge_token(guest)
    _scan(edition, east, token, day=0)

    answer = _scan(edition, east, token, day=1)

    assert answer.result == ScanResult.ADMITTED
    assert sorted(CheckIn.objects.values_list("day", flat=True)) == edition.days


def test_day_is_the_local_date_in_the_editions_time_zone(edition, east, guest):
    # 23:30 in Guiyang on the first day is 15:30 UTC the same day; 00:30 local on day 2 is 16:30 UTC on day 1.
    late = dt.datetime.combine(edition.start_date + dt.timedelta(days=1), dt.time(0, 30), tzinfo=edition.tz)

    answer = checkin.scan(edition, east, badges.badge_token(guest), scan_id=uuid.uuid4(), scanned_at=late)

    assert answer.day == edition.start_date + dt.timedelta(days=1)


def test_text_that_is_not_a_badge_is_invalid_and_recorded(edition, east, english):
    answer = _scan(edition, east, "https://example.org/not-a-badge")

    assert (answer.result, answer.registration) == (ScanResult.INVALID, None)
    assert answer.message == "This is not a badge of the forum (the code is not signed)."
    assert (CheckIn.objects.count(), Scan.objects.get().result) == (0, "invalid")


def test_forged_or_altered_or_other_salt_tokens_are_invalid(edition, east, guest):
    token = badges.badge_token(guest)
    forged = f"EF:{guest.reference}.{guest.badge_version}:{'A' * 43}"
    altered = token.replace(f".{guest.badge_version}:", f".{guest.badge_version + 1}:")
    other_salt = "EF:" + signing.Signer(salt="something.else", algorithm="sha256").sign(f"{guest.reference}.1")
    plain_reference = guest.reference

    results = [_scan(edition, east, text).result for text in (forged, altered, other_salt, plain_reference)]

    assert results == [ScanResult.INVALID] * 4
    assert CheckIn.objects.count() == 0


def test_badge_of_another_edition_is_invalid(edition, east, english):
    other = EditionFactory(year=2024)
    stranger = RegistrationFactory(edition=other)

    answer = _scan(edition, east, badges.badge_token(stranger))

    assert answer.result == ScanResult.INVALID
    assert answer.message == f"Badge {stranger.reference} is not a badge of {edition.name}."


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (RegistrationStatus.PENDING, "Registration {ref} is Awaiting approval: not admitted."),
        (RegistrationStatus.CANCELLED, "Registration {ref} is Cancelled: not admitted."),
        (RegistrationStatus.SUBSTITUTED, "Badge {ref} was handed to another person: it no longer admits anyone."),
    ],
)
def test_badge_of_a_registration_not_approved_is_not_admitted(edition, east, guest, status, message, english):
    guest.status = status
    guest.save(update_fields=["status"])

    answer = _scan(edition, east, badges.badge_token(guest))

    assert (answer.result, answer.message) == (ScanResult.NOT_ADMITTED, message.format(ref=guest.reference))
    assert (CheckIn.objects.count(), Scan.objects.get().registration) == (0, guest)


def test_old_badge_after_a_new_version_is_not_admitted(edition, east, guest, english):
    old_token = badges.badge_token(guest)
    guest.badge_version = 2
    guest.save(update_fields=["badge_version"])

    old = _scan(edition, east, old_token)
    new = _scan(edition, east, badges.badge_token(guest))

    assert old.result == ScanResult.NOT_ADMITTED
    assert old.message == f"Badge {guest.reference} is an old badge (version 1; version 2 was issued since)."
    assert new.result == ScanResult.ADMITTED


def test_online_guest_is_not_admitted_on_site(edition, east, guest):
    guest.attendance = Attendance.ONLINE
    guest.save(update_fields=["attendance"])

    assert _scan(edition, east, badges.badge_token(guest)).result == ScanResult.NOT_ADMITTED


def test_scan_time_in_the_future_counts_as_now(edition, east, guest):
    now = edition_day(edition, 0, 10)

    answer = checkin.scan(
        edition, east, badges.badge_token(guest), scan_id=uuid.uuid4(), scanned_at=now + dt.timedelta(days=3), now=now
    )

    assert answer.scanned_at == now
    assert CheckIn.objects.get().scanned_at == now


def test_scan_time_before_the_first_day_counts_as_the_first_day(edition, east, guest):
    now = edition_day(edition, 1, 10)

    answer = checkin.scan(
        edition, east, badges.badge_token(guest), scan_id=uuid.uuid4(), scanned_at=now - dt.timedelta(days=30), now=now
    )

    assert (answer.scanned_at, answer.day) == (edition.starts_at, edition.start_date)


def test_gate_of_another_edition_is_refused(edition, guest, english):
    other_gate = GateFactory(edition=EditionFactory(year=2024), name_en="North gate")

    with pytest.raises(CheckInError, match="The gate North gate is not a gate of"):
        _scan(edition, other_gate, badges.badge_token(guest))
    assert Scan.objects.count() == 0


def test_scan_id_used_at_another_edition_is_refused(edition, east, guest, english):
    other = EditionFactory(year=2024)
    scan_id = uuid.uuid4()
    _scan(other, GateFactory(edition=other), "anything", scan_id=scan_id)

    with pytest.raises(CheckInError, match="was already used elsewhere"):
        _scan(edition, east, badges.badge_token(guest), scan_id=scan_id)
    assert CheckIn.objects.count() == 0


# --- counts -----------------------------------------------------------------------------------


def test_counts_per_gate_and_category_today_and_in_total(edition, east, west, vip, guest):
    media = GuestCategoryFactory(edition=edition, code="media", name_en="Media", order=5)
    reporter = RegistrationFactory(edition=edition, form__category=media)
    RegistrationFactory(edition=edition, form__category=media)  # approved, not come yet
    _scan(edition, east, badges.badge_token(guest), day=0)
    _scan(edition, west, badges.badge_token(guest), day=1)
    _scan(edition, west, badges.badge_token(reporter), day=1)
    _scan(edition, east, badges.badge_token(reporter), day=1, hour=12)  # a repeat counts nothing

    figures = checkin.counts(edition, day=edition.start_date + dt.timedelta(days=1))

    assert [(row.key.code, row.today, row.total) for row in figures.gates] == [("east", 0, 1), ("west", 2, 2)]
    assert [(row.key.code, row.today, row.total, row.expected) for row in figures.categories] == [
        ("vip", 1, 2, 1),
        ("media", 1, 1, 2),
    ]
    assert (figures.today, figures.total, figures.expected, figures.scans_today) == (2, 3, 3, 3)


@pytest.mark.parametrize("gates", [1, 3])
def test_counts_take_the_same_queries_whatever_the_number_of_gates(edition, vip, gates, django_assert_num_queries):
    for _number in range(gates):
        gate = GateFactory(edition=edition)
        _scan(edition, gate, badges.badge_token(RegistrationFactory(edition=edition, form__category=vip)))

    with django_assert_num_queries(6):
        checkin.counts(edition)


# --- the scanner page ---------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _submit(client, edition, body):
    url = reverse("manage_services:scan_submit", kwargs={"edition_slug": edition.slug})
    return client.post(url, json.dumps(body), content_type="application/json")


def test_scanner_page_shows_the_gates_to_gate_staff(edition, east, west):
    response = _client(committee_user(edition, CommitteeRole.GATE_STAFF)).get(
        reverse("manage_services:scan", kwargs={"edition_slug": edition.slug})
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="east">East gate</option>' in html
    assert '<option value="west">West gate</option>' in html
    assert 'id="scanner-strings"' in html


@pytest.mark.parametrize(("role", "status"), [(CommitteeRole.STAFF, 403), (None, 404)])
def test_scanner_page_refuses_others(edition, east, role, status):
    user = committee_user(edition, role) if role else UserFactory()

    response = _client(user).get(reverse("manage_services:scan", kwargs={"edition_slug": edition.slug}))

    assert response.status_code == status


def test_scanner_page_needs_a_login(client, edition):
    url = reverse("manage_services:scan", kwargs={"edition_slug": edition.slug})

    response = client.get(url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


def test_scan_submit_admits_then_answers_a_repeat(edition, east, west, guest):
    client = _client(committee_user(edition, CommitteeRole.GATE_STAFF))
    token = badges.badge_token(guest)
    first_id, second_id = uuid.uuid4(), uuid.uuid4()
    when = edition_day(edition, 0, 9).isoformat()

    first = _submit(client, edition, {"gate": "east", "payload": token, "scan_id": str(first_id), "scanned_at": when})
    second = _submit(client, edition, {"gate": "west", "payload": token, "scan_id": str(second_id), "scanned_at": when})

    assert first.status_code == 200
    assert (first.json()["result"], first.json()["name_zh"], first.json()["category"]) == (
        "admitted",
        "王小明",
        "Guests",
    )
    assert (second.json()["result"], second.json()["first_gate"], second.json()["first_time"]) == (
        "repeat",
        "east",
        "09:00",
    )
    assert CheckIn.objects.count() == 1
    assert Scan.objects.get(pk=first_id).scanned_by.committee_roles.get().role == CommitteeRole.GATE_STAFF


def test_scan_submit_sent_twice_counts_once(edition, east, guest):
    client = _client(committee_user(edition, CommitteeRole.GATE_STAFF))
    body = {"gate": "east", "payload": badges.badge_token(guest), "scan_id": str(uuid.uuid4())}

    first = _submit(client, edition, body)
    again = _submit(client, edition, body)

    assert (first.json()["result"], again.json()["result"], again.json()["replayed"]) == ("admitted", "admitted", True)
    assert (CheckIn.objects.count(), Scan.objects.count()) == (1, 1)


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"gate": "south", "payload": "x", "scan_id": str(uuid.UUID(int=1))}, 422, "There is no gate “south” at"),
        ({"gate": "east", "payload": "x", "scan_id": "not-a-uuid"}, 422, "The scan id not-a-uuid is not a UUID."),
        (
            {"gate": "east", "payload": "x", "scan_id": str(uuid.UUID(int=1)), "scanned_at": "yesterday"},
            422,
            "The scan time yesterday is not a date and time.",
        ),
        ([1, 2], 400, "The scan is not valid JSON."),
    ],
)
def test_scan_submit_refuses_bad_input_and_records_nothing(edition, east, body, status, detail):
    client = _client(committee_user(edition, CommitteeRole.GATE_STAFF))

    response = _submit(client, edition, body)

    assert response.status_code == status
    assert response.json()["detail"].startswith(detail)
    assert Scan.objects.count() == 0


def test_scan_submit_refuses_read_only_staff(edition, east, guest):
    client = _client(committee_user(edition, CommitteeRole.STAFF))

    response = _submit(
        client, edition, {"gate": "east", "payload": badges.badge_token(guest), "scan_id": str(uuid.uuid4())}
    )

    assert response.status_code == 403
    assert CheckIn.objects.count() == 0


# --- the counts page ----------------------------------------------------------------------------


def test_counts_page_shows_gates_and_categories_to_any_committee_member(edition, east, west, guest):
    checkin.scan(edition, east, badges.badge_token(guest), scan_id=uuid.uuid4())  # now: today
    client = _client(committee_user(edition, CommitteeRole.STAFF))

    response = client.get(reverse("manage_services:checkins", kwargs={"edition_slug": edition.slug}))

    assert response.status_code == 200
    counts = response.context["counts"]
    assert [(row.label, row.today) for row in counts.gates] == [("East gate", 1), ("West gate", 0)]
    assert [(row.label, row.today, row.expected) for row in counts.categories] == [("Guests", 1, 1)]
    assert 'hx-trigger="every 5s"' in response.content.decode()


def test_counts_fragment_for_htmx_polling(edition, east):
    client = _client(committee_user(edition, CommitteeRole.GATE_STAFF))

    response = client.get(
        reverse("manage_services:checkins", kwargs={"edition_slug": edition.slug}), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response.content.decode().startswith('<div id="live-counts"')


def test_counts_page_is_a_404_outside_the_committee(edition):
    response = _client(UserFactory()).get(reverse("manage_services:checkins", kwargs={"edition_slug": edition.slug}))

    assert response.status_code == 404


@pytest.mark.parametrize("scans", [1, 3])
def test_counts_page_queries_do_not_grow(edition, vip, scans, django_assert_max_num_queries):
    client = _client(committee_user(edition, CommitteeRole.STAFF))
    for _number in range(scans):
        gate = GateFactory(edition=edition)
        GuestCategoryFactory(edition=edition)
        checkin.scan(
            edition,
            gate,
            badges.badge_token(RegistrationFactory(edition=edition, form__category=vip)),
            scan_id=uuid.uuid4(),
        )
    url = reverse("manage_services:checkins", kwargs={"edition_slug": edition.slug})

    with django_assert_max_num_queries(14):
        response = client.get(url)

    assert response.status_code == 200
