"""Every write on the program: one function per use case.

The timetable rules (no room holds two sessions at once, no person is in two
sessions at once, sessions fall inside the edition's days) are checked while
the edition's draft release is locked, so two organizers editing at the same
moment are serialized and cannot both slip a conflict in. On PostgreSQL an
exclusion constraint backs the room rule as well.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import diff, log_action, snapshot
from ecoforum.core.i18n import both
from ecoforum.core.locking import Busy, lock_one
from ecoforum.forums.models import Edition
from ecoforum.people.models import Person

from .exceptions import DuplicateVersion, InvalidTime, NotAllowed, NothingToRelease, ProgramError, TimetableConflict
from .models import (
    AgendaItem,
    PersonalAgenda,
    ProgramRelease,
    Room,
    Session,
    SessionPerson,
    SessionSlot,
    ThemeForum,
)
from .queries import latest_release

SESSION_CONTENT_FIELDS = [
    "code",
    "kind",
    "title_zh_hans",
    "title_en",
    "abstract_zh_hans",
    "abstract_en",
    "language",
    "is_online",
    "online_url",
    "theme_forum_id",
]


@dataclass(frozen=True)
class Role:
    """A person's part in a session, as a service takes it."""

    person: Person
    role: str = "speaker"
    talk_title_zh_hans: str = ""
    talk_title_en: str = ""


# --- access -----------------------------------------------------------------


def _require(actor, perm: str, obj) -> None:
    """``actor`` None is the system itself (the demo loader, the command line)."""
    if actor is not None and not actor.has_perm(perm, obj):
        raise NotAllowed()


def _local(value: dt.datetime, edition: Edition) -> str:
    return formats.date_format(timezone.localtime(value, edition.tz), "Y-m-d H:i")


# --- the draft --------------------------------------------------------------


def get_draft(edition: Edition) -> ProgramRelease:
    """The edition's draft release (created on first use)."""
    draft = ProgramRelease.objects.filter(edition=edition, version__isnull=True).first()
    if draft is None:
        try:
            with transaction.atomic():
                draft = ProgramRelease.objects.create(edition=edition)
        except IntegrityError:
            draft = ProgramRelease.objects.get(edition=edition, version__isnull=True)
    return draft


def _lock_draft(edition: Edition) -> ProgramRelease:
    """Lock the draft: all timetable edits of one edition run one after the other.

    The draft read before the lock may have been released while we waited for it
    (a release names the draft and starts a fresh one): then lock the fresh draft,
    never edit a published release.
    """
    for _attempt in range(3):
        draft = lock_one(ProgramRelease, get_draft(edition).pk)
        if draft.version is None:
            return draft
    raise Busy()


# --- rules ------------------------------------------------------------------


def check_slot(
    draft: ProgramRelease,
    session: Session,
    *,
    room: Room | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    person_ids: Iterable[int] | None = None,
) -> None:
    """Raise if the slot breaks a timetable rule. The draft must be locked."""
    edition = session.edition
    label = f"{session.code} «{session.title}»"
    if (start is None) != (end is None):
        raise InvalidTime(_("%(session)s needs both a start and an end.") % {"session": label})
    if room is not None and room.venue.edition_id != edition.pk:
        raise ProgramError(_("Room %(room)s does not belong to this edition.") % {"room": room})
    if start is None or end is None:
        return
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise InvalidTime(_("%(session)s: times must carry a time zone.") % {"session": label})
    if end <= start:
        raise InvalidTime(_("%(session)s must end after it starts.") % {"session": label})
    if start < edition.starts_at or end > edition.ends_at:
        raise InvalidTime(
            _("%(session)s falls outside the edition's days (%(first)s to %(last)s).")
            % {"session": label, "first": edition.start_date.isoformat(), "last": edition.end_date.isoformat()}
        )
    if room is not None:
        clash = (
            SessionSlot.objects.filter(release=draft, room=room, start__lt=end, end__gt=start)
            .exclude(session=session)
            .select_related("session")
            .first()
        )
        if clash is not None:
            # start__lt / end__gt never match NULL, so the clash has both ends.
            assert clash.start is not None and clash.end is not None
            raise TimetableConflict(
                _("%(session)s: room %(room)s already holds %(other)s from %(start)s to %(end)s.")
                % {
                    "session": label,
                    "room": room,
                    "other": f"{clash.session.code} «{clash.session.title}»",
                    "start": _local(clash.start, edition),
                    "end": _local(clash.end, edition),
                }
            )
    if person_ids is None:
        person_ids = list(session.roles.values_list("person_id", flat=True))
    person_ids = list(person_ids)
    if person_ids:
        busy = (
            SessionSlot.objects.filter(
                release=draft, start__lt=end, end__gt=start, session__roles__person_id__in=person_ids
            )
            .exclude(session=session)
            .select_related("session")
            .first()
        )
        if busy is not None:
            person = Person.objects.filter(session_roles__session=busy.session, pk__in=person_ids).first()
            # start__lt / end__gt never match NULL, so the busy slot has both ends.
            assert busy.start is not None and busy.end is not None
            raise TimetableConflict(
                _("%(session)s: %(person)s is already in %(other)s from %(start)s to %(end)s.")
                % {
                    "session": label,
                    "person": person,
                    "other": f"{busy.session.code} «{busy.session.title}»",
                    "start": _local(busy.start, edition),
                    "end": _local(busy.end, edition),
                }
            )


def _save_slot(draft, session, *, room, start, end) -> SessionSlot:
    slot, _created = SessionSlot.objects.update_or_create(
        release=draft, session=session, defaults={"room": room, "start": start, "end": end}
    )
    return slot


# --- sessions ---------------------------------------------------------------


def add_session(
    edition: Edition,
    *,
    actor,
    code: str,
    title_zh_hans: str,
    title_en: str = "",
    kind: str = "forum",
    theme_forum: ThemeForum | None = None,
    abstract_zh_hans: str = "",
    abstract_en: str = "",
    language: str = "zh-en",
    is_online: bool = False,
    online_url: str = "",
    room: Room | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    people: Sequence[Role] = (),
) -> Session:
    """Create a session and place it in the draft. Part of a larger transaction."""
    if theme_forum is not None:
        if theme_forum.edition_id != edition.pk:
            raise ProgramError(_("Theme forum %(forum)s belongs to another edition.") % {"forum": theme_forum})
        _require(actor, "program.add_session_to_forum", theme_forum)
    else:
        _require(actor, "forums.manage_program", edition)
    draft = _lock_draft(edition)
    if Session.objects.filter(edition=edition, code=code).exists():
        raise ProgramError(_("A session with the code %(code)s already exists.") % {"code": code})
    session = Session(
        edition=edition,
        code=code,
        kind=kind,
        theme_forum=theme_forum,
        title_zh_hans=title_zh_hans,
        title_en=title_en,
        abstract_zh_hans=abstract_zh_hans,
        abstract_en=abstract_en,
        language=language,
        is_online=is_online,
        online_url=online_url,
    )
    _validate_online(session)
    session.save()
    check_slot(draft, session, room=room, start=start, end=end, person_ids=[r.person.pk for r in people])
    _replace_people(session, people)
    _save_slot(draft, session, room=room, start=start, end=end)
    log_action(
        session,
        "program.session.created",
        actor=actor,
        data={**snapshot(session, SESSION_CONTENT_FIELDS), "room": room, "start": start, "end": end},
    )
    return session


def create_session(edition: Edition, **kwargs) -> Session:
    """Create a session (page, API): its own transaction."""
    with transaction.atomic(durable=True):
        return add_session(edition, **kwargs)


def _validate_online(session: Session) -> None:
    if session.is_online and not session.online_url:
        raise ProgramError(
            _("%(session)s is marked as online but has no live stream link.") % {"session": session.code}
        )


def change_session(session: Session, *, actor, **changes) -> Session:
    """Change what a session is (title, abstract, kind, theme forum …). Part of a larger transaction."""
    _require(actor, "program.change_session", session)
    unknown = set(changes) - {f.removesuffix("_id") for f in SESSION_CONTENT_FIELDS}
    if unknown:
        raise ProgramError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    new_forum = changes.get("theme_forum", session.theme_forum)
    if "theme_forum" in changes and new_forum != session.theme_forum:
        if new_forum is None:
            _require(actor, "forums.manage_program", session.edition)
        else:
            if new_forum.edition_id != session.edition_id:
                raise ProgramError(_("Theme forum %(forum)s belongs to another edition.") % {"forum": new_forum})
            _require(actor, "program.add_session_to_forum", new_forum)
    _lock_draft(session.edition)
    locked = (
        Session.objects.select_for_update(of=("self",))
        .select_related("edition", "theme_forum")
        .filter(pk=session.pk)
        .first()
    )
    if locked is None:
        raise ProgramError(_("Session %(code)s no longer exists.") % {"code": session.code})
    session = locked

    before = snapshot(session, SESSION_CONTENT_FIELDS)
    if (
        "code" in changes
        and changes["code"] != session.code
        and Session.objects.filter(edition=session.edition, code=changes["code"]).exists()
    ):
        raise ProgramError(_("A session with the code %(code)s already exists.") % {"code": changes["code"]})
    for name, value in changes.items():
        setattr(session, name, value)
    _validate_online(session)
    changed = diff(before, snapshot(session, SESSION_CONTENT_FIELDS))
    if changed:
        session.save(update_fields=[name.removesuffix("_id") for name in changed])
        log_action(session, "program.session.changed", actor=actor, data=changed)
    return session


def update_session(session: Session, **kwargs) -> Session:
    with transaction.atomic(durable=True):
        return change_session(session, **kwargs)


def place_session(
    session: Session, *, actor, room: Room | None, start: dt.datetime | None, end: dt.datetime | None
) -> SessionSlot:
    """Move a session in the draft timetable. Part of a larger transaction."""
    _require(actor, "program.change_session", session)
    draft = _lock_draft(session.edition)
    _ensure_exists(session)
    old = SessionSlot.objects.filter(release=draft, session=session).first()
    check_slot(draft, session, room=room, start=start, end=end)
    slot = _save_slot(draft, session, room=room, start=start, end=end)
    log_action(
        session,
        "program.session.moved",
        actor=actor,
        data={
            "room": [old.room_id if old else None, room.pk if room else None],
            "start": [old.start if old else None, start],
            "end": [old.end if old else None, end],
        },
    )
    return slot


def schedule_session(session: Session, **kwargs) -> SessionSlot:
    with transaction.atomic(durable=True):
        return place_session(session, **kwargs)


def _ensure_exists(session: Session) -> None:
    """A session withdrawn (deleted) while this edit waited for the lock is gone: say so."""
    if not Session.objects.filter(pk=session.pk).exists():
        raise ProgramError(_("Session %(code)s no longer exists.") % {"code": session.code})


def _replace_people(session: Session, people: Sequence[Role]) -> None:
    seen: set[int] = set()
    for role in people:
        if role.person.pk in seen:
            raise ProgramError(
                _("%(person)s is listed twice in %(session)s.") % {"person": role.person, "session": session.code}
            )
        seen.add(role.person.pk)
    session.roles.all().delete()
    SessionPerson.objects.bulk_create(
        SessionPerson(
            session=session,
            person=r.person,
            role=r.role,
            talk_title_zh_hans=r.talk_title_zh_hans,
            talk_title_en=r.talk_title_en,
            order=i,
        )
        for i, r in enumerate(people)
    )


def assign_people(session: Session, *, actor, people: Sequence[Role]) -> Session:
    """Set who speaks and moderates. Part of a larger transaction."""
    _require(actor, "program.change_session", session)
    draft = _lock_draft(session.edition)
    _ensure_exists(session)
    slot = SessionSlot.objects.filter(release=draft, session=session).select_related("room__venue").first()
    if slot is not None:
        check_slot(
            draft, session, room=slot.room, start=slot.start, end=slot.end, person_ids=[r.person.pk for r in people]
        )
    before = sorted(session.roles.values_list("person_id", "role"))
    _replace_people(session, people)
    log_action(
        session,
        "program.session.people_changed",
        actor=actor,
        data={"people": [before, [(r.person.pk, r.role) for r in people]]},
    )
    return session


def set_session_people(session: Session, **kwargs) -> Session:
    with transaction.atomic(durable=True):
        return assign_people(session, **kwargs)


def withdraw_session(session: Session, *, actor) -> None:
    """Take a session out of the draft timetable. A session that was never released is deleted."""
    _require(actor, "program.change_session", session)
    with transaction.atomic(durable=True):
        draft = _lock_draft(session.edition)
        released = SessionSlot.objects.filter(session=session).exclude(release=draft).exists()
        log_action(session, "program.session.withdrawn", actor=actor, data={"code": session.code})
        if released:
            SessionSlot.objects.filter(release=draft, session=session).update(room=None, start=None, end=None)
        else:
            session.delete()


# --- releases ---------------------------------------------------------------


def _slot_facts(slots: Iterable[SessionSlot]) -> dict[int, dict]:
    return {
        s.session_id: {
            "session": s.session_id,
            "code": s.session.code,
            "title": both(s.session, "title"),
            "room": both(s.room, "name") if s.room else None,
            "room_id": s.room_id,
            "start": s.start.isoformat() if s.start else None,
            "end": s.end.isoformat() if s.end else None,
        }
        for s in slots
        if s.is_scheduled
    }


def compare_releases(old: ProgramRelease | None, new: ProgramRelease) -> dict[str, list[dict]]:
    """What moved between two releases: new, cancelled and moved sessions."""
    related = ("session", "room")
    before = _slot_facts(old.slots.select_related(*related)) if old else {}
    after = _slot_facts(new.slots.select_related(*related))
    changes: dict[str, list[dict]] = {"new": [], "cancelled": [], "moved": []}
    for pk, fact in after.items():
        if pk not in before:
            changes["new"].append(fact)
        elif (before[pk]["start"], before[pk]["end"], before[pk]["room_id"]) != (
            fact["start"],
            fact["end"],
            fact["room_id"],
        ):
            changes["moved"].append(
                {**fact, "old_start": before[pk]["start"], "old_end": before[pk]["end"], "old_room": before[pk]["room"]}
            )
    changes["cancelled"] = [fact for pk, fact in before.items() if pk not in after]
    for items in changes.values():
        items.sort(key=lambda f: (f.get("start") or "", f["code"]))
    return changes


def release_program(
    edition: Edition, *, actor, version: str, comment_zh_hans: str = "", comment_en: str = ""
) -> ProgramRelease:
    """Publish the draft under ``version``; a fresh draft continues from it."""
    with transaction.atomic(durable=True):
        return publish_program(
            edition, actor=actor, version=version, comment_zh_hans=comment_zh_hans, comment_en=comment_en
        )


def publish_program(
    edition: Edition, *, actor, version: str, comment_zh_hans: str = "", comment_en: str = ""
) -> ProgramRelease:
    """Publish the draft under ``version``. Part of a larger transaction (the API keeps its
    idempotency record in the same one)."""
    _require(actor, "forums.manage_program", edition)
    version = version.strip()
    if not version:
        raise ProgramError(_("A release needs a version name."))
    draft = _lock_draft(edition)
    if ProgramRelease.objects.filter(edition=edition, version=version).exists():
        raise DuplicateVersion(_("Version %(version)s has already been released.") % {"version": version})
    previous = latest_release(edition)
    changes = compare_releases(previous, draft)
    if not any(changes.values()):
        if previous is None:
            raise NothingToRelease(_("The draft has no scheduled session yet."))
        raise NothingToRelease(_("Nothing has moved since version %(version)s.") % {"version": previous.version})
    draft.version = version
    draft.published_at = timezone.now()
    draft.published_by = actor if getattr(actor, "is_authenticated", False) else None
    draft.comment_zh_hans = comment_zh_hans
    draft.comment_en = comment_en
    draft.changes = changes
    draft.save(update_fields=["version", "published_at", "published_by", "comment_zh_hans", "comment_en", "changes"])
    fresh = ProgramRelease.objects.create(edition=edition)
    SessionSlot.objects.bulk_create(
        SessionSlot(release=fresh, session_id=s.session_id, room_id=s.room_id, start=s.start, end=s.end)
        for s in draft.slots.all()
    )
    log_action(
        draft,
        "program.release.published",
        actor=actor,
        data={
            "version": version,
            "new": len(changes["new"]),
            "moved": len(changes["moved"]),
            "cancelled": len(changes["cancelled"]),
        },
    )
    return draft


# --- personal agenda --------------------------------------------------------


def open_agenda(edition: Edition, *, user=None, agenda_id: int | None = None) -> PersonalAgenda:
    """The visitor's agenda: a signed-in user's own, or the one this browser started."""
    if user is not None and user.is_authenticated:
        agenda = PersonalAgenda.objects.filter(edition=edition, user=user).first()
        if agenda is not None:
            return agenda
        try:
            with transaction.atomic():
                return PersonalAgenda.objects.create(edition=edition, user=user, feed_token=secrets.token_urlsafe(32))
        except IntegrityError:
            return PersonalAgenda.objects.get(edition=edition, user=user)
    if agenda_id is not None:
        agenda = PersonalAgenda.objects.filter(pk=agenda_id, edition=edition, user__isnull=True).first()
        if agenda is not None:
            return agenda
    return PersonalAgenda.objects.create(edition=edition, feed_token=secrets.token_urlsafe(32))


def star_session(agenda: PersonalAgenda, session: Session, *, starred: bool = True) -> bool:
    """Add a session to (or take it off) a personal agenda; returns whether it is starred."""
    if session.edition_id != agenda.edition_id:
        raise ProgramError(_("This session belongs to another edition."))
    if starred:
        AgendaItem.objects.get_or_create(agenda=agenda, session=session)
    else:
        AgendaItem.objects.filter(agenda=agenda, session=session).delete()
    return starred


@transaction.atomic
def adopt_browser_agendas(user, agenda_ids: Iterable[int]) -> list[PersonalAgenda]:
    """At login, the agendas this browser started become the user's: kept whole (with their
    feed link) where the user had none for that edition, merged into the user's own otherwise."""
    adopted = []
    for agenda in PersonalAgenda.objects.select_for_update().filter(pk__in=list(agenda_ids), user__isnull=True):
        own = PersonalAgenda.objects.filter(edition=agenda.edition_id, user=user).first()
        if own is None:
            agenda.user = user
            agenda.save(update_fields=["user"])
            adopted.append(agenda)
            continue
        AgendaItem.objects.bulk_create(
            [AgendaItem(agenda=own, session_id=pk) for pk in agenda.items.values_list("session_id", flat=True)],
            ignore_conflicts=True,
        )
        agenda.delete()
        adopted.append(own)
    return adopted
