"""Organizers' writes through the API: the same services as the pages, audited, with access resolved first."""

from __future__ import annotations

import pytest
from django.test import Client

from ecoforum.api.models import ApiToken
from ecoforum.core.models import AuditEntry
from ecoforum.program import services
from ecoforum.program.models import ProgramRelease, Session, SessionSlot
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import CommitteeMemberFactory, EditionFactory, PersonFactory
from .conftest import make

DRAFT = "/api/editions/2023/program/draft/sessions"
RELEASES = "/api/editions/2023/program/releases"


def new_session(**extra) -> dict:
    return {"code": "B1", "kind": "panel", "title": {"zh-hans": "绿色金融", "en": "Green finance"}, **extra}


def draft_json(session, *, room=None, start=None, end=None, theme_forum=None, people=()) -> dict:
    return {
        "id": session.pk,
        "guid": str(session.guid),
        "code": session.code,
        "kind": session.kind,
        "language": session.language,
        "title": {"zh-hans": session.title_zh_hans, "en": session.title_en},
        "abstract": {"zh-hans": session.abstract_zh_hans, "en": session.abstract_en},
        "is_online": session.is_online,
        "online_url": session.online_url,
        "start": start,
        "end": end,
        "room": room,
        "theme_forum": theme_forum,
        "people": list(people),
    }


MAIN_HALL = {
    "name": {"zh-hans": "主会场", "en": "Main Hall"},
    "venue": {"zh-hans": "贵阳国际生态会议中心", "en": "Guiyang International Eco-Conference Center"},
    "capacity": 1200,
}


# --- creating ---------------------------------------------------------------


def test_organizer_creates_a_scheduled_session(as_organizer, organizer, edition, room, li_wei):
    payload = new_session(
        abstract={"zh-hans": "讨论", "en": "A discussion"},
        room=room.pk,
        start="2023-07-08T14:00:00+08:00",
        end="2023-07-08T15:30:00+08:00",
        people=[{"person": li_wei.pk, "role": "moderator", "talk_title": {"en": "Opening remarks"}}],
    )
    response = as_organizer.post(DRAFT, payload, content_type="application/json")
    session = Session.objects.get(code="B1")
    assert response.status_code == 201
    assert response.json() == draft_json(
        session,
        room={"id": room.pk, **MAIN_HALL},
        start="2023-07-08T14:00:00+08:00",
        end="2023-07-08T15:30:00+08:00",
        people=[
            {
                "person": {
                    "id": li_wei.pk,
                    "slug": "li-wei",
                    "name": {"zh-hans": "李伟", "en": "Li Wei"},
                    "organization": {"zh-hans": "中国科学院", "en": "Chinese Academy of Sciences"},
                },
                "role": "moderator",
                "talk_title": {"zh-hans": "", "en": "Opening remarks"},
            }
        ],
    )
    assert (session.kind, session.title_en, session.abstract_zh_hans) == ("panel", "Green finance", "讨论")
    entry = AuditEntry.objects.get(action="program.session.created")
    assert (entry.actor, entry.object_id) == (organizer, str(session.pk))


def test_machine_with_a_token_creates_a_session_without_csrf(as_machine, organizer, edition):
    response = as_machine.post(DRAFT, new_session(), content_type="application/json")
    assert response.status_code == 201
    assert AuditEntry.objects.get(action="program.session.created").actor == organizer


def test_session_with_a_valid_csrf_token_is_accepted_and_without_one_refused(organizer, edition):
    browser = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    browser.force_login(organizer)
    refused = browser.post(DRAFT, new_session(), content_type="application/json")
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "The CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value."},
    )
    browser.get("/accounts/login/")  # any page that renders a form sets the CSRF cookie
    accepted = browser.post(
        DRAFT, new_session(), content_type="application/json", HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value
    )
    assert accepted.status_code == 201
    assert Session.objects.filter(code="B1").count() == 1


def test_anonymous_writes_are_refused(anon, edition, released):
    session_id = released["opening"].pk
    attempts = [
        anon.post(DRAFT, new_session(), content_type="application/json"),
        anon.patch(f"{DRAFT}/{session_id}", {"title": {"en": "X"}}, content_type="application/json"),
        anon.put(
            f"{DRAFT}/{session_id}/slot", {"room": None, "start": None, "end": None}, content_type="application/json"
        ),
        anon.put(f"{DRAFT}/{session_id}/people", {"people": []}, content_type="application/json"),
        anon.delete(f"{DRAFT}/{session_id}"),
        anon.post(RELEASES, {"version": "v2"}, content_type="application/json"),
        anon.get(DRAFT),
    ]
    expected = {"detail": "Sign in, or send an API token as “Authorization: Bearer …”."}
    assert [(r.status_code, r.json(), r["WWW-Authenticate"]) for r in attempts] == [(401, expected, "Bearer")] * 7
    assert Session.objects.count() == 2
    assert ProgramRelease.objects.filter(version__isnull=False).count() == 1


def test_unknown_or_revoked_token_is_refused(edition, token):
    ApiToken.objects.update(is_active=False)
    for value in (token, "efg_made-up"):
        client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {value}")
        assert client.post(DRAFT, new_session(), content_type="application/json").status_code == 401
    assert Session.objects.count() == 0


def test_only_the_tokens_hash_is_stored(token):
    row = ApiToken.objects.get()
    assert token.startswith("efg_")
    assert token not in (row.digest, row.hint)
    assert row.hint == token[:8]


def test_signed_in_user_without_a_role_may_not_create(stranger, edition):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(stranger)
    response = client.post(DRAFT, new_session(), content_type="application/json")
    assert (response.status_code, response.json()) == (403, {"detail": "You may not change this part of the program."})
    assert Session.objects.count() == 0


def test_creating_into_a_taken_room_is_a_conflict_naming_the_other_session(as_organizer, edition, room):
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    response = as_organizer.post(
        DRAFT,
        new_session(room=room.pk, start="2023-07-08T09:30:00+08:00", end="2023-07-08T11:00:00+08:00"),
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": "B1 «Green finance»: room Main Hall already holds A1 «Session A1» "
            "from 2023-07-08 09:00 to 2023-07-08 10:00."
        },
    )
    assert list(Session.objects.values_list("code", flat=True)) == ["A1"]


def test_session_outside_the_editions_days_is_unprocessable(as_organizer, edition, room):
    response = as_organizer.post(
        DRAFT,
        new_session(room=room.pk, start="2023-07-10T09:00:00+08:00", end="2023-07-10T10:00:00+08:00"),
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (
        422,
        {"detail": "B1 «Green finance» falls outside the edition's days (2023-07-08 to 2023-07-09)."},
    )


def test_times_without_an_offset_are_refused(as_organizer, edition, room):
    response = as_organizer.post(
        DRAFT,
        new_session(room=room.pk, start="2023-07-08T09:00:00", end="2023-07-08T10:00:00"),
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (
        422,
        {"detail": "B1 «Green finance»: times must carry a time zone."},
    )


def test_a_room_of_another_edition_is_unprocessable(as_organizer, edition):
    from ..factories import RoomFactory

    foreign = RoomFactory()
    response = as_organizer.post(
        DRAFT,
        new_session(room=foreign.pk, start="2023-07-08T09:00:00+08:00", end="2023-07-08T10:00:00+08:00"),
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (422, {"detail": f"This edition has no room {foreign.pk}."})
    assert Session.objects.count() == 0


def test_a_body_that_is_not_valid_lists_each_problem(as_organizer, edition):
    response = as_organizer.post(DRAFT, {"code": "", "title": {"en": "No Chinese"}}, content_type="application/json")
    body = response.json()
    assert (response.status_code, body["detail"]) == (422, "The request is not valid.")
    assert sorted((tuple(e["loc"]), e["type"]) for e in body["errors"]) == [
        (("body", "payload", "code"), "string_too_short"),
        (("body", "payload", "title", "zh-hans"), "missing"),
    ]


# --- changing, scheduling, people, withdrawing ------------------------------


def test_organizer_changes_a_session_and_only_what_was_sent(as_organizer, organizer, edition, released, carbon):
    session = released["opening"]
    response = as_organizer.patch(
        f"{DRAFT}/{session.pk}",
        {
            "title": {"en": "Opening ceremony"},
            "theme_forum": carbon.pk,
            "is_online": True,
            "online_url": "https://live.example.org/a1",
        },
        content_type="application/json",
    )
    session.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["title"] == {"zh-hans": "会议A1", "en": "Opening ceremony"}
    assert response.json()["theme_forum"]["slug"] == "carbon"
    assert (session.title_zh_hans, session.title_en, session.theme_forum, session.is_online) == (
        "会议A1",
        "Opening ceremony",
        carbon,
        True,
    )
    entry = AuditEntry.objects.get(action="program.session.changed")
    assert entry.actor == organizer
    assert entry.data == {
        "is_online": [False, True],
        "online_url": ["", "https://live.example.org/a1"],
        "theme_forum_id": [None, carbon.pk],
        "title_en": ["Session A1", "Opening ceremony"],
    }


def test_patch_with_null_theme_forum_takes_the_session_out(as_organizer, released):
    session = released["forum"]
    response = as_organizer.patch(f"{DRAFT}/{session.pk}", {"theme_forum": None}, content_type="application/json")
    session.refresh_from_db()
    assert (response.status_code, response.json()["theme_forum"], session.theme_forum) == (200, None, None)


def test_organizer_schedules_a_session(as_organizer, organizer, edition, released, room):
    session = released["forum"]
    response = as_organizer.put(
        f"{DRAFT}/{session.pk}/slot",
        {"room": room.pk, "start": "2023-07-09T01:00:00Z", "end": "2023-07-09T02:00:00Z"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["start"], response.json()["end"], response.json()["room"]["id"]) == (
        "2023-07-09T09:00:00+08:00",
        "2023-07-09T10:00:00+08:00",
        room.pk,
    )
    draft = services.get_draft(edition)
    slot = SessionSlot.objects.get(release=draft, session=session)
    assert (slot.room, slot.start, slot.end) == (room, at(edition, 1, 9), at(edition, 1, 10))
    assert AuditEntry.objects.get(action="program.session.moved").actor == organizer


def test_scheduling_into_a_taken_room_is_a_conflict(as_organizer, edition, released, room):
    session = released["forum"]
    response = as_organizer.put(
        f"{DRAFT}/{session.pk}/slot",
        {"room": room.pk, "start": "2023-07-08T09:30:00+08:00", "end": "2023-07-08T10:30:00+08:00"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": "TF1-1 «Session TF1-1»: room Main Hall already holds A1 «Session A1» "
            "from 2023-07-08 09:00 to 2023-07-08 10:00."
        },
    )
    slot = SessionSlot.objects.get(release=services.get_draft(edition), session=session)
    assert slot.start == at(edition, 1, 14)


def test_organizer_sets_the_people_and_a_busy_speaker_is_a_conflict(as_organizer, edition, released, li_wei):
    forum_session = released["forum"]
    expert = PersonFactory(slug="wang-fang", name_zh_hans="王芳", name_en="Wang Fang")
    response = as_organizer.put(
        f"{DRAFT}/{forum_session.pk}/people",
        {"people": [{"person": expert.pk, "role": "moderator"}, {"person": li_wei.pk, "role": "panelist"}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [(p["person"]["slug"], p["role"]) for p in response.json()["people"]] == [
        ("wang-fang", "moderator"),
        ("li-wei", "panelist"),
    ]
    # Li Wei speaks at the opening (day 1, 9:00); a session at the same time cannot have him too.
    clash = make(edition, "C1", start=at(edition, 0, 9, 30), end=at(edition, 0, 10, 30))
    response = as_organizer.put(
        f"{DRAFT}/{clash.pk}/people", {"people": [{"person": li_wei.pk}]}, content_type="application/json"
    )
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "C1 «Session C1»: Li Wei is already in A1 «Session A1» from 2023-07-08 09:00 to 2023-07-08 10:00."},
    )
    assert clash.roles.count() == 0


def test_setting_an_unknown_person_is_unprocessable(as_organizer, released):
    response = as_organizer.put(
        f"{DRAFT}/{released['forum'].pk}/people", {"people": [{"person": 999999}]}, content_type="application/json"
    )
    assert (response.status_code, response.json()) == (422, {"detail": "There is no person with the id 999999."})


def test_organizer_withdraws_a_released_session_and_deletes_a_draft_one(
    as_organizer, organizer, edition, released, room
):
    draft_only = make(edition, "C1", room=room, start=at(edition, 0, 11), end=at(edition, 0, 12))
    assert as_organizer.delete(f"{DRAFT}/{draft_only.pk}").status_code == 204
    assert not Session.objects.filter(pk=draft_only.pk).exists()

    response = as_organizer.delete(f"{DRAFT}/{released['opening'].pk}")
    assert (response.status_code, response.content) == (204, b"")
    slot = SessionSlot.objects.get(release=services.get_draft(edition), session=released["opening"])
    assert (slot.room, slot.start, slot.end) == (None, None, None)
    assert list(AuditEntry.objects.filter(action="program.session.withdrawn").values_list("actor", flat=True)) == [
        organizer.pk,
        organizer.pk,
    ]


def test_organizer_reads_the_whole_draft(as_organizer, edition, released, room):
    make(edition, "C1")  # not scheduled yet
    body = as_organizer.get(DRAFT).json()
    assert (body["count"], [(s["code"], s["start"], s["room"] and s["room"]["id"]) for s in body["items"]]) == (
        3,
        [
            ("A1", "2023-07-08T09:00:00+08:00", room.pk),
            ("TF1-1", "2023-07-09T14:00:00+08:00", released["forum"].slots.first().room_id),
            ("C1", None, None),
        ],
    )
    unscheduled = Session.objects.get(code="C1")
    assert as_organizer.get(f"{DRAFT}/{unscheduled.pk}").json() == draft_json(unscheduled)


def test_draft_list_query_count_does_not_grow(as_organizer, edition, venue, carbon):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..factories import RoomFactory

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_organizer.get(DRAFT).status_code == 200
        return len(ctx.captured_queries)

    def grow(start: int, stop: int) -> None:
        for i in range(start, stop):
            make(
                edition,
                f"Q{i}",
                room=RoomFactory(venue=venue),
                start=at(edition, 0, 8 + i),
                end=at(edition, 0, 9 + i),
                theme_forum=carbon,
                people=[Role(PersonFactory())],
            )

    grow(0, 1)
    one = count()
    grow(1, 3)
    assert (one, count()) == (one, one)


# --- releasing --------------------------------------------------------------


def test_organizer_releases_the_program(as_organizer, organizer, edition, released, room):
    make(edition, "C1", room=room, start=at(edition, 0, 11), end=at(edition, 0, 12))
    response = as_organizer.post(
        RELEASES, {"version": "v2", "comment": {"en": "One more session"}}, content_type="application/json"
    )
    release = ProgramRelease.objects.get(version="v2")
    c1 = Session.objects.get(code="C1")
    assert response.status_code == 201
    assert response.json() == {
        "version": "v2",
        "published_at": release.published_at.astimezone(edition.tz).isoformat(timespec="milliseconds"),
        "comment": {"zh-hans": "", "en": "One more session"},
        "changes": {
            "new": [
                {
                    "session": c1.pk,
                    "code": "C1",
                    "title": {"zh-hans": "会议C1", "en": "Session C1"},
                    "room": {"zh-hans": "主会场", "en": "Main Hall"},
                    "start": "2023-07-08T11:00:00+08:00",
                    "end": "2023-07-08T12:00:00+08:00",
                    "old_room": None,
                    "old_start": None,
                    "old_end": None,
                }
            ],
            "moved": [],
            "cancelled": [],
        },
    }
    assert release.published_by == organizer
    assert AuditEntry.objects.filter(action="program.release.published", actor=organizer).count() == 1


def test_releasing_with_nothing_new_is_a_conflict(as_organizer, released):
    response = as_organizer.post(RELEASES, {"version": "v2"}, content_type="application/json")
    assert (response.status_code, response.json()) == (409, {"detail": "Nothing has moved since version v1."})


def test_a_version_name_is_released_once(as_organizer, edition, released, room):
    make(edition, "C1", room=room, start=at(edition, 0, 11), end=at(edition, 0, 12))
    response = as_organizer.post(RELEASES, {"version": "v1"}, content_type="application/json")
    assert (response.status_code, response.json()) == (409, {"detail": "Version v1 has already been released."})


def test_coordinator_may_not_release(as_coordinator, edition, released, room):
    make(edition, "C1", room=room, start=at(edition, 0, 11), end=at(edition, 0, 12))
    response = as_coordinator.post(RELEASES, {"version": "v2"}, content_type="application/json")
    assert (response.status_code, response.json()) == (403, {"detail": "You may not change this part of the program."})
    assert not ProgramRelease.objects.filter(version="v2").exists()


# --- coordinators -----------------------------------------------------------


@pytest.fixture
def forums(edition, theme_forum, other_forum, room, other_room):
    """A session in the coordinator's forum and one in another forum."""
    mine = make(edition, "M1", theme_forum=theme_forum, room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    theirs = make(
        edition, "T1", theme_forum=other_forum, room=other_room, start=at(edition, 0, 9), end=at(edition, 0, 10)
    )
    return {"mine": mine, "theirs": theirs}


def _writes(client, session_id: int, room) -> list:
    """Every write endpoint on one session id."""
    return [
        client.get(f"{DRAFT}/{session_id}"),
        client.patch(f"{DRAFT}/{session_id}", {"title": {"en": "Changed"}}, content_type="application/json"),
        client.put(
            f"{DRAFT}/{session_id}/slot",
            {"room": room.pk, "start": "2023-07-09T09:00:00+08:00", "end": "2023-07-09T10:00:00+08:00"},
            content_type="application/json",
        ),
        client.put(f"{DRAFT}/{session_id}/people", {"people": []}, content_type="application/json"),
        client.delete(f"{DRAFT}/{session_id}"),
    ]


def test_coordinator_changes_sessions_of_their_forum(as_coordinator, coordinator, forums, room):
    statuses = [r.status_code for r in _writes(as_coordinator, forums["mine"].pk, room)]
    assert statuses == [200, 200, 200, 200, 204]
    assert list(AuditEntry.objects.filter(actor=coordinator).order_by("pk").values_list("action", flat=True)) == [
        "program.session.changed",
        "program.session.moved",
        "program.session.people_changed",
        "program.session.withdrawn",
    ]


def test_coordinator_gets_not_found_for_every_other_forums_session(as_coordinator, coordinator, forums, room):
    theirs = forums["theirs"]
    responses = _writes(as_coordinator, theirs.pk, room)
    assert [(r.status_code, r.json()) for r in responses] == [(404, {"detail": "Not found."})] * 5
    # Exactly as for a session that does not exist:
    assert [(r.status_code, r.json()) for r in _writes(as_coordinator, 999999, room)] == [
        (404, {"detail": "Not found."})
    ] * 5
    theirs.refresh_from_db()
    assert theirs.title_en == "Session T1"
    assert SessionSlot.objects.get(release__version__isnull=True, session=theirs).start is not None
    assert not AuditEntry.objects.filter(actor=coordinator).exists()


def test_coordinator_cannot_create_in_or_move_into_another_forum(as_coordinator, forums, other_forum):
    created = as_coordinator.post(DRAFT, new_session(theme_forum=other_forum.pk), content_type="application/json")
    moved = as_coordinator.patch(
        f"{DRAFT}/{forums['mine'].pk}", {"theme_forum": other_forum.pk}, content_type="application/json"
    )
    refused = {"detail": "You may not change this part of the program."}
    assert [(r.status_code, r.json()) for r in (created, moved)] == [(403, refused), (403, refused)]
    assert not Session.objects.filter(code="B1").exists()


def test_coordinator_creates_in_their_forum(as_coordinator, forums, theme_forum):
    response = as_coordinator.post(DRAFT, new_session(theme_forum=theme_forum.pk), content_type="application/json")
    assert (response.status_code, response.json()["theme_forum"]["id"]) == (201, theme_forum.pk)


def test_coordinator_reads_only_their_forums_draft(as_coordinator, forums):
    assert [s["code"] for s in as_coordinator.get(DRAFT).json()["items"]] == ["M1"]


def test_session_of_another_edition_is_not_found_under_this_edition(organizer, edition, forums):
    other = EditionFactory(year=2024, slug="2024")
    CommitteeMemberFactory(edition=other, user=organizer, role="organizer")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    response = client.patch(
        f"/api/editions/2024/program/draft/sessions/{forums['mine'].pk}",
        {"title": {"en": "Wrong edition"}},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
