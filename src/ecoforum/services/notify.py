"""Mail and text messages to guests after a change to their registration (通知).

:mod:`.registration` calls :func:`registration_notice` in ``transaction.on_commit``: the
change has committed before anything is sent, and a message that cannot be sent never
undoes it. Each message is rendered in the guest's language (``registration.language``),
names the edition, the reference, the status and the private link, and is recorded in a
:class:`~.models.Notification` row with the time it went out or the error. Identity data
(document numbers, nationality, date of birth) is never put in a message.

Mail goes through Django's mail API (plain text and simple HTML); text messages through
:mod:`.sms`, only for the changes that matter on the day (approved, promoted, substituted,
cancelled) and only when the guest gave a phone number.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .enums import Channel, RegistrationStatus
from .models import Notification, Registration
from .sms import send_sms

logger = logging.getLogger(__name__)

KINDS = ("received", "approved", "rejected", "cancelled", "promoted", "substituted")
#: Kinds that also go out as a text message.
SMS_KINDS = frozenset({"approved", "promoted", "substituted", "cancelled"})


def guest_url(registration: Registration) -> str:
    """The absolute private link to the guest's page."""
    path = reverse("services:guest", kwargs={"edition": registration.edition.slug, "token": registration.token})
    return f"{settings.SITE_URL}{path}"


def headline(registration: Registration, kind: str) -> str:
    """One sentence for what happened, in the active language."""
    if kind == "received":
        if registration.status == RegistrationStatus.WAITLISTED:
            return _("You are on the waiting list")
        if registration.status == RegistrationStatus.APPROVED:
            return _("Your registration is confirmed")
        return _("We have received your registration")
    return {
        "approved": _("Your registration is approved"),
        "rejected": _("Your registration was not approved"),
        "cancelled": _("Your registration is cancelled"),
        "promoted": _("A place is free: you have moved up from the waiting list"),
        "substituted": _("Your registration has been passed to another person"),
    }.get(kind, _("Your registration has changed"))


def _context(registration: Registration, kind: str) -> dict:
    from .registration import waiting_position

    person = registration.person
    field = "name_en" if translation.get_language() == "en" else "name_zh_hans"
    name = getattr(person, field, "") or person.name
    return {
        "registration": registration,
        "edition": registration.edition,
        "kind": kind,
        "name": name,
        "headline": headline(registration, kind),
        "full_stop": "。" if translation.get_language().startswith("zh") else ".",
        "gap": "" if translation.get_language().startswith("zh") else " ",
        "status": registration.get_status_display(),
        "position": waiting_position(registration),
        "link": guest_url(registration),
        "online": registration.attendance == "online",
    }


def _record(registration: Registration, channel: str, kind: str, recipient: str, subject: str, send) -> Notification:
    note = Notification.objects.create(
        registration=registration, channel=channel, kind=kind, recipient=recipient[:254], subject=subject[:300]
    )
    try:
        send()
    except Exception as error:  # any failure of the outside world is recorded, never raised
        logger.warning("Sending %s %s to registration %s failed: %s", channel, kind, registration.pk, error)
        note.error = f"{type(error).__name__}: {error}"[:300]
        note.save(update_fields=["error"])
    else:
        note.sent_at = timezone.now()
        note.save(update_fields=["sent_at"])
    return note


def registration_notice(registration_id: int, kind: str) -> list[Notification]:
    """Tell the guest about ``kind`` (received, approved …) by mail, and by text message when it matters."""
    registration = (
        Registration.objects.select_related("edition", "person", "category", "form").filter(pk=registration_id).first()
    )
    if registration is None:
        return []
    sent: list[Notification] = []
    language = registration.language if registration.language in ("zh-hans", "en") else settings.LANGUAGE_CODE
    with translation.override(language):
        context = _context(registration, kind)
        subject = _("%(edition)s: %(headline)s (%(reference)s)") % {
            "edition": registration.edition.name,
            "headline": context["headline"],
            "reference": registration.reference,
        }
        text = render_to_string("services/mail/notice.txt", context)
        html = render_to_string("services/mail/notice.html", context)

        def send_mail() -> None:
            message = EmailMultiAlternatives(subject, text, to=[registration.email])
            message.attach_alternative(html, "text/html")
            message.send()

        sent.append(_record(registration, Channel.MAIL, kind, registration.email, subject, send_mail))
        if kind in SMS_KINDS and registration.phone.strip():
            sms_text = render_to_string("services/mail/notice_sms.txt", context).strip()
            sent.append(
                _record(
                    registration,
                    Channel.SMS,
                    kind,
                    registration.phone,
                    "",
                    lambda: send_sms(registration.phone, sms_text),
                )
            )
    return sent
