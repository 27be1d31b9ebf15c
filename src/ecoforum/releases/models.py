"""Releases (发布机制): what the forum releases on stage, kept as bilingual, citable objects across editions.

A :class:`Release` is a report, a blue book, a research result, a declaration, an
initiative or a consensus, with its authors and issuing organizations, the session
where it was released and a public release time: before that time (or while it is not
published) neither the release nor its files are shown to anyone but the organizers.
Its files are :class:`ReleaseVersion` rows (1.0, 1.1 …) with a changelog; the
citation address stays the same across versions. Declarations and initiatives
collect :class:`Endorsement` rows: a signature counts once its address is confirmed,
and one address signs a release once.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecoforum.forums.models import Edition
from ecoforum.people.models import Organization, Person
from ecoforum.program.models import Session

from .enums import ReleaseKind, SignatoryKind


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Topic(models.Model):
    """主题 · A topic of the library across editions: climate change, rocky desertification, biodiversity …"""

    slug = models.SlugField(_("address"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_zh_hans: str
    name_en: str

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name


class Release(models.Model):
    """发布成果 · A report, blue book, research result, declaration, initiative or consensus released at an edition."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="releases")
    kind = models.CharField(_("kind"), max_length=20, choices=ReleaseKind.choices)
    slug = models.SlugField(_("address"), max_length=80, help_text=_("Part of the citation address; never changes."))
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"), blank=True)
    authors = models.ManyToManyField(
        Person, verbose_name=_("authors"), through="ReleaseAuthor", related_name="releases_authored", blank=True
    )
    author_text = models.CharField(
        _("authors (as printed)"), max_length=500, blank=True, help_text=_("Such as 中国气象局 or an editorial board.")
    )
    issuers = models.ManyToManyField(
        Organization, verbose_name=_("issued by"), related_name="releases_issued", blank=True
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="releases", blank=True)
    session = models.ForeignKey(
        Session,
        verbose_name=_("released at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="releases",
    )
    released_at = models.DateTimeField(
        _("public from"), help_text=_("Nobody but the organizers sees the release or its files before this time.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    endorsements_open = models.BooleanField(_("open for endorsement"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    title_zh_hans: str
    title_en: str
    abstract_zh_hans: str
    abstract_en: str

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-released_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="release_slug_unique"),
        ]
        indexes = [models.Index(fields=["is_published", "released_at"], name="release_public")]

    def __str__(self) -> str:
        return self.title


class ReleaseAuthor(models.Model):
    """作者 · A person who wrote a release, in the order printed."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="author_links"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="authorships")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["release", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["release", "person"], name="release_author_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.release}"


def version_path(instance: ReleaseVersion, filename: str) -> str:
    return f"releases/{instance.release_id}/{secrets.token_hex(8)}.pdf"


class ReleaseVersion(models.Model):
    """版本 · One version of a release's file (PDF), with what changed."""

    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="versions")
    number = models.CharField(_("version"), max_length=20, help_text=_("Such as 1.0 or 1.1."))
    changelog = models.TextField(_("what changed"), blank=True)
    file = models.FileField(_("file (PDF)"), upload_to=version_path)
    file_name = models.CharField(_("file name"), max_length=200, help_text=_("The name the download gets."))
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changelog_zh_hans: str
    changelog_en: str

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["release", "-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["release", "number"], name="release_version_once")]

    def __str__(self) -> str:
        return f"{self.release} {self.number}"


class Endorsement(models.Model):
    """联署 · A person's or an organization's signature under a declaration or an initiative.

    It counts (and is listed) once its e-mail address is confirmed; an address signs a
    release once (``email_key`` is the normalized address's keyed hash).
    """

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="endorsements"
    )
    kind = models.CharField(_("signing as"), max_length=12, choices=SignatoryKind.choices, default=SignatoryKind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    country = models.CharField(_("country (ISO code)"), max_length=2, blank=True)
    email = models.EmailField(_("email"))
    email_key = models.CharField(max_length=64, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    show_publicly = models.BooleanField(_("show my name in the list"), default=True)
    created_at = models.DateTimeField(_("signed"), auto_now_add=True)
    client_key = models.CharField(
        max_length=64, blank=True, editable=False, help_text="Keyed hash of the address used."
    )

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["release", "confirmed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["release", "email_key"], name="endorsement_one_per_address")]
        indexes = [models.Index(fields=["release", "confirmed_at"], name="endorsement_confirmed")]

    def __str__(self) -> str:
        return f"{self.name} · {self.release}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
