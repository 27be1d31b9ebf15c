"""Who may change which part of the program.

Organizers and program managers change the whole program; a theme forum's
coordinators change only that forum and its sessions.
"""

from __future__ import annotations

import rules

from ecoforum.forums.rules import is_organizer, is_program_manager


def _coordinates(user, theme_forum) -> bool:
    if theme_forum is None or not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_ecoforum_forums", None)
    if cache is None:
        cache = set(user.coordinated_forums.values_list("pk", flat=True))
        user.__dict__["_ecoforum_forums"] = cache
    return theme_forum.pk in cache


@rules.predicate
def manages_program_of_forum(user, theme_forum) -> bool:
    return theme_forum is not None and (
        is_organizer(user, theme_forum.edition) or is_program_manager(user, theme_forum.edition)
    )


@rules.predicate
def coordinates_forum(user, theme_forum) -> bool:
    return _coordinates(user, theme_forum)


@rules.predicate
def manages_program_of_session(user, session) -> bool:
    return session is not None and (is_organizer(user, session.edition) or is_program_manager(user, session.edition))


@rules.predicate
def coordinates_session(user, session) -> bool:
    return session is not None and _coordinates(user, session.theme_forum)


rules.add_perm("program.change_themeforum", rules.is_superuser | manages_program_of_forum | coordinates_forum)
rules.add_perm("program.add_session_to_forum", rules.is_superuser | manages_program_of_forum | coordinates_forum)
rules.add_perm("program.change_session", rules.is_superuser | manages_program_of_session | coordinates_session)
