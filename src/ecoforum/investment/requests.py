"""Meeting requests (洽谈请求): one side asks the other for a 1:1 meeting; the other accepts or declines.

Each function is one use case in its own durable transaction, with its audit
entry. The acting user is ``actor`` (``None`` is the system). Who may do what is
in ``rules.py``: the side that did not ask answers, the side that asked
withdraws; organizers of the edition may ask for either side.

A pending request expires at ``expires_at``: from that moment on it is expired,
whether or not ``expire_overdue`` (the ``expire_meeting_requests`` command) has
run. Answering or withdrawing it then refuses and records the expiry. Only
accepted requests go to the meeting scheduler.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import lock_many, lock_one
from ecoforum.forums.models import Edition
from ecoforum.people.models import Person

from .enums import MeetingStatus, RequestSide, RequestStatus
from .exceptions import RequestError
from .models import InvestmentProject, Investor, Meeting, MeetingRequest
from .portal_queries import is_overdue

DEFAULT_EXPIRY = dt.timedelta(days=3)
OPEN = (RequestStatus.PENDING, RequestStatus.ACCEPTED)


def _name(request: MeetingRequest) -> str:
    return _("the request between %(investor)s and project %(code)s") % {
        "investor": request.investor.organization,
        "code": request.project.code,
    }


def _locked(request: MeetingRequest) -> MeetingRequest:
    locked = lock_one(MeetingRequest, request.pk)
    # The names in messages and the rules need these; fetched once, after the lock.
    locked.investor = Investor.objects.select_related("organization").get(pk=locked.investor_id)
    locked.project = InvestmentProject.objects.select_related("edition", "owner").get(pk=locked.project_id)
    return locked


def _expire(request: MeetingRequest, *, actor: Any, now: dt.datetime) -> None:
    request.status = RequestStatus.EXPIRED
    request.save(update_fields=["status"])
    log_action(
        request,
        "investment.request.expired",
        actor=actor,
        data={"status": [RequestStatus.PENDING, RequestStatus.EXPIRED], "expires_at": request.expires_at, "at": now},
    )


def _belongs_to_investor(person: Person, investor: Investor) -> bool:
    return person.organization_id == investor.organization_id or investor.contacts.filter(pk=person.pk).exists()


def send_request(
    *,
    investor: Investor,
    project: InvestmentProject,
    investor_person: Person,
    owner_person: Person,
    requested_by: str,
    priority: int,
    message: str,
    actor: Any,
    expires_in: dt.timedelta = DEFAULT_EXPIRY,
    edition: Edition | None = None,
) -> MeetingRequest:
    """Ask for a meeting between a person of the investor and a person of the project's owner.

    ``edition``, when given (the portal's), must be the project's. One open
    (pending or accepted) request per investor and project: the database holds it.
    """
    pair = _("%(investor)s and project %(code)s") % {"investor": investor.organization, "code": project.code}
    if edition is not None and project.edition_id != edition.pk:
        raise RequestError(
            _("Project %(code)s is not part of %(edition)s.") % {"code": project.code, "edition": edition}
        )
    if requested_by not in RequestSide.values:
        raise RequestError(_("%(value)s is not a side that can ask for a meeting.") % {"value": requested_by})
    if actor is not None:
        if requested_by == RequestSide.INVESTOR:
            allowed = actor.has_perm("investment.act_for_investor", investor) or actor.has_perm(
                "forums.manage_edition", project.edition
            )
            refusal = _("You may not ask for meetings on behalf of %(investor)s.") % {"investor": investor.organization}
        else:
            allowed = actor.has_perm("investment.act_for_owner", project)
            refusal = _("You may not ask for meetings on behalf of the owner of project %(code)s.") % {
                "code": project.code
            }
        if not allowed:
            raise PermissionDenied(refusal)
    if investor_person.pk == owner_person.pk:
        raise RequestError(
            _("%(person)s cannot meet themselves: choose another person for one side.") % {"person": investor_person}
        )
    if not _belongs_to_investor(investor_person, investor):
        raise RequestError(
            _("%(person)s does not speak for %(investor)s.")
            % {"person": investor_person, "investor": investor.organization}
        )
    if owner_person.organization_id != project.owner_id:
        raise RequestError(
            _("%(person)s does not speak for the owner of project %(code)s.")
            % {"person": owner_person, "code": project.code}
        )
    if priority not in (1, 2, 3):
        raise RequestError(_("The priority must be 1, 2 or 3."))
    message = (message or "").strip()
    if len(message) > 2000:
        raise RequestError(_("The message may have at most 2000 characters."))
    if expires_in <= dt.timedelta(0):
        raise RequestError(_("A request must stay open for some time."))

    now = timezone.now()
    with transaction.atomic(durable=True):
        # A pending request past its time no longer counts as open: record that it expired.
        overdue = MeetingRequest.objects.filter(
            investor=investor, project=project, status=RequestStatus.PENDING, expires_at__lte=now
        ).values_list("pk", flat=True)
        for old in lock_many(MeetingRequest, list(overdue)):
            if is_overdue(old, now):
                _expire(old, actor=None, now=now)
        request = MeetingRequest(
            edition_id=project.edition_id,
            investor=investor,
            project=project,
            investor_person=investor_person,
            owner_person=owner_person,
            requested_by=requested_by,
            priority=priority,
            message=message,
            expires_at=now + expires_in,
        )
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as exc:
            raise RequestError(
                _("There is already an open meeting request between %(pair)s.") % {"pair": pair}
            ) from exc
        log_action(
            request,
            "investment.request.sent",
            actor=actor,
            data={
                "investor": investor.pk,
                "project": project.code,
                "investor_person": investor_person.pk,
                "owner_person": owner_person.pk,
                "requested_by": requested_by,
                "priority": priority,
                "expires_at": request.expires_at,
            },
        )
    return request


def _answer(request: MeetingRequest, *, actor: Any, status: str, note: str) -> MeetingRequest:
    note = (note or "").strip()
    if len(note) > 500:
        raise RequestError(_("An answer may have at most 500 characters."))
    now = timezone.now()
    with transaction.atomic(durable=True):
        locked = _locked(request)
        if actor is not None and not actor.has_perm("investment.answer_request", locked):
            raise PermissionDenied(
                _("Only the side that was asked may answer %(request)s.") % {"request": _name(locked)}
            )
        expired_now = is_overdue(locked, now)
        if expired_now:
            _expire(locked, actor=None, now=now)
        elif locked.status == RequestStatus.PENDING:
            locked.status, locked.answered_at, locked.answer_note = status, now, note
            locked.save(update_fields=["status", "answered_at", "answer_note"])
            action = "accepted" if status == RequestStatus.ACCEPTED else "declined"
            log_action(
                locked,
                f"investment.request.{action}",
                actor=actor,
                data={"status": [RequestStatus.PENDING, status], "note": note},
            )
            return locked
    # Outside the transaction, so that a recorded expiry stays recorded.
    if expired_now:
        raise RequestError(_("%(request)s has expired; it can no longer be answered.") % {"request": _name(locked)})
    raise RequestError(
        _("%(request)s can no longer be answered: it is %(status)s.")
        % {"request": _name(locked), "status": locked.get_status_display()}
    )


def accept_request(request: MeetingRequest, *, actor: Any, note: str = "") -> MeetingRequest:
    """The side that was asked says yes: the request goes to the scheduler."""
    return _answer(request, actor=actor, status=RequestStatus.ACCEPTED, note=note)


def decline_request(request: MeetingRequest, *, actor: Any, note: str = "") -> MeetingRequest:
    """The side that was asked says no."""
    return _answer(request, actor=actor, status=RequestStatus.DECLINED, note=note)


def withdraw_request(request: MeetingRequest, *, actor: Any) -> MeetingRequest:
    """The side that asked takes a pending or accepted request back (not once its meeting is on the schedule)."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        locked = _locked(request)
        if actor is not None and not actor.has_perm("investment.withdraw_request", locked):
            raise PermissionDenied(_("Only the side that asked may withdraw %(request)s.") % {"request": _name(locked)})
        expired_now = is_overdue(locked, now)
        if expired_now:
            _expire(locked, actor=None, now=now)
        elif locked.status in OPEN:
            scheduled = (
                locked.status == RequestStatus.ACCEPTED
                and Meeting.objects.filter(request=locked).exclude(status=MeetingStatus.CANCELLED).exists()
            )
            if scheduled:
                raise RequestError(
                    _("%(request)s already has a meeting on the schedule; ask the organizers to cancel it.")
                    % {"request": _name(locked)}
                )
            before = locked.status
            locked.status, locked.answered_at = RequestStatus.WITHDRAWN, now
            locked.save(update_fields=["status", "answered_at"])
            log_action(
                locked, "investment.request.withdrawn", actor=actor, data={"status": [before, RequestStatus.WITHDRAWN]}
            )
            return locked
    if expired_now:
        raise RequestError(_("%(request)s has expired already.") % {"request": _name(locked)})
    raise RequestError(
        _("%(request)s can no longer be withdrawn: it is %(status)s.")
        % {"request": _name(locked), "status": locked.get_status_display()}
    )


def expire_overdue(edition: Edition, now: dt.datetime | None = None) -> int:
    """Every pending request of the edition whose time has come becomes expired; returns how many."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        due = MeetingRequest.objects.filter(
            edition=edition, status=RequestStatus.PENDING, expires_at__lte=now
        ).values_list("pk", flat=True)
        count = 0
        for request in lock_many(MeetingRequest, list(due)):
            if is_overdue(request, now):
                _expire(request, actor=None, now=now)
                count += 1
    return count
