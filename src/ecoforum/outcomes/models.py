"""Outcomes (成果转化机制): what an edition produced, followed after the closing ceremony until it lands.

An :class:`Outcome` is one result of an edition: a signed project (created from an
investment-track :class:`~ecoforum.investment.models.Signing`), an initiative or a
declaration (a :class:`~ecoforum.releases.models.Release`), an institution founded,
or a cooperation agreement (a :class:`~ecoforum.cooperation.models.Agreement`). A
responsible unit (an organization, with named contact people) reports on it.

Its :class:`Stage` rows carry planned and actual dates and amounts; for a project the
stages are 签约 signed → 开工 started → 投产 in production → 到资 funds in place. Whether
an outcome is green, yellow or red is computed from those dates in the edition's time
zone (``outcomes.status``), never stored. :class:`Evidence` (files, links) backs what
a unit reports; every change is in the audit log. :class:`Reminder` rows record each
reminder sent, so a reminder goes once per stage, kind and planned date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecoforum.cooperation.models import Agreement
from ecoforum.core.money import AmountField, CurrencyField, Money
from ecoforum.forums.models import Edition
from ecoforum.investment.models import GreenIndustry, Signing
from ecoforum.people.models import Organization, Person
from ecoforum.releases.models import Release

from .enums import EvidenceKind, OutcomeKind, OutcomeState, ReminderKind, StageKind


class Outcome(models.Model):
    """论坛成果 · One outcome of an edition, followed to landing by its responsible unit."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="outcomes")
    code = models.CharField(_("code"), max_length=30, help_text=_("Such as CG-2023-001."))
    kind = models.CharField(_("kind"), max_length=12, choices=OutcomeKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    signing = models.OneToOneField(
        Signing,
        verbose_name=_("signing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcome",
    )
    release = models.ForeignKey(
        Release,
        verbose_name=_("release"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("cooperation agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    responsible_unit = models.ForeignKey(
        Organization,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    contacts = models.ManyToManyField(
        Person,
        verbose_name=_("contact people"),
        blank=True,
        related_name="outcomes",
        help_text=_("They receive the reminders and may report on the outcome."),
    )
    industry = models.ForeignKey(
        GreenIndustry,
        verbose_name=_("green industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    province = models.CharField(_("province"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    signed_amount = AmountField(
        _("amount signed"),
        null=True,
        blank=True,
        help_text=_("What the agreement says. The edition's totals count it by the counting rules of signings."),
    )
    currency = CurrencyField(_("currency"))
    state = models.CharField(_("state"), max_length=10, choices=OutcomeState.choices, default=OutcomeState.ACTIVE)
    state_note = models.CharField(_("reason"), max_length=300, blank=True)
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Shown in the public summary."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    title_zh_hans: str
    title_en: str

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="outcome_code_unique"),
            models.CheckConstraint(
                condition=~Q(kind=OutcomeKind.SIGNING) | Q(signing__isnull=False),
                name="outcome_signing_has_signing",
            ),
            models.CheckConstraint(
                condition=Q(signing__isnull=True) | Q(kind=OutcomeKind.SIGNING),
                name="outcome_signing_only_for_signed_project",
            ),
            models.CheckConstraint(
                condition=Q(signed_amount__isnull=True) | Q(signed_amount__gt=0),
                name="outcome_signed_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(state=OutcomeState.ACTIVE) | ~Q(state_note=""),
                name="outcome_abandoned_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["edition", "kind"], name="outcome_edition_kind")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def signed_money(self) -> Money | None:
        return Money(self.signed_amount, self.currency) if self.signed_amount is not None else None


class Stage(models.Model):
    """成果节点 · A stage of an outcome with its planned and actual date (and amount, where money moves).

    Dates are calendar days in the edition's time zone: a stage planned for 30 June is
    overdue from 1 July 00:00 in Guiyang, whatever the server's clock says.
    """

    outcome = models.ForeignKey(Outcome, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("stage"), max_length=15, choices=StageKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("For a milestone: what happens."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    planned_on = models.DateField(_("planned date"))
    actual_on = models.DateField(_("actual date"), null=True, blank=True)
    planned_amount = AmountField(_("planned amount"), null=True, blank=True)
    actual_amount = AmountField(_("actual amount"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    title_zh_hans: str
    title_en: str

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["outcome", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "order"], name="outcome_stage_order_unique"),
            models.UniqueConstraint(
                fields=["outcome", "kind"],
                condition=~Q(kind=StageKind.MILESTONE),
                name="outcome_stage_kind_once",
            ),
            models.CheckConstraint(
                condition=Q(planned_amount__isnull=True) | Q(planned_amount__gte=0),
                name="outcome_stage_planned_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(actual_amount__isnull=True) | Q(actual_amount__gte=0),
                name="outcome_stage_actual_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(actual_amount__isnull=True) | Q(actual_on__isnull=False),
                name="outcome_stage_actual_amount_has_date",
            ),
        ]
        indexes = [models.Index(fields=["actual_on", "planned_on"], name="outcome_stage_open")]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def is_done(self) -> bool:
        return self.actual_on is not None


class Evidence(models.Model):
    """佐证材料 · A file or a link that backs what a responsible unit reports."""

    outcome = models.ForeignKey(Outcome, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="evidence")
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=5, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="outcomes/%Y/", blank=True)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    url = models.URLField(_("link"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["outcome", "-added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=EvidenceKind.FILE) & ~Q(file="") & Q(url=""))
                | (Q(kind=EvidenceKind.LINK) & Q(file="") & ~Q(url="")),
                name="outcome_evidence_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Reminder(models.Model):
    """提醒 · A reminder sent to a responsible unit about one stage: once per stage, kind and planned date."""

    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    planned_on = models.DateField(_("planned date"), help_text=_("The date the reminder was about."))
    recipients = models.TextField(_("sent to"), blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "kind", "planned_on"], name="outcome_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.stage} · {self.get_kind_display()}"
