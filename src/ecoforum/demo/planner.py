"""Lay the demo program out on the halls and the two days, with no clash.

A pure function of the data in :mod:`ecoforum.demo.data`: the same data always
gives the same timetable, which is what makes ``ecoforum demo`` idempotent. The
plenary sessions sit at fixed times in the main hall; every theme-forum session
gets a hall and a time block where the hall, its forum and all its people are
free: the forum's own hall first, the days alternating so that each forum meets
on both days (a small depth-first search finds such a timetable).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .data.edition import ROOMS
from .data.people import EXPERTS, HOSTS
from .data.program import HALL_BLOCKS, LIVE, PLENARY, SESSION_TEMPLATES, THEME_FORUMS, Special


class PlanError(Exception):
    """The demo data cannot be laid out without a clash (a mistake in the data)."""


@dataclass(frozen=True)
class PlannedSession:
    code: str
    forum: str | None
    kind: str
    title_zh_hans: str
    title_en: str
    abstract_zh_hans: str
    abstract_en: str
    language: str
    online_url: str
    room: str
    day: int
    start: str
    end: str
    #: (person slug, role), in order
    people: tuple[tuple[str, str], ...]


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


class _Calendar:
    """Busy intervals per key (a hall, a person, a forum)."""

    def __init__(self) -> None:
        self._busy: dict[str, list[tuple[int, int, int]]] = {}

    def free(self, key: str, day: int, start: str, end: str) -> bool:
        s, e = _minutes(start), _minutes(end)
        return all(not (d == day and bs < e and s < be) for d, bs, be in self._busy.get(key, []))

    def book(self, key: str, day: int, start: str, end: str) -> None:
        self._busy.setdefault(key, []).append((day, _minutes(start), _minutes(end)))

    def days(self, key: str) -> set[int]:
        return {day for day, _start, _end in self._busy.get(key, [])}

    def unbook(self, key: str) -> None:
        """Take back the last booking of ``key``."""
        self._busy[key].pop()


def _people(spec: str, role: str) -> tuple[tuple[str, str], ...]:
    slugs = [s.strip() for s in spec.split(",") if s.strip()]
    moderator = "host" if role == "speaker" and len(slugs) == 1 else "moderator"
    return ((slugs[0], moderator), *((slug, role) for slug in slugs[1:]))


_FOREIGN = {row[0] for row in EXPERTS if row[3] != "CN"}
_KNOWN = {row[0] for row in EXPERTS} | {row[0] for row in HOSTS}


def _language(people: tuple[tuple[str, str], ...]) -> str:
    return "zh-en" if any(slug in _FOREIGN for slug, _role in people) else "zh"


def plan_program() -> list[PlannedSession]:
    """Every session of the demo edition with its hall and time."""
    halls = [key for key, *_rest in ROOMS[1:]]
    main_hall = ROOMS[0][0]
    calendar = _Calendar()
    planned: list[PlannedSession] = []

    for p in PLENARY:
        _check_people(p.code, p.people)
        for key in (f"room:{main_hall}", *(f"person:{slug}" for slug, _role in p.people)):
            if not calendar.free(key, p.day, p.start, p.end):
                raise PlanError(f"{p.code}: {key} is busy")
            calendar.book(key, p.day, p.start, p.end)
        planned.append(
            PlannedSession(
                code=p.code,
                forum=None,
                kind=p.kind,
                title_zh_hans=p.title_zh_hans,
                title_en=p.title_en,
                abstract_zh_hans=p.abstract_zh_hans,
                abstract_en=p.abstract_en,
                language="zh-en",
                online_url=f"{LIVE}{p.code}",
                room=main_hall,
                day=p.day,
                start=p.start,
                end=p.end,
                people=p.people,
            )
        )

    pending: list[tuple[PlannedSession, list[str], int]] = []
    for number, forum in enumerate(THEME_FORUMS):
        home = number % len(halls)
        hall_order = halls[home:] + halls[:home]
        for index, item in enumerate(forum.sessions):
            code = f"TF{number + 1:02d}-{index + 1}"
            if isinstance(item, Special):
                kind, people = item.kind, _people(item.people, item.role)
                title_zh, title_en = item.title_zh_hans, item.title_en
                abstract_zh, abstract_en = item.abstract_zh_hans, item.abstract_en
            else:
                template, spec = item
                kind, role, label_zh, label_en = SESSION_TEMPLATES[template]
                people = _people(spec, role)
                title_zh, title_en = f"{forum.title_zh_hans}·{label_zh}", f"{forum.title_en}: {label_en}"
                abstract_zh, abstract_en = forum.description_zh_hans, forum.description_en
            _check_people(code, people)
            session = PlannedSession(
                code=code,
                forum=forum.slug,
                kind=kind,
                title_zh_hans=title_zh,
                title_en=title_en,
                abstract_zh_hans=abstract_zh,
                abstract_en=abstract_en,
                language=_language(people),
                online_url=f"{LIVE}{code}" if forum.online else "",
                room="",
                day=0,
                start="",
                end="",
                people=people,
            )
            pending.append((session, hall_order, (number + index) % 2))
    places = _search(calendar, pending)
    for (session, _halls, _day), (hall, (day, start, end)) in zip(pending, places, strict=True):
        planned.append(replace(session, room=hall, day=day, start=start, end=end))
    return planned


#: A bound on the search, so a mistake in the data fails fast instead of running for ever.
MAX_STEPS = 200_000


def _search(calendar: _Calendar, pending) -> list[tuple[str, tuple[int, str, str]]]:
    """Depth-first search for a place for every pending session, in preference order."""
    places: list[tuple[str, tuple[int, str, str]]] = []
    steps = 0

    def candidates(i):
        session, hall_order, first_day = pending[i]
        blocks = sorted(HALL_BLOCKS, key=lambda b: (b[0] != first_day, b[0], b[1]))
        last_of_forum = i + 1 == len(pending) or pending[i + 1][0].forum != session.forum
        days_so_far = calendar.days(f"forum:{session.forum}")
        if last_of_forum and len(days_so_far) == 1:
            # A forum meets on both days.
            blocks = [b for b in blocks if b[0] not in days_so_far]
        # The forum's own hall first, at any time; then the other halls.
        return [(hall, block) for hall in hall_order for block in blocks]

    def keys_of(i, hall):
        session = pending[i][0]
        return (f"room:{hall}", f"forum:{session.forum}", *(f"person:{slug}" for slug, _r in session.people))

    def place(i) -> bool:
        nonlocal steps
        if i == len(pending):
            return True
        for hall, (day, start, end) in candidates(i):
            steps += 1
            if steps > MAX_STEPS:
                raise PlanError(f"{pending[i][0].code}: no timetable found without a clash")
            keys = keys_of(i, hall)
            if not all(calendar.free(key, day, start, end) for key in keys):
                continue
            for key in keys:
                calendar.book(key, day, start, end)
            places.append((hall, (day, start, end)))
            if place(i + 1):
                return True
            places.pop()
            for key in keys:
                calendar.unbook(key)
        return False

    if not place(0):
        raise PlanError("No timetable without a clash exists for the demo data")
    return places


def _check_people(code: str, people: tuple[tuple[str, str], ...]) -> None:
    slugs = [slug for slug, _role in people]
    unknown = sorted(set(slugs) - _KNOWN)
    if unknown:
        raise PlanError(f"{code}: unknown people {', '.join(unknown)}")
    if len(set(slugs)) != len(slugs):
        raise PlanError(f"{code}: someone is listed twice")
