"""Nobody and no table is booked twice when many clients place meetings at once (PostgreSQL only).

Each client is a thread with its own database connection; a barrier starts them together. The
services lock the slot rows they write into before they check, so every client but one sees the
winner's write and gets a clean MeetingError naming who or what is taken (or Busy, when the lock
wait runs out); the unique constraints on MeetingSeat (person, slot) and Meeting (slot, table)
refuse a double booking even to code that skips the services. Every test asserts exact counts.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django.utils import translation

from ecoforum.investment import meetings
from ecoforum.investment.enums import MeetingStatus
from ecoforum.investment.meetings import GridSpec
from ecoforum.investment.models import Meeting, MeetingSeat, MeetingSlot, NegotiationTable

from ..factories import PersonFactory
from .factories import AcceptedRequestFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 16


def at_once(clients: int, work: Callable[[int], Any]) -> list[tuple[str, str]]:
    """Run ``work(0)`` … ``work(clients - 1)`` in threads released together; each outcome is
    ``("ok", "")`` or the exception's class name and message."""
    barrier = threading.Barrier(clients)
    outcomes: list[tuple[str, str]] = [("not run", "")] * clients

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):
                work(i)
            outcomes[i] = ("ok", "")
        except Exception as exc:
            outcomes[i] = (type(exc).__name__, str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def kinds(outcomes: list[tuple[str, str]]) -> Counter:
    return Counter(kind for kind, _message in outcomes)


@pytest.fixture
def grid(edition):
    """CLIENTS + 1 tables; day 1 from 09:00 in 10-minute slots, CLIENTS + 1 of them."""
    spec = GridSpec(
        days=[edition.start_date],
        start=dt.time(9),
        end=(dt.datetime(2000, 1, 1, 9) + dt.timedelta(minutes=10 * (CLIENTS + 1))).time(),
        minutes=10,
    )
    return meetings.set_up_meeting_grid(edition, tables=CLIENTS + 1, slots=spec, actor=None)


def the_slot(edition) -> MeetingSlot:
    return MeetingSlot.objects.get(edition=edition, code="d1-01")


def assert_nothing_double_booked_or_half_written(edition) -> None:
    active = Meeting.objects.filter(edition=edition).exclude(status=MeetingStatus.CANCELLED)
    places = list(active.values_list("slot_id", "table_id"))
    assert len(places) == len(set(places))
    seats = list(MeetingSeat.objects.values_list("person_id", "slot_id"))
    assert len(seats) == len(set(seats))
    for meeting in active.select_related("request"):
        assert sorted(meeting.seats.values_list("person_id", "slot_id")) == sorted(
            [(meeting.request.investor_person_id, meeting.slot_id), (meeting.request.owner_person_id, meeting.slot_id)]
        )
    assert MeetingSeat.objects.exclude(meeting__in=active).count() == 0


def test_booking_one_person_into_one_slot_from_many_clients_succeeds_once(edition, grid, organizer):
    investor = PersonFactory(name_en="Li Wei")
    requests = [AcceptedRequestFactory(edition=edition, investor_person=investor) for _ in range(CLIENTS)]
    slot = the_slot(edition)

    outcomes = at_once(CLIENTS, lambda i: meetings.book_meeting(requests[i], slot=slot, actor=organizer))

    counts = kinds(outcomes)
    assert counts["ok"] == 1
    assert counts["MeetingError"] + counts["Busy"] == CLIENTS - 1
    assert [
        m for kind, m in outcomes if kind == "MeetingError" and not m.startswith("Li Wei is already booked at d1-01")
    ] == []
    assert MeetingSeat.objects.filter(person=investor, slot=slot).count() == 1
    assert Meeting.objects.filter(edition=edition).count() == 1
    assert_nothing_double_booked_or_half_written(edition)


def test_moving_many_meetings_to_one_table_and_slot_at_once_succeeds_once(edition, grid, organizer):
    slots = list(MeetingSlot.objects.filter(edition=edition).order_by("starts_at"))
    target, table = slots[0], NegotiationTable.objects.get(edition=edition, number=0)
    placed = [
        meetings.book_meeting(AcceptedRequestFactory(edition=edition), slot=slots[i + 1], actor=organizer)
        for i in range(CLIENTS)
    ]

    outcomes = at_once(CLIENTS, lambda i: meetings.move_meeting(placed[i], slot=target, table=table, actor=organizer))

    counts = kinds(outcomes)
    assert counts["ok"] == 1
    assert counts["MeetingError"] + counts["Busy"] == CLIENTS - 1
    assert [
        m for kind, m in outcomes if kind == "MeetingError" and not m.startswith("Table T01 is already booked at d1-01")
    ] == []
    assert Meeting.objects.filter(slot=target, table=table).count() == 1
    assert Meeting.objects.filter(edition=edition).count() == CLIENTS  # the losers stay where they were
    assert_nothing_double_booked_or_half_written(edition)


def test_bookings_and_moves_of_one_person_into_one_slot_at_once_succeed_once(edition, grid, organizer):
    owner = PersonFactory(name_en="Wang Fang")
    slots = list(MeetingSlot.objects.filter(edition=edition).order_by("starts_at"))
    target = slots[0]
    half = CLIENTS // 2
    to_book = [AcceptedRequestFactory(edition=edition, owner_person=owner) for _ in range(half)]
    to_move = [
        meetings.book_meeting(
            AcceptedRequestFactory(edition=edition, owner_person=owner), slot=slots[i + 1], actor=organizer
        )
        for i in range(half)
    ]

    def work(i: int) -> None:
        if i % 2:
            meetings.book_meeting(to_book[i // 2], slot=target, actor=organizer)
        else:
            meetings.move_meeting(to_move[i // 2], slot=target, actor=organizer)

    outcomes = at_once(CLIENTS, work)

    counts = kinds(outcomes)
    assert counts["ok"] == 1
    assert counts["MeetingError"] + counts["Busy"] == CLIENTS - 1
    assert [
        m for kind, m in outcomes if kind == "MeetingError" and not m.startswith("Wang Fang is already booked at d1-01")
    ] == []
    assert MeetingSeat.objects.filter(person=owner, slot=target).count() == 1
    assert_nothing_double_booked_or_half_written(edition)


def test_bookings_of_different_people_into_one_slot_all_succeed_at_different_tables(edition, grid, organizer):
    requests = [AcceptedRequestFactory(edition=edition) for _ in range(CLIENTS)]
    slot = the_slot(edition)

    outcomes = at_once(CLIENTS, lambda i: meetings.book_meeting(requests[i], slot=slot, actor=organizer))

    assert outcomes == [("ok", "")] * CLIENTS
    assert sorted(Meeting.objects.filter(slot=slot).values_list("table__number", flat=True)) == list(range(CLIENTS))
    assert_nothing_double_booked_or_half_written(edition)


def test_seat_constraint_holds_when_many_clients_skip_the_services(edition, grid):
    person = PersonFactory()
    slot = the_slot(edition)
    tables = list(NegotiationTable.objects.filter(edition=edition).order_by("number"))
    placed = [
        Meeting.objects.create(
            edition=edition,
            request=AcceptedRequestFactory(edition=edition, investor_person=person),
            slot=slot,
            table=tables[i],
        )
        for i in range(CLIENTS)
    ]

    outcomes = at_once(CLIENTS, lambda i: MeetingSeat.objects.create(meeting=placed[i], person=person, slot=slot))

    assert kinds(outcomes) == Counter({"ok": 1, "IntegrityError": CLIENTS - 1})
    assert MeetingSeat.objects.filter(person=person, slot=slot).count() == 1


def test_a_scheduler_run_and_bookings_at_the_same_time_double_book_nobody(edition, grid, organizer):
    investor = PersonFactory()
    for_the_run = [AcceptedRequestFactory(edition=edition, investor_person=investor) for _ in range(CLIENTS)]
    at_the_desk = [AcceptedRequestFactory(edition=edition, investor_person=investor) for _ in range(CLIENTS - 1)]
    slot = the_slot(edition)

    def work(i: int) -> None:
        if i == 0:
            meetings.run_scheduler(edition, actor=organizer, time_limit=5.0)
        else:
            meetings.book_meeting(at_the_desk[i - 1], slot=slot, actor=organizer)

    outcomes = at_once(CLIENTS, work)

    assert outcomes[0] == ("ok", "")
    assert set(kinds(outcomes)) <= {"ok", "MeetingError", "Busy"}
    assert MeetingSeat.objects.filter(person=investor, slot=slot).count() == 1
    assert Meeting.objects.filter(request__in=for_the_run + at_the_desk).count() <= len(grid.slots)
    assert_nothing_double_booked_or_half_written(edition)
