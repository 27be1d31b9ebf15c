"""Who may see and change outcomes (django-rules).

- Organizers of the edition manage every outcome of it (create, assign, abandon) and
  see the dashboard; read-only committee staff see the dashboard.
- A responsible unit reports on its own outcomes only: a user whose person belongs to
  the outcome's responsible unit, or who is named one of its contact people, may
  update the stages and add evidence of that outcome, and of no other.

The permission object of ``outcomes.manage_outcomes`` and ``outcomes.view_dashboard``
is the edition (or anything with an ``edition``); that of ``outcomes.report_on_outcome``
is the outcome.
"""

from __future__ import annotations

import rules

from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.rules import holds_role, organizes_edition_of
from ecoforum.investment.rules import person_of


def reporting_scope_of(user) -> tuple[int | None, int | None]:
    """``(person_id, organization_id)`` of the user, from the person cached on the user for the request
    (:func:`ecoforum.investment.rules.person_of`, which the portal menu reads too)."""
    person = person_of(user)
    if person is None:
        return None, None
    return person.pk, person.organization_id


@rules.predicate
def reports_for_outcome(user, outcome) -> bool:
    """The user belongs to the outcome's responsible unit or is one of its contact people."""
    if outcome is None:
        return False
    person_id, organization_id = reporting_scope_of(user)
    if person_id is None:
        return False
    if organization_id is not None and outcome.responsible_unit_id == organization_id:
        return True
    return outcome.contacts.filter(pk=person_id).exists()


views_outcomes_of_edition = holds_role(CommitteeRole.ORGANIZER, CommitteeRole.STAFF)

rules.add_perm("outcomes.manage_outcomes", rules.is_superuser | organizes_edition_of)
rules.add_perm("outcomes.view_dashboard", rules.is_superuser | views_outcomes_of_edition)
rules.add_perm("outcomes.report_on_outcome", rules.is_superuser | organizes_edition_of | reports_for_outcome)
