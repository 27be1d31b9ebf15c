"""The timetable rules and program releases, through the services."""

from __future__ import annotations

import pytest

from ecoforum.core.models import AuditEntry
from ecoforum.program import services
from ecoforum.program.exceptions import InvalidTime, NotAllowed, NothingToRelease, TimetableConflict
from ecoforum.program.models import ProgramRelease, SessionSlot
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import PersonFactory

pytestmark = pytest.mark.usefixtures("english")


def make(edition, code, *, room=None, start=None, end=None, actor=None, people=(), theme_forum=None):
    return services.create_session(
        edition,
        actor=actor,
        code=code,
        title_zh_hans=f"会议{code}",
        title_en=f"Session {code}",
        room=room,
        start=start,
        end=end,
        people=[Role(p) for p in people],
        theme_forum=theme_forum,
    )


def test_create_session_stores_utc_and_keeps_local_time(edition, room):
    session = make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    slot = SessionSlot.objects.get(session=session)
    assert slot.start.utcoffset().total_seconds() == 0
    assert slot.start.astimezone(edition.tz).hour == 9
    assert slot.start.hour == 1  # 09:00 in Guiyang is 01:00 UTC


def test_room_cannot_hold_two_sessions_at_once(edition, room):
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    with pytest.raises(TimetableConflict) as err:
        make(edition, "A2", room=room, start=at(edition, 0, 9, 30), end=at(edition, 0, 11))
    assert str(err.value) == (
        "A2 «Session A2»: room Main Hall already holds A1 «Session A1» from 2023-07-08 09:00 to 2023-07-08 10:00."
    )
    assert list(edition.sessions.values_list("code", flat=True)) == ["A1"]


def test_back_to_back_sessions_in_one_room_are_allowed(edition, room):
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    make(edition, "A2", room=room, start=at(edition, 0, 10), end=at(edition, 0, 11))
    assert SessionSlot.objects.filter(room=room).count() == 2


def test_person_cannot_speak_in_two_places_at_once(edition, room, other_room):
    speaker = PersonFactory(name_en="Li Wei", name_zh_hans="李伟")
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10), people=[speaker])
    with pytest.raises(TimetableConflict) as err:
        make(edition, "B1", room=other_room, start=at(edition, 0, 9, 45), end=at(edition, 0, 11), people=[speaker])
    assert str(err.value).startswith("B1 «Session B1»: Li Wei is already in A1 «Session A1»")


def test_adding_a_busy_speaker_to_a_scheduled_session_is_refused(edition, room, other_room):
    speaker = PersonFactory()
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10), people=[speaker])
    other = make(edition, "B1", room=other_room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    with pytest.raises(TimetableConflict):
        services.set_session_people(other, actor=None, people=[Role(speaker, "moderator")])
    assert other.roles.count() == 0


def test_session_outside_the_editions_days_is_refused(edition, room):
    with pytest.raises(InvalidTime) as err:
        make(edition, "A1", room=room, start=at(edition, 2, 9), end=at(edition, 2, 10))
    assert str(err.value) == "A1 «Session A1» falls outside the edition's days (2023-07-08 to 2023-07-09)."


def test_session_ending_before_it_starts_is_refused(edition, room):
    with pytest.raises(InvalidTime):
        make(edition, "A1", room=room, start=at(edition, 0, 10), end=at(edition, 0, 9))
    assert edition.sessions.count() == 0


def test_coordinator_changes_own_forum_session(edition, theme_forum, coordinator, room):
    session = make(edition, "TF1", theme_forum=theme_forum, actor=coordinator)
    services.update_session(session, actor=coordinator, title_en="Carbon markets")
    session.refresh_from_db()
    assert session.title_en == "Carbon markets"


def test_coordinator_cannot_change_another_forums_session(edition, theme_forum, other_forum, coordinator):
    session = make(edition, "TF2", theme_forum=other_forum)
    with pytest.raises(NotAllowed):
        services.update_session(session, actor=coordinator, title_en="Hijacked")
    with pytest.raises(NotAllowed):
        make(edition, "TF3", theme_forum=other_forum, actor=coordinator)
    session.refresh_from_db()
    assert session.title_en == "Session TF2"


def test_coordinator_cannot_move_own_session_into_another_forum(edition, theme_forum, other_forum, coordinator):
    session = make(edition, "TF1", theme_forum=theme_forum, actor=coordinator)
    with pytest.raises(NotAllowed):
        services.update_session(session, actor=coordinator, theme_forum=other_forum)
    session.refresh_from_db()
    assert session.theme_forum == theme_forum


def test_release_records_what_moved(edition, room, other_room, organizer):
    a = make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    b = make(edition, "B1", room=room, start=at(edition, 0, 10), end=at(edition, 0, 11))
    first = services.release_program(edition, actor=organizer, version="v1")
    assert [f["code"] for f in first.changes["new"]] == ["A1", "B1"]

    services.schedule_session(a, actor=organizer, room=other_room, start=at(edition, 1, 9), end=at(edition, 1, 10))
    services.withdraw_session(b, actor=organizer)
    make(edition, "C1", room=room, start=at(edition, 0, 14), end=at(edition, 0, 15))
    second = services.release_program(edition, actor=organizer, version="v2")

    assert [f["code"] for f in second.changes["new"]] == ["C1"]
    assert [f["code"] for f in second.changes["cancelled"]] == ["B1"]
    moved = second.changes["moved"]
    assert [(m["code"], m["old_room"]["en"], m["room"]["en"]) for m in moved] == [("A1", "Main Hall", "Hall 1")]
    # The first release still shows the old timetable.
    assert SessionSlot.objects.get(release=first, session=a).room == room
    assert ProgramRelease.objects.filter(edition=edition, version__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action="program.release.published").count() == 2


def test_release_without_changes_is_refused(edition, room, organizer):
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    services.release_program(edition, actor=organizer, version="v1")
    with pytest.raises(NothingToRelease) as err:
        services.release_program(edition, actor=organizer, version="v2")
    assert str(err.value) == "Nothing has moved since version v1."


def test_coordinator_cannot_release_the_program(edition, room, coordinator):
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    with pytest.raises(NotAllowed):
        services.release_program(edition, actor=coordinator, version="v1")
    assert not ProgramRelease.objects.filter(version="v1").exists()


def test_every_change_is_audited(edition, room, organizer):
    session = make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10), actor=organizer)
    services.update_session(session, actor=organizer, title_en="New title")
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "actor"))
    assert actions == [("program.session.created", organizer.pk), ("program.session.changed", organizer.pk)]
    changed = AuditEntry.objects.get(action="program.session.changed")
    assert changed.data == {"title_en": ["Session A1", "New title"]}


def test_room_of_another_edition_is_refused_even_without_times(edition, room):
    from ..factories import EditionFactory, RoomFactory

    foreign_room = RoomFactory(venue__edition=EditionFactory(year=2024))
    session = make(edition, "A1")
    with pytest.raises(services.ProgramError) as err:
        services.schedule_session(session, actor=None, room=foreign_room, start=None, end=None)
    assert str(err.value) == f"Room {foreign_room} does not belong to this edition."
    assert SessionSlot.objects.get(session=session).room is None


def test_editing_a_session_withdrawn_meanwhile_says_it_is_gone(edition, room):
    session = make(edition, "A1")
    stale = type(session).objects.get(pk=session.pk)
    services.withdraw_session(session, actor=None)
    for edit in (
        lambda: services.schedule_session(
            stale, actor=None, room=room, start=at(edition, 0, 9), end=at(edition, 0, 10)
        ),
        lambda: services.update_session(stale, actor=None, title_en="Renamed"),
        lambda: services.set_session_people(stale, actor=None, people=[Role(PersonFactory())]),
    ):
        with pytest.raises(services.ProgramError) as err:
            edit()
        assert str(err.value) == "Session A1 no longer exists."
    assert SessionSlot.objects.count() == 0
