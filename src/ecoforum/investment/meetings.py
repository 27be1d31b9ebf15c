"""1:1 meetings in the app: the grid of tables and slots, scheduling from the database, and every change after.

The pure scheduler (:mod:`.scheduler`) knows nothing of the database; this module builds its
:class:`~.scheduler.Instance` from the edition's tables, slots and accepted requests and writes
its result back.

How a meeting lives:

- ``run_scheduler`` writes **drafts**. Each run replaces every draft *and every published meeting
  that is not confirmed yet*: the new draft is the organizers' next proposal, and participants only
  ever see published and confirmed meetings, so a published meeting that the new run moves simply
  shows its new time once the new draft is published. A meeting that only one side has confirmed is
  not confirmed: it is replaced too. **Confirmed** meetings are kept exactly: the scheduler gets them
  as pinned (same slot, same table), also when a session added later overlaps them (a confirmed
  meeting is a fact; organizers move it by hand if needed).
- ``publish_meetings`` turns the drafts into published meetings; both sides confirm
  (``confirm_meeting``), and when both have, the meeting is confirmed.
- ``cancel_meeting`` frees the two people's time and the table (the seats go); the request stays
  accepted, so the next run may place it again (the cancelled row is then replaced).
- ``move_meeting`` (organizers) and ``book_meeting`` (on site, a time both sides agreed) place one
  meeting by hand. A moved meeting keeps its status, except that a confirmed one goes back to
  published with both confirmations cleared: the people confirmed another time. A booked meeting
  is confirmed at once.

Nobody and no table is booked twice in a slot: every write that places meetings locks the slot
rows it writes into (sorted, with a bounded wait: :class:`~ecoforum.core.locking.Busy`), checks,
writes, and the database constraints (``MeetingSeat`` person once per slot, ``Meeting`` table once
per slot) hold it even for code that skips the services; an ``IntegrityError`` that still happens
becomes a clear "already booked" message, inside a savepoint, so nothing half-written remains.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import lock_many, lock_one
from ecoforum.forums.models import Edition
from ecoforum.people.models import Person
from ecoforum.program.models import AgendaItem, SessionPerson, SessionSlot
from ecoforum.program.queries import latest_release

from . import scheduler
from .enums import MeetingStatus, RequestStatus
from .exceptions import InvestmentError
from .models import Meeting, MeetingRequest, MeetingSeat, MeetingSlot, NegotiationTable
from .rules import investor_ids_of, person_of
from .scheduler import Instance, InstanceError, Participant, Pin, Request, Result, Slot

#: Meetings that hold a table and two people's time.
ACTIVE = (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED, MeetingStatus.CONFIRMED)
#: Meetings that participants see.
VISIBLE = (MeetingStatus.PUBLISHED, MeetingStatus.CONFIRMED)
#: What a new run of the scheduler replaces.
REPLACED = (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED)

MAX_TABLES = 1000
MAX_SLOTS = 500
FEED_SALT = "ecoforum.investment.meetings.feed"


class MeetingError(InvestmentError):
    """A meeting change that cannot be made; the message names the item."""


class MeetingNotAllowed(MeetingError):
    def __init__(self, message: Any = None) -> None:
        super().__init__(message or _("You may not change this meeting."))


# --- helpers ----------------------------------------------------------------------------------


def _require_organizer(actor: Any, edition: Edition) -> None:
    """``actor`` None is the system itself (the command line, the demo loader)."""
    if actor is not None and not actor.has_perm("forums.manage_edition", edition):
        raise MeetingNotAllowed(_("Only the edition's organizers may do this."))


def _local(value: dt.datetime, edition: Edition, fmt: str = "Y-m-d H:i") -> str:
    return formats.date_format(timezone.localtime(value, edition.tz), fmt)


def slot_label(slot: MeetingSlot, edition: Edition) -> str:
    """``d1-03 (2023-07-08 09:40–10:00)``: how a message names a slot."""
    return f"{slot.code} ({_local(slot.starts_at, edition)}–{_local(slot.ends_at, edition, 'H:i')})"


def table_label(table: NegotiationTable) -> str:
    return table.label or str(table.number)


def _lock_grid(edition: Edition) -> Edition:
    """The edition row stands for its meeting grid: set-up, runs and publishing run one after the other."""
    return lock_one(Edition, edition.pk)


# --- the grid ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridSpec:
    """Slots by rule: on each of ``days``, from ``start`` to ``end``, ``minutes`` each, skipping ``breaks``.

    A slot that would overlap a break or run past ``end`` is left out.
    """

    days: Sequence[dt.date]
    start: dt.time
    end: dt.time
    minutes: int
    breaks: Sequence[tuple[dt.time, dt.time]] = ()

    def slots(self, edition: Edition) -> list[tuple[dt.datetime, dt.datetime]]:
        if self.minutes < 5 or self.minutes > 240:
            raise MeetingError(_("A meeting slot lasts between 5 and 240 minutes."))
        if self.end <= self.start:
            raise MeetingError(_("The meetings of a day must end after they start."))
        step = dt.timedelta(minutes=self.minutes)
        result = []
        for day in sorted(set(self.days)):
            moment = dt.datetime.combine(day, self.start, tzinfo=edition.tz)
            day_end = dt.datetime.combine(day, self.end, tzinfo=edition.tz)
            pauses = [
                (dt.datetime.combine(day, a, tzinfo=edition.tz), dt.datetime.combine(day, b, tzinfo=edition.tz))
                for a, b in self.breaks
            ]
            while moment + step <= day_end:
                clash = next((b for a, b in pauses if moment < b and a < moment + step), None)
                if clash is not None:
                    moment = max(clash, moment + dt.timedelta(minutes=1))
                    continue
                result.append((moment, moment + step))
                moment += step
        return result


@dataclass
class Grid:
    tables: list[NegotiationTable]
    slots: list[MeetingSlot]


def _check_slots(
    edition: Edition, slots: Sequence[tuple[dt.datetime, dt.datetime]]
) -> list[tuple[dt.datetime, dt.datetime]]:
    if not slots:
        raise MeetingError(_("The grid needs at least one meeting slot."))
    if len(slots) > MAX_SLOTS:
        raise MeetingError(_("At most %(count)s meeting slots.") % {"count": MAX_SLOTS})
    ordered = sorted(slots)
    for start, end in ordered:
        if timezone.is_naive(start) or timezone.is_naive(end):
            raise MeetingError(_("Slot times need a time zone."))
        if end <= start:
            raise MeetingError(
                _("The slot starting %(start)s ends before it starts.") % {"start": _local(start, edition)}
            )
        if start < edition.starts_at or end > edition.ends_at:
            raise MeetingError(
                _("The slot %(start)s–%(end)s is outside the edition's dates (%(first)s to %(last)s).")
                % {
                    "start": _local(start, edition),
                    "end": _local(end, edition, "H:i"),
                    "first": edition.start_date.isoformat(),
                    "last": edition.end_date.isoformat(),
                }
            )
    for (start, end), (next_start, _next_end) in itertools.pairwise(ordered):
        if next_start < end:
            raise MeetingError(
                _("The slots starting %(first)s and %(second)s overlap.")
                % {"first": _local(start, edition), "second": _local(next_start, edition)}
            )
    return ordered


def set_up_meeting_grid(
    edition: Edition,
    *,
    tables: int,
    slots: Sequence[tuple[dt.datetime, dt.datetime]] | GridSpec,
    labels: Sequence[str] | None = None,
    actor: Any,
) -> Grid:
    """Lay out the negotiation zone: ``tables`` tables (numbered 0 … n-1, labelled T01 … or ``labels``) and slots.

    Slot codes are ``d<day of the edition>-<number in the day>``: ``d1-01`` is the first slot of the
    first day. Setting the same grid again changes nothing; a grid that has meetings (other than
    cancelled ones) cannot be changed.
    """
    _require_organizer(actor, edition)
    if not 1 <= tables <= MAX_TABLES:
        raise MeetingError(_("The zone needs between 1 and %(count)s tables.") % {"count": MAX_TABLES})
    if labels is not None and len(labels) != tables:
        raise MeetingError(_("Give one label per table (%(count)s).") % {"count": tables})
    times = _check_slots(edition, slots.slots(edition) if isinstance(slots, GridSpec) else slots)
    wanted_labels = [(labels[i] if labels else f"T{i + 1:02d}").strip()[:50] for i in range(tables)]
    with transaction.atomic(durable=True):
        _lock_grid(edition)
        existing_tables = list(NegotiationTable.objects.filter(edition=edition).order_by("number"))
        existing_slots = list(MeetingSlot.objects.filter(edition=edition).order_by("starts_at"))
        same = [(t.number, t.label) for t in existing_tables] == list(enumerate(wanted_labels)) and [
            (s.starts_at, s.ends_at) for s in existing_slots
        ] == times
        if same:
            return Grid(existing_tables, existing_slots)
        if Meeting.objects.filter(edition=edition, status__in=ACTIVE).exists():
            raise MeetingError(
                _("The grid of %(edition)s has meetings already; cancel them before changing tables or slots.")
                % {"edition": edition}
            )
        Meeting.objects.filter(edition=edition).delete()  # cancelled ones only: their slot rows go too
        NegotiationTable.objects.filter(edition=edition).delete()
        MeetingSlot.objects.filter(edition=edition).delete()
        NegotiationTable.objects.bulk_create(
            NegotiationTable(edition=edition, number=i, label=label) for i, label in enumerate(wanted_labels)
        )
        per_day: dict[dt.date, int] = defaultdict(int)
        new_slots = []
        for start, end in times:
            day = timezone.localtime(start, edition.tz).date()
            per_day[day] += 1
            code = f"d{(day - edition.start_date).days + 1}-{per_day[day]:02d}"
            new_slots.append(MeetingSlot(edition=edition, code=code, starts_at=start, ends_at=end))
        new_slots = MeetingSlot.objects.bulk_create(new_slots)
        log_action(
            edition,
            "investment.meeting_grid.set_up",
            actor=actor,
            edition_id=edition.pk,
            data={"tables": tables, "slots": [s.code for s in new_slots], "first": times[0][0], "last": times[-1][1]},
        )
    return Grid(
        list(NegotiationTable.objects.filter(edition=edition)), list(MeetingSlot.objects.filter(edition=edition))
    )


# --- availability -------------------------------------------------------------------------------


def participant_ids(edition: Edition) -> set[int]:
    """People with an accepted request of the edition, on either side."""
    pairs = MeetingRequest.objects.filter(edition=edition, status=RequestStatus.ACCEPTED).values_list(
        "investor_person_id", "owner_person_id"
    )
    return {pk for pair in pairs for pk in pair}


def busy_times(edition: Edition, people: Iterable[int]) -> dict[int, list[tuple[dt.datetime, dt.datetime, str]]]:
    """For each person: the (start, end, session code) of the released sessions they speak at,
    moderate or put in their personal agenda. Three queries, whatever the number of people."""
    ids = set(people)
    busy: dict[int, list[tuple[dt.datetime, dt.datetime, str]]] = defaultdict(list)
    release = latest_release(edition)
    if release is None or not ids:
        return busy
    scheduled: dict[int, tuple[dt.datetime, dt.datetime, str]] = {
        session_id: (start, end, code)
        for session_id, start, end, code in SessionSlot.objects.filter(
            release=release, start__isnull=False, end__isnull=False, room__isnull=False
        ).values_list("session_id", "start", "end", "session__code")
        if start is not None and end is not None
    }
    roles = SessionPerson.objects.filter(person_id__in=ids, session__edition=edition).values_list(
        "person_id", "session_id"
    )
    starred = AgendaItem.objects.filter(agenda__edition=edition, agenda__user__person__in=ids).values_list(
        "agenda__user__person", "session_id"
    )
    for person_id, session_id in [*roles, *starred]:
        if session_id in scheduled and person_id is not None:
            busy[person_id].append(scheduled[session_id])
    return busy


def availability(edition: Edition, *, people: Iterable[int] | None = None) -> dict[int, set[int]]:
    """``{person id: ids of the meeting slots they are free in}`` for ``people`` (by default every
    participant of an accepted request). A person is not free in a slot that overlaps a released
    session they have a part in (speaker, moderator, any role) or have in their personal agenda.
    A fixed number of queries."""
    ids = participant_ids(edition) if people is None else set(people)
    slots = list(MeetingSlot.objects.filter(edition=edition).values_list("pk", "starts_at", "ends_at"))
    busy = busy_times(edition, ids)
    return {
        person: {
            pk
            for pk, start, end in slots
            if not any(b_start < end and start < b_end for b_start, b_end, _c in busy[person])
        }
        for person in ids
    }


# --- the scheduler's instance -------------------------------------------------------------------


def request_key(pk: int) -> str:
    return f"r{pk}"


def person_key(pk: int) -> str:
    return f"p{pk}"


@dataclass
class InstanceMaps:
    """How the instance's ids map back to rows."""

    requests: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    slots: dict[str, int] = field(default_factory=dict)
    #: table pks by the instance's table index (0 … tables-1), in number order
    tables: list[int] = field(default_factory=list)
    #: meeting pks of the confirmed meetings, by request key
    pinned: dict[str, int] = field(default_factory=dict)
    priorities: dict[str, int] = field(default_factory=dict)
    pairs: dict[str, tuple[int, int]] = field(default_factory=dict)


def build_instance(edition: Edition) -> tuple[Instance, InstanceMaps]:
    """The edition as the scheduler sees it: its slots in start order, its tables, the people of its
    accepted requests with the slots they are free in, and the requests; a confirmed meeting is pinned
    to its slot and table (and its slot counts as free for both of its people)."""
    maps = InstanceMaps()
    slots = list(MeetingSlot.objects.filter(edition=edition).order_by("starts_at"))
    tables = list(NegotiationTable.objects.filter(edition=edition).order_by("number").values_list("pk", flat=True))
    maps.tables = tables
    table_index = {pk: i for i, pk in enumerate(tables)}
    slot_code = {s.pk: s.code for s in slots}
    maps.slots = {s.code: s.pk for s in slots}
    requests = list(
        MeetingRequest.objects.filter(edition=edition, status=RequestStatus.ACCEPTED).order_by("created", "pk")
    )
    confirmed = {
        m.request_id: m
        for m in Meeting.objects.filter(edition=edition, status=MeetingStatus.CONFIRMED).select_related("request")
    }
    people = {pk for r in requests for pk in (r.investor_person_id, r.owner_person_id)}
    free = availability(edition, people=people)
    # A confirmed meeting of a request that is no longer accepted still takes its people's time.
    for meeting in confirmed.values():
        if meeting.request.status != RequestStatus.ACCEPTED:
            for pk in (meeting.request.investor_person_id, meeting.request.owner_person_id):
                free.get(pk, set()).discard(meeting.slot_id)
    instance_requests = []
    for r in requests:
        key = request_key(r.pk)
        pin = None
        pinned = confirmed.get(r.pk)
        if pinned is not None:
            pin = Pin(slot=slot_code[pinned.slot_id], table=table_index[pinned.table_id])
            maps.pinned[key] = pinned.pk
            free[r.investor_person_id].add(pinned.slot_id)
            free[r.owner_person_id].add(pinned.slot_id)
        maps.requests[key] = r.pk
        maps.priorities[key] = r.priority
        maps.pairs[key] = (r.investor_person_id, r.owner_person_id)
        instance_requests.append(
            Request(
                id=key,
                a=person_key(r.investor_person_id),
                b=person_key(r.owner_person_id),
                priority=r.priority,
                pinned=pin,
            )
        )
    participants = []
    for pk in sorted(people):
        maps.people[person_key(pk)] = pk
        participants.append(
            Participant(id=person_key(pk), available=frozenset(slot_code[s] for s in free[pk] if s in slot_code))
        )
    instance = Instance(
        slots=[Slot(id=s.code, start=s.starts_at.isoformat(), end=s.ends_at.isoformat()) for s in slots],
        tables=len(tables),
        participants=participants,
        requests=instance_requests,
    )
    return instance, maps


# --- running the scheduler ----------------------------------------------------------------------


@dataclass
class SchedulingSummary:
    requests: int = 0
    placed: int = 0
    kept: int = 0
    #: request pks that got no meeting, with why
    unscheduled: dict[int, str] = field(default_factory=dict)
    score: int = 0
    best_score: int = 0
    participants: int = 0
    covered: int = 0

    @property
    def meetings(self) -> int:
        return self.placed + self.kept

    @property
    def coverage(self) -> float:
        return self.covered / self.participants if self.participants else 1.0

    def as_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "placed": self.placed,
            "kept": self.kept,
            "unscheduled": sorted(self.unscheduled),
            "score": self.score,
            "best_score": self.best_score,
            "participants": self.participants,
            "covered": self.covered,
        }


def _solve(instance: Instance, time_limit: float) -> Result:
    # Looked up on the package at each call, so that a test can stand in for the solver.
    return scheduler.solve(instance, time_limit=time_limit)


REASON_NO_COMMON_SLOT = "no_common_slot"
REASON_NO_ROOM = "full"
REASON_CHANGED = "changed"
REASON_REFUSED = "refused"


def reason_text(code: str) -> str:
    return {
        REASON_NO_COMMON_SLOT: _("The two people share no free slot."),
        REASON_NO_ROOM: _("Every slot both people are free in is taken by their other meetings or has no free table."),
        REASON_CHANGED: _("Meetings changed while the scheduler ran; run it again."),
        REASON_REFUSED: _("The scheduler put it where a person or the table was taken or busy; it was left out."),
    }.get(code, code)


def _reason(instance_free: dict[int, set[int]], pair: tuple[int, int]) -> str:
    a, b = pair
    return REASON_NO_COMMON_SLOT if not (instance_free.get(a, set()) & instance_free.get(b, set())) else REASON_NO_ROOM


def run_scheduler(edition: Edition, *, actor: Any, time_limit: float = 30.0) -> SchedulingSummary:
    """Schedule the edition's accepted requests: drafts (and unconfirmed published meetings) are replaced
    by the scheduler's new draft; confirmed meetings stay exactly where they are."""
    _require_organizer(actor, edition)
    instance, maps = build_instance(edition)
    if not instance.slots or not instance.tables:
        raise MeetingError(_("Set up the tables and slots of %(edition)s first.") % {"edition": edition})
    if any(r.pinned is None for r in instance.requests):
        try:
            result = _solve(instance, time_limit)
        except InstanceError as exc:
            raise MeetingError(_("The scheduler refused the data: %(error)s") % {"error": exc}) from exc
    else:
        result = Result(unscheduled=[])
    free = {maps.people[p.id]: {maps.slots[s] for s in p.available} for p in instance.participants}
    summary = SchedulingSummary(requests=len(instance.requests), participants=len(instance.participants))
    summary.best_score = sum(maps.priorities.values())
    with transaction.atomic(durable=True):
        _lock_grid(edition)
        lock_many(MeetingSlot, maps.slots.values())
        Meeting.objects.filter(edition=edition, status__in=REPLACED).delete()
        kept = list(Meeting.objects.filter(edition=edition, status=MeetingStatus.CONFIRMED).select_related("request"))
        kept_requests = {m.request_id for m in kept}
        seats_taken = set(MeetingSeat.objects.filter(meeting__in=kept).values_list("person_id", "slot_id"))
        tables_taken = {(m.slot_id, m.table_id) for m in kept}
        accepted = set(
            MeetingRequest.objects.filter(pk__in=maps.requests.values(), status=RequestStatus.ACCEPTED).values_list(
                "pk", flat=True
            )
        )
        new: list[tuple[Meeting, tuple[int, int]]] = []
        new_seats: set[tuple[int, int]] = set()
        new_tables: set[tuple[int, int]] = set()
        for placement in result.meetings:
            if (
                placement.request not in maps.requests
                or placement.slot not in maps.slots
                or not 0 <= placement.table < len(maps.tables)
            ):
                continue  # not a request, slot or table of this edition: the request counts as unscheduled
            # Only a placement that breaks no rule is written: the database would refuse it anyway.
            request_pk = maps.requests[placement.request]
            if request_pk in kept_requests:
                continue
            if placement.request in maps.pinned:  # confirmed when we read it, moved or cancelled since
                summary.unscheduled[request_pk] = REASON_CHANGED
                continue
            pair = maps.pairs[placement.request]
            slot_pk = maps.slots[placement.slot]
            table_pk = maps.tables[placement.table]
            if (
                request_pk not in accepted
                or (slot_pk, table_pk) in tables_taken
                or any((person, slot_pk) in seats_taken for person in pair)
            ):
                summary.unscheduled[request_pk] = REASON_CHANGED
                continue
            if (
                (slot_pk, table_pk) in new_tables
                or any((person, slot_pk) in new_seats for person in pair)
                or any(slot_pk not in free.get(person, set()) for person in pair)
            ):
                summary.unscheduled[request_pk] = REASON_REFUSED
                continue
            new_tables.add((slot_pk, table_pk))
            new_seats.update((person, slot_pk) for person in pair)
            new.append((Meeting(edition=edition, request_id=request_pk, slot_id=slot_pk, table_id=table_pk), pair))
        placed_requests = [meeting.request_id for meeting, _pair in new]
        Meeting.objects.filter(request_id__in=placed_requests, status=MeetingStatus.CANCELLED).delete()
        created = Meeting.objects.bulk_create(meeting for meeting, _pair in new)
        MeetingSeat.objects.bulk_create(
            MeetingSeat(meeting=meeting, person_id=person, slot_id=meeting.slot_id)
            for meeting, (_new, pair) in zip(created, new, strict=True)
            for person in pair
        )
        scheduled = kept_requests | set(placed_requests)
        for key, request_pk in maps.requests.items():
            if request_pk not in scheduled and request_pk not in summary.unscheduled:
                summary.unscheduled[request_pk] = _reason(free, maps.pairs[key])
        summary.placed = len(created)
        summary.kept = len(kept_requests & set(maps.requests.values()))
        summary.score = sum(maps.priorities[request_key(pk)] for pk in scheduled if request_key(pk) in maps.priorities)
        summary.covered = len({p for key, pair in maps.pairs.items() if maps.requests[key] in scheduled for p in pair})
        log_action(edition, "investment.meetings.scheduled", actor=actor, edition_id=edition.pk, data=summary.as_json())
    return summary


def publish_meetings(edition: Edition, *, actor: Any) -> int:
    """The draft becomes what participants see; returns how many meetings were published."""
    _require_organizer(actor, edition)
    with transaction.atomic(durable=True):
        _lock_grid(edition)
        count = Meeting.objects.filter(edition=edition, status=MeetingStatus.DRAFT).update(
            status=MeetingStatus.PUBLISHED, updated=timezone.now()
        )
        if not count:
            raise MeetingError(_("%(edition)s has no draft meeting to publish.") % {"edition": edition})
        log_action(
            edition, "investment.meetings.published", actor=actor, edition_id=edition.pk, data={"meetings": count}
        )
    return count


# --- one meeting --------------------------------------------------------------------------------


INVESTOR = "investor"
OWNER = "owner"


def sides_of(user: Any, request: MeetingRequest) -> set[str]:
    """The sides of ``request`` that ``user`` speaks for: the person named for that side, or anybody who
    acts for the investor or the project's owner (``rules``: the organization's people, the investor's
    contact people)."""
    person = person_of(user)
    if person is None:
        return set()
    sides = set()
    if person.pk == request.investor_person_id or request.investor_id in investor_ids_of(user):
        sides.add(INVESTOR)
    if person.pk == request.owner_person_id or (
        person.organization_id is not None and person.organization_id == request.project.owner_id
    ):
        sides.add(OWNER)
    return sides


def _locked_meeting(meeting: Meeting) -> Meeting:
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("request", "request__investor", "request__project", "slot", "table", "edition")
        .filter(pk=meeting.pk)
        .first()
    )
    if locked is None:
        raise MeetingError(_("This meeting no longer exists."))
    return locked


def _describe(meeting: Meeting) -> str:
    return (
        f"{meeting.request.project.code} · {slot_label(meeting.slot, meeting.edition)} · {table_label(meeting.table)}"
    )


def confirm_meeting(meeting: Meeting, *, actor: Any, side: str | None = None) -> Meeting:
    """One side says it will come. The actor confirms the sides they speak for (``side`` picks one);
    organizers (and the system, ``actor`` None) confirm the ``side`` given, or both."""
    with transaction.atomic(durable=True):
        locked = _locked_meeting(meeting)
        organizer = actor is None or actor.has_perm("forums.manage_edition", locked.edition)
        own = sides_of(actor, locked.request) or ({INVESTOR, OWNER} if organizer else set())
        if side is not None:
            own &= {side}
        if not own or (not organizer and locked.status not in VISIBLE):
            raise MeetingNotAllowed()
        if locked.status == MeetingStatus.CANCELLED:
            raise MeetingError(_("The meeting %(meeting)s was cancelled.") % {"meeting": _describe(locked)})
        if locked.status == MeetingStatus.DRAFT:
            raise MeetingError(_("The meeting %(meeting)s is not published yet.") % {"meeting": _describe(locked)})
        before = (locked.investor_confirmed, locked.owner_confirmed, locked.status)
        locked.investor_confirmed = locked.investor_confirmed or INVESTOR in own
        locked.owner_confirmed = locked.owner_confirmed or OWNER in own
        if locked.investor_confirmed and locked.owner_confirmed:
            locked.status = MeetingStatus.CONFIRMED
        if (locked.investor_confirmed, locked.owner_confirmed, locked.status) != before:
            locked.save(update_fields=["investor_confirmed", "owner_confirmed", "status", "updated"])
            log_action(
                locked,
                "investment.meeting.confirmed",
                actor=actor,
                data={"sides": sorted(own), "status": locked.status},
            )
    return locked


def cancel_meeting(meeting: Meeting, *, actor: Any, reason: str = "") -> Meeting:
    """Call a meeting off (either side, or organizers): the seats go, so both people and the table are free
    again; the request stays accepted and the next run may place it again."""
    with transaction.atomic(durable=True):
        locked = _locked_meeting(meeting)
        organizer = actor is None or actor.has_perm("forums.manage_edition", locked.edition)
        if not organizer and (not sides_of(actor, locked.request) or locked.status not in VISIBLE):
            raise MeetingNotAllowed()
        if locked.status == MeetingStatus.CANCELLED:
            raise MeetingError(_("The meeting %(meeting)s is already cancelled.") % {"meeting": _describe(locked)})
        MeetingSeat.objects.filter(meeting=locked).delete()
        before = locked.status
        locked.status = MeetingStatus.CANCELLED
        locked.save(update_fields=["status", "updated"])
        log_action(
            locked,
            "investment.meeting.cancelled",
            actor=actor,
            data={"status": [before, locked.status], "reason": reason[:500]},
        )
    return locked


def _check_people_free(edition: Edition, pair: Sequence[int], slot: MeetingSlot, *, exclude: int | None = None) -> None:
    """Both people are free in ``slot``: no session and no other meeting then."""
    free = availability(edition, people=pair)
    names = Person.objects.in_bulk(list(pair))
    for pk in pair:
        if slot.pk not in free[pk]:
            raise MeetingError(
                _("%(person)s is busy at %(slot)s: they have a session of the program then.")
                % {"person": names[pk].name, "slot": slot_label(slot, edition)}
            )
    seats = MeetingSeat.objects.filter(slot=slot, person_id__in=pair).select_related("meeting__table", "person")
    if exclude is not None:
        seats = seats.exclude(meeting_id=exclude)
    seat = seats.first()
    if seat is not None:
        raise MeetingError(
            _("%(person)s is already booked at %(slot)s (table %(table)s).")
            % {"person": seat.person.name, "slot": slot_label(slot, edition), "table": table_label(seat.meeting.table)}
        )


def _free_table(edition: Edition, slot: MeetingSlot, *, exclude: int | None = None) -> NegotiationTable:
    taken = Meeting.objects.filter(slot=slot, status__in=ACTIVE)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    table = (
        NegotiationTable.objects.filter(edition=edition)
        .exclude(pk__in=taken.values("table_id"))
        .order_by("number")
        .first()
    )
    if table is None:
        raise MeetingError(_("Every table is booked at %(slot)s.") % {"slot": slot_label(slot, edition)})
    return table


def _check_table_free(
    edition: Edition, slot: MeetingSlot, table: NegotiationTable, *, exclude: int | None = None
) -> None:
    others = Meeting.objects.filter(slot=slot, table=table, status__in=ACTIVE)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    other = others.select_related("request__project").first()
    if other is not None:
        raise MeetingError(
            _("Table %(table)s is already booked at %(slot)s (project %(project)s).")
            % {"table": table_label(table), "slot": slot_label(slot, edition), "project": other.request.project.code}
        )


def _already_booked(edition: Edition, slot: MeetingSlot) -> MeetingError:
    return MeetingError(
        _("Someone or the table was booked at %(slot)s at the same moment; nothing was changed.")
        % {"slot": slot_label(slot, edition)}
    )


def _same_edition(edition: Edition, *objects: Any) -> None:
    for obj in objects:
        if obj is not None and obj.edition_id != edition.pk:
            raise MeetingError(_("%(item)s belongs to another edition.") % {"item": obj})


def move_meeting(meeting: Meeting, *, slot: MeetingSlot, table: NegotiationTable | None = None, actor: Any) -> Meeting:
    """Organizers move a meeting to ``slot`` at ``table`` (or the lowest free table there)."""
    edition = meeting.edition
    _require_organizer(actor, edition)
    _same_edition(edition, slot, table)
    with transaction.atomic(durable=True):
        lock_many(MeetingSlot, {meeting.slot_id, slot.pk})
        locked = _locked_meeting(meeting)
        if locked.status == MeetingStatus.CANCELLED:
            raise MeetingError(_("The meeting %(meeting)s was cancelled.") % {"meeting": _describe(locked)})
        request = locked.request
        pair = (request.investor_person_id, request.owner_person_id)
        _check_people_free(edition, pair, slot, exclude=locked.pk)
        if table is None:
            table = _free_table(edition, slot, exclude=locked.pk)
        else:
            _check_table_free(edition, slot, table, exclude=locked.pk)
        before = {"slot": locked.slot.code, "table": locked.table.number, "status": locked.status}
        try:
            with transaction.atomic():
                locked.slot = slot
                locked.table = table
                if locked.status == MeetingStatus.CONFIRMED:
                    locked.status = MeetingStatus.PUBLISHED
                    locked.investor_confirmed = locked.owner_confirmed = False
                locked.save(
                    update_fields=["slot", "table", "status", "investor_confirmed", "owner_confirmed", "updated"]
                )
                MeetingSeat.objects.filter(meeting=locked).update(slot=slot)
        except IntegrityError as exc:
            raise _already_booked(edition, slot) from exc
        after = {"slot": slot.code, "table": table.number, "status": locked.status}
        log_action(locked, "investment.meeting.moved", actor=actor, data={k: [before[k], after[k]] for k in before})
    return locked


def book_meeting(request: MeetingRequest, *, slot: MeetingSlot, actor: Any) -> Meeting:
    """Place an accepted request in ``slot`` at the lowest free table, confirmed: both sides agreed the time on site."""
    edition = request.edition
    _require_organizer(actor, edition)
    _same_edition(edition, slot)
    with transaction.atomic(durable=True):
        lock_one(MeetingSlot, slot.pk)
        fresh = MeetingRequest.objects.select_related("project", "investor").filter(pk=request.pk).first()
        if fresh is None or fresh.status != RequestStatus.ACCEPTED:
            raise MeetingError(
                _("The request %(request)s is not accepted, so it cannot be booked.") % {"request": request}
            )
        existing = Meeting.objects.filter(request=fresh).select_related("slot", "table", "edition", "request__project")
        current = existing.exclude(status=MeetingStatus.CANCELLED).first()
        if current is not None:
            raise MeetingError(
                _("The request %(request)s already has a meeting (%(meeting)s); move it instead.")
                % {"request": fresh, "meeting": _describe(current)}
            )
        pair = (fresh.investor_person_id, fresh.owner_person_id)
        _check_people_free(edition, pair, slot)
        table = _free_table(edition, slot)
        try:
            with transaction.atomic():
                existing.filter(status=MeetingStatus.CANCELLED).delete()
                booked = Meeting.objects.create(
                    edition=edition,
                    request=fresh,
                    slot=slot,
                    table=table,
                    status=MeetingStatus.CONFIRMED,
                    investor_confirmed=True,
                    owner_confirmed=True,
                )
                MeetingSeat.objects.bulk_create(MeetingSeat(meeting=booked, person_id=pk, slot=slot) for pk in pair)
        except IntegrityError as exc:
            raise _already_booked(edition, slot) from exc
        log_action(booked, "investment.meeting.booked", actor=actor, data={"slot": slot.code, "table": table.number})
    return booked


# --- reads --------------------------------------------------------------------------------------


def meetings_of_edition(edition: Edition, *, statuses: Sequence[str] = ACTIVE) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(edition=edition, status__in=statuses)
        .select_related(
            "slot",
            "table",
            "request",
            "request__project__owner",
            "request__investor__organization",
            "request__investor_person__organization",
            "request__owner_person__organization",
        )
        .order_by("slot__starts_at", "table__number")
    )


def meetings_of_person(edition: Edition, person: Person) -> QuerySet[Meeting]:
    """The person's own published and confirmed meetings, in time order."""
    return meetings_of_edition(edition, statuses=VISIBLE).filter(
        Q(request__investor_person=person) | Q(request__owner_person=person)
    )


def meetings_at_table(table: NegotiationTable) -> QuerySet[Meeting]:
    return meetings_of_edition(table.edition).filter(table=table)


def meeting_for(user: Any, edition: Edition, pk: int) -> Meeting:
    """A meeting ``user`` speaks for (either side) and may see: published or confirmed; the same
    not-found for "missing" and "not yours"."""
    meeting = meetings_of_edition(edition, statuses=VISIBLE).select_related("edition").filter(pk=pk).first()
    if meeting is None or not sides_of(user, meeting.request):
        raise Http404("No such meeting")
    return meeting


def grid_of(edition: Edition) -> Grid:
    return Grid(
        list(NegotiationTable.objects.filter(edition=edition).order_by("number")),
        list(MeetingSlot.objects.filter(edition=edition).order_by("starts_at")),
    )


def unplaced_requests(edition: Edition) -> list[tuple[MeetingRequest, str]]:
    """Accepted requests without a meeting, each with why (as far as availability tells)."""
    requests = list(
        MeetingRequest.objects.filter(edition=edition, status=RequestStatus.ACCEPTED)
        .exclude(meeting__status__in=ACTIVE)
        .select_related("project", "investor__organization", "investor_person", "owner_person")
        .order_by("-priority", "created", "pk")
    )
    free = availability(edition, people={pk for r in requests for pk in (r.investor_person_id, r.owner_person_id)})
    return [(r, _reason(free, (r.investor_person_id, r.owner_person_id))) for r in requests]


def feed_token(edition: Edition, person: Person) -> str:
    """The signed part of a person's private meeting calendar address (no login needed)."""
    return signing.Signer(salt=FEED_SALT).sign(f"{edition.pk}-{person.pk}")


def person_by_feed_token(edition: Edition, token: str) -> Person:
    try:
        value = signing.Signer(salt=FEED_SALT).unsign(token)
        edition_pk, person_pk = (int(part) for part in value.split("-"))
    except (signing.BadSignature, ValueError) as exc:
        raise Http404("No such calendar") from exc
    person = Person.objects.filter(pk=person_pk).first() if edition_pk == edition.pk else None
    if person is None:
        raise Http404("No such calendar")
    return person
