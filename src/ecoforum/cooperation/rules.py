"""Who may manage international cooperation (django-rules): the edition's organizers and guest services
(delegations and invitation letters need the guests' passport data). Partners and agreements outlive an
edition: organizers of any edition of the forum manage them (``cooperation.manage_partners``, no object)."""

from __future__ import annotations

import rules

from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.rules import holds_role, organizes_edition_of


@rules.predicate
def organizes_any_edition(user) -> bool:
    return bool(user.is_authenticated and user.committee_roles.filter(role=CommitteeRole.ORGANIZER).exists())


rules.add_perm("cooperation.manage_partners", rules.is_superuser | organizes_any_edition)
rules.add_perm(
    "cooperation.manage_delegations",
    rules.is_superuser | organizes_edition_of | holds_role(CommitteeRole.GUEST_SERVICES),
)
