"""Who may act for an exhibitor, and who allocates booths (django-rules).

A logged-in user acts for an exhibitor when their :class:`Person` is one of its
:class:`ExhibitorStaff`: a **manager** edits the profile, the products and the
staff and applies for booths; **booth staff** may only look. Organizers of the
exhibitor's edition (``forums.manage_edition``) may do everything, and only they
change the tags (Fortune Global 500, China Top 500, industry leader), the badge
quota, and reserve, confirm, decline or release booths. Superusers may do everything.

The permission object is the exhibitor for everything an exhibitor does (its
products, staff and applications included), and the application (or anything
with an ``edition``) for what organizers do.
"""

from __future__ import annotations

import rules
from django.apps import apps

from ecoforum.forums.rules import is_organizer

from .enums import StaffRole

CACHE_KEY = "_ecoforum_exhibitor_roles"


def _real(user):
    """The user itself, not ``request.user``'s lazy wrapper: the cache must sit where ``has_perm`` looks."""
    return user.__dict__.get("_wrapped", user)


def exhibitor_roles_of(user) -> dict[int, str]:
    """``{exhibitor id: role}`` for the user's person; cached on the user for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    user = _real(user)
    if CACHE_KEY not in user.__dict__:
        ExhibitorStaff = apps.get_model("exhibition", "ExhibitorStaff")
        rows = ExhibitorStaff.objects.filter(person__user=user).values_list("exhibitor_id", "role")
        user.__dict__[CACHE_KEY] = dict(rows)
    return user.__dict__[CACHE_KEY]


def forget_exhibitor_roles(user) -> None:
    """Drop the cache after the staff of an exhibitor changed."""
    if user is not None:
        _real(user).__dict__.pop(CACHE_KEY, None)


def _exhibitor_id(obj) -> int:
    return getattr(obj, "exhibitor_id", None) or getattr(obj, "pk", None) or 0


@rules.predicate
def is_exhibitor_manager(user, exhibitor) -> bool:
    return exhibitor is not None and exhibitor_roles_of(user).get(_exhibitor_id(exhibitor)) == StaffRole.MANAGER


@rules.predicate
def is_exhibitor_member(user, exhibitor) -> bool:
    """Any role: manager or booth staff."""
    return exhibitor is not None and _exhibitor_id(exhibitor) in exhibitor_roles_of(user)


@rules.predicate
def organizes_edition_of(user, obj) -> bool:
    """Organizer of the edition of ``obj`` (an exhibitor, an application, a zone, a booth) or of ``obj`` itself."""
    if obj is None:
        return False
    edition = getattr(obj, "edition", obj)
    return bool(is_organizer(user, edition))


is_superuser = rules.is_superuser
is_organizer_here = is_superuser | organizes_edition_of

rules.add_perm("exhibition.view_exhibitor_portal", is_organizer_here | is_exhibitor_member)
rules.add_perm("exhibition.change_exhibitor", is_organizer_here | is_exhibitor_manager)
rules.add_perm("exhibition.change_exhibitor_tags", is_organizer_here)
rules.add_perm("exhibition.change_badge_quota", is_organizer_here)
rules.add_perm("exhibition.change_product", is_organizer_here | is_exhibitor_manager)
rules.add_perm("exhibition.change_exhibitor_staff", is_organizer_here | is_exhibitor_manager)
rules.add_perm("exhibition.apply_for_booth", is_organizer_here | is_exhibitor_manager)
rules.add_perm("exhibition.withdraw_application", is_organizer_here | is_exhibitor_manager)
rules.add_perm("exhibition.allocate_booth", is_organizer_here)
