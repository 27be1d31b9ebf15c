"""The program API: the published program for everyone, the draft and its edits for organizers.

Mounted by :mod:`ecoforum.api.api` under ``/api/editions/``, with the write
authentication (token or session with CSRF) as the default: every public read
says ``auth=None`` itself. Each endpoint resolves access, calls the same query or
service as the pages, and returns; domain errors become 4xx in ``ecoforum.api``.

The path parameter is ``edition_slug``, not ``edition``: the edition middleware
turns a view's ``edition`` argument into an object, which suits pages, not the API.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Annotated, TypeVar

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema
from ninja.responses import Status

from ecoforum.core.converters import MAX_RECORD_ID, RecordId
from ecoforum.forums import queries as forum_queries
from ecoforum.forums.models import Edition

from . import queries, services
from .enums import SessionKind
from .exceptions import ProgramError
from .models import Room, Session, SessionSlot, ThemeForum
from .schemas import (
    DraftSessionOut,
    DraftSessionPage,
    Error,
    PeopleIn,
    ProgramReleaseOut,
    ReleaseIn,
    RoleIn,
    RoomOut,
    SectionOut,
    SessionIn,
    SessionOut,
    SessionPage,
    SessionPatch,
    SlotIn,
    draft_session_out,
    release_out,
    room_out,
    section_out,
    session_out,
)

#: A session id in a path: one the database can hold, or the request is refused with 422.
SessionId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]

router = Router(tags=["program"], by_alias=True)

T = TypeVar("T")

#: What a public read may answer besides 200.
READ_ERRORS: dict[int, type[Schema]] = {404: Error, 422: Error}
#: What a write may answer besides its success.
WRITE_ERRORS: dict[int, type[Schema]] = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    409: Error,
    422: Error,
    503: Error,
}
IDEMPOTENCY_KEY = Header(
    None,
    alias="Idempotency-Key",
    max_length=200,
    description="Any unique string, such as a UUID. A retry with the same key returns the first response "
    "and creates nothing new.",
)


class UnknownReference(ProgramError):
    """The request names a room, section, theme forum or person that the edition does not have."""


class SessionFilters(Schema):
    day: dt.date | None = Field(None, description="A day of the edition, such as 2023-07-08.")
    section: str | None = Field(None, description="A section's slug.")
    theme_forum: str | None = Field(None, description="A theme forum's slug.")
    room: RecordId | None = Field(None, description="A room's id.")
    kind: SessionKind | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


class PageParams(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


# --- helpers ----------------------------------------------------------------


def _user(request: HttpRequest):
    """The acting user: the token's or the session's."""
    return getattr(request, "auth", None) or request.user


def _edition(request: HttpRequest, slug: str) -> Edition:
    return forum_queries.get_edition(slug, user=_user(request))


def _page(slots: QuerySet[SessionSlot], params: PageParams | SessionFilters, build: Callable[[SessionSlot], T]):
    count = slots.count()
    start = (params.page - 1) * params.page_size
    items = [build(slot) for slot in slots[start : start + params.page_size]] if start < count else []
    return {"count": count, "page": params.page, "pages": max(1, math.ceil(count / params.page_size)), "items": items}


def _session_for_edit(request: HttpRequest, edition: Edition, session_id: int) -> Session:
    """The session if the caller may change it; the same 404 for missing, not yours and other editions."""
    session = queries.session_for_edit(_user(request), session_id)
    if session.edition_id != edition.pk:
        raise Http404("No such session")
    return session


def _draft_out(session: Session, edition: Edition) -> DraftSessionOut:
    slot = queries.draft_slot_of(session) or SessionSlot(session=session)
    return draft_session_out(slot, edition)


def _room(edition: Edition, pk: int | None) -> Room | None:
    if pk is None:
        return None
    room = queries.edition_room(edition, pk)
    if room is None:
        raise UnknownReference(_("This edition has no room %(id)s.") % {"id": pk})
    return room


def _theme_forum(edition: Edition, pk: int | None) -> ThemeForum | None:
    if pk is None:
        return None
    forum = queries.edition_theme_forum(edition, pk=pk)
    if forum is None:
        raise UnknownReference(_("This edition has no theme forum %(id)s.") % {"id": pk})
    return forum


def _roles(people: list[RoleIn]) -> list[services.Role]:
    found = queries.people_by_id([r.person for r in people])
    missing = sorted({r.person for r in people} - set(found))
    if missing:
        raise UnknownReference(
            _("There is no person with the id %(ids)s.") % {"ids": ", ".join(str(pk) for pk in missing)}
        )
    return [
        services.Role(
            person=found[r.person],
            role=r.role,
            talk_title_zh_hans=(r.talk_title.zh_hans or "") if r.talk_title else "",
            talk_title_en=(r.talk_title.en or "") if r.talk_title else "",
        )
        for r in people
    ]


# --- the published program (public) -----------------------------------------


@router.get(
    "/{edition_slug}/program/sessions",
    response={200: SessionPage, **READ_ERRORS},
    auth=None,
    summary="Sessions of the published program",
)
def list_sessions(request: HttpRequest, edition_slug: str, filters: Query[SessionFilters]):
    """The latest release's sessions in time order, filtered and paginated."""
    edition = _edition(request, edition_slug)
    section = None
    if filters.section:
        section = queries.edition_section(edition, filters.section)
        if section is None:
            raise UnknownReference(_("This edition has no section %(slug)s.") % {"slug": filters.section})
    forum = None
    if filters.theme_forum:
        forum = queries.edition_theme_forum(edition, slug=filters.theme_forum)
        if forum is None:
            raise UnknownReference(_("This edition has no theme forum %(id)s.") % {"id": filters.theme_forum})
    slots = queries.published_slots(
        edition,
        day=filters.day,
        section=section,
        theme_forum=forum,
        room=_room(edition, filters.room),
        kind=filters.kind,
    )
    return _page(slots, filters, lambda slot: session_out(slot, edition))


@router.get(
    "/{edition_slug}/program/sessions/{session_id}",
    response={200: SessionOut, **READ_ERRORS},
    auth=None,
    summary="One session of the published program",
)
def get_session(request: HttpRequest, edition_slug: str, session_id: SessionId):
    edition = _edition(request, edition_slug)
    return session_out(queries.published_slot_of_session(edition, session_id), edition)


@router.get(
    "/{edition_slug}/program/sections",
    response={200: list[SectionOut], **READ_ERRORS},
    auth=None,
    summary="Sections and their theme forums",
)
def list_sections(request: HttpRequest, edition_slug: str):
    edition = _edition(request, edition_slug)
    return [section_out(section) for section in queries.sections_with_forums(edition)]


@router.get("/{edition_slug}/program/rooms", response={200: list[RoomOut], **READ_ERRORS}, auth=None, summary="Rooms")
def list_rooms(request: HttpRequest, edition_slug: str):
    edition = _edition(request, edition_slug)
    return [room_out(room) for room in queries.rooms_of(edition)]


@router.get(
    "/{edition_slug}/program/releases",
    response={200: list[ProgramReleaseOut], **READ_ERRORS},
    auth=None,
    summary="Releases of the program, newest first, with what each changed",
)
def list_releases(request: HttpRequest, edition_slug: str):
    edition = _edition(request, edition_slug)
    return [release_out(release, edition) for release in queries.releases(edition)]


# --- the draft (organizers and coordinators) --------------------------------


@router.get(
    "/{edition_slug}/program/draft/sessions",
    response={200: DraftSessionPage, **WRITE_ERRORS},
    summary="Sessions of the draft that you may change",
)
def list_draft_sessions(request: HttpRequest, edition_slug: str, params: Query[PageParams]):
    edition = _edition(request, edition_slug)
    slots = queries.draft_slots(edition, user=_user(request))
    return _page(slots, params, lambda slot: draft_session_out(slot, edition))


@router.get(
    "/{edition_slug}/program/draft/sessions/{session_id}",
    response={200: DraftSessionOut, **WRITE_ERRORS},
    summary="One session of the draft",
)
def get_draft_session(request: HttpRequest, edition_slug: str, session_id: SessionId):
    edition = _edition(request, edition_slug)
    return _draft_out(_session_for_edit(request, edition, session_id), edition)


@router.post(
    "/{edition_slug}/program/draft/sessions",
    response={201: DraftSessionOut, **WRITE_ERRORS},
    summary="Create a session",
)
def create_session(
    request: HttpRequest, edition_slug: str, payload: SessionIn, idempotency_key: str | None = IDEMPOTENCY_KEY
):
    edition = _edition(request, edition_slug)
    with transaction.atomic():  # nests in the idempotency record's transaction when there is a key
        session = services.add_session(
            edition,
            actor=_user(request),
            code=payload.code,
            kind=payload.kind,
            theme_forum=_theme_forum(edition, payload.theme_forum),
            title_zh_hans=payload.title.zh_hans,
            title_en=payload.title.en,
            abstract_zh_hans=(payload.abstract.zh_hans or "") if payload.abstract else "",
            abstract_en=(payload.abstract.en or "") if payload.abstract else "",
            language=payload.language,
            is_online=payload.is_online,
            online_url=payload.online_url,
            room=_room(edition, payload.room),
            start=payload.start,
            end=payload.end,
            people=_roles(payload.people),
        )
    return Status(201, _draft_out(session, edition))


@router.patch(
    "/{edition_slug}/program/draft/sessions/{session_id}",
    response={200: DraftSessionOut, **WRITE_ERRORS},
    summary="Change what a session is",
)
def change_session(request: HttpRequest, edition_slug: str, session_id: SessionId, payload: SessionPatch):
    edition = _edition(request, edition_slug)
    session = _session_for_edit(request, edition, session_id)
    sent = payload.model_fields_set
    changes: dict[str, object] = {
        name: getattr(payload, name)
        for name in ("code", "kind", "language", "is_online", "online_url")
        if name in sent and getattr(payload, name) is not None
    }
    for name in ("title", "abstract"):
        text = getattr(payload, name)
        if text is not None:
            changes.update(text.columns(name))
    if "theme_forum" in sent:
        changes["theme_forum"] = _theme_forum(edition, payload.theme_forum)
    session = services.update_session(session, actor=_user(request), **changes)
    return _draft_out(session, edition)


@router.put(
    "/{edition_slug}/program/draft/sessions/{session_id}/slot",
    response={200: DraftSessionOut, **WRITE_ERRORS},
    summary="Schedule a session: room, start and end",
)
def schedule_session(request: HttpRequest, edition_slug: str, session_id: SessionId, payload: SlotIn):
    edition = _edition(request, edition_slug)
    session = _session_for_edit(request, edition, session_id)
    services.schedule_session(
        session, actor=_user(request), room=_room(edition, payload.room), start=payload.start, end=payload.end
    )
    return _draft_out(session, edition)


@router.put(
    "/{edition_slug}/program/draft/sessions/{session_id}/people",
    response={200: DraftSessionOut, **WRITE_ERRORS},
    summary="Set who speaks and moderates",
)
def set_session_people(request: HttpRequest, edition_slug: str, session_id: SessionId, payload: PeopleIn):
    edition = _edition(request, edition_slug)
    session = _session_for_edit(request, edition, session_id)
    services.set_session_people(session, actor=_user(request), people=_roles(payload.people))
    return _draft_out(session, edition)


@router.delete(
    "/{edition_slug}/program/draft/sessions/{session_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Withdraw a session from the draft",
)
def withdraw_session(request: HttpRequest, edition_slug: str, session_id: SessionId):
    """A session that some release showed stays, without a room and times; one never released is deleted."""
    edition = _edition(request, edition_slug)
    services.withdraw_session(_session_for_edit(request, edition, session_id), actor=_user(request))
    return Status(204, None)


@router.post(
    "/{edition_slug}/program/releases",
    response={201: ProgramReleaseOut, **WRITE_ERRORS},
    summary="Release the draft under a version name",
)
def release_program(
    request: HttpRequest, edition_slug: str, payload: ReleaseIn, idempotency_key: str | None = IDEMPOTENCY_KEY
):
    edition = _edition(request, edition_slug)
    with transaction.atomic():  # nests in the idempotency record's transaction when there is a key
        release = services.publish_program(
            edition,
            actor=_user(request),
            version=payload.version,
            comment_zh_hans=(payload.comment.zh_hans or "") if payload.comment else "",
            comment_en=(payload.comment.en or "") if payload.comment else "",
        )
    return Status(201, release_out(release, edition))
