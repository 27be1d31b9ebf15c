"""Writes on people: invitations and their replies."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from ecoforum.core.audit import log_action

from .enums import InvitationStatus
from .exceptions import AlreadyInvited, InvitationClosed
from .models import Invitation, Person


def invite_person(
    edition, person: Person, *, actor, role: str, message_zh_hans: str = "", message_en: str = ""
) -> Invitation:
    """Invite ``person`` to ``edition`` as ``role``; refuses a second live invitation."""
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                edition=edition,
                person=person,
                role=role,
                message_zh_hans=message_zh_hans,
                message_en=message_en,
                invited_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            log_action(invitation, "people.invitation.sent", actor=actor, data={"person": person.pk, "role": role})
    except IntegrityError as exc:
        raise AlreadyInvited(person) from exc
    return invitation


@transaction.atomic
def respond_to_invitation(invitation: Invitation, *, accept: bool, note: str = "", actor=None) -> Invitation:
    """The invitee's RSVP. A reply may be changed until the invitation is withdrawn."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == InvitationStatus.WITHDRAWN:
        raise InvitationClosed()
    old = invitation.status
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.response_note = note
    invitation.save(update_fields=["status", "responded_at", "response_note"])
    log_action(invitation, "people.invitation.answered", actor=actor, data={"status": [old, invitation.status]})
    return invitation


@transaction.atomic
def withdraw_invitation(invitation: Invitation, *, actor) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    old = invitation.status
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.save(update_fields=["status"])
    log_action(invitation, "people.invitation.withdrawn", actor=actor, data={"status": [old, invitation.status]})
    return invitation
