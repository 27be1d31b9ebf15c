"""1:1 meetings in the app: grid, availability, the scheduler's instance and run, publish, confirm, cancel,
move, book, the organizers' board and table sheets, a participant's own meetings and their calendar."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from ecoforum.core.models import AuditEntry
from ecoforum.investment import meetings, scheduler
from ecoforum.investment.enums import MeetingStatus, RequestStatus
from ecoforum.investment.meeting_views import GridForm
from ecoforum.investment.meetings import GridSpec, MeetingError, MeetingNotAllowed
from ecoforum.investment.models import Meeting, MeetingSeat, MeetingSlot, NegotiationTable
from ecoforum.investment.scheduler import Placement, Result
from ecoforum.program import services as program
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import PersonFactory, UserFactory
from .factories import AcceptedRequestFactory, InvestorFactory


def greedy(instance, time_limit: float = 30.0) -> Result:
    """A predictable stand-in for ``scheduler.solve`` where a test needs to know the result in advance: pins
    first, then each request in the earliest slot both people are free in, at the lowest free table."""
    busy: set[tuple[str, str]] = set()
    tables: dict[str, set[int]] = {}
    free = {p.id: p.available for p in instance.participants}
    result = Result()
    for r in sorted(instance.requests, key=lambda r: r.pinned is None):
        if r.pinned is not None:
            slot, table = r.pinned.slot, r.pinned.table
        else:
            slot = next(
                (
                    s.id
                    for s in instance.slots
                    if s.id in free[r.a]
                    and s.id in free[r.b]
                    and (r.a, s.id) not in busy
                    and (r.b, s.id) not in busy
                    and len(tables.get(s.id, set())) < instance.tables
                ),
                None,
            )
            if slot is None:
                result.unscheduled.append(r.id)
                continue
            table = min(set(range(instance.tables)) - tables.get(slot, set()))
        busy.update({(r.a, slot), (r.b, slot)})
        tables.setdefault(slot, set()).add(table)
        result.meetings.append(Placement(r.id, slot, table))
    return result


@pytest.fixture
def grid(edition):
    """Three tables, day 1 09:00–11:00 in 20-minute slots: d1-01 09:00 … d1-06 10:40."""
    spec = GridSpec(days=[edition.start_date], start=dt.time(9), end=dt.time(11), minutes=20)
    return meetings.set_up_meeting_grid(edition, tables=3, slots=spec, actor=None)


def slot(edition, code: str) -> MeetingSlot:
    return MeetingSlot.objects.get(edition=edition, code=code)


def table(edition, number: int) -> NegotiationTable:
    return NegotiationTable.objects.get(edition=edition, number=number)


def place(request, code: str, number: int, status=MeetingStatus.PUBLISHED, **extra) -> Meeting:
    """A meeting written straight to the database, with its two seats."""
    s = slot(request.edition, code)
    meeting = Meeting.objects.create(
        edition=request.edition, request=request, slot=s, table=table(request.edition, number), status=status, **extra
    )
    for person in (request.investor_person, request.owner_person):
        MeetingSeat.objects.create(meeting=meeting, person=person, slot=s)
    return meeting


def speaks(edition, room, person, *, hour: int, minute: int = 0, minutes: int = 30, code: str = "K1"):
    """``person`` speaks at a released session on day 1 at ``hour:minute``."""
    program.create_session(
        edition,
        actor=None,
        code=code,
        title_zh_hans=f"会议{code}",
        title_en=f"Session {code}",
        room=room,
        start=at(edition, 0, hour, minute),
        end=at(edition, 0, hour, minute) + dt.timedelta(minutes=minutes),
        people=[Role(person, "speaker")],
    )


def release(edition, version: str = "1.0"):
    return program.release_program(edition, actor=None, version=version)


def request_with_users(edition, **extra):
    """An accepted request whose two people can log in."""
    request = AcceptedRequestFactory(edition=edition, **extra)
    for person in (request.investor_person, request.owner_person):
        person.user = UserFactory()
        person.save(update_fields=["user"])
    return request


# --- the grid ---------------------------------------------------------------------------------


def test_grid_creates_numbered_tables_and_coded_slots_around_a_break(edition):
    spec = GridSpec(
        days=edition.days, start=dt.time(9), end=dt.time(11), minutes=20, breaks=[(dt.time(10), dt.time(10, 20))]
    )

    grid = meetings.set_up_meeting_grid(edition, tables=3, slots=spec, actor=None)

    assert [(t.number, t.label) for t in grid.tables] == [(0, "T01"), (1, "T02"), (2, "T03")]
    assert [s.code for s in grid.slots] == [
        "d1-01",
        "d1-02",
        "d1-03",
        "d1-04",
        "d1-05",
        "d2-01",
        "d2-02",
        "d2-03",
        "d2-04",
        "d2-05",
    ]
    assert (grid.slots[3].starts_at, grid.slots[3].ends_at) == (at(edition, 0, 10, 20), at(edition, 0, 10, 40))
    assert AuditEntry.objects.filter(action="investment.meeting_grid.set_up").count() == 1


def test_grid_refuses_a_slot_outside_the_edition_dates(edition, english):
    outside = [(at(edition, 5, 9), at(edition, 5, 10))]

    with pytest.raises(MeetingError) as error:
        meetings.set_up_meeting_grid(edition, tables=2, slots=outside, actor=None)

    assert str(error.value) == (
        "The slot 2023-07-13 09:00–10:00 is outside the edition's dates (2023-07-08 to 2023-07-09)."
    )
    assert MeetingSlot.objects.count() == 0


def test_grid_set_again_unchanged_is_a_no_op_and_cannot_change_once_it_has_meetings(edition, grid, english):
    request = AcceptedRequestFactory(edition=edition)
    place(request, "d1-01", 0, status=MeetingStatus.DRAFT)
    same = GridSpec(days=[edition.start_date], start=dt.time(9), end=dt.time(11), minutes=20)

    again = meetings.set_up_meeting_grid(edition, tables=3, slots=same, actor=None)
    with pytest.raises(MeetingError) as error:
        meetings.set_up_meeting_grid(edition, tables=4, slots=same, actor=None)

    assert [s.pk for s in again.slots] == [s.pk for s in grid.slots]
    assert str(error.value) == (
        f"The grid of {edition} has meetings already; cancel them before changing tables or slots."
    )
    assert NegotiationTable.objects.filter(edition=edition).count() == 3


def test_grid_is_for_organizers_only(edition, coordinator):
    spec = GridSpec(days=[edition.start_date], start=dt.time(9), end=dt.time(10), minutes=30)

    with pytest.raises(MeetingNotAllowed):
        meetings.set_up_meeting_grid(edition, tables=1, slots=spec, actor=coordinator)


# --- availability -------------------------------------------------------------------------------


def test_availability_leaves_out_slots_of_a_speakers_session_and_of_an_agenda_item(edition, grid, room):
    request = request_with_users(edition)
    speaker, visitor = request.investor_person, request.owner_person
    speaks(edition, room, speaker, hour=9, minute=10, minutes=20, code="K1")  # 09:10–09:30: d1-01 and d1-02
    program.create_session(
        edition,
        actor=None,
        code="K2",
        title_zh_hans="会议K2",
        room=room,
        start=at(edition, 0, 10, 40),
        end=at(edition, 0, 11),
    )
    release(edition)
    agenda = program.open_agenda(edition, user=visitor.user)
    program.star_session(agenda, program.Session.objects.get(code="K2"))
    ids = {s.code: s.pk for s in grid.slots}

    with CaptureQueriesContext(connection) as queries:
        free = meetings.availability(edition)

    assert free == {
        speaker.pk: {ids["d1-03"], ids["d1-04"], ids["d1-05"], ids["d1-06"]},
        visitor.pk: {ids["d1-01"], ids["d1-02"], ids["d1-03"], ids["d1-04"], ids["d1-05"]},
    }
    assert len(queries) == 6


def test_availability_counts_only_the_published_release(edition, grid, room):
    request = AcceptedRequestFactory(edition=edition)
    release_person = request.investor_person
    speaks(edition, room, release_person, hour=9, code="K1")
    # Not released yet: the draft does not make anyone busy.

    free = meetings.availability(edition, people=[release_person.pk])

    assert free == {release_person.pk: {s.pk for s in grid.slots}}


# --- the scheduler's instance -------------------------------------------------------------------


def test_build_instance_pins_confirmed_meetings_and_lists_the_pairs(edition, grid):
    confirmed = AcceptedRequestFactory(edition=edition, priority=3)
    draft = AcceptedRequestFactory(edition=edition, investor_person=confirmed.investor_person)
    AcceptedRequestFactory(edition=edition, status=RequestStatus.PENDING)
    place(confirmed, "d1-02", 1, status=MeetingStatus.CONFIRMED)
    place(draft, "d1-01", 0, status=MeetingStatus.DRAFT)

    instance, maps = meetings.build_instance(edition)

    assert [s.id for s in instance.slots] == ["d1-01", "d1-02", "d1-03", "d1-04", "d1-05", "d1-06"]
    assert instance.tables == 3
    assert [(r.id, r.a, r.b, r.priority, r.pinned) for r in instance.requests] == [
        (
            f"r{confirmed.pk}",
            f"p{confirmed.investor_person_id}",
            f"p{confirmed.owner_person_id}",
            3,
            scheduler.Pin(slot="d1-02", table=1),
        ),
        (f"r{draft.pk}", f"p{draft.investor_person_id}", f"p{draft.owner_person_id}", 2, None),
    ]
    assert sorted(p.id for p in instance.participants) == sorted(
        f"p{pk}" for pk in {confirmed.investor_person_id, confirmed.owner_person_id, draft.owner_person_id}
    )
    assert maps.requests == {f"r{confirmed.pk}": confirmed.pk, f"r{draft.pk}": draft.pk}


# --- running, publishing ------------------------------------------------------------------------


def test_run_writes_drafts_with_seats_and_keeps_confirmed_meetings_exactly(edition, grid, organizer):
    shared = PersonFactory()
    confirmed = AcceptedRequestFactory(edition=edition, investor_person=shared)
    others = [AcceptedRequestFactory(edition=edition, investor_person=shared) for _ in range(3)]
    kept = place(confirmed, "d1-01", 2, status=MeetingStatus.CONFIRMED, investor_confirmed=True, owner_confirmed=True)
    stale = place(others[0], "d1-06", 0, status=MeetingStatus.PUBLISHED, investor_confirmed=True)

    summary = meetings.run_scheduler(edition, actor=organizer)

    kept.refresh_from_db()
    assert (kept.slot.code, kept.table.number, kept.status) == ("d1-01", 2, MeetingStatus.CONFIRMED)
    assert not Meeting.objects.filter(pk=stale.pk).exists()
    drafts = Meeting.objects.filter(edition=edition, status=MeetingStatus.DRAFT)
    assert sorted(m.request_id for m in drafts) == sorted(r.pk for r in others)
    assert "d1-01" not in {m.slot.code for m in drafts}  # the shared investor is at the confirmed meeting then
    assert MeetingSeat.objects.filter(meeting__in=drafts).count() == 6
    assert len({(seat.person_id, seat.slot_id) for seat in MeetingSeat.objects.all()}) == 8
    assert (summary.placed, summary.kept, summary.unscheduled, summary.score, summary.best_score) == (3, 1, {}, 8, 8)
    assert (summary.covered, summary.participants) == (5, 5)
    entry = AuditEntry.objects.get(action="investment.meetings.scheduled")
    assert (entry.data["placed"], entry.data["kept"], entry.actor) == (3, 1, organizer)


def test_run_reports_a_pair_without_a_common_free_slot(edition, grid, room, organizer):
    request = AcceptedRequestFactory(edition=edition)
    speaks(edition, room, request.investor_person, hour=9, minutes=120)
    release(edition)

    summary = meetings.run_scheduler(edition, actor=organizer)

    assert summary.unscheduled == {request.pk: meetings.REASON_NO_COMMON_SLOT}
    assert Meeting.objects.count() == 0


def test_run_needs_a_grid(edition, organizer, english):
    AcceptedRequestFactory(edition=edition)

    with pytest.raises(MeetingError) as error:
        meetings.run_scheduler(edition, actor=organizer)

    assert str(error.value) == f"Set up the tables and slots of {edition} first."


def test_publish_turns_drafts_into_published_meetings(edition, grid, organizer, english):
    requests = [AcceptedRequestFactory(edition=edition) for _ in range(2)]
    meetings.run_scheduler(edition, actor=organizer)

    count = meetings.publish_meetings(edition, actor=organizer)

    assert count == 2
    assert sorted(Meeting.objects.values_list("request_id", "status")) == sorted(
        (r.pk, MeetingStatus.PUBLISHED) for r in requests
    )
    with pytest.raises(MeetingError) as error:
        meetings.publish_meetings(edition, actor=organizer)
    assert str(error.value) == f"{edition} has no draft meeting to publish."


# --- confirm, cancel ----------------------------------------------------------------------------


def test_confirm_by_both_sides_makes_the_meeting_confirmed(edition, grid):
    request = request_with_users(edition)
    meeting = place(request, "d1-01", 0)

    first = meetings.confirm_meeting(meeting, actor=request.investor_person.user)
    second = meetings.confirm_meeting(meeting, actor=request.owner_person.user)

    assert (first.status, first.investor_confirmed, first.owner_confirmed) == (MeetingStatus.PUBLISHED, True, False)
    assert (second.status, second.investor_confirmed, second.owner_confirmed) == (MeetingStatus.CONFIRMED, True, True)
    assert AuditEntry.objects.filter(action="investment.meeting.confirmed").count() == 2


def test_a_colleague_of_the_investor_confirms_for_the_investor(edition, grid):
    request = AcceptedRequestFactory(edition=edition)
    colleague = PersonFactory(organization=request.investor.organization, user=UserFactory())
    meeting = place(request, "d1-01", 0)

    confirmed = meetings.confirm_meeting(meeting, actor=colleague.user)

    assert (confirmed.investor_confirmed, confirmed.owner_confirmed) == (True, False)


def test_another_investors_user_cannot_confirm_or_cancel(edition, grid):
    request = AcceptedRequestFactory(edition=edition)
    stranger = PersonFactory(organization=InvestorFactory().organization, user=UserFactory())
    meeting = place(request, "d1-01", 0)

    with pytest.raises(MeetingNotAllowed):
        meetings.confirm_meeting(meeting, actor=stranger.user)
    with pytest.raises(MeetingNotAllowed):
        meetings.cancel_meeting(meeting, actor=stranger.user)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.investor_confirmed, meeting.owner_confirmed) == (
        MeetingStatus.PUBLISHED,
        False,
        False,
    )


def test_cancel_frees_both_people_and_the_table_and_the_next_run_places_the_request_again(edition, grid, organizer):
    request = request_with_users(edition)
    meeting = place(request, "d1-01", 0)

    cancelled = meetings.cancel_meeting(meeting, actor=request.owner_person.user, reason="Flight changed")

    assert cancelled.status == MeetingStatus.CANCELLED
    assert MeetingSeat.objects.count() == 0
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert AuditEntry.objects.get(action="investment.meeting.cancelled").data["reason"] == "Flight changed"
    other = AcceptedRequestFactory(edition=edition)
    booked = meetings.book_meeting(other, slot=slot(edition, "d1-01"), actor=organizer)
    assert booked.table.number == 0

    summary = meetings.run_scheduler(edition, actor=organizer)

    assert summary.placed == 1
    assert Meeting.objects.get(request=request).status == MeetingStatus.DRAFT


# --- move, book ---------------------------------------------------------------------------------


def test_move_puts_the_meeting_and_its_seats_in_the_new_slot(edition, grid, organizer):
    request = AcceptedRequestFactory(edition=edition)
    meeting = place(request, "d1-01", 0, status=MeetingStatus.CONFIRMED, investor_confirmed=True, owner_confirmed=True)

    moved = meetings.move_meeting(meeting, slot=slot(edition, "d1-03"), table=table(edition, 2), actor=organizer)

    assert (moved.slot.code, moved.table.number, moved.status) == ("d1-03", 2, MeetingStatus.PUBLISHED)
    assert (moved.investor_confirmed, moved.owner_confirmed) == (False, False)
    assert set(MeetingSeat.objects.values_list("slot__code", flat=True)) == {"d1-03"}
    assert AuditEntry.objects.get(action="investment.meeting.moved").data == {
        "slot": ["d1-01", "d1-03"],
        "table": [0, 2],
        "status": ["confirmed", "published"],
    }


def test_move_is_refused_when_a_person_speaks_then(edition, grid, room, organizer, english):
    request = AcceptedRequestFactory(edition=edition)
    request.owner_person.name_en = "Li Wei"
    request.owner_person.save()
    speaks(edition, room, request.owner_person, hour=9, minute=40)
    release(edition)
    meeting = place(request, "d1-01", 0)

    with pytest.raises(MeetingError) as error:
        meetings.move_meeting(meeting, slot=slot(edition, "d1-03"), actor=organizer)

    assert (
        str(error.value) == "Li Wei is busy at d1-03 (2023-07-08 09:40–10:00): they have a session of the program then."
    )
    meeting.refresh_from_db()
    assert meeting.slot.code == "d1-01"


def test_move_is_refused_when_the_table_or_a_person_is_taken(edition, grid, organizer, english):
    request = AcceptedRequestFactory(edition=edition)
    other = AcceptedRequestFactory(edition=edition)
    same_owner = AcceptedRequestFactory(edition=edition, owner_person=request.owner_person)
    request.owner_person.name_en = "Wang Fang"
    request.owner_person.save()
    meeting = place(request, "d1-01", 0)
    place(other, "d1-02", 1)
    place(same_owner, "d1-03", 0)

    with pytest.raises(MeetingError) as table_taken:
        meetings.move_meeting(meeting, slot=slot(edition, "d1-02"), table=table(edition, 1), actor=organizer)
    with pytest.raises(MeetingError) as person_taken:
        meetings.move_meeting(meeting, slot=slot(edition, "d1-03"), actor=organizer)

    assert str(table_taken.value) == (
        f"Table T02 is already booked at d1-02 (2023-07-08 09:20–09:40) (project {other.project.code})."
    )
    assert str(person_taken.value) == "Wang Fang is already booked at d1-03 (2023-07-08 09:40–10:00) (table T01)."
    meeting.refresh_from_db()
    assert (meeting.slot.code, meeting.table.number) == ("d1-01", 0)


def test_move_is_for_organizers_only(edition, grid):
    request = request_with_users(edition)
    meeting = place(request, "d1-01", 0)

    with pytest.raises(MeetingNotAllowed):
        meetings.move_meeting(meeting, slot=slot(edition, "d1-02"), actor=request.investor_person.user)


def test_book_takes_the_lowest_free_table_and_confirms(edition, grid, organizer, english):
    first = AcceptedRequestFactory(edition=edition)
    place(first, "d1-02", 0)
    second = AcceptedRequestFactory(edition=edition)

    booked = meetings.book_meeting(second, slot=slot(edition, "d1-02"), actor=organizer)

    assert (booked.table.number, booked.status, booked.investor_confirmed, booked.owner_confirmed) == (
        1,
        MeetingStatus.CONFIRMED,
        True,
        True,
    )
    with pytest.raises(MeetingError) as error:
        meetings.book_meeting(second, slot=slot(edition, "d1-03"), actor=organizer)
    assert str(error.value).startswith(f"The request {second} already has a meeting (")


# --- the organizers' pages ----------------------------------------------------------------------


def board_url(edition, name: str = "meetings", **kwargs) -> str:
    return reverse(f"manage_investment:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


def test_manage_pages_are_for_organizers_only(client, edition, grid, coordinator):
    request = AcceptedRequestFactory(edition=edition)
    meeting = place(request, "d1-01", 0)
    urls = [
        board_url(edition),
        board_url(edition, "meeting_move", pk=meeting.pk),
        board_url(edition, "meeting_tables"),
        board_url(edition, "meeting_table", number=0),
    ]
    anonymous = [client.get(url).status_code for url in urls]
    client.force_login(coordinator)

    assert anonymous == [302, 302, 302, 302]
    assert [client.get(url).status_code for url in urls] == [404, 404, 404, 404]
    assert client.post(board_url(edition, "meetings_run")).status_code == 404
    assert client.post(board_url(edition, "meetings_publish")).status_code == 404


def test_board_shows_meetings_by_slot_and_table_with_a_constant_number_of_queries(client, edition, grid, organizer):
    client.force_login(organizer)
    place(AcceptedRequestFactory(edition=edition), "d1-01", 0)
    client.get(board_url(edition))
    with CaptureQueriesContext(connection) as one:
        response = client.get(board_url(edition))
    place(AcceptedRequestFactory(edition=edition), "d1-02", 1, status=MeetingStatus.DRAFT)
    place(AcceptedRequestFactory(edition=edition), "d1-03", 2, status=MeetingStatus.CONFIRMED)
    with CaptureQueriesContext(connection) as three:
        response = client.get(board_url(edition))

    assert response.status_code == 200
    assert len(three) == len(one)
    html = response.content.decode()
    assert html.count('class="board-meeting status-') == 3
    assert 'class="board-meeting status-confirmed"' in html


def test_run_page_shows_the_summary_and_the_unscheduled_names(client, edition, grid, room, organizer):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(organizer)
    AcceptedRequestFactory(edition=edition)
    lonely = AcceptedRequestFactory(edition=edition)
    lonely.investor_person.name_en = "Chen Jing"
    lonely.investor_person.save()
    speaks(edition, room, lonely.investor_person, hour=9, minutes=120)
    release(edition)

    response = client.post(board_url(edition, "meetings_run"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "What the scheduler did" in html
    assert "Chen Jing" in html
    assert "The two people share no free slot." in html
    assert Meeting.objects.filter(status=MeetingStatus.DRAFT).count() == 1


def test_publish_button_publishes_the_draft(client, edition, grid, organizer):
    client.force_login(organizer)
    meeting = place(AcceptedRequestFactory(edition=edition), "d1-01", 0, status=MeetingStatus.DRAFT)

    response = client.post(board_url(edition, "meetings_publish"))

    assert (response.status_code, response["Location"]) == (302, board_url(edition))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED


def test_grid_form_sets_up_the_grid(client, edition, organizer):
    client.force_login(organizer)

    response = client.post(
        board_url(edition, "meetings_grid"),
        {
            "tables": "4",
            "first_day": "2023-07-08",
            "last_day": "2023-07-08",
            "start": "09:00",
            "end": "12:00",
            "minutes": "30",
            "breaks": "10:00-10:30",
        },
    )

    assert response.status_code == 302
    assert list(MeetingSlot.objects.filter(edition=edition).values_list("code", flat=True)) == [
        "d1-01",
        "d1-02",
        "d1-03",
        "d1-04",
        "d1-05",
    ]
    assert NegotiationTable.objects.filter(edition=edition).count() == 4


def test_grid_form_shows_a_slot_outside_the_edition_as_an_error(client, edition, organizer):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(organizer)

    response = client.post(
        board_url(edition, "meetings_grid"),
        {
            "tables": "4",
            "first_day": "2023-07-10",
            "last_day": "2023-07-10",
            "start": "09:00",
            "end": "10:00",
            "minutes": "30",
        },
    )

    assert response.status_code == 400
    assert "outside the edition&#x27;s dates" in response.content.decode()


def test_move_form_with_htmx_moves_and_has_the_board_reload(client, edition, grid, organizer):
    client.force_login(organizer)
    meeting = place(AcceptedRequestFactory(edition=edition), "d1-01", 0)

    response = client.post(
        board_url(edition, "meeting_move", pk=meeting.pk),
        {"slot": slot(edition, "d1-04").pk, "table": ""},
        HTTP_HX_REQUEST="true",
    )

    assert (response.status_code, response["HX-Refresh"]) == (204, "true")
    meeting.refresh_from_db()
    assert (meeting.slot.code, meeting.table.number) == ("d1-04", 0)


def test_move_form_shows_the_conflict_in_the_panel(client, edition, grid, organizer):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(organizer)
    meeting = place(AcceptedRequestFactory(edition=edition), "d1-01", 0)
    place(AcceptedRequestFactory(edition=edition), "d1-02", 0)

    response = client.post(
        board_url(edition, "meeting_move", pk=meeting.pk),
        {"slot": slot(edition, "d1-02").pk, "table": table(edition, 0).pk},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Table T01 is already booked at d1-02" in html
    assert "<html" not in html


def test_table_sheet_lists_the_tables_meetings_in_time_order(client, edition, grid, organizer):
    client.force_login(organizer)
    late = place(AcceptedRequestFactory(edition=edition), "d1-05", 1)
    early = place(AcceptedRequestFactory(edition=edition), "d1-02", 1, status=MeetingStatus.DRAFT)
    place(AcceptedRequestFactory(edition=edition), "d1-02", 0)

    response = client.get(board_url(edition, "meeting_table", number=1))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<section class="table-sheet"') == 1
    codes = [early.request.project.code, late.request.project.code]
    assert html.index(codes[0]) < html.index(codes[1])
    assert early.request.investor_person.name in html
    assert client.get(board_url(edition, "meeting_table", number=9)).status_code == 404


# --- a participant's own meetings ---------------------------------------------------------------


def mine_url(edition, name: str = "meetings", **kwargs) -> str:
    return reverse(f"investment:{name}", kwargs={"edition": edition.slug, **kwargs})


def test_my_meetings_lists_only_my_published_and_confirmed_meetings(client, edition, grid):
    request = request_with_users(edition)
    mine = place(request, "d1-01", 0)
    place(AcceptedRequestFactory(edition=edition, investor_person=request.investor_person), "d1-02", 0, status="draft")
    others = place(AcceptedRequestFactory(edition=edition), "d1-03", 0)
    client.force_login(request.investor_person.user)

    response = client.get(mine_url(edition))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card my-meeting"') == 1
    assert f'id="meeting-{mine.pk}"' in html
    assert request.owner_person.name in html
    assert others.request.project.code not in html


def test_my_meeting_confirm_and_cancel_pages(client, edition, grid):
    request = request_with_users(edition)
    meeting = place(request, "d1-01", 0)
    client.force_login(request.owner_person.user)

    confirmed = client.post(mine_url(edition, "meeting_confirm", pk=meeting.pk))
    meeting.refresh_from_db()
    assert (confirmed.status_code, meeting.owner_confirmed) == (302, True)

    cancelled = client.post(mine_url(edition, "meeting_cancel", pk=meeting.pk), {"reason": "Ill"})
    meeting.refresh_from_db()
    assert (cancelled.status_code, meeting.status) == (302, MeetingStatus.CANCELLED)


def test_another_investors_user_gets_404_on_someone_elses_meeting(client, edition, grid):
    meeting = place(AcceptedRequestFactory(edition=edition), "d1-01", 0)
    stranger = PersonFactory(organization=InvestorFactory().organization, user=UserFactory())
    client.force_login(stranger.user)

    confirm = client.post(mine_url(edition, "meeting_confirm", pk=meeting.pk))
    cancel = client.post(mine_url(edition, "meeting_cancel", pk=meeting.pk))
    missing = client.post(mine_url(edition, "meeting_confirm", pk=meeting.pk + 1000))

    assert (confirm.status_code, cancel.status_code, missing.status_code) == (404, 404, 404)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.investor_confirmed) == (MeetingStatus.PUBLISHED, False)


def test_my_meetings_needs_a_login(client, edition):
    response = client.get(mine_url(edition))

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={mine_url(edition)}")


def test_calendar_has_my_meetings_in_the_editions_time_zone(client, edition, grid):
    request = request_with_users(edition)
    place(request, "d1-02", 1, status=MeetingStatus.CONFIRMED)
    place(AcceptedRequestFactory(edition=edition), "d1-03", 0)
    client.force_login(request.investor_person.user)

    response = client.get(mine_url(edition, "meetings_ics"))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "DTSTART;TZID=Asia/Shanghai:20230708T092000" in body
    assert "DTEND;TZID=Asia/Shanghai:20230708T094000" in body
    assert "BEGIN:VTIMEZONE" in body
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["status"]) == "CONFIRMED"
    assert events[0].decoded("dtstart") == at(edition, 0, 9, 20)
    assert request.project.code in str(events[0]["summary"])


def test_calendar_feed_works_with_the_signed_token_and_refuses_a_forged_one(client, edition, grid):
    request = request_with_users(edition)
    place(request, "d1-02", 1)
    token = meetings.feed_token(edition, request.owner_person)

    response = client.get(mine_url(edition, "meetings_feed", token=token))
    forged = client.get(mine_url(edition, "meetings_feed", token=f"{edition.pk}-{request.investor_person.pk}:x"))

    assert response.status_code == 200
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
    assert forged.status_code == 404


def test_move_form_with_htmx_get_is_only_the_panel(client, edition, grid, organizer):
    client.force_login(organizer)
    meeting = place(AcceptedRequestFactory(edition=edition), "d1-01", 0)

    response = client.get(board_url(edition, "meeting_move", pk=meeting.pk), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'hx-post="{board_url(edition, "meeting_move", pk=meeting.pk)}"' in html


def test_my_meetings_page_and_calendar_keep_their_query_count(client, edition, grid):
    request = request_with_users(edition)
    person = request.investor_person
    place(request, "d1-01", 0)
    client.force_login(person.user)
    client.get(mine_url(edition))
    with CaptureQueriesContext(connection) as one_page:
        client.get(mine_url(edition))
    with CaptureQueriesContext(connection) as one_feed:
        client.get(mine_url(edition, "meetings_ics"))
    for code in ("d1-02", "d1-03"):
        place(AcceptedRequestFactory(edition=edition, investor_person=person), code, 0)
    with CaptureQueriesContext(connection) as three_pages:
        response = client.get(mine_url(edition))
    with CaptureQueriesContext(connection) as three_feeds:
        client.get(mine_url(edition, "meetings_ics"))

    assert response.content.decode().count('class="card my-meeting"') == 3
    assert (len(three_pages), len(three_feeds)) == (len(one_page), len(one_feed))


def test_table_sheets_keep_their_query_count(client, edition, grid, organizer):
    client.force_login(organizer)
    place(AcceptedRequestFactory(edition=edition), "d1-01", 0)
    client.get(board_url(edition, "meeting_tables"))
    with CaptureQueriesContext(connection) as one:
        client.get(board_url(edition, "meeting_tables"))
    place(AcceptedRequestFactory(edition=edition), "d1-02", 1)
    place(AcceptedRequestFactory(edition=edition), "d1-03", 2)
    with CaptureQueriesContext(connection) as three:
        response = client.get(board_url(edition, "meeting_tables"))

    assert response.content.decode().count('<section class="table-sheet"') == 3
    assert len(three) == len(one)


def test_grid_form_shows_the_current_grid_with_its_breaks(edition):
    spec = GridSpec(
        days=edition.days, start=dt.time(9), end=dt.time(12), minutes=30, breaks=[(dt.time(10), dt.time(10, 30))]
    )
    grid = meetings.set_up_meeting_grid(edition, tables=5, slots=spec, actor=None)

    initial = GridForm.initial_for(edition, grid)

    assert initial == {
        "tables": 5,
        "first_day": dt.date(2023, 7, 8),
        "last_day": dt.date(2023, 7, 9),
        "start": dt.time(9),
        "end": dt.time(12),
        "minutes": 30,
        "breaks": "10:00-10:30",
    }


# --- in a browser -------------------------------------------------------------------------------


def _logged_in_page(chromium, live_server, user):
    from django.test import Client

    session = Client()
    session.force_login(user)
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="en")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organizer_moves_a_meeting_on_the_board_and_the_person_confirms_it(chromium, live_server, edition, organizer):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    meetings.set_up_meeting_grid(
        edition,
        tables=3,
        slots=GridSpec(days=[edition.start_date], start=dt.time(9), end=dt.time(11), minutes=20),
        actor=None,
    )
    request = request_with_users(edition)
    meeting = place(request, "d1-01", 0)
    board = _logged_in_page(chromium, live_server, organizer)
    board.goto(f"{live_server.url}{board_url(edition)}")

    board.click(f"#meeting-{meeting.pk} a")
    board.select_option("#move-panel select[name=slot]", str(slot(edition, "d1-04").pk))
    board.click("#move-panel button[type=submit]")
    board.wait_for_selector(".messages")

    row = board.locator("tr", has=board.locator("th", has_text="d1-04"))
    assert row.locator(f"#meeting-{meeting.pk}").count() == 1
    person = _logged_in_page(chromium, live_server, request.owner_person.user)
    person.goto(f"{live_server.url}{mine_url(edition)}")
    person.click(f"#meeting-{meeting.pk} button:has-text('Confirm')")
    person.wait_for_load_state()
    assert (
        person.locator(f"#meeting-{meeting.pk}").inner_text().count("You confirmed; waiting for the other side.") == 1
    )
    meeting.refresh_from_db()
    assert (meeting.slot.code, meeting.owner_confirmed) == ("d1-04", True)


def test_run_leaves_out_placements_that_break_a_rule_instead_of_failing(edition, grid, organizer, monkeypatch):
    shared = PersonFactory()
    first, second = (AcceptedRequestFactory(edition=edition, investor_person=shared) for _ in range(2))

    def double_booking(instance, time_limit=30.0):
        return Result(meetings=[Placement(r.id, "d1-01", i) for i, r in enumerate(instance.requests)])

    monkeypatch.setattr(scheduler, "solve", double_booking)

    summary = meetings.run_scheduler(edition, actor=organizer)

    assert list(Meeting.objects.values_list("request_id", "slot__code")) == [(first.pk, "d1-01")]
    assert summary.unscheduled == {second.pk: meetings.REASON_REFUSED}


def test_a_meeting_booked_while_the_scheduler_thinks_is_kept(edition, grid, organizer, monkeypatch):
    request = AcceptedRequestFactory(edition=edition)
    on_site = AcceptedRequestFactory(edition=edition, owner_person=request.owner_person)

    def slow_solve(instance, time_limit=30.0):
        result = greedy(instance)  # on_site goes to d1-02 here, request to d1-01
        meetings.book_meeting(on_site, slot=slot(edition, "d1-01"), actor=organizer)  # meanwhile, at the desk
        return result

    monkeypatch.setattr(scheduler, "solve", slow_solve)

    summary = meetings.run_scheduler(edition, actor=organizer)

    assert list(Meeting.objects.values_list("request_id", "slot__code", "status")) == [
        (on_site.pk, "d1-01", MeetingStatus.CONFIRMED)
    ]
    assert summary.unscheduled == {request.pk: meetings.REASON_CHANGED}


def test_a_contact_person_of_the_investor_confirms_for_the_investor(edition, grid):
    request = AcceptedRequestFactory(edition=edition)
    contact = PersonFactory(user=UserFactory())
    request.investor.contacts.add(contact)
    meeting = place(request, "d1-01", 0)

    confirmed = meetings.confirm_meeting(meeting, actor=contact.user)

    assert (confirmed.investor_confirmed, confirmed.owner_confirmed) == (True, False)
