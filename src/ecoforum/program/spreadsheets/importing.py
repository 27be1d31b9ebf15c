"""Checking every row of a workbook, then applying them all in one transaction through the services."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.people.models import Person

from .. import queries, services
from ..enums import SessionKind, SessionLanguage
from ..exceptions import ProgramError, TimetableConflict
from ..models import ProgramRelease, Room, Session, SessionSlot, ThemeForum
from .layout import KEYS, ImportResult, RowError
from .reading import (
    CellError,
    cell_text,
    limited_text,
    parse_bool,
    parse_choice,
    parse_date,
    parse_people,
    parse_time,
    read_rows,
)

_url = URLValidator(schemes=["http", "https"])

# --- checking the rows ------------------------------------------------------


@dataclass
class _Plan:
    """What one row asks for, resolved against the database."""

    row: int
    code: str
    fields: dict[str, Any]
    theme_forum: ThemeForum | None
    room: Room | None
    start: dt.datetime | None
    end: dt.datetime | None
    people: list[tuple[Person, str]]
    session: Session | None = None
    content_changes: dict[str, Any] = field(default_factory=dict)
    slot_changed: bool = False
    people_changed: bool = False
    vacated: bool = False

    @property
    def label(self) -> str:
        title = self.fields["title_zh_hans"]
        if (translation.get_language() or "").startswith("en"):
            title = self.fields["title_en"] or title
        return f"{self.code} «{title}»"

    @property
    def is_changed(self) -> bool:
        return bool(self.content_changes) or self.slot_changed or self.people_changed

    def roles(self) -> list[services.Role]:
        kept = {r.person_id: r for r in self.session.roles.all()} if self.session else {}
        roles = []
        for person, role in self.people:
            old = kept.get(person.pk)
            roles.append(
                services.Role(
                    person,
                    role,
                    talk_title_zh_hans=(old.talk_title_zh_hans or "") if old else "",
                    talk_title_en=(old.talk_title_en or "") if old else "",
                )
            )
        return roles


class _Problems:
    def __init__(self):
        self.items: list[RowError] = []
        self.rows: set[int] = set()

    def add(self, row: int, column: str | None, message: str) -> None:
        self.items.append(RowError(row, column, message))
        self.rows.add(row)

    def sorted(self) -> list[RowError]:
        order = {key: i for i, key in enumerate(KEYS)}
        return sorted(self.items, key=lambda e: (e.row or 0, order.get(e.column or "", len(order))))


def _name_key(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


class _Lookup:
    """Everything the rows refer to, read in a few queries."""

    def __init__(self, edition: Edition, rows: list[tuple[int, dict[str, Any]]]):
        self.edition = edition
        self.rooms: dict[str, list[Room]] = defaultdict(list)
        for room in queries.rooms_of(edition):
            for name in {_name_key(room.name_zh_hans), _name_key(room.name_en)} - {""}:
                self.rooms[name].append(room)
        self.forums = {f.slug: f for f in ThemeForum.objects.filter(edition=edition).select_related("edition")}
        slugs = set()
        for _number, cells in rows:
            try:
                slugs.update(slug for slug, _role in parse_people(cells["people"]))
            except CellError:
                continue
        self.people = {p.slug: p for p in Person.objects.filter(slug__in=slugs)}
        codes = {cell_text(cells["code"]) for _number, cells in rows}
        self.sessions = {s.code: s for s in queries.draft_sessions(edition).filter(code__in=codes)}
        self.draft = ProgramRelease.objects.filter(edition=edition, version__isnull=True).first()


def _plan_row(number: int, cells: dict[str, Any], lookup: _Lookup, problems: _Problems) -> _Plan | None:
    edition = lookup.edition
    failed = False

    def read(key, parse, *args):
        nonlocal failed
        try:
            return parse(cells[key], *args)
        except CellError as exc:
            problems.add(number, key, exc.message)
            failed = True
            return None

    code = read("code", limited_text, 40)
    if code == "":
        problems.add(number, "code", _("Every session needs a code, such as TF01-1."))
        failed = True
    fields = {
        "kind": read("kind", parse_choice, SessionKind, SessionKind.FORUM),
        "title_zh_hans": read("title_zh", limited_text, 300),
        "title_en": read("title_en", limited_text, 300),
        "abstract_zh_hans": read("abstract_zh", cell_text),
        "abstract_en": read("abstract_en", cell_text),
        "language": read("language", parse_choice, SessionLanguage, SessionLanguage.BOTH),
        "is_online": read("online", parse_bool),
        "online_url": read("online_url", limited_text, 200),
    }
    if fields["title_zh_hans"] == "":
        problems.add(number, "title_zh", _("Every session needs a Chinese title."))
        failed = True
    if fields["online_url"]:
        try:
            _url(fields["online_url"])
        except ValidationError:
            problems.add(
                number,
                "online_url",
                _("«%(value)s» is not a web address (http:// or https://).") % {"value": fields["online_url"]},
            )
            failed = True
    if fields["is_online"] and not fields["online_url"] and fields["online_url"] is not None:
        problems.add(number, "online_url", _("A session that is also online needs a live stream link."))
        failed = True

    forum = None
    forum_slug = cell_text(cells["theme_forum"])
    if forum_slug:
        forum = lookup.forums.get(forum_slug)
        if forum is None:
            problems.add(
                number, "theme_forum", _("There is no theme forum «%(slug)s» in this edition.") % {"slug": forum_slug}
            )
            failed = True

    room = None
    room_name = cell_text(cells["room"])
    if room_name:
        found = lookup.rooms.get(_name_key(room_name), [])
        if not found:
            problems.add(number, "room", _("There is no room «%(room)s» in this edition.") % {"room": room_name})
            failed = True
        elif len(found) > 1:
            problems.add(
                number,
                "room",
                _("«%(room)s» names several rooms (%(venues)s); rename one of them first.")
                % {"room": room_name, "venues": ", ".join(str(r.venue) for r in found)},
            )
            failed = True
        else:
            room = found[0]

    start = end = None
    given = {key: bool(cell_text(cells[key])) for key in ("date", "start", "end")}
    if any(given.values()):
        for key in ("date", "start", "end"):
            if not given[key]:
                problems.add(
                    number,
                    key,
                    _("A scheduled session needs a date, a start and an end; this one has no %(column)s.")
                    % {"column": key},
                )
                failed = True
        day = read("date", parse_date) if given["date"] else None
        start_time = read("start", parse_time) if given["start"] else None
        end_time = read("end", parse_time) if given["end"] else None
        if day is not None and day not in edition.days:
            problems.add(
                number,
                "date",
                _("%(date)s is not a day of the edition (%(first)s to %(last)s).")
                % {
                    "date": day.isoformat(),
                    "first": edition.start_date.isoformat(),
                    "last": edition.end_date.isoformat(),
                },
            )
            failed = True
        elif day is not None and start_time is not None and end_time is not None:
            if end_time <= start_time:
                problems.add(
                    number,
                    "end",
                    _("The session must end after it starts (%(start)s).") % {"start": start_time.strftime("%H:%M")},
                )
                failed = True
            start = dt.datetime.combine(day, start_time, tzinfo=edition.tz)
            end = dt.datetime.combine(day, end_time, tzinfo=edition.tz)

    people = []
    pairs = read("people", parse_people) or []
    missing = [slug for slug, _role in pairs if slug not in lookup.people]
    if missing:
        problems.add(
            number,
            "people",
            _("No person has the slug %(slugs)s.")
            % {"slugs": ", ".join(f"«{slug}»" for slug in dict.fromkeys(missing))},
        )
        failed = True
    else:
        seen = set()
        for slug, role in pairs:
            if slug in seen:
                problems.add(number, "people", _("«%(slug)s» is listed twice.") % {"slug": slug})
                failed = True
            seen.add(slug)
            people.append((lookup.people[slug], role))
    if failed:
        return None
    return _Plan(
        row=number,
        code=code,
        fields=fields,
        theme_forum=forum,
        room=room,
        start=start,
        end=end,
        people=people,
        session=lookup.sessions.get(code),
    )


def _check_permission(plan: _Plan, edition: Edition, actor, problems: _Problems) -> None:
    if actor is None:
        return
    if plan.session is not None and not actor.has_perm("program.change_session", plan.session):
        problems.add(
            plan.row,
            "code",
            _("Session %(code)s belongs to a theme forum you do not coordinate.") % {"code": plan.code},
        )
    elif plan.theme_forum is None and not actor.has_perm("forums.manage_program", edition):
        problems.add(
            plan.row,
            "theme_forum",
            _("You may import only sessions of the theme forums you coordinate; this row has no theme forum."),
        )
    elif plan.theme_forum is not None and not actor.has_perm("program.add_session_to_forum", plan.theme_forum):
        problems.add(
            plan.row,
            "theme_forum",
            _("You may import only sessions of the theme forums you coordinate; «%(forum)s» is not one of them.")
            % {"forum": plan.theme_forum.slug},
        )


def _compare(plan: _Plan) -> None:
    """What an existing session would change (content, place, people)."""
    session = plan.session
    if session is None:
        return
    target = {**plan.fields, "theme_forum": plan.theme_forum}
    for name, value in target.items():
        current = getattr(session, name)
        if name == "theme_forum":
            if (current.pk if current else None) != (value.pk if value else None):
                plan.content_changes[name] = value
        elif (current or type(value)()) != value:
            plan.content_changes[name] = value
    slot = session.draft_slots[0] if session.draft_slots else None
    before = (slot.room_id, slot.start, slot.end) if slot else (None, None, None)
    plan.slot_changed = before != (plan.room.pk if plan.room else None, plan.start, plan.end)
    plan.people_changed = [(r.person_id, r.role) for r in session.roles.all()] != [
        (p.pk, role) for p, role in plan.people
    ]


@dataclass
class _Occupancy:
    start: dt.datetime
    end: dt.datetime
    label: str
    row: int | None = None


def _overlapping(entries: list[_Occupancy]):
    active: list[_Occupancy] = []
    for entry in sorted(entries, key=lambda e: (e.start, e.row or 0)):
        active = [a for a in active if a.end > entry.start]
        for other in active:
            yield other, entry
        active.append(entry)


def _span(entry: _Occupancy, edition: Edition) -> dict[str, str]:
    start, end = entry.start.astimezone(edition.tz), entry.end.astimezone(edition.tz)
    return {"start": start.strftime("%Y-%m-%d %H:%M"), "end": end.strftime("%H:%M")}


def _check_conflicts(plans: list[_Plan], lookup: _Lookup, problems: _Problems) -> None:
    """No room and no person in two places at once: between rows, and with sessions the file leaves alone."""
    edition = lookup.edition
    by_room: dict[int, list[_Occupancy]] = defaultdict(list)
    by_person: dict[int, list[_Occupancy]] = defaultdict(list)
    rooms: dict[int, Room] = {}
    names: dict[int, Person] = {}
    for plan in plans:
        if plan.start is None:
            continue
        entry = _Occupancy(plan.start, plan.end, plan.label, plan.row)
        if plan.room is not None:
            by_room[plan.room.pk].append(entry)
            rooms[plan.room.pk] = plan.room
        for person, _role in plan.people:
            by_person[person.pk].append(entry)
            names[person.pk] = person
    if lookup.draft is not None and (by_room or by_person):
        codes = {plan.code for plan in plans} | set(lookup.sessions)
        others = (
            SessionSlot.objects.filter(release=lookup.draft, start__isnull=False)
            .exclude(session__code__in=codes)
            .select_related("session")
            .prefetch_related("session__roles")
        )
        for slot in others:
            entry = _Occupancy(slot.start, slot.end, f"{slot.session.code} «{slot.session.title}»")
            if slot.room_id in by_room:
                by_room[slot.room_id].append(entry)
            for role in slot.session.roles.all():
                if role.person_id in by_person:
                    by_person[role.person_id].append(entry)

    def report(column: str, first: _Occupancy, second: _Occupancy, what: dict[str, str]) -> None:
        if first.row is None and second.row is None:
            return
        mine, other = (second, first) if (second.row or 0) > (first.row or 0) else (first, second)
        values = {**what, "other": other.label, **_span(other, edition)}
        if other.row is None:
            message = (
                _("Room «%(room)s» already holds %(other)s from %(start)s to %(end)s.")
                if column == "room"
                else _("%(person)s is already in %(other)s from %(start)s to %(end)s.")
            )
        else:
            values["other_row"] = other.row
            message = (
                _("Room «%(room)s» also holds %(other)s of row %(other_row)s from %(start)s to %(end)s.")
                if column == "room"
                else _("%(person)s is also in %(other)s of row %(other_row)s from %(start)s to %(end)s.")
            )
        problems.add(mine.row, column, message % values)

    for room_id, entries in by_room.items():
        for first, second in _overlapping(entries):
            report("room", first, second, {"room": str(rooms[room_id])})
    for person_id, entries in by_person.items():
        for first, second in _overlapping(entries):
            report("people", first, second, {"person": str(names[person_id])})


def check_rows(
    edition: Edition, rows: list[tuple[int, dict[str, Any]]], *, actor
) -> tuple[list[_Plan], list[RowError]]:
    """Every row resolved and checked, or every problem found."""
    lookup = _Lookup(edition, rows)
    problems = _Problems()
    plans = []
    first_row_of_code: dict[str, int] = {}
    for number, cells in rows:
        plan = _plan_row(number, cells, lookup, problems)
        code = cell_text(cells["code"])
        if code and code in first_row_of_code:
            problems.add(
                number,
                "code",
                _("The code %(code)s is already used in row %(row)s.") % {"code": code, "row": first_row_of_code[code]},
            )
            continue
        if code:
            first_row_of_code[code] = number
        if plan is not None:
            _check_permission(plan, edition, actor, problems)
            plans.append(plan)
    plans = [plan for plan in plans if plan.row not in problems.rows]
    _check_conflicts(plans, lookup, problems)
    for plan in plans:
        _compare(plan)
    return plans, problems.sorted()


# --- applying ---------------------------------------------------------------


def _apply_plan(plan: _Plan, edition: Edition, actor) -> None:
    if plan.session is None:
        services.add_session(
            edition,
            actor=actor,
            code=plan.code,
            theme_forum=plan.theme_forum,
            room=plan.room,
            start=plan.start,
            end=plan.end,
            people=plan.roles(),
            **plan.fields,
        )
        return
    session = plan.session
    if plan.content_changes:
        session = services.change_session(session, actor=actor, **plan.content_changes)

    def place():
        services.place_session(session, actor=actor, room=plan.room, start=plan.start, end=plan.end)

    def assign():
        services.assign_people(session, actor=actor, people=plan.roles())

    move = plan.slot_changed or plan.vacated
    if move and plan.people_changed:
        try:
            with transaction.atomic():
                place()
                assign()
        except TimetableConflict:
            assign()
            place()
    elif move:
        place()
    elif plan.people_changed:
        assign()


def _service_error(plan: _Plan, exc: Exception) -> RowError:
    if isinstance(exc, IntegrityError):
        return RowError(
            plan.row,
            None,
            _("The database refused %(session)s: it would break a timetable rule.") % {"session": plan.label},
        )
    return RowError(plan.row, None, str(exc))


def apply_plans(edition: Edition, plans: list[_Plan], *, actor, filename: str = "") -> list[RowError]:
    """Apply every plan in one transaction; on any error nothing stays and the errors are returned.

    Rows are applied in the file's order; a row that conflicts with a session that a
    later row moves away is tried again after it. Sessions that swap places (a
    cycle) are first taken out of the timetable, then placed.
    """
    errors: list[RowError] = []
    todo = [plan for plan in plans if plan.session is None or plan.is_changed]
    with transaction.atomic(durable=True):
        pending, vacated = todo, False
        while pending:
            retry: list[_Plan] = []
            conflicts: dict[int, Exception] = {}
            done = 0
            for plan in pending:
                try:
                    with transaction.atomic():
                        _apply_plan(plan, edition, actor)
                    done += 1
                except TimetableConflict as exc:
                    retry.append(plan)
                    conflicts[plan.row] = exc
                except (ProgramError, IntegrityError) as exc:
                    errors.append(_service_error(plan, exc))
            if done or not retry:
                pending = retry
                continue
            if vacated:
                errors.extend(_service_error(plan, conflicts[plan.row]) for plan in retry)
                break
            vacated = True
            for plan in retry:
                if plan.session is None:
                    continue
                try:
                    with transaction.atomic():
                        services.place_session(plan.session, actor=actor, room=None, start=None, end=None)
                    plan.vacated = True
                except (ProgramError, IntegrityError) as exc:
                    errors.append(_service_error(plan, exc))
            pending = retry
        if errors:
            transaction.set_rollback(True)
        elif todo:
            log_action(
                services.get_draft(edition),
                "program.program.imported",
                actor=actor,
                data={
                    "file": filename,
                    "created": [p.code for p in todo if p.session is None],
                    "changed": [p.code for p in todo if p.session is not None],
                },
            )
    return sorted(errors, key=lambda e: e.row or 0)


def import_program(edition: Edition, data: bytes, *, actor, filename: str = "") -> ImportResult:
    """Read, check and apply a workbook of the program. Never raises for what the file holds."""
    rows, problems = read_rows(data)
    if problems:
        return ImportResult(errors=problems)
    plans, problems = check_rows(edition, rows, actor=actor)
    if problems:
        return ImportResult(errors=problems)
    try:
        errors = apply_plans(edition, plans, actor=actor, filename=filename)
    except Busy as exc:
        return ImportResult(errors=[RowError(None, None, str(exc))])
    if errors:
        return ImportResult(errors=errors)
    return ImportResult(
        created=[p.code for p in plans if p.session is None],
        changed=[p.code for p in plans if p.session is not None and p.is_changed],
        unchanged=[p.code for p in plans if p.session is not None and not p.is_changed],
    )
