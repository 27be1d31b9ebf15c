"""What the program API reads and writes.

Content written in two languages is an object ``{"zh-hans": …, "en": …}``;
times are ISO 8601 with the edition's own offset (+08:00 for Guiyang). The
``*_out`` functions build the output from the rows ``queries`` returns, with
everything they need already fetched.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict

from ecoforum.core.converters import RecordId
from ecoforum.core.i18n import both
from ecoforum.forums.models import Edition

from .enums import PersonRole, SessionKind, SessionLanguage
from .models import ProgramRelease, Room, Section, Session, SessionPerson, SessionSlot, ThemeForum

# --- shared -----------------------------------------------------------------


class Text(Schema):
    """A text in both content languages."""

    model_config = ConfigDict(populate_by_name=True)

    zh_hans: str = Field(alias="zh-hans")
    en: str

    @classmethod
    def of(cls, obj: Any, field: str) -> Text:
        return cls.model_validate(both(obj, field))


class TextIn(Schema):
    """A text to write; the English may be left empty."""

    zh_hans: str = Field(alias="zh-hans", min_length=1)
    en: str = ""


class TextPatch(Schema):
    """Change one or both languages of a text; a language left out stays as it is."""

    model_config = ConfigDict(populate_by_name=True)

    zh_hans: str | None = Field(None, alias="zh-hans")
    en: str | None = None

    def columns(self, field: str) -> dict[str, str]:
        """``{"title_zh_hans": …}`` for the languages given."""
        values = {"zh_hans": self.zh_hans, "en": self.en}
        return {f"{field}_{lang}": value for lang, value in values.items() if value is not None}


class TitlePatch(TextPatch):
    """A title keeps its Chinese: it may be changed, not emptied."""

    zh_hans: str | None = Field(None, alias="zh-hans", min_length=1)


class FieldError(Schema):
    loc: list[str | int] = Field(description="Where in the request: body, query, path or header, then the field.")
    msg: str
    type: str


class Error(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")
    errors: list[FieldError] | None = Field(None, description="For a request that is not valid: each problem.")


# --- reading ----------------------------------------------------------------


class RoomOut(Schema):
    id: int
    name: Text
    venue: Text
    capacity: int


class SectionRef(Schema):
    id: int
    slug: str
    name: Text


class ThemeForumRef(Schema):
    id: int
    slug: str
    title: Text
    section: SectionRef


class PersonRef(Schema):
    id: int
    slug: str
    name: Text
    organization: Text | None


class RoleOut(Schema):
    person: PersonRef
    role: PersonRole
    talk_title: Text


class SessionOut(Schema):
    """A session of the published program."""

    id: int
    guid: str
    code: str
    kind: SessionKind
    language: SessionLanguage
    title: Text
    abstract: Text
    is_online: bool
    online_url: str
    start: dt.datetime
    end: dt.datetime
    room: RoomOut
    theme_forum: ThemeForumRef | None
    people: list[RoleOut]


class DraftSessionOut(SessionOut):
    """A session of the draft: it may not have a room and times yet (or any more)."""

    start: dt.datetime | None  # type: ignore[assignment]
    end: dt.datetime | None  # type: ignore[assignment]
    room: RoomOut | None  # type: ignore[assignment]


class SessionPage(Schema):
    count: int = Field(description="How many sessions match, on all pages.")
    page: int
    pages: int
    items: list[SessionOut]


class DraftSessionPage(Schema):
    count: int
    page: int
    pages: int
    items: list[DraftSessionOut]


class OrganizationRef(Schema):
    id: int
    name: Text


class ThemeForumOut(Schema):
    id: int
    slug: str
    title: Text
    description: Text
    co_organizers: list[OrganizationRef]


class SectionOut(Schema):
    id: int
    slug: str
    name: Text
    description: Text
    colour: str
    theme_forums: list[ThemeForumOut]


class ChangeOut(Schema):
    """One session that a release added, cancelled or moved."""

    session: int
    code: str
    title: Text
    room: Text | None
    start: dt.datetime | None
    end: dt.datetime | None
    old_room: Text | None = None
    old_start: dt.datetime | None = None
    old_end: dt.datetime | None = None


class ChangesOut(Schema):
    new: list[ChangeOut]
    moved: list[ChangeOut]
    cancelled: list[ChangeOut]


class ProgramReleaseOut(Schema):
    version: str
    published_at: dt.datetime
    comment: Text
    changes: ChangesOut


# --- writing ----------------------------------------------------------------


class RoleIn(Schema):
    person: RecordId = Field(description="The person's id.")
    role: PersonRole = PersonRole.SPEAKER
    talk_title: TextPatch | None = None


class SessionIn(Schema):
    code: str = Field(min_length=1, max_length=40)
    kind: SessionKind = SessionKind.FORUM
    title: TextIn
    abstract: TextPatch | None = None
    language: SessionLanguage = SessionLanguage.BOTH
    is_online: bool = False
    online_url: str = Field("", max_length=200)
    theme_forum: RecordId | None = Field(None, description="The theme forum's id; none for the main program.")
    room: RecordId | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    people: list[RoleIn] = []


class SessionPatch(Schema):
    """Only the fields sent are changed."""

    code: str | None = Field(None, min_length=1, max_length=40)
    kind: SessionKind | None = None
    title: TitlePatch | None = None
    abstract: TextPatch | None = None
    language: SessionLanguage | None = None
    is_online: bool | None = None
    online_url: str | None = Field(None, max_length=200)
    theme_forum: RecordId | None = Field(None, description="The theme forum's id; null takes the session out of it.")


class SlotIn(Schema):
    room: RecordId | None = Field(
        description="The room's id; null with null times takes the session off the timetable."
    )
    start: dt.datetime | None = Field(description="With a time zone offset, such as 2023-07-08T09:00:00+08:00.")
    end: dt.datetime | None


class PeopleIn(Schema):
    people: list[RoleIn]


class ReleaseIn(Schema):
    version: str = Field(min_length=1, max_length=60)
    comment: TextPatch | None = None


# --- building the output ----------------------------------------------------


def _local(value: dt.datetime | None, edition: Edition) -> dt.datetime | None:
    return timezone.localtime(value, edition.tz) if value is not None else None


def room_out(room: Room) -> RoomOut:
    return RoomOut(id=room.pk, name=Text.of(room, "name"), venue=Text.of(room.venue, "name"), capacity=room.capacity)


def _forum_ref(forum: ThemeForum | None) -> ThemeForumRef | None:
    if forum is None:
        return None
    section: Section = forum.section
    return ThemeForumRef(
        id=forum.pk,
        slug=forum.slug,
        title=Text.of(forum, "title"),
        section=SectionRef(id=section.pk, slug=section.slug, name=Text.of(section, "name")),
    )


def _role_out(role: SessionPerson) -> RoleOut:
    person = role.person
    return RoleOut(
        person=PersonRef(
            id=person.pk,
            slug=person.slug,
            name=Text.of(person, "name"),
            organization=Text.of(person.organization, "name") if person.organization else None,
        ),
        role=role.role,
        talk_title=Text.of(role, "talk_title"),
    )


def _session_fields(session: Session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "guid": str(session.guid),
        "code": session.code,
        "kind": session.kind,
        "language": session.language,
        "title": Text.of(session, "title"),
        "abstract": Text.of(session, "abstract"),
        "is_online": session.is_online,
        "online_url": session.online_url,
        "theme_forum": _forum_ref(session.theme_forum),
        "people": [_role_out(r) for r in session.roles.all()],
    }


def session_out(slot: SessionSlot, edition: Edition) -> SessionOut:
    """A published slot (``queries.published_slots``)."""
    return SessionOut(
        **_session_fields(slot.session),
        start=_local(slot.start, edition),
        end=_local(slot.end, edition),
        room=room_out(slot.room),
    )


def draft_session_out(slot: SessionSlot, edition: Edition) -> DraftSessionOut:
    """A draft slot (``queries.draft_slots``)."""
    return DraftSessionOut(
        **_session_fields(slot.session),
        start=_local(slot.start, edition),
        end=_local(slot.end, edition),
        room=room_out(slot.room) if slot.room else None,
    )


def section_out(section: Section) -> SectionOut:
    """A section with its theme forums (``queries.sections_with_forums``)."""
    return SectionOut(
        id=section.pk,
        slug=section.slug,
        name=Text.of(section, "name"),
        description=Text.of(section, "description"),
        colour=section.colour,
        theme_forums=[
            ThemeForumOut(
                id=forum.pk,
                slug=forum.slug,
                title=Text.of(forum, "title"),
                description=Text.of(forum, "description"),
                co_organizers=[OrganizationRef(id=o.pk, name=Text.of(o, "name")) for o in forum.co_organizers.all()],
            )
            for forum in section.theme_forums.all()
        ],
    )


def _when(value: str | None, edition: Edition) -> dt.datetime | None:
    return _local(dt.datetime.fromisoformat(value), edition) if value else None


def _change_out(fact: dict[str, Any], edition: Edition) -> ChangeOut:
    moved = "old_start" in fact
    return ChangeOut(
        session=fact["session"],
        code=fact["code"],
        title=Text.model_validate(fact["title"]),
        room=Text.model_validate(fact["room"]) if fact.get("room") else None,
        start=_when(fact.get("start"), edition),
        end=_when(fact.get("end"), edition),
        old_room=Text.model_validate(fact["old_room"]) if moved and fact.get("old_room") else None,
        old_start=_when(fact.get("old_start"), edition),
        old_end=_when(fact.get("old_end"), edition),
    )


def release_out(release: ProgramRelease, edition: Edition) -> ProgramReleaseOut:
    """A named release (``queries.releases``) with what it changed."""
    changes = release.changes or {}
    kinds = ("new", "moved", "cancelled")
    return ProgramReleaseOut(
        version=release.version or "",
        published_at=_local(release.published_at, edition),
        comment=Text.of(release, "comment"),
        changes=ChangesOut(**{kind: [_change_out(fact, edition) for fact in changes.get(kind, [])] for kind in kinds}),
    )
