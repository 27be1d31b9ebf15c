"""Forums, their editions, the charter and the organizing committee."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .enums import CommitteeRole

edition_slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,30}$", _("Use lowercase letters, digits and dashes, such as 2023.")
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class Forum(models.Model):
    """论坛 · A forum held edition after edition, such as the Eco Forum Global Guiyang."""

    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short title"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Edition(models.Model):
    """届 · One edition of a forum: its dates, city, time zone and theme."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="editions")
    slug = models.CharField(
        _("address"),
        max_length=32,
        unique=True,
        validators=[edition_slug_validator],
        help_text=_("Part of every public address, such as /2023/."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    is_hybrid = models.BooleanField(_("hybrid (on site and online)"), default=True)
    is_public = models.BooleanField(_("published"), default=False)
    expected_guests = models.PositiveIntegerField(_("expected guests"), default=0)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="edition_ends_after_start"),
            models.UniqueConstraint(fields=["forum", "year"], name="edition_one_per_forum_year"),
        ]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=i) for i in range(count)]

    @property
    def starts_at(self) -> dt.datetime:
        """The first moment of the first day, in the edition's time zone."""
        return dt.datetime.combine(self.start_date, dt.time.min, tzinfo=self.tz)

    @property
    def ends_at(self) -> dt.datetime:
        """The first moment after the last day, in the edition's time zone."""
        return dt.datetime.combine(self.end_date + dt.timedelta(days=1), dt.time.min, tzinfo=self.tz)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot come before the first day.")})


class CharterVersion(models.Model):
    """章程 · One adopted version of a forum's charter. Versions are never edited, only added."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="charter_versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    adopted_on = models.DateField(_("adopted on"))
    change_note = models.TextField(_("what changed"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["forum", "-number"]
        constraints = [models.UniqueConstraint(fields=["forum", "number"], name="charter_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class Theme(models.Model):
    """议题 · A topic the edition focuses on, such as carbon peaking and neutrality."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["edition", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class HeadlineFigure(models.Model):
    """A figure the edition's home page shows, such as "2,500+ guests"."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="headline_figures")
    value = models.CharField(_("value"), max_length=30)
    label = models.CharField(_("label"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("headline figure")
        verbose_name_plural = _("headline figures")
        ordering = ["edition", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class CommitteeMember(models.Model):
    """组委会成员 · A user's role on an edition's organizing committee."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="committee_roles"
    )
    role = models.CharField(_("role"), max_length=32, choices=CommitteeRole.choices)
    title = models.CharField(_("title on the committee"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("organizing committee")
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="committee_member_once")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
