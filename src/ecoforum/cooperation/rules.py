"""Who may manage international cooperation (django-rules): the edition's organizers and guest services
(delegations and invitation letters need the guests' passport data). Partners and agreements outlive an
edition: organizers of any edition of the forum manage them (``cooperation.manage_partners``, no object)."""

from __future__ import annotations

import rules

from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.rules import committee_role, is_organizer


def _edition(obj):
    return getattr(obj, "edition", obj)


@rules.predicate
def organizes(user, obj) -> bool:
    return obj is not None and is_organizer(user, _edition(obj))


@rules.predicate
def runs_guest_services(user, obj) -> bool:
    return obj is not None and committee_role(user, _edition(obj)) == CommitteeRole.GUEST_SERVICES


@rules.predicate
def organizes_any_edition(user) -> bool:
    return bool(user.is_authenticated and user.committee_roles.filter(role=CommitteeRole.ORGANIZER).exists())


rules.add_perm("cooperation.manage_partners", rules.is_superuser | organizes_any_edition)
rules.add_perm("cooperation.manage_delegations", rules.is_superuser | organizes | runs_guest_services)
