"""The guest-services desk's own use cases, around :mod:`.registration`.

- :func:`approve_many`: approve several registrations at once, each through
  :func:`.registration.approve` (its own transaction and category lock), and say
  which ones could not be approved and why;
- :func:`generate_codes`: N invitation codes for a form at once, with a note;
- :func:`record_identity_view` / :func:`record_identity_export`: the audit entry
  each time someone sees or downloads identity data (never the data itself).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import Busy, lock_one
from ecoforum.forums.models import Edition

from . import registration as registrations
from .models import InvitationCode, Registration, RegistrationForm
from .registration import RegistrationError

#: Letters and digits that cannot be mistaken for one another when read aloud or typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_CODES = 500


@dataclass
class BatchResult:
    """What :func:`approve_many` did: the references approved and, for the others, why not."""

    approved: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def approve_many(edition: Edition, references: list[str], *, actor: Any) -> BatchResult:
    """Approve the registrations of ``edition`` named by ``references``, one by one.

    Each approval is its own transaction (a refusal of one never undoes another);
    a reference that is not one of the edition's is reported, not raised.
    """
    result = BatchResult()
    wanted = list(dict.fromkeys(r.strip().upper() for r in references if r.strip()))
    found = {r.reference: r for r in Registration.objects.filter(edition=edition, reference__in=wanted)}
    for reference in wanted:
        registration = found.get(reference)
        if registration is None:
            result.failed.append((reference, _("There is no registration %(reference)s.") % {"reference": reference}))
            continue
        try:
            registrations.approve(registration, actor=actor)
        except RegistrationError as exc:
            result.failed.append((reference, str(exc.message)))
        except Busy as exc:
            result.failed.append((reference, str(exc.message)))
        else:
            result.approved.append(reference)
    return result


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def generate_codes(
    form: RegistrationForm,
    count: int,
    *,
    actor: Any,
    note: str = "",
    max_uses: int = 1,
    expires_at: Any = None,
) -> list[InvitationCode]:
    """``count`` new invitation codes for ``form``, each good ``max_uses`` times, none equal to an existing one."""
    if not 1 <= count <= MAX_CODES:
        raise RegistrationError(
            _("Between 1 and %(max)s codes can be made at once.") % {"max": MAX_CODES}, field="count"
        )
    if max_uses < 1:
        raise RegistrationError(_("A code must be usable at least once."), field="max_uses")
    with transaction.atomic(durable=True):
        form = lock_one(RegistrationForm, form.pk)
        existing = {c.upper() for c in InvitationCode.objects.filter(form=form).values_list("code", flat=True)}
        made: list[str] = []
        while len(made) < count:
            code = _new_code()
            if code not in existing:
                existing.add(code)
                made.append(code)
        codes = InvitationCode.objects.bulk_create(
            [
                InvitationCode(form=form, code=code, max_uses=max_uses, note=note.strip()[:200], expires_at=expires_at)
                for code in made
            ]
        )
        log_action(
            form,
            "services.codes.generated",
            actor=actor,
            data={"count": count, "max_uses": max_uses, "note": note.strip()[:200]},
        )
    return codes


def record_identity_view(registration: Registration, *, actor: Any) -> None:
    """Someone saw the registration's identity data: who and when (never what)."""
    log_action(registration, "services.registration.identity_viewed", actor=actor)


def record_identity_export(edition: Edition, references: list[str], *, actor: Any) -> None:
    """Someone downloaded the invitation-letter data (full passport data) of these registrations."""
    log_action(
        edition,
        "services.registration.identity_exported",
        actor=actor,
        data={"count": len(references), "references": references},
        edition_id=edition.pk,
    )
