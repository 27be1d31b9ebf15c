"""Registration (报名): register, approve, reject, cancel, substitute, and the waiting list.

Every function that changes a registration runs in one transaction and locks the
guest category's row first, so the count of places taken and the waiting list
are exact whatever the number of clients registering at once (the model is
pretix's quota lock). The database backs the rules up: one live registration per
e-mail address and per identity document and edition, one per idempotency key.

Places: a pending or approved registration takes a place (:data:`HOLDING`); a
registration that finds the category full is put on the waiting list, and the
first on the list moves up when a place frees (a cancellation, a rejection, more
places). Guests are told by mail (and text message) after the transaction
commits, in their language (:mod:`.notify`).

``register`` and ``substitute`` are the use cases; ``add_registration`` is the
part of a larger transaction (the API's idempotency record wraps it).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.crypto import blind_index
from ecoforum.core.locking import lock_one
from ecoforum.people.models import Organization, Person

from . import hotels, notify, signups, transport
from .enums import ACTIVE, HOLDING, Diet, DocumentType, QuestionKind, RegistrationStatus
from .models import GuestCategory, InvitationCode, Registration, RegistrationForm, SessionSignup


class RegistrationError(Exception):
    """A registration that cannot be made or changed; the message names the item, in the user's language."""

    def __init__(self, message: Any, *, field: str = "") -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class AlreadyRegistered(RegistrationError):
    """The same e-mail address or identity document already has a live registration for the edition."""


@dataclass
class Applicant:
    """What a registration form collected about the person."""

    name_zh: str
    name_en: str
    email: str
    phone: str = ""
    organization: str = ""
    position: str = ""
    country: str = "CN"
    language: str = "zh-hans"
    document_type: str = ""
    document_number: str = ""
    nationality: str = ""
    date_of_birth: dt.date | None = None
    diet: str = ""
    allergies: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    #: Where the guest travels from, for the carbon footprint (city as typed, ISO country code).
    origin_city: str = ""
    origin_country: str = ""

    @property
    def email_key(self) -> str:
        return blind_index(self.email.strip().lower(), "email")

    @property
    def document_key(self) -> str:
        if not self.document_number.strip():
            return ""
        return blind_index(f"{self.document_type}:{self.document_number}", "document")


# --- reading --------------------------------------------------------------------------------------


def places_taken(category: GuestCategory) -> int:
    return Registration.objects.filter(category=category, status__in=HOLDING).count()


def category_counts(edition) -> dict[int, dict[str, int]]:
    """``{category id: {status: count}}`` for the edition, in one query."""
    rows = (
        Registration.objects.filter(edition=edition).values("category_id", "status").annotate(n=Count("pk")).order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["category_id"], {})[row["status"]] = row["n"]
    return counts


def form_is_open(form: RegistrationForm, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if not form.is_active:
        return False
    if form.opens_at and now < form.opens_at:
        return False
    return not (form.closes_at and now >= form.closes_at)


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the category's waiting list; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        category_id=registration.category_id, status=RegistrationStatus.WAITLISTED
    ).filter(Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lt=registration.pk))
    return ahead.count() + 1


# --- checks ---------------------------------------------------------------------------------------


def clean_answers(form: RegistrationForm, answers: dict[Any, Any]) -> dict[str, Any]:
    """The answers keyed by question id, checked against the form's questions (choices by position)."""
    cleaned: dict[str, Any] = {}
    for question in form.questions.all():
        value = answers.get(str(question.pk), answers.get(question.pk))
        empty = value in (None, "", [])
        if empty:
            if question.required:
                raise RegistrationError(
                    _("Please answer “%(question)s”.") % {"question": question.label}, field=f"q{question.pk}"
                )
            continue
        if question.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
            positions = value if isinstance(value, list) else [value]
            count = len(question.choice_list())
            try:
                numbers = sorted({int(p) for p in positions})
            except (TypeError, ValueError):
                numbers = [-1]
            if (
                not numbers
                or numbers[0] < 0
                or numbers[-1] >= count
                or (question.kind == QuestionKind.CHOICE and len(numbers) > 1)
            ):
                raise RegistrationError(
                    _("“%(question)s” has no such choice.") % {"question": question.label}, field=f"q{question.pk}"
                )
            cleaned[str(question.pk)] = numbers if question.kind == QuestionKind.MULTIPLE else numbers[0]
        elif question.kind == QuestionKind.YES_NO:
            cleaned[str(question.pk)] = value in (True, "yes", "true", "1", 1, "on")
        else:
            text = str(value).strip()
            if len(text) > 2000:
                raise RegistrationError(
                    _("The answer to “%(question)s” is too long (2,000 characters at most).")
                    % {"question": question.label},
                    field=f"q{question.pk}",
                )
            cleaned[str(question.pk)] = text
    return cleaned


def _check_applicant(form: RegistrationForm, applicant: Applicant) -> None:
    if not applicant.name_zh.strip() and not applicant.name_en.strip():
        raise RegistrationError(_("Please give your name."), field="name_zh")
    if not applicant.email.strip():
        raise RegistrationError(_("Please give your e-mail address."), field="email")
    if form.asks_identity and form.category.attendance == "on_site":
        if applicant.document_type not in DocumentType.values or not applicant.document_number.strip():
            raise RegistrationError(_("Please give your identity document and its number."), field="document_number")
        if applicant.document_type == DocumentType.PASSPORT and not applicant.nationality:
            raise RegistrationError(_("Please give the nationality of your passport."), field="nationality")
        if applicant.document_type == DocumentType.PASSPORT and applicant.date_of_birth is None:
            raise RegistrationError(
                _("Please give your date of birth (it goes on the invitation letter for your visa)."),
                field="date_of_birth",
            )
    if applicant.date_of_birth and not (dt.date(1900, 1, 1) <= applicant.date_of_birth <= timezone.localdate()):
        raise RegistrationError(
            _("The date of birth %(date)s is not possible.") % {"date": applicant.date_of_birth}, field="date_of_birth"
        )


def _use_code(form: RegistrationForm, code: str) -> InvitationCode | None:
    code = code.strip()
    if not code:
        if form.requires_code:
            raise RegistrationError(_("This form is by invitation: please enter your invitation code."), field="code")
        return None
    found = InvitationCode.objects.filter(form=form, code__iexact=code).values_list("pk", flat=True).first()
    if found is None:
        raise RegistrationError(
            _("The invitation code %(code)s is not valid for this form.") % {"code": code}, field="code"
        )
    invitation = lock_one(InvitationCode, found)
    if invitation.expires_at and invitation.expires_at <= timezone.now():
        raise RegistrationError(_("The invitation code %(code)s has expired.") % {"code": code}, field="code")
    if invitation.uses >= invitation.max_uses:
        raise RegistrationError(_("The invitation code %(code)s has already been used.") % {"code": code}, field="code")
    invitation.uses += 1
    invitation.save(update_fields=["uses"])
    return invitation


def _refuse_duplicates(edition_id: int, applicant: Applicant, *, exclude: int | None = None) -> None:
    live = Registration.objects.filter(edition_id=edition_id, status__in=ACTIVE)
    if exclude:
        live = live.exclude(pk=exclude)
    if live.filter(email_key=applicant.email_key).exists():
        raise AlreadyRegistered(
            _("%(email)s is already registered for this edition.") % {"email": applicant.email.strip()}, field="email"
        )
    if applicant.document_key and live.filter(document_key=applicant.document_key).exists():
        raise AlreadyRegistered(
            _("This identity document is already registered for this edition."), field="document_number"
        )


def _person_for(applicant: Applicant, user: Any) -> Person:
    person = getattr(user, "person", None) if user is not None and getattr(user, "is_authenticated", False) else None
    if person is not None:
        return person
    organization = None
    if applicant.organization.strip():
        organization = Organization.objects.filter(name__iexact=applicant.organization.strip()).order_by(
            "pk"
        ).first() or Organization.objects.create(
            name=applicant.organization.strip(),
            name_zh_hans=applicant.organization.strip(),
            name_en=applicant.organization.strip(),
            country=applicant.country or "CN",
        )
    base = slugify(applicant.name_en) or "guest"
    return Person.objects.create(
        slug=f"{base[:60]}-{secrets.token_hex(4)}",
        name=applicant.name_zh or applicant.name_en,
        name_zh_hans=applicant.name_zh or applicant.name_en,
        name_en=applicant.name_en or applicant.name_zh,
        organization=organization,
        position=applicant.position,
        position_zh_hans=applicant.position,
        position_en=applicant.position,
        country=(applicant.country or "CN").upper()[:2],
        email=applicant.email.strip(),
    )


def _status_for_new(category: GuestCategory) -> str:
    if category.capacity is not None and places_taken(category) >= category.capacity:
        return RegistrationStatus.WAITLISTED
    return RegistrationStatus.PENDING if category.needs_approval else RegistrationStatus.APPROVED


def _after_commit(registration: Registration, kind: str) -> None:
    pk = registration.pk
    transaction.on_commit(lambda: notify.registration_notice(pk, kind))


def _earlier(form: RegistrationForm, applicant: Applicant, idempotency_key: str) -> Registration | None:
    """The registration an earlier request with the same key made; a key sent with another person's
    details is refused (it would open someone else's registration)."""
    earlier = Registration.objects.filter(edition_id=form.edition_id, idempotency_key=idempotency_key).first()
    if earlier is not None and (earlier.email_key != applicant.email_key or earlier.form_id != form.pk):
        raise RegistrationError(
            _("This form has already been sent with other details: please reload the page and send it again.")
        )
    return earlier


# --- use cases ------------------------------------------------------------------------------------


def register(
    form: RegistrationForm,
    applicant: Applicant,
    *,
    code: str = "",
    idempotency_key: str = "",
    user: Any = None,
    now: dt.datetime | None = None,
) -> Registration:
    """Register a person on a form: approved, pending approval, or on the waiting list."""
    with transaction.atomic():
        return add_registration(form, applicant, code=code, idempotency_key=idempotency_key, user=user, now=now)


def add_registration(
    form: RegistrationForm,
    applicant: Applicant,
    *,
    code: str = "",
    idempotency_key: str = "",
    user: Any = None,
    now: dt.datetime | None = None,
) -> Registration:
    """:func:`register` as part of a larger transaction. A key seen before returns its registration."""
    if idempotency_key:
        earlier = _earlier(form, applicant, idempotency_key)
        if earlier is not None:
            return earlier
    if not form_is_open(form, now):
        raise RegistrationError(_("Registration on “%(form)s” is closed.") % {"form": form.title})
    _check_applicant(form, applicant)
    answers = clean_answers(form, applicant.answers)
    category = lock_one(GuestCategory, form.category_id)
    if idempotency_key:  # a retry that waited for the lock finds the first one's registration
        earlier = _earlier(form, applicant, idempotency_key)
        if earlier is not None:
            return earlier
    _refuse_duplicates(form.edition_id, applicant)
    invitation = _use_code(form, code)
    status = _status_for_new(category)
    person = _person_for(applicant, user)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                edition_id=form.edition_id,
                form=form,
                category=category,
                person=person,
                status=status,
                attendance=category.attendance,
                language=applicant.language if applicant.language in ("zh-hans", "en") else "zh-hans",
                email=applicant.email.strip(),
                email_key=applicant.email_key,
                phone=applicant.phone.strip(),
                document_type=applicant.document_type,
                document_number=applicant.document_number.strip(),
                document_key=applicant.document_key,
                nationality=applicant.nationality.strip().upper(),
                date_of_birth=applicant.date_of_birth.isoformat() if applicant.date_of_birth else "",
                answers=answers,
                diet=applicant.diet,
                allergies=applicant.allergies.strip(),
                origin_city=" ".join(applicant.origin_city.split())[:100],
                origin_country=applicant.origin_country.strip().upper()[:2],
                invitation_code=invitation,
                idempotency_key=idempotency_key,
                decided_at=timezone.now() if status == RegistrationStatus.APPROVED else None,
            )
    except IntegrityError as error:
        # Another category's registration of the same person committed first.
        raise AlreadyRegistered(
            _("%(email)s is already registered for this edition.") % {"email": applicant.email.strip()}, field="email"
        ) from error
    log_action(registration, "services.registration.created", actor=user, data={"status": status, "form": form.slug})
    _after_commit(registration, "received")
    return registration


def _decide(registration: Registration, status: str, actor: Any, note: str) -> Registration:
    registration.status = status
    registration.decided_at = timezone.now()
    registration.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    registration.decision_note = note[:300]
    registration.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    return registration


def _locked(registration: Registration) -> tuple[GuestCategory, Registration]:
    category = lock_one(GuestCategory, registration.category_id)
    return category, lock_one(Registration, registration.pk)


def promote_waiting(category: GuestCategory) -> list[Registration]:
    """Move the first on the waiting list up while places are free. The category must be locked."""
    promoted: list[Registration] = []
    if category.capacity is None:
        free = None
    else:
        free = category.capacity - places_taken(category)
    waiting = Registration.objects.filter(category=category, status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    if free is not None and free <= 0:
        return promoted
    for registration in waiting.select_for_update()[:free]:
        registration.status = RegistrationStatus.PENDING if category.needs_approval else RegistrationStatus.APPROVED
        registration.decided_at = timezone.now() if registration.status == RegistrationStatus.APPROVED else None
        registration.save(update_fields=["status", "decided_at"])
        log_action(registration, "services.registration.promoted", data={"status": registration.status})
        _after_commit(registration, "promoted")
        promoted.append(registration)
    return promoted


@transaction.atomic
def approve(registration: Registration, *, actor: Any, note: str = "") -> Registration:
    """Approve a pending registration (or one waiting, when a place is free)."""
    category, registration = _locked(registration)
    if registration.status == RegistrationStatus.APPROVED:
        return registration
    if registration.status == RegistrationStatus.WAITLISTED:
        if category.capacity is not None and places_taken(category) >= category.capacity:
            raise RegistrationError(
                _("%(category)s is full: raise its places or wait for a cancellation before approving %(reference)s.")
                % {"category": category.name, "reference": registration.reference}
            )
    elif registration.status != RegistrationStatus.PENDING:
        raise RegistrationError(
            _("Registration %(reference)s is %(status)s and cannot be approved.")
            % {"reference": registration.reference, "status": registration.get_status_display()}
        )
    _decide(registration, RegistrationStatus.APPROVED, actor, note)
    log_action(registration, "services.registration.approved", actor=actor)
    _after_commit(registration, "approved")
    return registration


def _release_services(registration: Registration, actor: Any) -> None:
    """What a registration that no longer comes held goes back: session places, its room, its pickup seats."""
    signups.release_signups(registration, actor=actor)
    hotels.release_rooms_of(registration, actor=actor)
    transport.release_rides_of(registration, actor=actor)


@transaction.atomic
def reject(registration: Registration, *, actor: Any, note: str = "") -> Registration:
    """Refuse a pending or waiting registration; its place goes to the next on the list."""
    category, registration = _locked(registration)
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED):
        raise RegistrationError(
            _("Registration %(reference)s is %(status)s and cannot be refused.")
            % {"reference": registration.reference, "status": registration.get_status_display()}
        )
    _decide(registration, RegistrationStatus.REJECTED, actor, note)
    _release_services(registration, actor)
    log_action(registration, "services.registration.rejected", actor=actor, data={"note": note[:300]})
    _after_commit(registration, "rejected")
    promote_waiting(category)
    return registration


@transaction.atomic
def cancel(registration: Registration, *, actor: Any = None, note: str = "") -> Registration:
    """Cancel a live registration (the guest or the organizers); its place goes to the next on the list."""
    category, registration = _locked(registration)
    if registration.status not in ACTIVE:
        raise RegistrationError(
            _("Registration %(reference)s is %(status)s already.")
            % {"reference": registration.reference, "status": registration.get_status_display()}
        )
    _decide(registration, RegistrationStatus.CANCELLED, actor, note)
    _release_services(registration, actor)
    log_action(registration, "services.registration.cancelled", actor=actor, data={"note": note[:300]})
    _after_commit(registration, "cancelled")
    promote_waiting(category)
    return registration


@transaction.atomic
def set_capacity(category: GuestCategory, capacity: int | None, *, actor: Any) -> list[Registration]:
    """Change a category's places. More places move the waiting list up; fewer never unseat anyone."""
    category = lock_one(GuestCategory, category.pk)
    before = category.capacity
    category.capacity = capacity
    category.save(update_fields=["capacity"])
    log_action(category, "services.category.capacity", actor=actor, data={"capacity": [before, capacity]})
    return promote_waiting(category)


@transaction.atomic
def substitute(registration: Registration, applicant: Applicant, *, actor: Any, note: str = "") -> Registration:
    """换人 · Another person takes this registration's place. The old badge stops working; the trail stays.

    The new registration has the same form, category and status, ``replaces`` the old one
    (which becomes "replaced") and gets its own reference, link and badge.
    """
    category, old = _locked(registration)
    if old.status not in ACTIVE:
        raise RegistrationError(
            _("Registration %(reference)s is %(status)s and cannot be handed to someone else.")
            % {"reference": old.reference, "status": old.get_status_display()}
        )
    form = old.form
    _check_applicant(form, applicant)
    answers = clean_answers(form, applicant.answers) if applicant.answers else old.answers
    _refuse_duplicates(old.edition_id, applicant, exclude=old.pk)
    previous_status = old.status
    old.status = RegistrationStatus.SUBSTITUTED
    old.decision_note = note[:300]
    old.save(update_fields=["status", "decision_note"])
    person = _person_for(applicant, None)
    new = Registration.objects.create(
        edition_id=old.edition_id,
        form=form,
        category=category,
        person=person,
        status=previous_status,
        attendance=old.attendance,
        language=applicant.language if applicant.language in ("zh-hans", "en") else old.language,
        email=applicant.email.strip(),
        email_key=applicant.email_key,
        phone=applicant.phone.strip(),
        document_type=applicant.document_type,
        document_number=applicant.document_number.strip(),
        document_key=applicant.document_key,
        nationality=applicant.nationality.strip().upper(),
        date_of_birth=applicant.date_of_birth.isoformat() if applicant.date_of_birth else "",
        answers=answers,
        diet=applicant.diet,
        allergies=applicant.allergies.strip(),
        invitation_code=old.invitation_code,
        replaces=old,
        decided_at=timezone.now(),
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        decision_note=note[:300],
    )
    if previous_status == RegistrationStatus.WAITLISTED:  # the new guest keeps the old one's turn
        Registration.objects.filter(pk=new.pk).update(created_at=old.created_at)
        new.created_at = old.created_at
    # The new guest takes the old one's session places too.
    SessionSignup.objects.filter(registration=old, status__in=signups.LIVE).update(registration=new)
    log_action(
        old,
        "services.registration.substituted",
        actor=actor,
        data={"by": new.reference, "from_person": old.person_id, "to_person": person.pk, "note": note[:300]},
    )
    log_action(
        new, "services.registration.created", actor=actor, data={"replaces": old.reference, "status": new.status}
    )
    _after_commit(old, "substituted")
    _after_commit(new, "received" if new.status != RegistrationStatus.APPROVED else "approved")
    return new


def _check_details(changes: dict[str, Any]) -> None:
    if "language" in changes and changes["language"] not in ("zh-hans", "en"):
        raise RegistrationError(
            _("%(language)s is not a language of the forum.") % {"language": changes["language"]}, field="language"
        )
    if "diet" in changes and changes["diet"] not in Diet.values:
        raise RegistrationError(_("%(diet)s is not a diet we know.") % {"diet": changes["diet"]}, field="diet")
    for name, limit in (("phone", 30), ("allergies", 300)):
        if name in changes:
            changes[name] = str(changes[name] or "").strip()
            if len(changes[name]) > limit:
                raise RegistrationError(
                    _("This is too long (%(limit)s characters at most).") % {"limit": limit}, field=name
                )


@transaction.atomic
def update_details(registration: Registration, *, actor: Any = None, **changes: Any) -> Registration:
    """The guest (or guest services) changes contact, language or diet. Identity changes go through substitution."""
    allowed = {"phone", "language", "diet", "allergies"}
    unknown = set(changes) - allowed
    if unknown:
        raise RegistrationError(
            _("These details cannot be changed here: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    _check_details(changes)
    registration = lock_one(Registration, registration.pk)
    if registration.status not in ACTIVE:
        raise RegistrationError(
            _("Registration %(reference)s is %(status)s and can no longer be changed.")
            % {"reference": registration.reference, "status": registration.get_status_display()}
        )
    before = {name: getattr(registration, name) for name in changes}
    for name, value in changes.items():
        setattr(registration, name, value)
    registration.save(update_fields=sorted(changes))
    log_action(registration, "services.registration.changed", actor=actor, data={"before": before, "after": changes})
    return registration
