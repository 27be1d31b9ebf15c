"""The timetable rules hold when many clients write at once (PostgreSQL only).

Each client is a thread with its own database connection (or, once, a process of
its own); a barrier starts them together. The services lock the edition's draft
before they check, so every request but one sees the other's write and gets a
clean TimetableConflict; the exclusion constraint of migration
program/0002_room_exclusion refuses an overlapping room even to code that skips
the services. Every test asserts exact counts, so a lost lock shows as a failure.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connections, transaction
from django.utils import translation

from ecoforum.core.locking import Busy
from ecoforum.program import services
from ecoforum.program.exceptions import TimetableConflict
from ecoforum.program.models import SessionSlot
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import PersonFactory, RoomFactory, ThemeForumFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 16
CONSTRAINT = "slot_room_no_overlap"


def at_once(clients: int, work: Callable[[int], Any]) -> list[tuple[str, str]]:
    """Run ``work(0)`` … ``work(clients - 1)`` in threads released together; each outcome is
    ``("ok", "")`` or the exception's class name and message."""
    barrier = threading.Barrier(clients)
    outcomes: list[tuple[str, str]] = [("not run", "")] * clients

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):  # a new thread starts in the default language
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


def unscheduled(edition, count: int, *, prefix: str = "S", theme_forum=None, people=()) -> list:
    return [
        services.create_session(
            edition,
            actor=None,
            code=f"{prefix}{i:02d}",
            title_zh_hans=f"会议{prefix}{i}",
            title_en=f"Session {prefix}{i}",
            theme_forum=theme_forum,
            people=people,
        )
        for i in range(count)
    ]


def scheduled_in(draft, **filters) -> list[str]:
    return sorted(
        SessionSlot.objects.filter(release=draft, start__isnull=False, room__isnull=False, **filters).values_list(
            "session__code", flat=True
        )
    )


# --- (a) one room, many sessions at once -------------------------------------


def test_one_room_at_one_time_goes_to_exactly_one_of_many_clients(edition, room, organizer):
    sessions = unscheduled(edition, CLIENTS)
    draft = services.get_draft(edition)

    def schedule(i: int) -> None:
        # Every slot overlaps every other: 09:00+i min to 10:00+i min.
        services.schedule_session(
            sessions[i], actor=organizer, room=room, start=at(edition, 0, 9, i), end=at(edition, 0, 10, i)
        )

    outcomes = at_once(CLIENTS, schedule)

    counts = kinds(outcomes)
    assert counts["ok"] == 1
    assert counts["TimetableConflict"] + counts["Busy"] == CLIENTS - 1
    winner = next(sessions[i].code for i, (kind, _m) in enumerate(outcomes) if kind == "ok")
    assert scheduled_in(draft, room=room) == [winner]
    conflicts = [message for kind, message in outcomes if kind == "TimetableConflict"]
    assert [m for m in conflicts if f"already holds {winner} «" not in m] == []


# --- (b) one speaker, many rooms at once ------------------------------------


def test_one_speaker_at_one_time_goes_to_exactly_one_of_many_clients(edition, venue, organizer):
    speaker = PersonFactory(name_zh_hans="李伟", name_en="Li Wei")
    sessions = unscheduled(edition, CLIENTS, people=[Role(speaker)])
    rooms = [RoomFactory(venue=venue) for _ in range(CLIENTS)]
    draft = services.get_draft(edition)

    def schedule(i: int) -> None:
        services.schedule_session(
            sessions[i], actor=organizer, room=rooms[i], start=at(edition, 1, 14, i), end=at(edition, 1, 15, i)
        )

    outcomes = at_once(CLIENTS, schedule)

    counts = kinds(outcomes)
    assert counts["ok"] == 1
    assert counts["TimetableConflict"] + counts["Busy"] == CLIENTS - 1
    assert len(scheduled_in(draft, session__roles__person=speaker)) == 1
    conflicts = [message for kind, message in outcomes if kind == "TimetableConflict"]
    assert [m for m in conflicts if ": Li Wei is already in " not in m] == []


def test_adding_one_speaker_to_many_simultaneous_sessions_succeeds_once(edition, venue, organizer):
    """The same rule from the other side: sessions already scheduled at once, the speaker added concurrently."""
    speaker = PersonFactory()
    sessions = unscheduled(edition, CLIENTS)
    for i, session in enumerate(sessions):
        services.schedule_session(
            session, actor=organizer, room=RoomFactory(venue=venue), start=at(edition, 0, 9), end=at(edition, 0, 10, i)
        )

    outcomes = at_once(
        CLIENTS, lambda i: services.set_session_people(sessions[i], actor=organizer, people=[Role(speaker, "panelist")])
    )

    counts = kinds(outcomes)
    assert counts["ok"] == 1
    assert counts["TimetableConflict"] + counts["Busy"] == CLIENTS - 1
    assert speaker.session_roles.count() == 1


# --- (c) no false conflicts -------------------------------------------------


def test_two_coordinators_editing_their_own_forums_at_once_all_succeed(edition, section, venue):
    forum_a, forum_b = (
        ThemeForumFactory(edition=edition, section=section),
        ThemeForumFactory(edition=edition, section=section),
    )
    coordinator_a, coordinator_b = UserFactory(), UserFactory()
    forum_a.coordinators.add(coordinator_a)
    forum_b.coordinators.add(coordinator_b)
    room_a, room_b = RoomFactory(venue=venue), RoomFactory(venue=venue)
    per_forum = CLIENTS // 2
    sessions_a = unscheduled(edition, per_forum, prefix="A", theme_forum=forum_a)
    sessions_b = unscheduled(edition, per_forum, prefix="B", theme_forum=forum_b)
    draft = services.get_draft(edition)

    def edit(i: int) -> None:
        actor, sessions, room = (
            (coordinator_a, sessions_a, room_a) if i % 2 == 0 else (coordinator_b, sessions_b, room_b)
        )
        session = sessions[i // 2]
        # Back to back in each forum's own room: no two of them overlap.
        services.schedule_session(
            session, actor=actor, room=room, start=at(edition, 0, 8 + i // 2), end=at(edition, 0, 9 + i // 2)
        )
        services.update_session(session, actor=actor, title_en=f"{session.title_en} (final)")

    outcomes = at_once(CLIENTS, edit)

    assert outcomes == [("ok", "")] * CLIENTS
    assert scheduled_in(draft, room=room_a) == [s.code for s in sessions_a]
    assert scheduled_in(draft, room=room_b) == [s.code for s in sessions_b]
    assert sorted(draft.slots.values_list("session__title_en", flat=True)) == sorted(
        f"{s.title_en} (final)" for s in sessions_a + sessions_b
    )


# --- (d) the exclusion constraint, bypassing the services --------------------


def test_exclusion_constraint_refuses_an_overlapping_slot_written_with_the_orm(edition, room, other_room):
    first, second = unscheduled(edition, 2)
    draft = services.get_draft(edition)
    services.schedule_session(first, actor=None, room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))

    with pytest.raises(IntegrityError) as err, transaction.atomic():
        SessionSlot.objects.filter(release=draft, session=second).update(
            room=room, start=at(edition, 0, 9, 30), end=at(edition, 0, 10, 30)
        )
    assert CONSTRAINT in str(err.value)
    assert scheduled_in(draft, room=room) == [first.code]

    # Back to back, another room, or another release: all allowed.
    SessionSlot.objects.filter(release=draft, session=second).update(
        room=room, start=at(edition, 0, 10), end=at(edition, 0, 11)
    )
    released = services.release_program(edition, actor=None, version="v1")
    assert SessionSlot.objects.filter(room=room, start=at(edition, 0, 9)).count() == 2  # v1 and the new draft
    assert SessionSlot.objects.filter(release=released, room=room).count() == 2


def test_exclusion_constraint_refuses_a_new_overlapping_row(edition, room):
    first, second = unscheduled(edition, 2)
    draft = services.get_draft(edition)
    services.schedule_session(first, actor=None, room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    SessionSlot.objects.filter(release=draft, session=second).delete()

    with pytest.raises(IntegrityError) as err, transaction.atomic():
        SessionSlot.objects.bulk_create(
            [SessionSlot(release=draft, session=second, room=room, start=at(edition, 0, 8), end=at(edition, 0, 11))]
        )
    assert CONSTRAINT in str(err.value)


def test_exclusion_constraint_holds_when_many_clients_skip_the_services_at_once(edition, room):
    sessions = unscheduled(edition, CLIENTS)
    draft = services.get_draft(edition)

    def write_directly(i: int) -> None:
        SessionSlot.objects.filter(release=draft, session=sessions[i]).update(
            room=room, start=at(edition, 0, 9, i), end=at(edition, 0, 10, i)
        )

    outcomes = at_once(CLIENTS, write_directly)

    # PostgreSQL refuses every other writer: by the constraint, or, when two writers each wait for the
    # other's uncommitted row (exclusion constraints can deadlock; on a busy machine many do), by aborting
    # one of them. The services never meet the second case: they lock the timetable first.
    refused = [
        (kind, message)
        for kind, message in outcomes
        if (kind == "IntegrityError" and CONSTRAINT in message)
        or (kind == "OperationalError" and "deadlock detected" in message)
    ]
    assert kinds(outcomes)["ok"] == 1, sorted(set(outcomes))
    assert len(refused) == CLIENTS - 1, sorted(set(outcomes))
    assert len(scheduled_in(draft, room=room)) == 1


# --- several processes ------------------------------------------------------


def _process_client(barrier, results, session_pk: int, room_pk: int, minute: int) -> None:
    """One app process: its own interpreter state and database connection (forked from the test)."""
    from ecoforum.program.models import Room, Session

    try:
        session = Session.objects.select_related("edition").get(pk=session_pk)
        room = Room.objects.select_related("venue").get(pk=room_pk)
        edition = session.edition
        barrier.wait(timeout=30)
        with translation.override("en"):
            services.schedule_session(
                session, actor=None, room=room, start=at(edition, 0, 9, minute), end=at(edition, 0, 10, minute)
            )
        results.put(("ok", session.code))
    except (TimetableConflict, Busy) as exc:
        results.put((type(exc).__name__, str(exc)))
    except Exception as exc:
        results.put(("error", repr(exc)))
    finally:
        connections.close_all()


def test_one_room_at_one_time_goes_to_exactly_one_of_several_processes(edition, room):
    processes = CLIENTS
    sessions = unscheduled(edition, processes)
    draft = services.get_draft(edition)
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes), context.Queue()
    connections.close_all()  # a forked child must not share the parent's connection
    children = [
        context.Process(target=_process_client, args=(barrier, results, sessions[i].pk, room.pk, i))
        for i in range(processes)
    ]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=60) for _ in range(processes)]
    for child in children:
        child.join(timeout=60)

    assert [child.exitcode for child in children] == [0] * processes
    counts = kinds(outcomes)
    assert counts["ok"] == 1
    assert counts["TimetableConflict"] + counts["Busy"] == processes - 1
    winner = next(message for kind, message in outcomes if kind == "ok")
    assert scheduled_in(draft, room=room) == [winner]


# --- a release while others edit --------------------------------------------


def test_an_edit_waiting_for_a_release_lands_in_the_new_draft_not_in_the_release(edition, room, other_room):
    """An organizer moves a session while another releases: the move waits for the release and then
    edits the fresh draft; the release just published stays as it was published."""
    session = unscheduled(edition, 1)[0]
    services.schedule_session(session, actor=None, room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    old_draft = services.get_draft(edition)
    mover_waiting, outcome = threading.Event(), {}

    def move() -> None:
        try:
            mover_waiting.set()
            with translation.override("en"):
                services.schedule_session(
                    session, actor=None, room=other_room, start=at(edition, 1, 9), end=at(edition, 1, 10)
                )
            outcome["kind"] = "ok"
        except Exception as exc:
            outcome["kind"] = repr(exc)
        finally:
            connections.close_all()

    mover = threading.Thread(target=move)
    with transaction.atomic():
        released = services.publish_program(edition, actor=None, version="v1")  # holds the draft's lock
        mover.start()
        assert mover_waiting.wait(10)
        _wait_until_blocked(on=old_draft.pk)
    mover.join(timeout=30)

    assert released.pk == old_draft.pk
    assert outcome == {"kind": "ok"}
    published = SessionSlot.objects.get(release=released, session=session)
    assert (published.room, published.start) == (room, at(edition, 0, 9))
    fresh = services.get_draft(edition)
    assert fresh.pk != released.pk
    moved = SessionSlot.objects.get(release=fresh, session=session)
    assert (moved.room, moved.start) == (other_room, at(edition, 1, 9))


def _wait_until_blocked(*, on: int, seconds: float = 10) -> None:
    """Wait until another connection waits for a row lock (the mover queues behind the release)."""
    import time

    with connections["default"].cursor() as cursor:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")  # live, unlike pg_stat_activity
            if cursor.fetchone()[0] >= 1:
                return
            time.sleep(0.02)
    raise AssertionError(f"nobody waited for the lock on release {on}")
