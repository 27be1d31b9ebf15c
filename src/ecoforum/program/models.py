"""The program: where and when everything in an edition happens, and who speaks.

The timetable is kept per release, as pretalx does: organizers edit the slots of
the draft release (``version`` is empty); publishing names the draft and copies
its slots into a new draft. The public sees the latest named release.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ecoforum.forums.models import Edition
from ecoforum.people.models import Organization, Person

from .enums import PersonRole, SessionKind, SessionLanguage


class Venue(models.Model):
    """场馆 · A building or site where the edition takes place."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["edition", "pk"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    """会场 · A room or stage of a venue, with the number of seats."""

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(_("seats"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="room_name_unique_in_venue")]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    """板块 · A section of the program grouping theme forums, such as 绿色低碳发展."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="sections")
    slug = models.SlugField(_("address"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(_("colour"), max_length=7, default="#2f7d4f")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["edition", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="section_slug_unique")]

    def __str__(self) -> str:
        return self.name


class ThemeForum(models.Model):
    """主题论坛 · A theme forum, run by a co-organizer; its coordinators edit only this forum."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="theme_forums"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="theme_forums"
    )
    slug = models.SlugField(_("address"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    co_organizers = models.ManyToManyField(
        Organization, verbose_name=_("co-organizers"), blank=True, related_name="theme_forums"
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_forums",
        help_text=_("They may edit this forum and its sessions, nothing else."),
    )
    themes = models.ManyToManyField("forums.Theme", verbose_name=_("themes"), blank=True, related_name="theme_forums")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme forum")
        verbose_name_plural = _("theme forums")
        ordering = ["edition", "section__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="theme_forum_slug_unique")]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """日程 · A session: ceremony, keynote, panel, dialogue, release, signing …

    What a session is (title, abstract, people) lives here; where and when it
    happens lives in its :class:`SessionSlot` of each release.
    """

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="sessions")
    theme_forum = models.ForeignKey(
        ThemeForum,
        verbose_name=_("theme forum"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    code = models.CharField(
        _("code"), max_length=40, help_text=_("A short code organizers use in spreadsheets, such as TF01-1.")
    )
    guid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.FORUM)
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=SessionLanguage.choices, default=SessionLanguage.BOTH
    )
    is_online = models.BooleanField(_("also online"), default=False)
    online_url = models.URLField(_("live stream link"), blank=True)
    people = models.ManyToManyField(Person, through="SessionPerson", related_name="sessions")

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="session_code_unique"),
            models.CheckConstraint(condition=Q(is_online=False) | ~Q(online_url=""), name="online_session_has_link"),
        ]

    def __str__(self) -> str:
        return self.title


class SessionPerson(models.Model):
    """A person's role in a session (speaker, moderator …)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="session_roles")
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices, default=PersonRole.SPEAKER)
    talk_title = models.CharField(_("talk title"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("session role")
        verbose_name_plural = _("speakers and moderators")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="session_person_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"


class ProgramRelease(models.Model):
    """发布版本 · A named, published version of the timetable; the one without a name is the draft."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="program_releases")
    version = models.CharField(_("version"), max_length=60, null=True, blank=True)
    comment = models.TextField(_("note to the public"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Added per language by modeltranslation (translation.py); declared for the type checker only.
    comment_zh_hans: str
    comment_en: str

    class Meta:
        verbose_name = _("program release")
        verbose_name_plural = _("program releases")
        ordering = ["edition", "-published_at"]
        get_latest_by = "published_at"
        constraints = [
            models.UniqueConstraint(fields=["edition", "version"], name="release_version_unique"),
            models.UniqueConstraint(
                fields=["edition"], condition=Q(version__isnull=True), name="release_one_draft_per_edition"
            ),
            models.CheckConstraint(
                condition=Q(version__isnull=True) | Q(published_at__isnull=False), name="release_named_is_published"
            ),
        ]

    def __str__(self) -> str:
        return self.version or str(_("draft"))

    @property
    def is_draft(self) -> bool:
        return self.version is None


class SessionSlot(models.Model):
    """When and where a session happens in one release. Stored in UTC."""

    release = models.ForeignKey(ProgramRelease, on_delete=models.CASCADE, related_name="slots")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="slots"
    )
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["start", "room__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["release", "session"], name="slot_one_per_session_and_release"),
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True)) | Q(end__gt=F("start")),
                name="slot_ends_after_start",
            ),
            # On PostgreSQL an exclusion constraint also keeps a room from holding two
            # sessions at once within a release (migration 0002).
        ]
        indexes = [models.Index(fields=["release", "start"])]

    def __str__(self) -> str:
        return f"{self.session} @ {self.start:%Y-%m-%d %H:%M}" if self.start else str(self.session)

    @property
    def is_scheduled(self) -> bool:
        return self.start is not None and self.room_id is not None


class PersonalAgenda(models.Model):
    """我的日程 · The sessions a visitor has starred, with a private calendar feed."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="agendas")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="agendas"
    )
    feed_token = models.CharField(max_length=64, unique=True)
    sessions = models.ManyToManyField(Session, through="AgendaItem", related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personal agenda")
        verbose_name_plural = _("personal agendas")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user"], condition=Q(user__isnull=False), name="agenda_one_per_user_and_edition"
            )
        ]

    def __str__(self) -> str:
        return f"agenda {self.pk}"


class AgendaItem(models.Model):
    agenda = models.ForeignKey(PersonalAgenda, on_delete=models.CASCADE, related_name="items")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agenda", "session"], name="agenda_item_once")]

    def __str__(self) -> str:
        return f"{self.agenda_id}:{self.session_id}"
