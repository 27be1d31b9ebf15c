"""Session sign-ups (分会场报名): places in a session for on-site guests, with a waiting list.

A :class:`~.models.SessionPlaces` row opens a session for sign-up with a number of places.
A guest whose on-site registration is approved or awaiting approval signs up; when the
places are taken the sign-up waits, and a cancellation (or more places) moves the first
waiting one up. Every change locks the guest's registration, then the ``SessionPlaces``
row (always in that order, so two changes never wait on each other), counts, and writes:
a session never confirms more guests than its places, however many sign up at once.
Online guests need no sign-up: they follow the stream (their page shows the live links).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import lock_many, lock_one
from ecoforum.program.models import Session

from .enums import HOLDING, Attendance, SignupStatus
from .models import Registration, SessionPlaces, SessionSignup

LIVE = [SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]


class SignupError(Exception):
    """A sign-up that cannot be made or changed; the message names the session."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class SessionOffer:
    """A session open for sign-up, as a guest sees it."""

    places: SessionPlaces
    confirmed: int
    waiting: int

    @property
    def session(self) -> Session:
        return self.places.session

    @property
    def left(self) -> int:
        return max(self.places.places - self.confirmed, 0)


# --- reading --------------------------------------------------------------------------------------


def offers(edition: Any) -> list[SessionOffer]:
    """The edition's sessions open for sign-up with their counts, in one query."""
    rows = (
        SessionPlaces.objects.filter(session__edition=edition)
        .select_related("session")
        .annotate(
            n_confirmed=Count("session__signups", filter=Q(session__signups__status=SignupStatus.CONFIRMED)),
            n_waiting=Count("session__signups", filter=Q(session__signups__status=SignupStatus.WAITLISTED)),
        )
        .order_by("session__code", "pk")
    )
    return [SessionOffer(places=row, confirmed=row.n_confirmed, waiting=row.n_waiting) for row in rows]


def signups_of(registration: Registration) -> QuerySet[SessionSignup]:
    """The registration's live sign-ups, with their sessions."""
    return (
        SessionSignup.objects.filter(registration=registration, status__in=LIVE)
        .select_related("session")
        .order_by("session__code", "pk")
    )


def waiting_position(signup: SessionSignup) -> int | None:
    """1 for the first on the session's waiting list; None when not waiting."""
    if signup.status != SignupStatus.WAITLISTED:
        return None
    ahead = SessionSignup.objects.filter(session_id=signup.session_id, status=SignupStatus.WAITLISTED).filter(
        Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lt=signup.pk)
    )
    return ahead.count() + 1


def confirmed_count(session_id: int) -> int:
    return SessionSignup.objects.filter(session_id=session_id, status=SignupStatus.CONFIRMED).count()


# --- changes --------------------------------------------------------------------------------------


def _lock_places(session: Session) -> SessionPlaces:
    found = SessionPlaces.objects.filter(session=session).values_list("pk", flat=True).first()
    if found is None:
        raise SignupError(_("The session %(session)s does not take sign-ups.") % {"session": session})
    return lock_one(SessionPlaces, found)


def _promote(places: SessionPlaces) -> list[SessionSignup]:
    """Move the first waiting sign-ups up while places are free. The places row must be locked."""
    free = places.places - confirmed_count(places.session_id)
    if free <= 0:
        return []
    waiting = SessionSignup.objects.filter(session_id=places.session_id, status=SignupStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    moved = list(waiting.select_related("registration")[:free])
    for signup in moved:
        signup.status = SignupStatus.CONFIRMED
        signup.save(update_fields=["status"])
        log_action(
            signup,
            "services.signup.promoted",
            data={"session": places.session_id, "registration": signup.registration.reference},
            edition_id=signup.registration.edition_id,
        )
    return moved


def set_places(session: Session, places: int, *, actor: Any) -> SessionPlaces:
    """Open a session for sign-up with ``places`` places, or change them. More places move the list up;
    fewer never unseat anyone."""
    if places < 1 or places > 100_000:
        raise SignupError(_("The session %(session)s needs between 1 and 100,000 places.") % {"session": session})
    with transaction.atomic(durable=True):
        SessionPlaces.objects.get_or_create(session=session, defaults={"places": places})
        row = _lock_places(session)
        before = row.places
        row.places = places
        row.save(update_fields=["places"])
        log_action(
            row, "services.signup.places", actor=actor, data={"places": [before, places]}, edition_id=session.edition_id
        )
        _promote(row)
    return row


def sign_up(registration: Registration, session: Session, *, actor: Any = None) -> SessionSignup:
    """Sign the guest up for the session: a confirmed place, or the waiting list when the places are taken."""
    with transaction.atomic(durable=True):
        registration = lock_one(Registration, registration.pk)
        if session.edition_id != registration.edition_id:
            raise SignupError(_("The session %(session)s is not part of this forum.") % {"session": session})
        if registration.attendance != Attendance.ON_SITE:
            raise SignupError(
                _("You follow the forum online: %(session)s needs no sign-up, its live link is on your page.")
                % {"session": session}
            )
        if registration.status not in HOLDING:
            raise SignupError(
                _("Registration %(reference)s is %(status)s: it cannot sign up for %(session)s.")
                % {
                    "reference": registration.reference,
                    "status": registration.get_status_display(),
                    "session": session,
                }
            )
        places = _lock_places(session)
        if SessionSignup.objects.filter(registration=registration, session=session, status__in=LIVE).exists():
            raise SignupError(_("You are already signed up for %(session)s.") % {"session": session})
        full = confirmed_count(session.pk) >= places.places
        status = SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED
        try:
            with transaction.atomic():
                signup = SessionSignup.objects.create(registration=registration, session=session, status=status)
        except IntegrityError as error:
            raise SignupError(_("You are already signed up for %(session)s.") % {"session": session}) from error
        log_action(
            signup,
            "services.signup.created",
            actor=actor,
            data={"session": session.pk, "registration": registration.reference, "status": status},
            edition_id=registration.edition_id,
        )
    return signup


def _cancel_locked(signup: SessionSignup, places: SessionPlaces | None, actor: Any) -> list[SessionSignup]:
    was = signup.status
    signup.status = SignupStatus.CANCELLED
    signup.save(update_fields=["status"])
    log_action(
        signup,
        "services.signup.cancelled",
        actor=actor,
        data={"session": signup.session_id, "registration": signup.registration.reference, "was": was},
        edition_id=signup.registration.edition_id,
    )
    if places is not None and was == SignupStatus.CONFIRMED:
        return _promote(places)
    return []


def cancel_signup(signup: SessionSignup, *, actor: Any = None) -> list[SessionSignup]:
    """Give the place back; the first waiting sign-up moves up. Returns the sign-ups that moved up."""
    with transaction.atomic(durable=True):
        lock_one(Registration, signup.registration_id)
        places = SessionPlaces.objects.filter(session_id=signup.session_id).values_list("pk", flat=True).first()
        locked_places = lock_one(SessionPlaces, places) if places is not None else None
        signup = SessionSignup.objects.select_related("registration", "session").get(pk=signup.pk)
        if signup.status == SignupStatus.CANCELLED:
            raise SignupError(_("Your sign-up for %(session)s is cancelled already.") % {"session": signup.session})
        return _cancel_locked(signup, locked_places, actor)


def release_signups(registration: Registration, *, actor: Any = None) -> None:
    """Cancel the live sign-ups of a registration that no longer holds a place (part of a larger
    transaction that has locked the registration)."""
    live = list(SessionSignup.objects.filter(registration=registration, status__in=LIVE).select_related("registration"))
    if not live:
        return
    pks = SessionPlaces.objects.filter(session_id__in={s.session_id for s in live}).values_list("pk", flat=True)
    rows = {row.session_id: row for row in lock_many(SessionPlaces, pks)}
    for signup in live:
        _cancel_locked(signup, rows.get(signup.session_id), actor)
