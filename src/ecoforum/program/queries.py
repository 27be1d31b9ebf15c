"""Reads of the program that pages, exports and the API share.

Everything public reads the latest release: ``published_slots`` is the one
queryset behind the program page, the exports and the API.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from ecoforum.forums.models import Edition
from ecoforum.people.models import Person

from .models import ProgramRelease, Room, Section, Session, SessionPerson, SessionSlot, ThemeForum


def latest_release(edition: Edition) -> ProgramRelease | None:
    """The release the public sees: the newest named one."""
    return (
        ProgramRelease.objects.filter(edition=edition, version__isnull=False).order_by("-published_at", "-pk").first()
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
        .select_related(
            "session", "session__theme_forum", "session__theme_forum__section", "room", "room__venue"
        )
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
