"""Reads of the program that pages, exports and the API share.

Everything public reads the latest release: ``published_slots`` is the one
queryset behind the program page, the exports and the API.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from ecoforum.forums.models import Edition
from ecoforum.people.models import Person

from .models import (
    AgendaItem,
    PersonalAgenda,
    ProgramRelease,
    Room,
    Section,
    Session,
    SessionPerson,
    SessionSlot,
    ThemeForum,
)


def latest_release(edition: Edition) -> ProgramRelease | None:
    """The release the public sees: the newest named one (without its changelog, which only the
    changes page reads, through :func:`releases`: at trade-fair size it is a large document)."""
    return (
        ProgramRelease.objects.filter(edition=edition, version__isnull=False)
        .defer("changes")
        .order_by("-published_at", "-pk")
        .first()
    )


def _roles_prefetch() -> Prefetch:
    return Prefetch(
        "session__roles",
        queryset=SessionPerson.objects.select_related("person", "person__organization").order_by("order", "pk"),
    )


def slots_of_release(release: ProgramRelease | None) -> QuerySet[SessionSlot]:
    """The scheduled slots of a release, with everything a program page shows."""
    if release is None:
        return SessionSlot.objects.none()
    return (
        SessionSlot.objects.filter(release=release, start__isnull=False, room__isnull=False)
        .select_related("session", "session__theme_forum", "session__theme_forum__section", "room", "room__venue")
        .prefetch_related(_roles_prefetch())
        .order_by("start", "room__order", "room_id", "session__code")
    )


def published_slots(
    edition: Edition,
    *,
    day: dt.date | None = None,
    section: Section | None = None,
    room: Room | None = None,
    theme_forum: ThemeForum | None = None,
    kind: str | None = None,
    query: str = "",
    release: ProgramRelease | None = None,
) -> QuerySet[SessionSlot]:
    release = release or latest_release(edition)
    slots = slots_of_release(release)
    if day is not None:
        start = dt.datetime.combine(day, dt.time.min, tzinfo=edition.tz)
        slots = slots.filter(start__gte=start, start__lt=start + dt.timedelta(days=1))
    if section is not None:
        slots = slots.filter(session__theme_forum__section=section)
    if room is not None:
        slots = slots.filter(room=room)
    if theme_forum is not None:
        slots = slots.filter(session__theme_forum=theme_forum)
    if kind:
        slots = slots.filter(session__kind=kind)
    if query:
        slots = slots.filter(
            Q(session__title_zh_hans__icontains=query)
            | Q(session__title_en__icontains=query)
            | Q(session__roles__person__name_zh_hans__icontains=query)
            | Q(session__roles__person__name_en__icontains=query)
        ).distinct()
    return slots


def releases(edition: Edition) -> QuerySet[ProgramRelease]:
    return ProgramRelease.objects.filter(edition=edition, version__isnull=False).order_by("-published_at", "-pk")


def sections_with_forums(edition: Edition) -> QuerySet[Section]:
    return (
        Section.objects.filter(edition=edition)
        .prefetch_related(
            Prefetch(
                "theme_forums",
                queryset=ThemeForum.objects.prefetch_related("co_organizers").order_by("order", "pk"),
            )
        )
        .order_by("order", "pk")
    )


def sections_of(edition: Edition) -> QuerySet[Section]:
    """The edition's sections alone, in order (the program page's filter)."""
    return Section.objects.filter(edition=edition).order_by("order", "pk")


def rooms_of(edition: Edition) -> QuerySet[Room]:
    return Room.objects.filter(venue__edition=edition).select_related("venue").order_by("order", "pk")


def theme_forum_by_slug(edition: Edition, slug: str) -> ThemeForum:
    forum = (
        ThemeForum.objects.filter(edition=edition, slug=slug)
        .select_related("section")
        .prefetch_related("co_organizers")
        .first()
    )
    if forum is None:
        raise Http404("No such theme forum")
    return forum


def published_slot_of_session(edition: Edition, session_pk: int) -> SessionSlot:
    slot = published_slots(edition).filter(session_id=session_pk).first()
    if slot is None:
        raise Http404("No such session")
    return slot


def speakers_of(edition: Edition) -> QuerySet[Person]:
    """People with a role in a released session of the edition."""
    release = latest_release(edition)
    return (
        Person.objects.filter(
            session_roles__session__slots__release=release, session_roles__session__slots__start__isnull=False
        )
        .select_related("organization", "expert_profile")
        .annotate(session_count=Count("session_roles", distinct=True))
        .order_by("name")
        .distinct()
    )


def session_for_edit(user, pk: int) -> Session:
    """The session if ``user`` may change it; the same not-found for "missing" and "not yours"."""
    session = Session.objects.select_related("edition", "theme_forum").filter(pk=pk).first()
    if session is None or not user.has_perm("program.change_session", session):
        raise Http404("No such session")
    return session


def theme_forum_for_edit(user, pk: int) -> ThemeForum:
    forum = ThemeForum.objects.select_related("edition", "section").filter(pk=pk).first()
    if forum is None or not user.has_perm("program.change_themeforum", forum):
        raise Http404("No such theme forum")
    return forum


# --- public pages -----------------------------------------------------------


def public_session(edition: Edition, pk: int) -> Session:
    """A session of the edition that some named release has shown; 404 otherwise."""
    session = Session.objects.filter(edition=edition, pk=pk, slots__release__version__isnull=False).distinct().first()
    if session is None:
        raise Http404("No such session")
    return session


def find_agenda(edition: Edition, *, user=None, agenda_id: int | None = None) -> PersonalAgenda | None:
    """The visitor's agenda if there is one already; never creates (``services.open_agenda`` does)."""
    if user is not None and user.is_authenticated:
        return PersonalAgenda.objects.filter(edition=edition, user=user).first()
    if agenda_id is None:
        return None
    return PersonalAgenda.objects.filter(pk=agenda_id, edition=edition, user__isnull=True).first()


def starred_session_ids(agenda: PersonalAgenda | None) -> set[int]:
    if agenda is None:
        return set()
    return set(AgendaItem.objects.filter(agenda=agenda).values_list("session_id", flat=True))


def agenda_slots(agenda: PersonalAgenda) -> QuerySet[SessionSlot]:
    """The starred sessions as the latest release schedules them."""
    starred = AgendaItem.objects.filter(agenda=agenda).values("session_id")
    return published_slots(agenda.edition).filter(session_id__in=starred)


def agenda_sessions_dropped(agenda: PersonalAgenda) -> QuerySet[Session]:
    """Starred sessions that the latest release no longer schedules (cancelled)."""
    release = latest_release(agenda.edition)
    scheduled = SessionSlot.objects.filter(release=release, start__isnull=False, room__isnull=False).values(
        "session_id"
    )
    starred = AgendaItem.objects.filter(agenda=agenda).values("session_id")
    return Session.objects.filter(pk__in=starred).exclude(pk__in=scheduled).order_by("code")


def slots_of_person(edition: Edition, person: Person) -> QuerySet[SessionSlot]:
    """The released sessions in which ``person`` has a part."""
    return published_slots(edition).filter(session__roles__person=person)


def program_counts(edition: Edition, *, release: ProgramRelease | None = None) -> dict[str, int]:
    """Live figures for the edition's home page: sections, theme forums, released sessions."""
    release = release or latest_release(edition)
    return {
        "sections": Section.objects.filter(edition=edition).count(),
        "theme_forums": ThemeForum.objects.filter(edition=edition).count(),
        "sessions": slots_of_release(release).count() if release else 0,
    }


# --- exports ----------------------------------------------------------------


def agenda_by_feed_token(edition: Edition, token: str) -> PersonalAgenda:
    """The agenda behind a private calendar feed; 404 for an unknown token or another edition's."""
    agenda = PersonalAgenda.objects.filter(edition=edition, feed_token=token).first() if token else None
    if agenda is None:
        raise Http404("No such agenda")
    return agenda


def agenda_slots_of_release(agenda: PersonalAgenda, release: ProgramRelease | None) -> QuerySet[SessionSlot]:
    """The starred sessions as ``release`` schedules them (the feed passes the latest release it already read)."""
    starred = AgendaItem.objects.filter(agenda=agenda).values("session_id")
    return slots_of_release(release).filter(session_id__in=starred)


# --- the API ----------------------------------------------------------------


def _draft(edition: Edition) -> QuerySet[SessionSlot]:
    return (
        SessionSlot.objects.filter(release__edition=edition, release__version__isnull=True)
        .select_related("session", "session__theme_forum", "session__theme_forum__section", "room", "room__venue")
        .prefetch_related(_roles_prefetch())
        .order_by(F("start").asc(nulls_last=True), "room__order", "room_id", "session__code")
    )


def draft_slots(edition: Edition, *, user) -> QuerySet[SessionSlot]:
    """Every session of the draft, scheduled or not, that ``user`` may change.

    Organizers and program managers see the whole draft; a coordinator sees the
    sessions of the theme forums they coordinate; anybody else sees nothing.
    """
    slots = _draft(edition)
    if user.has_perm("forums.manage_program", edition):
        return slots
    if not user.is_authenticated:
        return slots.none()
    return slots.filter(session__theme_forum__coordinators=user)


def draft_slot_of(session: Session) -> SessionSlot | None:
    """The session's place in the draft (None once a never-released session is withdrawn).

    Call it after access to the session is resolved (``session_for_edit``).
    """
    return _draft(session.edition).filter(session=session).first()


def edition_room(edition: Edition, pk: int) -> Room | None:
    return Room.objects.select_related("venue").filter(venue__edition=edition, pk=pk).first()


def edition_section(edition: Edition, slug: str) -> Section | None:
    return Section.objects.filter(edition=edition, slug=slug).first()


def edition_theme_forum(edition: Edition, *, pk: int | None = None, slug: str | None = None) -> ThemeForum | None:
    forums = ThemeForum.objects.select_related("edition", "section").filter(edition=edition)
    if pk is not None:
        return forums.filter(pk=pk).first()
    return forums.filter(slug=slug).first()


def people_by_id(pks: list[int]) -> dict[int, Person]:
    return Person.objects.select_related("organization").in_bulk(pks)


# --- back office ------------------------------------------------------------


def _manages_program(user, edition: Edition) -> bool:
    return user.has_perm("forums.manage_program", edition)


def editions_to_manage(user) -> list[Edition]:
    """Editions whose program ``user`` may change: the whole program, or the theme forums they coordinate."""
    if not user.is_authenticated:
        return []
    coordinated = set(ThemeForum.objects.filter(coordinators=user).values_list("edition_id", flat=True))
    editions = Edition.objects.select_related("forum").order_by("-start_date", "pk")
    return [e for e in editions if e.pk in coordinated or _manages_program(user, e)]


def editions_in_back_office(user) -> list[Edition]:
    """Editions whose back office ``user`` works in: those whose program they may change, and every
    edition on whose committee they sit (guest services, gate staff, read-only staff …)."""
    if not user.is_authenticated:
        return []
    program = {e.pk for e in editions_to_manage(user)}
    committee = set(user.committee_roles.values_list("edition_id", flat=True))
    editions = Edition.objects.select_related("forum").order_by("-start_date", "pk")
    return [e for e in editions if e.pk in program or e.pk in committee or user.is_superuser]


def edition_to_manage(user, slug: str) -> Edition:
    """The edition at ``/manage/<slug>/``; the same not-found for "missing" and "not yours"."""
    edition = Edition.objects.select_related("forum").filter(slug=slug).first()
    if edition is None or not user.is_authenticated:
        raise Http404("No such edition")
    if not (_manages_program(user, edition) or ThemeForum.objects.filter(edition=edition, coordinators=user).exists()):
        raise Http404("No such edition")
    return edition


def forums_to_manage(edition: Edition, user) -> QuerySet[ThemeForum]:
    """The theme forums of the edition that ``user`` may add sessions to."""
    forums = (
        ThemeForum.objects.filter(edition=edition).select_related("section").order_by("section__order", "order", "pk")
    )
    if user is not None and not _manages_program(user, edition):
        forums = forums.filter(coordinators=user)
    return forums


def draft_sessions(edition: Edition, *, user=None) -> QuerySet[Session]:
    """The edition's sessions with their place in the draft (``draft_slots``, zero or one) and their people.

    With ``user``, only the sessions they may change: all of them for organizers and
    program managers, their theme forums' sessions for coordinators.
    """
    draft_slots = SessionSlot.objects.filter(release__edition=edition, release__version__isnull=True).select_related(
        "room", "room__venue"
    )
    sessions = (
        Session.objects.filter(edition=edition)
        .select_related("edition", "theme_forum", "theme_forum__edition")
        .prefetch_related(
            Prefetch("slots", queryset=draft_slots, to_attr="draft_slots"),
            Prefetch("roles", queryset=SessionPerson.objects.select_related("person").order_by("order", "pk")),
        )
        .order_by("code")
    )
    if user is not None and not _manages_program(user, edition):
        sessions = sessions.filter(theme_forum__coordinators=user)
    return sessions


def people_to_choose() -> QuerySet[Person]:
    """Every person, by slug, for the list a speaker is picked from."""
    return Person.objects.order_by("slug")
