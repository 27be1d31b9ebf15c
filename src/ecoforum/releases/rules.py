"""Who may manage releases (django-rules): the edition's organizers. The permission object is the edition
(or anything with an ``edition``)."""

from __future__ import annotations

import rules

from ecoforum.forums.rules import is_organizer


def _edition(obj):
    return getattr(obj, "edition", obj)


@rules.predicate
def organizes(user, obj) -> bool:
    return obj is not None and is_organizer(user, _edition(obj))


rules.add_perm("releases.manage_releases", rules.is_superuser | organizes)
