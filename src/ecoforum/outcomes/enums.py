"""Choices of the outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutcomeKind(models.TextChoices):
    """成果类型 · What an edition produced that is followed afterwards."""

    SIGNING = "signing", _("Signed project")
    INITIATIVE = "initiative", _("Initiative")
    DECLARATION = "declaration", _("Declaration")
    INSTITUTION = "institution", _("Institution founded")
    AGREEMENT = "agreement", _("Cooperation agreement")
    OTHER = "other", _("Other outcome")


class OutcomeState(models.TextChoices):
    """Whether an outcome is still followed. Being on track or late is computed from the stage dates, never stored."""

    ACTIVE = "active", _("Followed")
    ABANDONED = "abandoned", _("Abandoned")


class StageKind(models.TextChoices):
    """成果节点 · A stage an outcome passes. A project goes 签约 → 开工 → 投产 → 到资."""

    SIGNED = "signed", pgettext_lazy("outcome stage", "Signed")
    STARTED = "started", _("Construction started")
    IN_PRODUCTION = "in_production", _("In production")
    FUNDS_IN = "funds_in", _("Funds in place")
    RELEASED = "released", _("Released")
    ESTABLISHED = "established", _("Established")
    MILESTONE = "milestone", _("Milestone")


#: The stages of a signed project, in order.
PROJECT_STAGES = [StageKind.SIGNED, StageKind.STARTED, StageKind.IN_PRODUCTION, StageKind.FUNDS_IN]


class Status(models.TextChoices):
    """监测状态 · Computed from the stage dates in the edition's time zone (``outcomes.status``)."""

    GREEN = "green", _("On track")
    YELLOW = "yellow", _("Due soon")
    RED = "red", _("Overdue")
    DONE = "done", _("Landed")
    ABANDONED = "abandoned", _("Abandoned")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
