"""The organizers' back office for the program: pages, forms, htmx fragments, permissions, Excel."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ecoforum.core.models import AuditEntry
from ecoforum.forums.enums import CommitteeRole
from ecoforum.program import services
from ecoforum.program.models import ProgramRelease, Session, SessionSlot
from ecoforum.program.services import Role
from ecoforum.program.spreadsheets import COLUMNS, KEYS

from ..conftest import at
from ..factories import CommitteeMemberFactory, EditionFactory, PersonFactory, RoomFactory, UserFactory


@pytest.fixture
def en_client(client):
    """An organizer reading in English: UI strings are asserted in their English source."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(name, edition=None, **kwargs):
    if edition is not None:
        kwargs["edition_slug"] = edition.slug
    return reverse(f"manage:{name}", kwargs=kwargs)


def make(edition, code, *, room=None, day=0, hour=None, people=(), theme_forum=None):
    start = at(edition, day, hour) if hour is not None else None
    end = at(edition, day, hour + 1) if hour is not None else None
    return services.create_session(
        edition,
        actor=None,
        code=code,
        title_zh_hans=f"会议{code}",
        title_en=f"Session {code}",
        room=room,
        start=start,
        end=end,
        people=[Role(p, r) for p, r in people],
        theme_forum=theme_forum,
    )


def slot_of(session) -> SessionSlot:
    return SessionSlot.objects.get(session=session, release__version__isnull=True)


@pytest.fixture
def li_wei(db):
    return PersonFactory(slug="li-wei", name_zh_hans="李伟", name_en="Li Wei")


@pytest.fixture
def draft(edition, room, other_room, theme_forum, other_forum, li_wei):
    """OPEN (day one, main hall), TF1 (day two, hall 1, the coordinator's forum), OF1 (another forum, unscheduled)."""
    return {
        "OPEN": make(edition, "OPEN", room=room, hour=9, people=[(li_wei, "keynote")]),
        "TF1": make(edition, "TF1", room=other_room, day=1, hour=14, theme_forum=theme_forum),
        "OF1": make(edition, "OF1", theme_forum=other_forum),
    }


def xlsx(rows: list[dict]) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append([c.header for c in COLUMNS])
    for values in rows:
        book.active.append([values.get(key) for key in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("program.xlsx", buffer.getvalue())


def line(code, **values) -> dict:
    return {
        "code": code,
        "title_zh": f"会议{code}",
        "title_en": f"Session {code}",
        "date": "2023-07-08",
        "start": "09:00",
        "end": "10:00",
        "room": "Main Hall",
        **values,
    }


# --- access ---------------------------------------------------------------------


def test_back_office_needs_a_login(client, edition):
    response = client.get(url("program", edition))
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/manage/2023/program/")


def test_htmx_request_with_an_expired_session_gets_hx_redirect(client, edition, draft):
    response = client.get(url("session_schedule", edition, pk=draft["OPEN"].pk), HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Redirect"]) == (
        204,
        f"/accounts/login/?next=/manage/2023/program/sessions/{draft['OPEN'].pk}/schedule/",
    )


def test_index_lists_the_editions_the_user_manages(en_client, edition, organizer):
    EditionFactory(year=2024)  # someone else's
    en_client.force_login(organizer)
    response = en_client.get(url("index"))
    body = response.content.decode()
    assert [row["edition"].slug for row in response.context["editions"]] == ["2023"]
    assert "<h2>Eco Forum Global Guiyang 2023</h2>" in body
    assert '<a class="button primary" href="/manage/2023/program/">Draft program</a>' in body
    assert '<a class="button secondary" href="/manage/2023/program/export.xlsx">Export to Excel</a>' in body
    # An organizer reaches every area of the edition from here.
    for address in (
        "/manage/2023/investment/",
        "/manage/2023/services/",
        "/manage/2023/releases/",
        "/manage/2023/cooperation/",
        "/manage/2023/think-tank/",
    ):
        assert f'href="{address}"' in body


def test_index_of_a_coordinator_and_of_a_stranger(en_client, edition, coordinator):
    en_client.force_login(coordinator)
    rows = en_client.get(url("index")).context["editions"]
    assert [(row["edition"].slug, row["program"]) for row in rows] == [("2023", True)]
    en_client.force_login(UserFactory())
    response = en_client.get(url("index"))
    assert response.context["editions"] == []
    assert '<p class="empty-title">You are not on the committee of any edition.</p>' in response.content.decode()


def test_index_of_guest_services_and_gate_staff(en_client, edition):
    from ..factories import CommitteeMemberFactory

    desk = CommitteeMemberFactory(edition=edition, role="guest_services").user
    en_client.force_login(desk)
    response = en_client.get(url("index"))
    body = response.content.decode()
    assert [(row["edition"].slug, row["program"]) for row in response.context["editions"]] == [("2023", False)]
    assert 'href="/manage/2023/services/"' in body and 'href="/manage/2023/services/scan/"' in body
    assert 'href="/manage/2023/program/"' not in body and 'href="/manage/2023/investment/"' not in body
    gate = CommitteeMemberFactory(edition=edition, role="gate_staff").user
    en_client.force_login(gate)
    body = en_client.get(url("index")).content.decode()
    assert 'href="/manage/2023/services/scan/"' in body and 'href="/manage/2023/services/"' not in body


def test_a_stranger_gets_404_for_an_edition(en_client, edition, draft):
    en_client.force_login(UserFactory())
    assert en_client.get(url("program", edition)).status_code == 404
    assert en_client.get(url("session_edit", edition, pk=draft["OPEN"].pk)).status_code == 404


# --- the draft timetable -----------------------------------------------------------


def test_draft_program_shows_every_session_to_an_organizer(en_client, edition, organizer, draft):
    en_client.force_login(organizer)
    response = en_client.get(url("program", edition))
    body = response.content.decode()
    assert response.status_code == 200
    assert [[e.session.code for e in day["entries"]] for day in response.context["days"]] == [["OPEN"], ["TF1"]]
    assert [e.session.code for e in response.context["unscheduled"]] == ["OF1"]
    open_pk = draft["OPEN"].pk
    assert (
        f'<span class="manage-code">OPEN</span> <a href="/manage/2023/program/sessions/{open_pk}/">Session OPEN</a>'
    ) in body
    assert '<time datetime="2023-07-08T09:00:00+08:00">09:00–10:00</time>' in body
    assert '<span class="manage-room">Main Hall</span>' in body
    assert '<span class="manage-person">Li Wei <span class="muted">(Keynote speaker)</span></span>' in body
    assert '<h2 id="day-unscheduled">Not scheduled yet <span class="badge badge-amber">1</span></h2>' in body
    assert f'<li class="manage-session is-unscheduled" id="session-{draft["OF1"].pk}">' in body
    assert '<a class="button secondary" href="/manage/2023/program/release/">Release</a>' in body


def test_draft_program_of_a_coordinator_holds_only_their_forum(en_client, edition, coordinator, draft):
    en_client.force_login(coordinator)
    response = en_client.get(url("program", edition))
    body = response.content.decode()
    assert [[e.session.code for e in day["entries"]] for day in response.context["days"]] == [["TF1"]]
    assert response.context["unscheduled"] == []
    assert "Session OPEN" not in body
    assert "/manage/2023/program/release/" not in body


def test_draft_program_query_count_does_not_grow(en_client, edition, organizer, room, other_room, theme_forum):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = en_client.get(url("program", edition))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    en_client.force_login(organizer)
    make(edition, "A1", room=room, hour=9, theme_forum=theme_forum, people=[(PersonFactory(), "speaker")])
    one = count()
    make(edition, "A2", room=other_room, hour=9, theme_forum=theme_forum, people=[(PersonFactory(), "host")])
    make(edition, "A3", people=[(PersonFactory(), "moderator"), (PersonFactory(), "speaker")])
    assert count() == one


# --- one session --------------------------------------------------------------------


def test_organizer_creates_a_session(en_client, edition, organizer, theme_forum):
    en_client.force_login(organizer)
    response = en_client.post(
        url("session_create", edition),
        {
            "code": "TF9",
            "kind": "panel",
            "theme_forum": theme_forum.pk,
            "title_zh_hans": "圆桌对话",
            "title_en": "Round table",
            "language": "zh-en",
        },
    )
    session = Session.objects.get(code="TF9")
    assert (response.status_code, response["Location"]) == (302, f"/manage/2023/program/#session-{session.pk}")
    assert (session.title_en, session.kind, session.theme_forum) == ("Round table", "panel", theme_forum)
    assert AuditEntry.objects.get(action="program.session.created").actor == organizer


def test_a_duplicate_code_is_a_form_error(en_client, edition, organizer, draft):
    en_client.force_login(organizer)
    response = en_client.post(
        url("session_create", edition),
        {
            "code": "OPEN",
            "kind": "forum",
            "title_zh_hans": "又一个",
            "language": "zh-en",
        },
    )
    assert response.status_code == 200
    assert (
        '<div class="form-errors" role="alert"><ul class="errorlist nonfield">'
        "<li>A session with the code OPEN already exists.</li></ul></div>"
    ) in response.content.decode()
    assert Session.objects.filter(code="OPEN").count() == 1


def test_an_online_session_without_link_is_a_field_error(en_client, edition, organizer):
    en_client.force_login(organizer)
    response = en_client.post(
        url("session_create", edition),
        {
            "code": "ON1",
            "kind": "forum",
            "title_zh_hans": "线上",
            "language": "zh-en",
            "is_online": "on",
        },
    )
    assert response.context["form"].errors == {
        "online_url": [("A session that is also online needs a live stream link.")]
    }
    assert not Session.objects.filter(code="ON1").exists()


def test_organizer_edits_a_session(en_client, edition, organizer, draft):
    en_client.force_login(organizer)
    session = draft["OPEN"]
    page = en_client.get(url("session_edit", edition, pk=session.pk))
    assert "<h1>Edit OPEN</h1>" in page.content.decode()
    response = en_client.post(
        url("session_edit", edition, pk=session.pk),
        {
            "code": "OPEN",
            "kind": "ceremony",
            "title_zh_hans": "开幕式",
            "title_en": "Opening ceremony",
            "language": "zh-en",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title_zh_hans, session.title_en, session.kind) == ("开幕式", "Opening ceremony", "ceremony")


def test_coordinator_cannot_open_or_change_another_forums_session(en_client, edition, coordinator, draft):
    en_client.force_login(coordinator)
    other = draft["OF1"]
    for name in ("session_edit", "session_schedule", "session_people"):
        assert en_client.get(url(name, edition, pk=other.pk)).status_code == 404
    response = en_client.post(
        url("session_edit", edition, pk=other.pk),
        {
            "code": "OF1",
            "kind": "forum",
            "title_zh_hans": "被改了",
            "language": "zh-en",
        },
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title_zh_hans == "会议OF1"


def test_coordinator_cannot_create_a_session_in_another_forum(en_client, edition, coordinator, other_forum):
    en_client.force_login(coordinator)
    response = en_client.post(
        url("session_create", edition),
        {
            "code": "X1",
            "kind": "forum",
            "theme_forum": other_forum.pk,
            "title_zh_hans": "越权",
            "language": "zh-en",
        },
    )
    assert response.context["form"].errors == {
        "theme_forum": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert not Session.objects.filter(code="X1").exists()


def test_a_session_of_another_edition_is_not_found(en_client, edition, organizer, draft):
    other_edition = EditionFactory(year=2024)
    CommitteeMemberFactory(edition=other_edition, user=organizer, role=CommitteeRole.ORGANIZER)
    en_client.force_login(organizer)
    assert en_client.get(url("session_edit", other_edition, pk=draft["OPEN"].pk)).status_code == 404


# --- schedule (htmx) ----------------------------------------------------------------


def test_schedule_form_as_htmx_fragment(en_client, edition, organizer, draft):
    en_client.force_login(organizer)
    session = draft["OF1"]
    response = en_client.get(url("session_schedule", edition, pk=session.pk), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.strip().startswith(f'<li class="manage-session is-unscheduled" id="session-{session.pk}">')
    assert "<html" not in body
    assert (
        f'hx-post="/manage/2023/program/sessions/{session.pk}/schedule/" hx-target="#session-{session.pk}" '
        'hx-swap="outerHTML"'
    ) in body
    assert response["Vary"] == "HX-Request, Cookie, Accept-Language"


def test_scheduling_through_htmx_returns_the_updated_row(en_client, edition, organizer, draft, other_room):
    en_client.force_login(organizer)
    session = draft["OF1"]
    response = en_client.post(
        url("session_schedule", edition, pk=session.pk),
        {
            "room": other_room.pk,
            "day": "2023-07-08",
            "start": "14:00",
            "end": "15:30",
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert '<time datetime="2023-07-08T14:00:00+08:00">14:00–15:30</time>' in body
    assert '<span class="badge badge-green" role="status">Saved</span>' in body
    assert "<form" not in body
    slot = slot_of(session)
    assert (slot.room, slot.start, slot.end) == (other_room, at(edition, 0, 14), at(edition, 0, 15, 30))


def test_a_timetable_conflict_is_a_form_error_not_a_500(en_client, edition, organizer, draft, room):
    en_client.force_login(organizer)
    session = draft["OF1"]
    response = en_client.post(
        url("session_schedule", edition, pk=session.pk),
        {
            "room": room.pk,
            "day": "2023-07-08",
            "start": "09:30",
            "end": "10:30",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert (
        '<div class="form-errors" role="alert"><ul class="errorlist nonfield"><li>OF1 «Session OF1»: room Main '
        "Hall already holds OPEN «Session OPEN» from 2023-07-08 09:00 to 2023-07-08 10:00.</li></ul></div>"
    ) in response.content.decode()
    assert slot_of(session).start is None


def test_schedule_page_without_htmx_redirects_after_saving(en_client, edition, organizer, draft, room):
    en_client.force_login(organizer)
    session = draft["OF1"]
    page = en_client.get(url("session_schedule", edition, pk=session.pk))
    assert "<h1>Schedule OF1</h1>" in page.content.decode()
    assert "hx-post" not in page.content.decode()
    response = en_client.post(
        url("session_schedule", edition, pk=session.pk),
        {
            "room": room.pk,
            "day": "2023-07-09",
            "start": "09:00",
            "end": "10:00",
        },
    )
    assert (response.status_code, response["Location"]) == (302, f"/manage/2023/program/#session-{session.pk}")
    assert slot_of(session).start == at(edition, 1, 9)


def test_schedule_needs_day_start_and_end_together(en_client, edition, organizer, draft, room):
    en_client.force_login(organizer)
    response = en_client.post(
        url("session_schedule", edition, pk=draft["OF1"].pk),
        {
            "room": room.pk,
            "day": "2023-07-09",
            "start": "09:00",
        },
    )
    assert response.context["form"].non_field_errors() == ["Give a day, a start and an end, or leave all three empty."]


def test_scheduling_can_take_a_session_out_of_the_timetable(en_client, edition, organizer, draft):
    en_client.force_login(organizer)
    response = en_client.post(url("session_schedule", edition, pk=draft["OPEN"].pk), {"room": ""})
    assert response.status_code == 302
    slot = slot_of(draft["OPEN"])
    assert (slot.room, slot.start) == (None, None)


# --- people ------------------------------------------------------------------------


def people_data(*lines) -> dict:
    data = {"roles-TOTAL_FORMS": str(len(lines)), "roles-INITIAL_FORMS": "0"}
    for i, (slug, role) in enumerate(lines):
        data.update({f"roles-{i}-person": slug, f"roles-{i}-role": role})
    return data


def test_people_are_assigned_in_order(en_client, edition, organizer, draft, li_wei):
    chen = PersonFactory(slug="chen-jing")
    en_client.force_login(organizer)
    session = draft["TF1"]
    response = en_client.post(
        url("session_people", edition, pk=session.pk),
        people_data(("chen-jing", "moderator"), ("", "speaker"), ("li-wei", "speaker")),
    )
    assert response.status_code == 302
    assert [(r.person, r.role) for r in session.roles.order_by("order")] == [(chen, "moderator"), (li_wei, "speaker")]


def test_unknown_or_busy_people_are_form_errors(en_client, edition, organizer, draft, li_wei, room):
    en_client.force_login(organizer)
    clash = make(edition, "CL1", room=RoomFactory(venue=room.venue), hour=9)
    unknown = en_client.post(url("session_people", edition, pk=clash.pk), people_data(("nobody", "speaker")))
    assert unknown.context["formset"].errors == [{"person": ["No person has the slug «nobody»."]}]
    busy = en_client.post(url("session_people", edition, pk=clash.pk), people_data(("li-wei", "speaker")))
    assert (
        '<ul class="errorlist nonform"><li>CL1 «Session CL1»: Li Wei is already in OPEN «Session OPEN» from '
        "2023-07-08 09:00 to 2023-07-08 10:00.</li></ul>"
    ) in busy.content.decode()
    assert clash.roles.count() == 0


# --- release -----------------------------------------------------------------------


def test_release_page_previews_and_publishes(en_client, edition, organizer, draft):
    en_client.force_login(organizer)
    page = en_client.get(url("release", edition))
    body = page.content.decode()
    assert [f["code"] for f in page.context["changes"]["new"]] == ["OPEN", "TF1"]
    assert '<li class="count-new">2 new</li>' in body
    assert (
        '<li><span class="manage-code">OPEN</span> Session OPEN <span class="change-detail">2023-07-08 09:00 · '
        "Main Hall</span></li>"
    ) in body

    response = en_client.post(url("release", edition), {"version": "1.0", "comment_en": "First program."})

    assert (response.status_code, response["Location"]) == (302, "/manage/2023/program/release/")
    release = ProgramRelease.objects.get(edition=edition, version="1.0")
    assert (release.comment_en, release.published_by) == ("First program.", organizer)
    again = en_client.get(url("release", edition))
    assert again.context["has_changes"] is False
    assert '<p class="muted">The draft has no change to publish.</p>' in again.content.decode()


def test_releasing_without_changes_is_a_form_error(en_client, edition, organizer, draft):
    services.release_program(edition, actor=None, version="1.0")
    en_client.force_login(organizer)
    response = en_client.post(url("release", edition), {"version": "1.1"})
    assert response.context["form"].non_field_errors() == ["Nothing has moved since version 1.0."]


def test_coordinator_cannot_open_the_release_page(en_client, edition, coordinator, draft):
    en_client.force_login(coordinator)
    assert en_client.get(url("release", edition)).status_code == 404
    assert en_client.post(url("release", edition), {"version": "1.0"}).status_code == 404
    assert not ProgramRelease.objects.filter(version="1.0").exists()


# --- Excel --------------------------------------------------------------------------


def test_import_page_lists_problems_with_their_rows(en_client, edition, organizer, room):
    en_client.force_login(organizer)
    upload = xlsx([line("A1"), line("A2", room="Hall 9", start="11:00", end="12:00")])
    response = en_client.post(url("import", edition), {"workbook": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Nothing was imported: 1 problem to fix.</h2>" in body
    assert (
        '<li><span class="badge badge-quiet">room</span> row 3: There is no room «Hall 9» in this edition.</li>'
    ) in body
    assert not Session.objects.exists()


def test_import_page_summarizes_what_changed(en_client, edition, organizer, room, draft):
    en_client.force_login(organizer)
    upload = xlsx([line("A1", start="11:00", end="12:00"), line("OPEN", title_en="Opening")])
    response = en_client.post(url("import", edition), {"workbook": upload})
    body = response.content.decode()
    assert response.context["result"].counts == {"created": 1, "changed": 1, "unchanged": 0}
    assert '<li class="count-created">1 session created</li>' in body
    assert '<li class="count-changed">1 session changed</li>' in body
    assert "<p>Created: A1</p>" in body


def test_import_page_explains_a_file_that_is_not_a_workbook(en_client, edition, organizer):
    en_client.force_login(organizer)
    upload = SimpleUploadedFile("program.csv", b"code,title\nA1,Opening\n", content_type="text/csv")
    response = en_client.post(url("import", edition), {"workbook": upload})
    assert [str(e) for e in response.context["result"].errors] == [
        (
            "This file is not an Excel workbook (.xlsx). Save it from Excel or WPS as “Excel Workbook (.xlsx)” and "
            "upload it again."
        )
    ]


def test_coordinator_import_refuses_rows_of_other_forums(
    en_client, edition, coordinator, theme_forum, other_forum, room
):
    en_client.force_login(coordinator)
    upload = xlsx(
        [
            line("TF5", theme_forum=theme_forum.slug),
            line("OF5", theme_forum=other_forum.slug, start="11:00", end="12:00"),
        ]
    )
    response = en_client.post(url("import", edition), {"workbook": upload})
    assert [str(e) for e in response.context["result"].errors] == [
        (
            f"row 3: You may import only sessions of the theme forums you coordinate; «{other_forum.slug}» is not one "
            "of them."
        )
    ]
    assert not Session.objects.exists()


def test_export_downloads_the_draft(en_client, edition, organizer, draft):
    en_client.force_login(organizer)
    response = en_client.get(url("export", edition))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="2023-program-draft.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["code 编号", "OPEN", "TF1", "OF1"]


def test_export_of_a_coordinator_holds_only_their_forum(en_client, edition, coordinator, draft):
    en_client.force_login(coordinator)
    response = en_client.get(url("export", edition))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["code 编号", "TF1"]
