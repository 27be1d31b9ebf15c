"""Who may manage the evaluation of an edition (django-rules): its organizers; committee staff may read it.

The permission object is the edition (or anything with an ``edition``).
"""

from __future__ import annotations

import rules

from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.rules import holds_role, organizes_edition_of

rules.add_perm("evaluation.manage_evaluation", rules.is_superuser | organizes_edition_of)
rules.add_perm(
    "evaluation.view_evaluation",
    rules.is_superuser | holds_role(CommitteeRole.ORGANIZER, CommitteeRole.STAFF),
)
