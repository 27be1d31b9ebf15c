"""Persons, organizations, expert profiles and invitations, shared by every part."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import Academy, AdviceStatus, ContactStatus, InvitationRole, InvitationStatus, OrganizationKind


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Organization(models.Model):
    """机构 · A government body, international organization, institute, company …"""

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.OTHER)
    country = models.CharField(_("country (ISO code)"), max_length=2, default="CN")
    region = models.CharField(_("region"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExpertField(models.Model):
    """研究领域 · A field of expertise, such as climate change or karst ecology."""

    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("field of expertise")
        verbose_name_plural = _("fields of expertise")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """人员 · A person: speaker, moderator, expert, guest. Names in Chinese and English."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    biography = models.TextField(_("biography"), blank=True)
    country = models.CharField(_("country (ISO code)"), max_length=2, default="CN")
    email = models.EmailField(_("email"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("A fictional person created for the demonstration edition.")
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExpertProfile(models.Model):
    """专家 · An expert of the think tank: academy membership, title, fields, affiliation."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="expert_profile"
    )
    academy = models.CharField(_("academy"), max_length=10, choices=Academy.choices, blank=True, default="")
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Such as 中国工程院院士 / Academician of CAE, professor.")
    )
    affiliation = models.ForeignKey(
        Organization,
        verbose_name=_("affiliation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )
    fields = models.ManyToManyField(ExpertField, verbose_name=_("fields"), blank=True, related_name="experts")

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_academician(self) -> bool:
        return self.academy in (Academy.CAS, Academy.CAE)


class Invitation(models.Model):
    """邀请 · An invitation to an edition, answered (RSVP) through a private link."""

    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("invited as"), max_length=20, choices=InvitationRole.choices)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    response_note = models.TextField(_("note from the invitee"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]
        constraints = [
            # One open or accepted invitation per person, edition and role.
            models.UniqueConstraint(
                fields=["edition", "person", "role"],
                condition=Q(status__in=["pending", "accepted"]),
                name="invitation_one_live_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"


class AdvisoryInput(models.Model):
    """建言 · An expert's proposal for a coming edition: a topic, a speaker, a format; and what became of it."""

    person = models.ForeignKey(Person, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="advice")
    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("for the edition"), on_delete=models.CASCADE, related_name="advice"
    )
    title = models.CharField(_("proposal"), max_length=300)
    text = models.TextField(_("details"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=AdviceStatus.choices, default=AdviceStatus.RECEIVED)
    response = models.TextField(_("the organizers' answer"), blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    title_zh_hans: str
    title_en: str

    class Meta:
        verbose_name = _("advisory input")
        verbose_name_plural = _("advisory input")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class DirectoryEntry(models.Model):
    """交流名录 · A participant who agreed to be listed in an edition's directory of the exchange platform.

    What is listed is name, organization, position, country and what they look for; e-mail and
    phone are shown to another participant only after they accept that participant's contact request.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="directory_entries"
    )
    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="directory"
    )
    headline = models.CharField(_("what I work on"), max_length=200, blank=True)
    looking_for = models.CharField(_("what I look for"), max_length=300, blank=True)
    consented_at = models.DateTimeField(_("agreed to be listed"), auto_now_add=True)
    headline_zh_hans: str
    headline_en: str

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        ordering = ["edition", "person__name"]
        constraints = [models.UniqueConstraint(fields=["edition", "person"], name="directory_entry_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.edition_id}"


class ContactRequest(models.Model):
    """联络请求 · One listed participant asks another for their contact details; shown only once accepted."""

    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="contact_requests"
    )
    sender = models.ForeignKey(Person, verbose_name=_("from"), on_delete=models.CASCADE, related_name="contacts_sent")
    recipient = models.ForeignKey(
        Person, verbose_name=_("to"), on_delete=models.CASCADE, related_name="contacts_received"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.PENDING)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(sender=models.F("recipient")), name="contact_not_to_oneself"),
            models.UniqueConstraint(
                fields=["edition", "sender", "recipient"],
                condition=Q(status__in=["pending", "accepted"]),
                name="contact_request_one_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient}"
