"""Who may do what in the think tank and on the exchange platform (django-rules).

- **Organizers** of an edition (``forums.manage_edition``) see its invitations with their
  history, invite and withdraw, and answer the experts' proposals for it
  (``people.manage_thinktank``).
- An **expert** sees and changes only their own proposals (``people.change_advice``; the
  object is the :class:`~ecoforum.people.models.AdvisoryInput`).
- A **participant** answers only the contact requests sent to them
  (``people.answer_contact``; the object is the :class:`~ecoforum.people.models.ContactRequest`).
"""

from __future__ import annotations

import rules

from ecoforum.forums.rules import organizes_edition_of


@rules.predicate
def is_advice_author(user, advice) -> bool:
    person = getattr(advice, "person", None)
    return bool(person is not None and user.is_authenticated and person.user_id == user.pk)


@rules.predicate
def is_contact_recipient(user, contact) -> bool:
    recipient = getattr(contact, "recipient", None)
    return bool(recipient is not None and user.is_authenticated and recipient.user_id == user.pk)


rules.add_perm("people.manage_thinktank", rules.is_superuser | organizes_edition_of)
rules.add_perm("people.change_advice", is_advice_author)
rules.add_perm("people.answer_contact", is_contact_recipient)
