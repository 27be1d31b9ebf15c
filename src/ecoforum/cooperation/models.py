"""International cooperation (国际合作机制): partners, agreements, delegations, invitation letters.

A :class:`Partner` is an organization one forum works with across its editions
(international organizations, foreign governments, research institutes, companies).
An :class:`Agreement` (MoU, cooperation agreement) binds the forum's side and one or
more of that forum's partners, with its status and dates, perhaps signed on stage at
one of the forum's editions. Partners and agreements belong to a forum: on a server
hosting several forums each forum's organizers see and manage only their own (the
database refuses an agreement or a delegation with another forum's partner). A
:class:`Delegation` comes to an edition from a country, its members each a person
with (usually) a guest registration, which holds their passport data and travel. An
:class:`InvitationLetter` invites one person for a visa: numbered per edition
(``EFGG-2023-0001``), bilingual, verifiable by the QR code printed on it; a letter is
never deleted, only revoked.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ecoforum.forums.models import Edition, Forum
from ecoforum.people.models import Organization, Person
from ecoforum.program.models import Session
from ecoforum.services.models import Registration

from .enums import AgreementKind, AgreementStatus, PartnerKind


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Partner(models.Model):
    """合作伙伴 · An organization a forum cooperates with, across its editions.

    The same organization may be a partner of two forums: two rows, one per forum, each managed by its
    forum's organizers."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="partners")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="partners"
    )
    slug = models.SlugField(_("address"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = models.CharField(_("country (ISO code)"), max_length=2, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    since = models.DateField(_("partner since"), null=True, blank=True)
    is_public = models.BooleanField(_("shown on the site"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    description_zh_hans: str
    description_en: str

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["forum", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "organization"], name="partner_once_per_forum"),
            models.UniqueConstraint(fields=["forum", "slug"], name="partner_slug_per_forum"),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Agreement(models.Model):
    """合作协议 · A memorandum of understanding or agreement of a forum with one or more of its partners."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="agreements")
    slug = models.SlugField(_("address"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=AgreementKind.choices, default=AgreementKind.MOU)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    partners = models.ManyToManyField(Partner, verbose_name=_("partners"), related_name="agreements")
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("signed at the edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("signed in the session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.NEGOTIATING
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("in force from"), null=True, blank=True)
    ends_on = models.DateField(_("in force until"), null=True, blank=True)
    is_public = models.BooleanField(_("shown on the site"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    title_zh_hans: str
    title_en: str
    summary_zh_hans: str
    summary_en: str

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-signed_on", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "slug"], name="agreement_slug_per_forum"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["negotiating"]) | Q(signed_on__isnull=False),
                name="agreement_signed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Delegation(models.Model):
    """代表团 · A country's delegation to an edition."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="delegations"
    )
    country = models.CharField(_("country (ISO code)"), max_length=2)
    name = models.CharField(_("name"), max_length=200)
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="delegations"
    )
    note = models.TextField(_("note"), blank=True)
    name_zh_hans: str
    name_en: str

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["edition", "country", "pk"]

    def __str__(self) -> str:
        return self.name


class DelegationMember(models.Model):
    """代表团成员 · A person of a delegation; their registration holds passport data, arrival and hotel."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="delegations")
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("role in the delegation"), max_length=100, blank=True)
    is_head = models.BooleanField(_("head of delegation"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["delegation", "-is_head", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["delegation", "person"], name="delegation_member_once"),
            models.UniqueConstraint(fields=["delegation"], condition=Q(is_head=True), name="delegation_one_head"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.delegation}"


class InvitationLetter(models.Model):
    """邀请函 · A numbered, bilingual letter inviting one person to an edition, for a visa; verifiable by QR."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="invitation_letters"
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=30, unique=True)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="invitation_letters"
    )
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("invitation letter")
        verbose_name_plural = _("invitation letters")
        ordering = ["edition", "sequence"]
        constraints = [models.UniqueConstraint(fields=["edition", "sequence"], name="invitation_letter_sequence")]

    def __str__(self) -> str:
        return self.number
