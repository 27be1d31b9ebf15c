"""Who may do what with registrations and guests (django-rules).

- **Guest services** (``CommitteeRole.GUEST_SERVICES``) and organizers run
  registration, badges, hotels, transport and meals, and may see identity
  documents (``services.view_identity``); nobody else sees them, read-only
  committee staff included.
- Read-only committee **staff** and **program managers** see the guest lists
  (``services.view_guests``), identity data redacted, and change nothing.
- **Gate staff** scan badges and see the live counts, nothing else.
- A **guest** sees and changes their own registration: by the private link in
  their confirmation (the token is the permission), or logged in as its person.

The permission object is the edition (or anything with an ``edition``).
"""

from __future__ import annotations

import rules

from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.rules import holds_role, organizes_edition_of

is_guest_services = holds_role(CommitteeRole.GUEST_SERVICES)
is_gate_staff = holds_role(CommitteeRole.GATE_STAFF)
is_read_only_member = holds_role(CommitteeRole.STAFF, CommitteeRole.PROGRAM_MANAGER)


@rules.predicate
def is_registrant(user, registration) -> bool:
    person = getattr(registration, "person", None)
    return bool(person is not None and user.is_authenticated and person.user_id == user.pk)


can_manage_guests = rules.is_superuser | organizes_edition_of | is_guest_services

rules.add_perm("services.manage_guests", can_manage_guests)
rules.add_perm("services.view_guests", can_manage_guests | is_read_only_member)
rules.add_perm("services.view_identity", can_manage_guests)
rules.add_perm("services.scan_badges", can_manage_guests | is_gate_staff)
rules.add_perm("services.view_registration", can_manage_guests | is_registrant)
