"""Product launches (新品发布): sessions of kind ``launch`` on the launch stage, with who launches what.

A launch is a program session: :func:`schedule_launch` creates it through the program's services
(so the timetable rules hold: never two sessions, hence never two launches, in one room at once,
checked while the draft is locked and, on PostgreSQL, by an exclusion constraint) and adds the
:class:`~.models.Launch` row in the same transaction. A refusal of the program comes back as a
:class:`LaunchError` carrying the program's own message. Organizers only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import lock_one
from ecoforum.forums.models import Edition
from ecoforum.program import services as program_services
from ecoforum.program.enums import SessionKind
from ecoforum.program.exceptions import ProgramError
from ecoforum.program.models import Room, Session, SessionSlot

from .models import Exhibitor, Launch, Product

CODE_PREFIX = "LAUNCH"


class LaunchError(Exception):
    """A launch that cannot be scheduled or cancelled; the message names the item."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def _require_organizer(actor: Any, edition: Edition) -> None:
    """``actor`` None is the system itself (the demo loader, the command line)."""
    if actor is not None and not actor.has_perm("forums.manage_edition", edition):
        raise LaunchError(_("Only the edition's organizers may schedule or cancel product launches."))


def _next_code(exhibitor: Exhibitor) -> str:
    n = Launch.objects.filter(exhibitor=exhibitor).count() + 1
    while True:
        code = f"{CODE_PREFIX}-{exhibitor.pk}-{n}"
        if not Session.objects.filter(edition_id=exhibitor.edition_id, code=code).exists():
            return code
        n += 1


def add_launch(
    exhibitor: Exhibitor,
    *,
    title_zh_hans: str,
    title_en: str = "",
    abstract_zh_hans: str = "",
    abstract_en: str = "",
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    products: Iterable[Product] = (),
    language: str = "zh-en",
    code: str = "",
    actor: Any,
) -> Launch:
    """Put a launch of ``exhibitor`` on ``room`` (the launch stage) from ``starts_at`` to ``ends_at``.

    Part of a larger transaction (the demo loader); pages call :func:`schedule_launch`.
    """
    edition = exhibitor.edition
    _require_organizer(actor, edition)
    title_zh_hans, title_en = (title_zh_hans or "").strip(), (title_en or "").strip()
    if not title_zh_hans and not title_en:
        raise LaunchError(_("The launch of %(exhibitor)s needs a title.") % {"exhibitor": exhibitor})
    if room is None or starts_at is None or ends_at is None:
        raise LaunchError(
            _("The launch «%(title)s» needs a stage, a start and an end.") % {"title": title_zh_hans or title_en}
        )
    products = list(products)
    foreign = [p for p in products if p.exhibitor_id != exhibitor.pk]
    if foreign:
        raise LaunchError(
            _("%(product)s is not a product of %(exhibitor)s.") % {"product": foreign[0], "exhibitor": exhibitor}
        )
    with transaction.atomic():  # a savepoint: a refusal leaves nothing half-written in a larger transaction
        lock_one(Exhibitor, exhibitor.pk)  # one launch of an exhibitor at a time: its codes stay unique
        try:
            session = program_services.add_session(
                edition,
                actor=actor,
                code=code or _next_code(exhibitor),
                kind=SessionKind.LAUNCH,
                title_zh_hans=title_zh_hans or title_en,
                title_en=title_en or title_zh_hans,
                abstract_zh_hans=abstract_zh_hans,
                abstract_en=abstract_en,
                language=language,
                room=room,
                start=starts_at,
                end=ends_at,
            )
        except ProgramError as exc:
            raise LaunchError(exc.message) from exc
        launch = Launch.objects.create(session=session, exhibitor=exhibitor)
        if products:
            launch.products.set(products)
        log_action(
            launch,
            "exhibition.launch.scheduled",
            actor=actor,
            edition_id=edition.pk,
            data={
                "session": session.code,
                "exhibitor": exhibitor.pk,
                "room": room,
                "start": starts_at,
                "end": ends_at,
                "products": sorted(p.pk for p in products),
            },
        )
    return launch


def schedule_launch(exhibitor: Exhibitor, **kwargs: Any) -> Launch:
    """Schedule a launch (page, command line): its own transaction. See :func:`add_launch`."""
    with transaction.atomic(durable=True):
        return add_launch(exhibitor, **kwargs)


def cancel_launch(launch: Launch, *, actor: Any) -> None:
    """Take a launch off the stage. Its session leaves the draft timetable: deleted when it was never
    released, otherwise kept without a place (the next release shows it as cancelled)."""
    session = launch.session
    edition = session.edition
    _require_organizer(actor, edition)
    with transaction.atomic(durable=True):
        try:
            program_services.place_session(session, actor=actor, room=None, start=None, end=None)
        except ProgramError as exc:
            raise LaunchError(exc.message) from exc
        released = SessionSlot.objects.filter(session=session, release__version__isnull=False).exists()
        log_action(
            launch.exhibitor,
            "exhibition.launch.cancelled",
            actor=actor,
            edition_id=edition.pk,
            data={"session": session.code, "title": session.title, "released": released},
        )
        if released:
            Launch.objects.filter(pk=launch.pk).delete()
        else:
            Session.objects.filter(pk=session.pk).delete()


def launches_of(edition: Edition) -> QuerySet[Launch]:
    """The edition's launches, with their session, exhibitor and products (by session code)."""
    return (
        Launch.objects.filter(session__edition=edition)
        .select_related("session", "exhibitor")
        .prefetch_related("products")
        .order_by("session__code")
    )


def draft_places(edition: Edition) -> dict[int, SessionSlot]:
    """``{session id: draft slot}`` for the launches of the edition (one query)."""
    draft = program_services.get_draft(edition)
    slots = SessionSlot.objects.filter(release=draft, session__kind=SessionKind.LAUNCH).select_related("room")
    return {slot.session_id: slot for slot in slots}
