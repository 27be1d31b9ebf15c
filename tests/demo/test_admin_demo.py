"""The back office (Django admin) on the demo edition: every list renders, coordinators see their own forum.

The demo is loaded once for the module (``demo_once``, see conftest): each test runs in a savepoint.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ecoforum.core.models import AuditEntry
from ecoforum.forums.models import CharterVersion
from ecoforum.people.models import Invitation
from ecoforum.program.models import ProgramRelease, Session, SessionSlot

from .test_admin import EN, change_url, changelist, demo_forum, messages_of, session_form, with_people

pytestmark = pytest.mark.usefixtures("demo_once")  # one load for the module (see conftest)


ALL_CHANGELISTS = [
    "forums.forum",
    "forums.edition",
    "forums.charterversion",
    "people.person",
    "people.organization",
    "people.expertfield",
    "people.invitation",
    "program.venue",
    "program.room",
    "program.section",
    "program.themeforum",
    "program.session",
    "program.programrelease",
]


@pytest.mark.parametrize("model", ALL_CHANGELISTS)
def test_changelist_of_the_demo_renders(demo, staff_client, model):
    response = staff_client.get(changelist(model), **EN)
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


def test_session_change_page_loads_no_asset_from_a_cdn(demo, staff_client):
    session = Session.objects.get(code="TF01-1")
    response = staff_client.get(change_url(session), **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "googleapis" not in html
    assert "/static/ecoforum/admin/tabs.js" in html
    # The draft place is shown in the edition's local time.
    slot = SessionSlot.objects.get(session=session, release__version__isnull=True)
    local = slot.start.astimezone(session.edition.tz)
    assert response.context["adminform"].form.initial["start"] == local.replace(tzinfo=None)


def test_release_page_lists_its_changes(demo, staff_client):
    release = ProgramRelease.objects.get(edition__slug="2023", version="1.0")
    response = staff_client.get(change_url(release), **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "TF01-1" in html
    assert release.changes["new"][0]["code"] in html


def test_withdraw_action_takes_sessions_off_the_draft(demo, staff_client):
    session = Session.objects.get(code="TF02-1")
    response = staff_client.post(
        changelist("program.session"), {"action": "withdraw", "_selected_action": [session.pk]}, **EN
    )
    assert response.status_code == 302
    assert messages_of(response) == ["1 session withdrawn from the timetable."]
    draft = ProgramRelease.objects.get(edition=session.edition, version__isnull=True)
    assert SessionSlot.objects.get(release=draft, session=session).is_scheduled is False
    assert SessionSlot.objects.get(release__version="1.0", session=session).is_scheduled is True


def test_sessions_cannot_be_deleted_in_the_admin(demo, staff_client):
    session = Session.objects.get(code="TF02-1")
    response = staff_client.get(reverse("admin:program_session_delete", args=[session.pk]), **EN)
    assert response.status_code == 403


@pytest.fixture
def coordinator_client(client, demo):
    client.force_login(get_user_model().objects.get(username="coordinator"))
    return client


def test_coordinator_sees_only_the_sessions_of_their_forum(coordinator_client):
    response = coordinator_client.get(changelist("program.session"), **EN)
    assert response.status_code == 200
    codes = sorted(s.code for s in response.context["cl"].result_list)
    assert codes == ["TF01-1", "TF01-2", "TF01-3"]


def test_coordinator_cannot_open_another_forums_session(coordinator_client):
    other = Session.objects.get(code="TF02-1")
    response = coordinator_client.get(change_url(other), **EN)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_coordinator_changes_their_own_session(coordinator_client):
    session = Session.objects.get(code="TF01-1")
    slot = SessionSlot.objects.get(session=session, release__version__isnull=True)
    local_start = slot.start.astimezone(session.edition.tz)
    local_end = slot.end.astimezone(session.edition.tz)
    data = with_people(
        session_form(
            session,
            title_en="Pathways to carbon neutrality",
            room=slot.room_id,
            start_0=f"{local_start:%Y-%m-%d}",
            start_1=f"{local_start:%H:%M}",
            end_0=f"{local_end:%Y-%m-%d}",
            end_1=f"{local_end:%H:%M}",
        ),
        session,
        [],
    )
    response = coordinator_client.post(change_url(session), data, **EN)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title_en == "Pathways to carbon neutrality"
    entry = AuditEntry.objects.filter(action="program.session.changed").get()
    assert entry.actor.username == "coordinator"
    assert SessionSlot.objects.filter(session=session).exclude(start=slot.start).count() == 0


def test_a_new_charter_version_is_adopted_through_the_service(demo, staff_client, superuser):
    forum = demo_forum()
    response = staff_client.post(
        reverse("admin:forums_charterversion_add"),
        {
            "forum": forum.pk,
            "title_zh_hans": "生态文明贵阳国际论坛章程",
            "title_en": "Charter",
            "body_zh_hans": "修订",
            "body_en": "Amended",
            "adopted_on": "2024-03-01",
            "change_note_zh_hans": "",
            "change_note_en": "",
        },
        **EN,
    )
    assert response.status_code == 302
    assert list(CharterVersion.objects.filter(forum=forum).values_list("number", flat=True)) == [2, 1]
    entry = AuditEntry.objects.filter(action="forums.charter.adopted").order_by("-pk").first()
    assert (entry.actor, entry.data) == (superuser, {"number": 2})


def test_a_second_live_invitation_is_refused_with_a_message(demo, staff_client):
    invitation = Invitation.objects.filter(status="accepted").select_related("person").first()
    response = staff_client.post(
        reverse("admin:people_invitation_add"),
        {
            "edition": invitation.edition_id,
            "person": invitation.person_id,
            "role": invitation.role,
            "message_zh_hans": "",
            "message_en": "",
        },
        **EN,
    )
    assert response.status_code == 302
    assert messages_of(response) == [f"{invitation.person.name_en} already has an open invitation in this role."]
    assert Invitation.objects.filter(person=invitation.person, role=invitation.role).count() == 1


def test_coordinator_cannot_change_who_coordinates_their_forum(coordinator_client):
    from ecoforum.program.models import ThemeForum

    forum = ThemeForum.objects.get(slug="carbon-neutrality")
    response = coordinator_client.get(change_url(forum), **EN)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert sorted(set(form.fields) & {"edition", "section", "slug", "coordinators"}) == []
    assert "co_organizers" in form.fields
