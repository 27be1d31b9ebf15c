"""The exchange platform (交流平台): a directory of participants who agreed to be listed, and
contact requests that the other side accepts before either sees the other's details.

Who may be listed (the rule chosen): a person with a user account who takes part in the
edition, that is with a live guest registration for it (awaiting approval or approved) or an
accepted invitation to it. The directory never shows an e-mail address or a phone number;
those are shown to the two sides of an accepted contact request only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import lock_many
from ecoforum.forums.models import Edition

from .enums import ContactStatus, InvitationStatus
from .exceptions import PeopleError
from .models import ContactRequest, DirectoryEntry, Person

#: The directory's page size.
ENTRIES_PER_PAGE = 20

#: How many contact requests one participant may send in :data:`RATE_WINDOW`.
MAX_REQUESTS_PER_DAY = 20
RATE_WINDOW = dt.timedelta(days=1)

#: Registration statuses (services app, a layer above) that make a participant.
LIVE_REGISTRATION = ("pending", "approved")

LIVE_CONTACT = (ContactStatus.PENDING, ContactStatus.ACCEPTED)


class ExchangeError(PeopleError):
    """A listing or contact request that cannot be made; the message says why."""


def _registration_model():
    return Person._meta.get_field("registrations").related_model


# --- who takes part -------------------------------------------------------------


def participant_of(user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.select_related("organization").filter(user=user).first()


def takes_part(person: Person, edition: Edition) -> bool:
    """A live registration for the edition, or an accepted invitation to it."""
    registered = _registration_model()._default_manager.filter(
        person=person, edition=edition, status__in=LIVE_REGISTRATION
    )
    invited = person.invitations.filter(edition=edition, status=InvitationStatus.ACCEPTED)
    return registered.exists() or invited.exists()


def entry_of(person: Person | None, edition: Edition) -> DirectoryEntry | None:
    if person is None:
        return None
    return DirectoryEntry.objects.filter(person=person, edition=edition).first()


# --- the directory ---------------------------------------------------------------


def directory(edition: Edition, *, country: str = "", text: str = "") -> QuerySet[DirectoryEntry]:
    """Listed participants, filtered by country and by text (name, organization, headline, what they look for)."""
    qs = DirectoryEntry.objects.filter(edition=edition).select_related("person", "person__organization")
    if country:
        qs = qs.filter(person__country=country.upper())
    text = text.strip()
    if text:
        qs = qs.filter(
            Q(person__name_zh_hans__icontains=text)
            | Q(person__name_en__icontains=text)
            | Q(person__organization__name_zh_hans__icontains=text)
            | Q(person__organization__name_en__icontains=text)
            | Q(headline_zh_hans__icontains=text)
            | Q(headline_en__icontains=text)
            | Q(looking_for_zh_hans__icontains=text)
            | Q(looking_for_en__icontains=text)
        )
    return qs.order_by("person__name", "pk")


def directory_countries(edition: Edition) -> list[str]:
    return sorted(
        set(DirectoryEntry.objects.filter(edition=edition).values_list("person__country", flat=True).distinct())
    )


def list_in_directory(
    person: Person,
    edition: Edition,
    *,
    actor,
    headline_zh_hans: str = "",
    headline_en: str = "",
    looking_for_zh_hans: str = "",
    looking_for_en: str = "",
) -> DirectoryEntry:
    """The participant agrees to be listed (or changes what the listing says)."""
    if not takes_part(person, edition):
        raise ExchangeError(
            _("%(person)s is not registered for %(edition)s; only its participants can be listed.")
            % {"person": person, "edition": edition}
        )
    texts = {
        "headline_zh_hans": headline_zh_hans.strip() or headline_en.strip(),
        "headline_en": headline_en.strip(),
        "looking_for_zh_hans": looking_for_zh_hans.strip() or looking_for_en.strip(),
        "looking_for_en": looking_for_en.strip(),
    }
    with transaction.atomic(durable=True):
        entry = DirectoryEntry.objects.select_for_update().filter(person=person, edition=edition).first()
        if entry is None:
            try:
                with transaction.atomic():
                    entry = DirectoryEntry.objects.create(person=person, edition=edition, **texts)
            except IntegrityError as exc:  # the same person pressed twice
                raise ExchangeError(_("%(person)s is already listed.") % {"person": person}) from exc
            log_action(entry, "people.directory.listed", actor=actor, data={"person": person.pk})
            return entry
        before = {name: getattr(entry, name) for name in texts}
        for name, value in texts.items():
            setattr(entry, name, value)
        entry.save(update_fields=list(texts))
        changed = {n: [before[n], texts[n]] for n in texts if before[n] != texts[n]}
        log_action(entry, "people.directory.changed", actor=actor, data=changed)
    return entry


def leave_directory(person: Person, edition: Edition, *, actor) -> int:
    """The participant withdraws their consent: the entry is deleted and the requests still waiting
    for an answer, sent or received, are withdrawn. Accepted contacts stay. Returns how many requests
    were withdrawn."""
    with transaction.atomic(durable=True):
        entry = DirectoryEntry.objects.select_for_update().filter(person=person, edition=edition).first()
        if entry is None:
            raise ExchangeError(_("%(person)s is not listed.") % {"person": person})
        waiting = ContactRequest.objects.filter(edition=edition, status=ContactStatus.PENDING).filter(
            Q(sender=person) | Q(recipient=person)
        )
        withdrawn = waiting.update(status=ContactStatus.WITHDRAWN, answered_at=timezone.now())
        log_action(
            entry, "people.directory.left", actor=actor, data={"person": person.pk, "requests_withdrawn": withdrawn}
        )
        entry.delete()
    return withdrawn


# --- contact requests --------------------------------------------------------------


def send_contact_request(
    sender: Person,
    recipient_entry: DirectoryEntry,
    *,
    actor,
    message: str = "",
    now: dt.datetime | None = None,
) -> ContactRequest:
    """A listed participant asks another listed participant for their contact details."""
    edition = recipient_entry.edition
    recipient = recipient_entry.person
    now = now or timezone.now()
    if recipient.pk == sender.pk:
        raise ExchangeError(_("You cannot send a contact request to yourself."))
    with transaction.atomic(durable=True):
        # The two entries own the pair (and the sender's own entry their daily allowance): lock both,
        # in key order, then count. Two people asking each other at once are served one after the other.
        own = DirectoryEntry.objects.filter(person=sender, edition=edition).values_list("pk", flat=True).first()
        if own is None:
            raise ExchangeError(_("List yourself in the directory before you contact other participants."))
        locked = lock_many(DirectoryEntry, [own, recipient_entry.pk])
        if own not in {e.pk for e in locked}:
            raise ExchangeError(_("List yourself in the directory before you contact other participants."))
        if recipient_entry.pk not in {e.pk for e in locked}:
            raise ExchangeError(_("%(person)s is no longer listed.") % {"person": recipient})
        sent_today = ContactRequest.objects.filter(
            edition=edition, sender=sender, created_at__gt=now - RATE_WINDOW
        ).count()
        if sent_today >= MAX_REQUESTS_PER_DAY:
            raise ExchangeError(
                _("You have sent %(count)d contact requests in the last 24 hours; please wait before sending more.")
                % {"count": sent_today}
            )
        reverse = ContactRequest.objects.filter(
            edition=edition, sender=recipient, recipient=sender, status__in=LIVE_CONTACT
        ).first()
        if reverse is not None:
            raise ExchangeError(
                _("%(person)s has already sent you a contact request; answer it under “My contacts”.")
                % {"person": recipient}
                if reverse.status == ContactStatus.PENDING
                else _("You and %(person)s are already in contact.") % {"person": recipient}
            )
        try:
            with transaction.atomic():
                contact = ContactRequest.objects.create(
                    edition=edition, sender=sender, recipient=recipient, message=message.strip()
                )
        except IntegrityError as exc:
            raise ExchangeError(
                _("You have already sent %(person)s a contact request.") % {"person": recipient}
            ) from exc
        log_action(contact, "people.contact.sent", actor=actor, data={"sender": sender.pk, "recipient": recipient.pk})
    return contact


def answer_contact_request(contact: ContactRequest, *, actor, accept: bool) -> ContactRequest:
    """The recipient accepts (both then see each other's details) or declines."""
    with transaction.atomic(durable=True):
        contact = ContactRequest.objects.select_for_update().select_related("sender").get(pk=contact.pk)
        if contact.status != ContactStatus.PENDING:
            raise ExchangeError(
                _("The request from %(person)s has already been answered or withdrawn.") % {"person": contact.sender}
            )
        old = contact.status
        contact.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
        contact.answered_at = timezone.now()
        contact.save(update_fields=["status", "answered_at"])
        log_action(contact, "people.contact.answered", actor=actor, data={"status": [old, contact.status]})
    return contact


def withdraw_contact_request(contact: ContactRequest, *, actor) -> ContactRequest:
    """The sender takes back a request that has not been answered."""
    with transaction.atomic(durable=True):
        contact = ContactRequest.objects.select_for_update().select_related("recipient").get(pk=contact.pk)
        if contact.status != ContactStatus.PENDING:
            raise ExchangeError(
                _("The request to %(person)s has already been answered.") % {"person": contact.recipient}
            )
        old = contact.status
        contact.status = ContactStatus.WITHDRAWN
        contact.answered_at = timezone.now()
        contact.save(update_fields=["status", "answered_at"])
        log_action(contact, "people.contact.withdrawn", actor=actor, data={"status": [old, contact.status]})
    return contact


def contact_for(person: Person, pk: int, *, edition: Edition, received: bool | None = None) -> ContactRequest:
    """A request of ``person`` (sent or received); ``DoesNotExist`` for a missing one and another's alike."""
    qs = ContactRequest.objects.select_related("sender", "recipient").filter(edition=edition)
    if received is True:
        qs = qs.filter(recipient=person)
    elif received is False:
        qs = qs.filter(sender=person)
    else:
        qs = qs.filter(Q(sender=person) | Q(recipient=person))
    return qs.get(pk=pk)


@dataclass
class Contact:
    """One row of "my contacts": the request, the other side, and their details once accepted."""

    request: ContactRequest
    other: Person
    received: bool
    email: str = ""
    phone: str = ""


def _details(person: Person) -> tuple[str, str]:
    registrations = getattr(person, "live_registrations", [])
    registration = registrations[0] if registrations else None
    email = person.email or (registration.email if registration else "")
    phone = registration.phone if registration else ""
    return email, phone


def my_contacts(person: Person, edition: Edition) -> list[Contact]:
    """The person's requests in the edition, received first; details only for accepted ones. Three queries."""
    live = _registration_model()._default_manager.filter(edition=edition, status__in=LIVE_REGISTRATION).order_by("-pk")
    requests = (
        ContactRequest.objects.filter(edition=edition)
        .filter(Q(sender=person) | Q(recipient=person))
        .select_related("sender", "sender__organization", "recipient", "recipient__organization")
        .prefetch_related(
            Prefetch("sender__registrations", queryset=live, to_attr="live_registrations"),
            Prefetch("recipient__registrations", queryset=live, to_attr="live_registrations"),  # type: ignore[no-redef]
        )
        .order_by("-created_at", "-pk")
    )
    rows = []
    for contact in requests:
        received = contact.recipient_id == person.pk
        other = contact.sender if received else contact.recipient
        row = Contact(request=contact, other=other, received=received)
        if contact.status == ContactStatus.ACCEPTED:
            row.email, row.phone = _details(other)
        rows.append(row)
    rows.sort(key=lambda r: (not (r.received and r.request.status == ContactStatus.PENDING),))
    return rows


def live_requests_between(person: Person, edition: Edition, others: list[int]) -> dict[int, str]:
    """For the directory page: the status of the live request between ``person`` and each of ``others``."""
    if person is None or not others:
        return {}
    rows = ContactRequest.objects.filter(edition=edition, status__in=LIVE_CONTACT).filter(
        Q(sender=person, recipient_id__in=others) | Q(recipient=person, sender_id__in=others)
    )
    found: dict[int, str] = {}
    for sender_id, recipient_id, status in rows.values_list("sender_id", "recipient_id", "status"):
        other = recipient_id if sender_id == person.pk else sender_id
        found[other] = status
    return found
