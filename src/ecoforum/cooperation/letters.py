"""Invitation letters for visas (邀请函): issue, revoke, the bilingual PDF, verification.

A letter is numbered per edition without gaps, ``EFGG-2023-0001``: the issuing transaction locks
the edition's row, reads ``max(sequence)`` and inserts the next one (a unique constraint on
``(edition, sequence)`` backs it). A letter is never deleted; a revoked letter stays, with the
date and the reason, and its verification page says so.

The PDF is A4 with the forum's letterhead, Chinese then English: the number, the date, the
person's names, nationality, passport number and date of birth read from the person's
registration (decrypted on read; only for holders of ``cooperation.manage_delegations`` or
``services.view_identity`` — the views check it, and every download is audited without the data),
the edition's name, dates and city, the purpose, and a QR code with the absolute verification
address ``SITE_URL/letters/<token>/``, whose page never shows passport data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import lock_one
from ecoforum.forums.models import Edition
from ecoforum.people.models import Person
from ecoforum.services.enums import RegistrationStatus
from ecoforum.services.models import Registration

from .exceptions import CooperationError
from .models import Delegation, InvitationLetter

PREFIX = "EFGG"


def letter_number(edition: Edition, sequence: int) -> str:
    return f"{PREFIX}-{edition.year}-{sequence:04d}"


def verification_url(letter: InvitationLetter) -> str:
    """The absolute address printed in the letter's QR code."""
    return settings.SITE_URL + reverse("letters:verify", kwargs={"token": letter.token})


def _registration_for(edition: Edition, person: Person) -> Registration | None:
    return (
        Registration.objects.filter(edition=edition, person=person, status=RegistrationStatus.APPROVED)
        .order_by("-created_at")
        .first()
    )


def issue_letter(
    edition: Edition,
    *,
    person: Person,
    registration: Registration | None = None,
    delegation: Delegation | None = None,
    actor: Any = None,
) -> InvitationLetter:
    """Issue the next numbered letter of ``edition`` to ``person``, who needs an approved registration of the
    edition (it holds the passport data the letter prints). One valid letter per person and edition."""
    if registration is None:
        registration = _registration_for(edition, person)
    if registration is None:
        raise CooperationError(
            _("%(person)s has no approved registration for %(edition)s: a letter prints the passport data of one.")
            % {"person": person, "edition": edition}
        )
    if registration.edition_id != edition.pk or registration.person_id != person.pk:
        raise CooperationError(
            _("Registration %(reference)s is not %(person)s's for %(edition)s.")
            % {"reference": registration.reference, "person": person, "edition": edition}
        )
    if registration.status != RegistrationStatus.APPROVED:
        raise CooperationError(
            _("Registration %(reference)s is %(status)s: letters are issued to approved guests.")
            % {"reference": registration.reference, "status": registration.get_status_display()}
        )
    if delegation is not None and delegation.edition_id != edition.pk:
        raise CooperationError(_("The delegation %(delegation)s is of another edition.") % {"delegation": delegation})
    with transaction.atomic(durable=True):
        lock_one(Edition, edition.pk)  # the numbering's lock: one issuer of this edition at a time
        valid = InvitationLetter.objects.filter(edition=edition, person=person, revoked_at__isnull=True).first()
        if valid is not None:
            raise CooperationError(
                _("%(person)s already has letter %(number)s: revoke it before issuing another.")
                % {"person": person, "number": valid.number}
            )
        last = InvitationLetter.objects.filter(edition=edition).aggregate(last=Max("sequence"))["last"] or 0
        sequence = last + 1
        letter = InvitationLetter.objects.create(
            edition=edition,
            sequence=sequence,
            number=letter_number(edition, sequence),
            person=person,
            registration=registration,
            delegation=delegation,
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        log_action(
            letter,
            "cooperation.letter.issued",
            actor=actor,
            data={"number": letter.number, "person": person.pk, "registration": registration.reference},
        )
    return letter


def revoke_letter(letter: InvitationLetter, *, reason: str, actor: Any = None) -> InvitationLetter:
    """Revoke a letter (it is kept; its verification page then says "revoked")."""
    reason = (reason or "").strip()
    if not reason:
        raise CooperationError(_("Letter %(number)s: say why it is revoked.") % {"number": letter.number})
    if len(reason) > 300:
        raise CooperationError(
            _("Letter %(number)s: the reason is longer than 300 characters.") % {"number": letter.number}
        )
    with transaction.atomic(durable=True):
        locked = lock_one(InvitationLetter, letter.pk)
        if locked.revoked_at is not None:
            raise CooperationError(_("Letter %(number)s is already revoked.") % {"number": locked.number})
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_reason"])
        log_action(locked, "cooperation.letter.revoked", actor=actor, data={"number": locked.number, "reason": reason})
    return locked


def record_download(letter: InvitationLetter, *, actor: Any) -> None:
    """Audit that ``actor`` downloaded the letter (its number only: never the passport data it prints)."""
    with transaction.atomic(durable=True):
        log_action(letter, "cooperation.letter.downloaded", actor=actor, data={"number": letter.number})


def letter_by_token(token: str) -> InvitationLetter | None:
    if not token or len(token) > 40:
        return None
    return InvitationLetter.objects.select_related("edition", "person").filter(token=token).first()


# --- the PDF ----------------------------------------------------------------------------------------


def _both(obj: Any, field: str) -> tuple[str, str]:
    zh = getattr(obj, f"{field}_zh_hans", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    plain = getattr(obj, field, "") or ""
    zh, en = zh or plain or en, en or plain or zh
    return zh, en


@dataclass(frozen=True)
class Letter:
    """One letter as it is printed."""

    number: str
    issued_on: dt.date
    revoked: bool
    name_zh: str
    name_en: str
    organization_zh: str
    organization_en: str
    nationality: str
    document_type: str
    document_number: str
    date_of_birth: str
    edition_zh: str
    edition_en: str
    city_zh: str
    city_en: str
    start_date: dt.date
    end_date: dt.date
    delegation_zh: str
    delegation_en: str
    url: str
    qr: str


def build_letter(letter: InvitationLetter) -> Letter:
    """The data of ``letter``, passport data decrypted from its registration (for authorized eyes only)."""
    from ecoforum.services.badges import qr_data_uri

    person, edition, registration = letter.person, letter.edition, letter.registration
    name_zh, name_en = _both(person, "name")
    organization = person.organization
    org_zh, org_en = _both(organization, "name") if organization else ("", "")
    edition_zh, edition_en = _both(edition, "name")
    city_zh, city_en = _both(edition, "city")
    delegation_zh, delegation_en = _both(letter.delegation, "name") if letter.delegation else ("", "")
    url = verification_url(letter)
    return Letter(
        number=letter.number,
        issued_on=timezone.localdate(letter.issued_at, edition.tz),
        revoked=letter.revoked_at is not None,
        name_zh=name_zh,
        name_en=name_en if name_en != name_zh else "",
        organization_zh=org_zh,
        organization_en=org_en,
        nationality=(registration.nationality if registration else "") or person.country,
        document_type=registration.get_document_type_display() if registration and registration.document_type else "",
        document_number=registration.document_number if registration else "",
        date_of_birth=registration.date_of_birth if registration else "",
        edition_zh=edition_zh,
        edition_en=edition_en,
        city_zh=city_zh,
        city_en=city_en,
        start_date=edition.start_date,
        end_date=edition.end_date,
        delegation_zh=delegation_zh,
        delegation_en=delegation_en,
        url=url,
        qr=qr_data_uri(url, scale=3),
    )


def letter_html(data: Letter) -> str:
    return render_to_string("cooperation/letter_pdf.html", {"letter": data})


def letter_pdf(letter: InvitationLetter) -> bytes:
    """The letter as an A4 PDF (WeasyPrint, Debian's Noto CJK fonts)."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: loaded only where a PDF is made

    pdf: bytes = HTML(string=letter_html(build_letter(letter)), base_url=None).write_pdf()
    return pdf


def letter_file_name(letter: InvitationLetter) -> str:
    return f"invitation-{letter.number}.pdf"
