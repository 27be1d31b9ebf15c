"""Who may manage releases (django-rules): the edition's organizers. The permission object is the edition
(or anything with an ``edition``)."""

from __future__ import annotations

import rules

from ecoforum.forums.rules import organizes_edition_of

rules.add_perm("releases.manage_releases", rules.is_superuser | organizes_edition_of)
