"""The program page's filters and session list, rendered once and kept in the cache.

A published release never changes (docs/decisions/0001), so what the program page shows
for one release, language, set of filters and page is the same for every visitor until
organizers publish again. What a release does *not* freeze is read live:
session titles, kinds and people, theme forums and their sections, room names, speaker
names. The cache key therefore holds

- the edition (its address, time zone and days), the latest release (its id and publication
  time: a new release is a new key, so it shows at once), the language, the filters and
  the page asked for, and
- a *generation* that every change to those live rows moves on: the receivers below
  bump it when a session, a role in a session, a theme forum, a section, a room or a
  speaker's name is saved or deleted, and when a program service records an audit entry
  (``program.*``, which also covers roles written in bulk). The bump runs at once and
  again when the transaction commits, so a page read in between cannot keep old words.

What differs per visitor, the star buttons (their agenda) and the CSRF token, stays out
of the cached list: each card holds a marker that :func:`fill_stars` replaces per request.

The cache is Redis in production (shared by every worker). The local-memory cache of a
development machine is per process, so there the list is kept only briefly
(:data:`LOCAL_SECONDS`): with several workers an edit made in one reaches the others
within that time.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.template.loader import get_template, render_to_string

from ecoforum.core import db_router

GENERATION_KEY = "ecoforum.program.list.generation"
#: The templates a cached list is made of: a release of ecoforum that changes one of them (or this
#: module's format, :data:`FORMAT`) makes new keys, so no worker serves markup an older release cached.
LIST_TEMPLATES = (
    "program/_program_filters.html",
    "program/_program_list.html",
    "program/_slot_groups.html",
    "program/_slot_card.html",
    "program/_star.html",
)
FORMAT = 1
#: How long a rendered list stays in a shared cache (Redis). A new release or an edit
#: replaces it at once; the limit only bounds what a write that skips the ORM (raw SQL,
#: ``QuerySet.update`` in a shell) could leave behind.
SHARED_SECONDS = 3600
#: How long a rendered list stays in a per-process (local memory) cache.
LOCAL_SECONDS = 15
#: With a read replica (``DATABASE_REPLICA_URL``) a visitor's list may be rendered from rows the replica
#: has not caught up with yet, right after an edit moved the generation; so lists are then kept no longer
#: than this, and a correction shows within it even when it raced the replica.
REPLICA_SECONDS = 30

#: The marker a cached card holds where its star button goes.
STAR_MARK = re.compile(r"<!--ecoforum-star:(\d+)-->")
#: A session id no session has: the star button is rendered once per state with it, then copied per card.
_PLACEHOLDER_PK = 98_765_432_109_876_541


def timeout() -> int:
    """Seconds a rendered list is kept (see :data:`SHARED_SECONDS`, :data:`LOCAL_SECONDS` and
    :data:`REPLICA_SECONDS`)."""
    configured = getattr(settings, "PROGRAM_LIST_CACHE_SECONDS", None)
    if configured is not None:
        seconds = int(configured)
    else:
        local = str(settings.CACHES.get("default", {}).get("BACKEND", "")).endswith("LocMemCache")
        seconds = LOCAL_SECONDS if local else SHARED_SECONDS
    return min(seconds, REPLICA_SECONDS) if db_router.replica_configured() else seconds


# --- the generation ------------------------------------------------------------------------


def generation() -> int:
    """The current generation; a missing one (first start, cache flushed or evicted) starts
    from the clock, so that no list kept under an older number can come back."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        if not cache.add(GENERATION_KEY, value, timeout=None):
            value = cache.get(GENERATION_KEY, value)
    return int(value)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # missing: start a fresh one
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def invalidate() -> None:
    """Every cached program list is out of date: now, and once more when the transaction commits."""
    _bump()
    transaction.on_commit(_bump)


# --- the key -------------------------------------------------------------------------------


def list_key(edition, release, *, language: str, filters: dict[str, object], page: str | None, generation: int) -> str:
    """The key of one rendered list (see the module's docstring for what it holds): the filters as
    asked (an unknown section or room gives the unfiltered list, under its own key)."""
    release_part = (
        f"{release.pk}.{release.published_at.timestamp():.6f}" if release is not None and release.published_at else "0"
    )
    parts = [
        str(edition.pk),
        edition.slug,
        str(edition.time_zone),
        f"{edition.start_date}..{edition.end_date}",  # the day tabs
        release_part,
        language,
        *(f"{name}={filters[name]}" for name in sorted(filters)),
        f"page={_page_part(page)}",
        f"gen={generation}",
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"ecoforum.program.list.{edition.pk}.{_code_version()}.{digest}"


@functools.cache
def _code_version() -> str:
    """What the cached markup was made with: :data:`FORMAT` and the list templates' source."""
    sources = [str(FORMAT), *(get_template(name).template.source for name in LIST_TEMPLATES)]  # type: ignore[attr-defined]
    return hashlib.sha256("\x1f".join(sources).encode()).hexdigest()[:12]


def _page_part(page: str | None) -> str:
    """The page asked for, as the paginator reads it: a number, ``last`` or nothing (the first)."""
    value = (page or "").strip()
    if value == "last":
        return value
    try:
        number = int(value)
    except ValueError:
        return ""
    return str(min(max(number, 0), 1_000_000))


# --- the stars -----------------------------------------------------------------------------


def fill_stars(html: str, request: HttpRequest, edition, starred: set[int]) -> str:
    """``html`` with every star marker replaced by this visitor's star button (their agenda, their CSRF token).

    The button is rendered twice (starred or not) with a placeholder id, then copied per card."""
    if "<!--ecoforum-star:" not in html:
        return html
    placeholder = str(_PLACEHOLDER_PK)
    session = SimpleNamespace(pk=_PLACEHOLDER_PK)
    buttons = {
        state: render_to_string(
            "program/_star.html",
            {"edition": edition, "session": session, "starred": {_PLACEHOLDER_PK} if state else set()},
            request=request,
        )
        for state in (True, False)
    }

    def button(match: re.Match[str]) -> str:
        return buttons[int(match[1]) in starred].replace(placeholder, match[1])

    return STAR_MARK.sub(button, html)


# --- what invalidates ----------------------------------------------------------------------

#: A person's fields that a program card shows (the name in each language, the address).
PERSON_FIELDS = {"name", "name_zh_hans", "name_en", "slug"}


def _changed(sender, **kwargs) -> None:
    invalidate()


def _person_saved(sender, instance, created: bool = False, update_fields=None, **kwargs) -> None:
    """A speaker's name or address changed. Guests registering (new people) do not empty the cache."""
    if created or (update_fields is not None and not PERSON_FIELDS & set(update_fields)):
        return
    from .models import SessionPerson

    person_id = instance.pk

    def bump_if_speaker() -> None:
        # After the commit: saving a person sends no query of this module inside the writer's transaction.
        if SessionPerson.objects.filter(person_id=person_id).exists():
            _bump()

    transaction.on_commit(bump_if_speaker, robust=True)


def _audited(sender, instance, created: bool = False, **kwargs) -> None:
    if created and str(getattr(instance, "action", "")).startswith("program."):
        invalidate()


def connect() -> None:
    """Called once from the app's ``ready``."""
    from ecoforum.core.models import AuditEntry
    from ecoforum.people.models import Person

    from .models import Room, Section, Session, SessionPerson, ThemeForum

    for model in (Session, SessionPerson, ThemeForum, Section, Room):
        uid = f"program.page_cache.{model._meta.model_name}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.deleted")
    m2m_changed.connect(_changed, sender=SessionPerson, dispatch_uid="program.page_cache.people")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="program.page_cache.person")
    post_save.connect(_audited, sender=AuditEntry, dispatch_uid="program.page_cache.audit")
