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


is_superuser = rules.is_superuser

rules.add_perm("forums.manage_edition", is_superuser | is_organizer)
rules.add_perm("forums.view_backoffice", is_superuser | is_committee_member)
rules.add_perm("forums.manage_program", is_superuser | is_organizer | is_program_manager)
