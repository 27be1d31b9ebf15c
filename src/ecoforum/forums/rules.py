"""Who may do what with an edition (django-rules).

Roles come from :class:`CommitteeMember`. Superusers may do everything.
"""

from __future__ import annotations

import rules

from .enums import CommitteeRole


def committee_role(user, edition) -> str | None:
    """The user's committee role on the edition, cached on the user for the request."""
    if user is None or not user.is_authenticated or edition is None:
        return None
    cache = user.__dict__.setdefault("_ecoforum_roles", {})
    if edition.pk not in cache:
        cache[edition.pk] = user.committee_roles.filter(edition=edition).values_list("role", flat=True).first()
    return cache[edition.pk]


@rules.predicate
def is_organizer(user, edition) -> bool:
    return committee_role(user, edition) == CommitteeRole.ORGANIZER


@rules.predicate
def is_program_manager(user, edition) -> bool:
    return committee_role(user, edition) == CommitteeRole.PROGRAM_MANAGER


@rules.predicate
def is_committee_member(user, edition) -> bool:
    return committee_role(user, edition) is not None


def edition_of(obj):
    """The edition a permission object belongs to: the edition itself, or anything with an ``edition``."""
    return getattr(obj, "edition", obj)


def holds_role(*roles: str) -> rules.Predicate:
    """A predicate: the user holds one of ``roles`` on the object's edition (see :func:`edition_of`)."""

    @rules.predicate(name=f"holds_role({', '.join(roles)})")
    def predicate(user, obj) -> bool:
        return obj is not None and committee_role(user, edition_of(obj)) in roles

    return predicate


#: Organizers of the object's edition, for permissions whose object is an edition's row.
organizes_edition_of = holds_role(CommitteeRole.ORGANIZER)

is_superuser = rules.is_superuser

rules.add_perm("forums.manage_edition", is_superuser | is_organizer)
rules.add_perm("forums.view_backoffice", is_superuser | is_committee_member)
rules.add_perm("forums.manage_program", is_superuser | is_organizer | is_program_manager)
