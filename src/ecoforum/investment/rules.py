"""Who may act for an investor or a project, and who may answer which meeting request (django-rules).

A logged-in user acts for an organization through ``user.person.organization``.
An investor's people are the persons of its organization and its contact people;
a project owner's people are the persons of the project's owner. Organizers of an
edition (``forums.manage_edition``) look after its projects and requests;
superusers may do everything.
"""

from __future__ import annotations

import rules
from django.apps import apps
from django.db.models import Q

from ecoforum.forums.rules import is_organizer

from .enums import RequestSide


def _real(user):
    """The user itself, not ``request.user``'s lazy wrapper: the caches below must sit where ``has_perm`` looks."""
    return user.__dict__.get("_wrapped", user)


def person_of(user):
    """The user's :class:`Person` (with its organization), or ``None``; cached on the user for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    user = _real(user)
    if "_ecoforum_person" not in user.__dict__:
        Person = apps.get_model("people", "Person")
        user.__dict__["_ecoforum_person"] = Person.objects.select_related("organization").filter(user=user).first()
    return user.__dict__["_ecoforum_person"]


def organization_id_of(user) -> int | None:
    person = person_of(user)
    return person.organization_id if person is not None else None


def investor_ids_of(user) -> frozenset[int]:
    """The investors the user speaks for: their organization's, and those naming them a contact person."""
    person = person_of(user)
    if person is None:
        return frozenset()
    user = _real(user)
    if "_ecoforum_investors" not in user.__dict__:
        Investor = apps.get_model("investment", "Investor")
        mine = Q(contacts=person)
        if person.organization_id is not None:
            mine |= Q(organization_id=person.organization_id)
        ids = Investor.objects.filter(mine).values_list("pk", flat=True).distinct()
        user.__dict__["_ecoforum_investors"] = frozenset(ids)
    return user.__dict__["_ecoforum_investors"]


@rules.predicate
def is_investor_person(user, investor) -> bool:
    return investor is not None and investor.pk in investor_ids_of(user)


@rules.predicate
def is_owner_person(user, project) -> bool:
    organization_id = organization_id_of(user)
    return project is not None and organization_id is not None and project.owner_id == organization_id


@rules.predicate
def organizes_edition_of(user, obj) -> bool:
    """Organizer of the edition of ``obj`` (a project or a request), or of ``obj`` when it is an edition."""
    if obj is None:
        return False
    edition = getattr(obj, "edition", obj)
    return bool(is_organizer(user, edition))


def _side_of(user, request) -> set[str]:
    sides: set[str] = set()
    if request is None:
        return sides
    if request.investor_id in investor_ids_of(user):
        sides.add(RequestSide.INVESTOR)
    organization_id = organization_id_of(user)
    if organization_id is not None and request.project.owner_id == organization_id:
        sides.add(RequestSide.OWNER)
    return sides


@rules.predicate
def is_asking_side(user, request) -> bool:
    return request is not None and request.requested_by in _side_of(user, request)


@rules.predicate
def is_asked_side(user, request) -> bool:
    if request is None:
        return False
    other = RequestSide.OWNER if request.requested_by == RequestSide.INVESTOR else RequestSide.INVESTOR
    return other in _side_of(user, request)


@rules.predicate
def is_either_side(user, request) -> bool:
    return bool(_side_of(user, request))


is_superuser = rules.is_superuser

rules.add_perm("investment.act_for_investor", is_superuser | is_investor_person)
rules.add_perm("investment.act_for_owner", is_superuser | is_owner_person | organizes_edition_of)
rules.add_perm("investment.add_project", is_superuser | organizes_edition_of)
rules.add_perm("investment.change_project", is_superuser | is_owner_person | organizes_edition_of)
rules.add_perm("investment.answer_request", is_superuser | is_asked_side)
rules.add_perm("investment.withdraw_request", is_superuser | is_asking_side)
rules.add_perm("investment.view_request", is_superuser | is_either_side | organizes_edition_of)
