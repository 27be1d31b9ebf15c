"""Reads of the investor and project-owner portals: who the user acts for, their projects and requests.

Each object a portal shows is reached through one access function here that
returns ``None`` for "missing" and for "not yours" alike (the views turn both into a 404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from ecoforum.forums.models import Edition
from ecoforum.people.models import Person

from .enums import RequestStatus
from .models import InvestmentProject, Investor, MeetingRequest
from .rules import investor_ids_of, organization_id_of, person_of

#: People with an account come first when someone must be named to meet.
WITH_ACCOUNT_FIRST = F("user").asc(nulls_last=True)


def is_overdue(request: MeetingRequest, now: dt.datetime | None = None) -> bool:
    """A pending request expires at ``expires_at``: from that moment on it can no longer be answered."""
    now = now or timezone.now()
    return request.status == RequestStatus.PENDING and now >= request.expires_at


def shown_status(request: MeetingRequest, now: dt.datetime | None = None) -> str:
    """The status as people should see it: a pending request past its time is expired, even before the command runs."""
    return RequestStatus.EXPIRED if is_overdue(request, now) else request.status


def investor_of(user: Any) -> Investor | None:
    """The investor the user speaks for (their organization's first, else one naming them a contact)."""
    ids = investor_ids_of(user)
    if not ids:
        return None
    organization_id = organization_id_of(user)
    investors = Investor.objects.filter(pk__in=ids).select_related("organization").prefetch_related("industries")
    own = [investor for investor in investors if investor.organization_id == organization_id]
    if own:
        return own[0]
    return min(investors, key=lambda investor: investor.pk, default=None)


def projects_of_owner(user: Any, edition: Edition) -> QuerySet[InvestmentProject]:
    """The edition's projects of the user's organization, in code order, with their catalogue entry and owner."""
    organization_id = organization_id_of(user)
    if organization_id is None:
        return InvestmentProject.objects.none()
    return (
        InvestmentProject.objects.filter(edition=edition, owner_id=organization_id)
        .select_related("industry__parent__parent", "owner")
        .order_by("code")
    )


def owned_project(user: Any, edition: Edition, pk: int) -> InvestmentProject | None:
    return projects_of_owner(user, edition).filter(pk=pk).first()


def project_for_investor(edition: Edition, pk: int) -> InvestmentProject | None:
    """A project of the edition an investor may ask to meet (every listed project is public)."""
    return (
        InvestmentProject.objects.filter(edition=edition, pk=pk)
        .select_related("industry__parent__parent", "owner")
        .first()
    )


def investor_by_id(pk: int) -> Investor | None:
    return Investor.objects.filter(pk=pk).select_related("organization").first()


def _requests() -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.select_related(
        "investor__organization", "project__owner", "project__edition", "investor_person", "owner_person"
    )


def requests_of_investor(investor: Investor, edition: Edition) -> QuerySet[MeetingRequest]:
    """The investor's requests in the edition, newest first."""
    return _requests().filter(edition=edition, investor=investor).order_by("-created", "-pk")


def requests_of_owner(user: Any, edition: Edition) -> QuerySet[MeetingRequest]:
    """The requests about the projects of the user's organization in the edition, newest first."""
    organization_id = organization_id_of(user)
    if organization_id is None:
        return MeetingRequest.objects.none()
    return _requests().filter(edition=edition, project__owner_id=organization_id).order_by("-created", "-pk")


def request_for(user: Any, edition: Edition, pk: int) -> MeetingRequest | None:
    """A request of the edition that the user may see (either side, organizers); ``None`` otherwise."""
    request = _requests().filter(edition=edition, pk=pk).first()
    if request is None or not user.has_perm("investment.view_request", request):
        return None
    return request


def speaker_for_investor(investor: Investor, user: Any = None) -> Person | None:
    """The person who meets for the investor: the acting user when they are one of its people, else its first."""
    person = person_of(user)
    if person is not None and investor.pk in investor_ids_of(user):
        return person
    people = Person.objects.filter(Q(organization_id=investor.organization_id) | Q(investors=investor)).distinct()
    return people.order_by(WITH_ACCOUNT_FIRST, "pk").first()


def speaker_for_owner(project: InvestmentProject, user: Any = None) -> Person | None:
    """The person who meets for the project's owner: the acting user when they are one of its people, else its first."""
    person = person_of(user)
    if person is not None and person.organization_id == project.owner_id:
        return person
    return Person.objects.filter(organization_id=project.owner_id).order_by(WITH_ACCOUNT_FIRST, "pk").first()


def portal_sides(user: Any, edition: Edition) -> tuple[bool, bool]:
    """Whether the user speaks for an investor, and whether their organization owns projects of the edition."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False, False
    cache = user.__dict__.get("_wrapped", user).__dict__.setdefault("_ecoforum_portal_sides", {})
    if edition.pk not in cache:
        cache[edition.pk] = (bool(investor_ids_of(user)), projects_of_owner(user, edition).exists())
    return cache[edition.pk]
