"""Who may manage international cooperation (django-rules): the edition's organizers and guest services
(delegations and invitation letters need the guests' passport data). Partners and agreements outlive an
edition and belong to a forum: the organizers of any edition of *that* forum manage them
(``cooperation.manage_partners``, whose object is the forum, one of its editions, a partner or an
agreement); superusers manage every forum's."""

from __future__ import annotations

import rules

from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.rules import holds_role, organizes_edition_of


def forum_id_of(obj) -> int | None:
    """The forum a permission object belongs to: a forum's own id, or the ``forum_id`` of an edition, a partner
    or an agreement."""
    if obj is None:
        return None
    if hasattr(obj, "forum_id"):
        return obj.forum_id
    return obj.pk if obj._meta.label == "forums.Forum" else None


def organized_forum_ids(user) -> frozenset[int]:
    """The forums in which ``user`` organizes at least one edition, cached on the user for the request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cache = user.__dict__
    if "_ecoforum_organized_forums" not in cache:
        cache["_ecoforum_organized_forums"] = frozenset(
            user.committee_roles.filter(role=CommitteeRole.ORGANIZER).values_list("edition__forum_id", flat=True)
        )
    return cache["_ecoforum_organized_forums"]


@rules.predicate
def organizes_forum_of(user, obj) -> bool:
    forum_id = forum_id_of(obj)
    return forum_id is not None and forum_id in organized_forum_ids(user)


rules.add_perm("cooperation.manage_partners", rules.is_superuser | organizes_forum_of)
rules.add_perm(
    "cooperation.manage_delegations",
    rules.is_superuser | organizes_edition_of | holds_role(CommitteeRole.GUEST_SERVICES),
)
