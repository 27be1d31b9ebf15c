"""The back office (Django admin): writes go through the services, errors are messages, lists do not N+1."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecoforum.core.models import AuditEntry
from ecoforum.people import services as people_services
from ecoforum.program import services
from ecoforum.program.models import ProgramRelease, Session, SessionSlot
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import (
    EditionFactory,
    ExpertProfileFactory,
    OrganizationFactory,
    PersonFactory,
    RoomFactory,
    ThemeForumFactory,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def changelist(model: str) -> str:
    return reverse(f"admin:{model.replace('.', '_')}_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **EN)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def session_form(session: Session | None, **overrides) -> dict:
    """The POST data of the session change form, with no person rows unless given."""
    data = {
        "code": session.code if session else "",
        "theme_forum": session.theme_forum_id or "" if session else "",
        "kind": session.kind if session else "forum",
        "title_zh_hans": session.title_zh_hans if session else "",
        "title_en": session.title_en if session else "",
        "abstract_zh_hans": "",
        "abstract_en": "",
        "language": "zh-en",
        "online_url": "",
        "room": "",
        "start_0": "",
        "start_1": "",
        "end_0": "",
        "end_1": "",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def with_people(data: dict, session: Session | None, people: list) -> dict:
    """Inline rows: the existing ones of ``session`` first, then new rows for ``people``."""
    rows = list(session.roles.all()) if session else []
    data = {**data, "roles-TOTAL_FORMS": str(len(rows) + len(people)), "roles-INITIAL_FORMS": str(len(rows))}
    for i, role in enumerate(rows):
        data.update(
            {
                f"roles-{i}-id": role.pk,
                f"roles-{i}-session": session.pk,
                f"roles-{i}-person": role.person_id,
                f"roles-{i}-role": role.role,
                f"roles-{i}-order": role.order,
            }
        )
    for j, person in enumerate(people, start=len(rows)):
        data.update({f"roles-{j}-person": person.pk, f"roles-{j}-role": "speaker", f"roles-{j}-order": j})
    return data


# --- pages ---------------------------------------------------------------------------


# --- query counts: the lists do not grow with their rows ------------------------------


def _sessions(edition, room, n):
    first = Session.objects.filter(edition=edition).count()
    for i in range(first, first + n):
        services.create_session(
            edition,
            actor=None,
            code=f"Q{i}",
            title_zh_hans=f"会议{i}",
            title_en=f"S{i}",
            room=room,
            start=at(edition, 0, 8 + i),
            end=at(edition, 0, 9 + i),
            people=[Role(PersonFactory())],
            theme_forum=ThemeForumFactory(edition=edition),
        )


BUILDERS = {
    "program.session": lambda edition, room, n: _sessions(edition, room, n),
    "program.themeforum": lambda edition, room, n: [
        ThemeForumFactory(edition=edition).co_organizers.add(OrganizationFactory()) for _ in range(n)
    ],
    "program.room": lambda edition, room, n: [RoomFactory(venue=room.venue) for _ in range(n)],
    "program.programrelease": lambda edition, room, n: [_build_release(edition, room) for _ in range(n)],
    "people.person": lambda edition, room, n: [ExpertProfileFactory() for _ in range(n)],
    "people.invitation": lambda edition, room, n: [
        people_services.invite_person(edition, PersonFactory(), actor=None, role="speaker") for _ in range(n)
    ],
    "forums.edition": lambda edition, room, n: [EditionFactory() for _ in range(n)],
}


def _build_release(edition, room):
    """One more published release: the first places a session, each next one moves it."""
    i = ProgramRelease.objects.filter(edition=edition, version__isnull=False).count()
    if i == 0:
        _sessions(edition, room, 1)
    else:
        services.schedule_session(
            Session.objects.get(code="Q0"),
            actor=None,
            room=room,
            start=at(edition, 1, 8 + i),
            end=at(edition, 1, 9 + i),
        )
    services.release_program(edition, actor=None, version=f"v{i}")


@pytest.mark.parametrize("model", sorted(BUILDERS))
def test_changelist_query_count_does_not_grow(staff_client, edition, room, model):
    BUILDERS[model](edition, room, 1)
    one = query_count(staff_client, changelist(model))
    BUILDERS[model](edition, room, 2)
    three = query_count(staff_client, changelist(model))
    assert three == one


# --- sessions are written through the services ----------------------------------------


def test_adding_a_session_goes_through_the_service(staff_client, superuser, edition, room):
    speaker = PersonFactory()
    data = with_people(
        session_form(
            None,
            edition=edition.pk,
            code="X1",
            title_zh_hans="测试会议",
            title_en="Test session",
            room=room.pk,
            start_0="2023-07-08",
            start_1="09:00",
            end_0="2023-07-08",
            end_1="10:30",
        ),
        None,
        [speaker],
    )
    response = staff_client.post(reverse("admin:program_session_add"), data, **EN)
    assert response.status_code == 302
    session = Session.objects.get(code="X1")
    slot = SessionSlot.objects.get(session=session)
    assert (slot.room, slot.start, slot.end) == (room, at(edition, 0, 9), at(edition, 0, 10, 30))
    assert list(session.roles.values_list("person", flat=True)) == [speaker.pk]
    entries = AuditEntry.objects.filter(object_id=str(session.pk)).order_by("pk")
    assert [(e.action, e.actor) for e in entries] == [
        ("program.session.created", superuser),
        ("program.session.people_changed", superuser),
    ]


def test_moving_a_session_into_a_busy_room_shows_the_rule_on_the_form(staff_client, edition, room, other_room):
    services.create_session(
        edition,
        actor=None,
        code="A1",
        title_zh_hans="甲",
        title_en="A",
        room=room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10),
    )
    b = services.create_session(
        edition,
        actor=None,
        code="B1",
        title_zh_hans="乙",
        title_en="B",
        room=other_room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10),
    )
    data = session_form(b, room=room.pk, start_0="2023-07-08", start_1="09:30", end_0="2023-07-08", end_1="10:30")
    response = staff_client.post(change_url(b), data, **EN)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "B1 «B»: room Main Hall already holds A1 «A» from 2023-07-08 09:00 to 2023-07-08 10:00."
    ]
    slot = SessionSlot.objects.get(session=b)
    assert (slot.room, slot.start) == (other_room, at(edition, 0, 9))


def test_a_busy_speaker_added_in_the_admin_is_refused_with_a_message(staff_client, edition, room, other_room):
    speaker = PersonFactory(name_zh_hans="李伟", name_en="Li Wei")
    services.create_session(
        edition,
        actor=None,
        code="A1",
        title_zh_hans="甲",
        title_en="A",
        room=room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10),
        people=[Role(speaker)],
    )
    b = services.create_session(
        edition,
        actor=None,
        code="B1",
        title_zh_hans="乙",
        title_en="B",
        room=other_room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10),
    )
    data = with_people(
        session_form(
            b,
            title_en="Renamed",
            room=other_room.pk,
            start_0="2023-07-08",
            start_1="09:00",
            end_0="2023-07-08",
            end_1="10:00",
        ),
        b,
        [speaker],
    )
    response = staff_client.post(change_url(b), data, **EN)
    assert response.status_code == 302
    assert response["Location"] == change_url(b)
    assert messages_of(response) == [
        "B1 «Renamed»: Li Wei is already in A1 «A» from 2023-07-08 09:00 to 2023-07-08 10:00."
    ]
    b.refresh_from_db()
    assert (b.title_en, b.roles.count()) == ("B", 0)  # nothing of the change was kept


def test_changing_a_session_is_audited_with_its_actor(staff_client, superuser, edition, room):
    session = services.create_session(
        edition,
        actor=None,
        code="A1",
        title_zh_hans="甲",
        title_en="A",
        room=room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10),
    )
    data = session_form(
        session,
        title_en="Carbon markets",
        room=room.pk,
        start_0="2023-07-08",
        start_1="11:00",
        end_0="2023-07-08",
        end_1="12:00",
    )
    response = staff_client.post(change_url(session), data, **EN)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title_en == "Carbon markets"
    assert SessionSlot.objects.get(session=session).start == at(edition, 0, 11)
    changed, moved = AuditEntry.objects.filter(actor=superuser).order_by("pk")
    assert (changed.action, changed.data) == ("program.session.changed", {"title_en": ["A", "Carbon markets"]})
    assert moved.action == "program.session.moved"
    assert moved.data["room"] == [room.pk, room.pk]
    assert [dt.datetime.fromisoformat(v) for v in moved.data["start"]] == [at(edition, 0, 9), at(edition, 0, 11)]


# --- coordinators see and change their own forum only ----------------------------------


# --- charter and invitations --------------------------------------------------------------


def demo_forum():
    from ecoforum.forums.models import Forum

    return Forum.objects.get(slug="efg")


def test_admin_times_mean_the_editions_local_time(edition):
    from ecoforum.program.admin import _in_edition_time

    typed = dt.datetime(2023, 7, 8, 9, 0, tzinfo=dt.UTC)  # how Django hands it over with TIME_ZONE = UTC
    assert _in_edition_time(typed, edition) == at(edition, 0, 9)


def test_the_chinese_back_office_reads_its_own_date_format(staff_client, edition, room):
    data = session_form(
        None,
        edition=edition.pk,
        code="Z1",
        title_zh_hans="中文后台",
        title_en="",
        room=room.pk,
        start_0="2023/07/09",
        start_1="14:00",
        end_0="2023/07/09",
        end_1="15:30",
    )
    response = staff_client.post(reverse("admin:program_session_add"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 302
    slot = SessionSlot.objects.get(session__code="Z1")
    assert (slot.start, slot.end) == (at(edition, 1, 14), at(edition, 1, 15, 30))
