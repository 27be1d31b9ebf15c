"""The published schedule as every export sees it, built once per request.

``build_schedule`` reads the slots of one release (``queries.slots_of_release``,
with everything already joined and prefetched) and turns them into plain,
frozen values in the active language: days, rooms, tracks and events with
local times, absolute URLs and the identifiers that conference apps key on.
Each exporter only renders these values; none of them touches the database.

Identifiers, chosen to stay stable from release to release:

- event ``id`` is the session's primary key and ``guid`` its ``Session.guid``
  (also the iCalendar UID), so an app that stored a session finds it again
  after the next release moves it;
- ``slug`` is ``<acronym>-<id>-<code>`` (pretalx writes ``<acronym>-<id>-<title>``;
  Chinese titles slugify to nothing, the organizers' code does not);
- a room's ``guid`` is derived from its primary key.

The track is the section (板块), which carries the colour; the theme forum
(主题论坛) goes into the subtitle.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ecoforum.forums.models import Edition

from ..models import ProgramRelease, SessionSlot
from ..models import Room as RoomModel

#: Namespace of the room GUIDs (uuid5 of the room's primary key).
ROOM_NAMESPACE = uuid.UUID("6f1d3c52-7f0e-4d8a-9a57-0c3f1b9e2a41")
#: The grid step that apps draw the timetable with.
TIMESLOT_MINUTES = 15

_ACRONYM_JUNK = re.compile(r"[^a-z0-9_]+")
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_TRACK_SLUG = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")


@dataclass(frozen=True)
class Track:
    name: str
    colour: str  # "#rrggbb" or ""
    slug: str  # lowercase letters, digits and dashes, or ""
    order: tuple[int, int]


@dataclass(frozen=True)
class Room:
    pk: int
    name: str  # unique within the schedule (the venue is added when two venues share a room name)
    guid: uuid.UUID
    capacity: int
    order: tuple[int, int]


@dataclass(frozen=True)
class Person:
    pk: int
    name: str
    organization: str
    role: str
    role_label: str
    url: str


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    type: str


@dataclass(frozen=True)
class Event:
    pk: int
    guid: uuid.UUID
    code: str
    slug: str
    title: str
    subtitle: str  # the theme forum, unless the session carries its name already
    theme_forum: str
    abstract: str
    kind: str
    kind_label: str
    language: str
    track: Track | None
    room: Room
    start: dt.datetime  # in the edition's time zone
    end: dt.datetime
    url: str
    persons: tuple[Person, ...]
    links: tuple[Link, ...]

    @property
    def duration(self) -> str:
        """``HH:MM``, as the frab formats write it."""
        minutes = int((self.end - self.start).total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class RoomOfDay:
    room: Room
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Day:
    index: int  # 1-based
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rooms: tuple[RoomOfDay, ...]


@dataclass(frozen=True)
class Schedule:
    """Everything an export writes, in one language."""

    edition: Edition
    release: ProgramRelease | None
    language: str
    title: str
    acronym: str
    version: str
    time_zone: str
    start_date: dt.date
    end_date: dt.date
    base_url: str  # the site, without the trailing slash
    edition_url: str
    program_url: str
    stamp: dt.datetime  # when the release was published (UTC); now when nothing is released
    days: tuple[Day, ...]
    rooms: tuple[Room, ...]
    tracks: tuple[Track, ...]
    events: tuple[Event, ...] = field(default=())

    @property
    def timeslot_duration(self) -> str:
        return f"{TIMESLOT_MINUTES // 60:02d}:{TIMESLOT_MINUTES % 60:02d}"


def acronym_of(edition: Edition) -> str:
    """``efg`` + ``2023`` → ``efg2023``: lowercase letters, digits and underscores, at least four."""
    raw = f"{edition.forum.slug}{edition.slug}".lower()
    return _ACRONYM_JUNK.sub("_", raw).strip("_").ljust(4, "0")


def event_slug(acronym: str, pk: int, code: str) -> str:
    """``efg2023-12-tf01-1``: matches both the XSD (``[a-z0-9_]{4,}-[a-z0-9\\-_]{4,}``) and the JSON schema."""
    tail = slugify(code).replace("_", "-").strip("-") or "session"
    rest = f"{pk}-{tail}"
    if len(rest) < 4:
        rest = f"{pk}-session-{tail}"
    return f"{acronym}-{rest}"


def _track(slot: SessionSlot) -> Track | None:
    forum = slot.session.theme_forum
    if forum is None:
        return None
    section = forum.section
    return Track(
        name=section.name,
        colour=section.colour if _HEX_COLOUR.match(section.colour or "") else "",
        slug=section.slug if _TRACK_SLUG.match(section.slug or "") else "",
        order=(section.order, section.pk),
    )


def _room_of(slot: SessionSlot) -> tuple[int, RoomModel]:
    """The room of a slot that ``is_scheduled`` let through, where it is never missing."""
    if slot.room_id is None or slot.room is None:
        raise ValueError(f"slot {slot.pk} has no room: only scheduled slots go into the schedule")
    return slot.room_id, slot.room


def _rooms(slots: list[SessionSlot]) -> dict[int, Room]:
    rooms = dict(_room_of(slot) for slot in slots)
    clashes = Counter(room.name for room in rooms.values())
    built: dict[int, Room] = {}
    for pk, room in rooms.items():
        name = room.name if clashes[room.name] == 1 else f"{room.name} ({room.venue.name})"
        built[pk] = Room(
            pk=pk,
            name=name,
            guid=uuid.uuid5(ROOM_NAMESPACE, str(pk)),
            capacity=room.capacity,
            order=(room.order, pk),
        )
    return built


def _persons(slot: SessionSlot, edition_slug: str, base_url: str) -> tuple[Person, ...]:
    return tuple(
        Person(
            pk=role.person.pk,
            name=role.person.name,
            organization=role.person.organization.name if role.person.organization else "",
            role=role.role,
            role_label=str(role.get_role_display()),
            url=base_url + reverse("program:speaker", kwargs={"edition": edition_slug, "slug": role.person.slug}),
        )
        for role in slot.session.roles.all()
    )


def _event(slot: SessionSlot, *, edition: Edition, acronym: str, room: Room, base_url: str) -> Event:
    session = slot.session
    forum = session.theme_forum
    forum_title = forum.title if forum is not None else ""
    links: tuple[Link, ...] = ()
    if session.is_online and session.online_url:
        links = (Link(url=session.online_url, title=str(_("Live stream")), type="media"),)
    return Event(
        pk=session.pk,
        guid=session.guid,
        code=session.code,
        slug=event_slug(acronym, session.pk, session.code),
        title=session.title,
        subtitle=forum_title if forum_title != session.title else "",
        theme_forum=forum_title,
        abstract=session.abstract,
        kind=session.kind,
        kind_label=str(session.get_kind_display()),
        language=session.language,
        track=_track(slot),
        room=room,
        start=timezone.localtime(slot.start, edition.tz),
        end=timezone.localtime(slot.end, edition.tz),
        url=base_url + reverse("program:session", kwargs={"edition": edition.slug, "pk": session.pk}),
        persons=_persons(slot, edition.slug, base_url),
        links=links,
    )


def _days(edition: Edition, events: list[Event]) -> tuple[Day, ...]:
    by_date: dict[dt.date, list[Event]] = {day: [] for day in edition.days}
    for event in events:
        by_date.setdefault(event.start.date(), []).append(event)
    days = []
    for index, date in enumerate(sorted(by_date), start=1):
        todays = by_date[date]
        midnight = dt.datetime.combine(date, dt.time.min, tzinfo=edition.tz)
        per_room: dict[int, list[Event]] = {}
        for event in todays:
            per_room.setdefault(event.room.pk, []).append(event)
        rooms = sorted(({e.room.pk: e.room for e in todays}).values(), key=lambda r: r.order)
        days.append(
            Day(
                index=index,
                date=date,
                start=min((e.start for e in todays), default=midnight),
                end=max((e.end for e in todays), default=midnight + dt.timedelta(days=1)),
                rooms=tuple(RoomOfDay(room=room, events=tuple(per_room[room.pk])) for room in rooms),
            )
        )
    return tuple(days)


def build_schedule(
    edition: Edition, *, release: ProgramRelease | None, slots: Iterable[SessionSlot], base_url: str
) -> Schedule:
    """The schedule of ``release`` in the active language. ``slots`` come from ``queries.slots_of_release``."""
    slots = [slot for slot in slots if slot.is_scheduled]
    base_url = base_url.rstrip("/")
    acronym = acronym_of(edition)
    rooms = _rooms(slots)
    events = [
        _event(slot, edition=edition, acronym=acronym, room=rooms[_room_of(slot)[0]], base_url=base_url)
        for slot in slots
    ]
    events.sort(key=lambda e: (e.start, e.room.order, e.code))
    tracks: dict[str, Track] = {}
    for event in events:
        if event.track is not None:
            tracks.setdefault(event.track.name, event.track)
    return Schedule(
        edition=edition,
        release=release,
        language=get_language() or "zh-hans",
        title=edition.name,
        acronym=acronym,
        version=(release.version or "") if release is not None else "",
        time_zone=edition.time_zone,
        start_date=edition.start_date,
        end_date=edition.end_date,
        base_url=base_url,
        edition_url=base_url + reverse("program:home", kwargs={"edition": edition.slug}),
        program_url=base_url + reverse("program:program", kwargs={"edition": edition.slug}),
        stamp=release.published_at if release is not None and release.published_at else timezone.now(),
        days=_days(edition, events),
        rooms=tuple(sorted(rooms.values(), key=lambda r: r.order)),
        tracks=tuple(sorted(tracks.values(), key=lambda t: t.order)),
        events=tuple(events),
    )
