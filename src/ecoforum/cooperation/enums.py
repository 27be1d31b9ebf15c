"""Choices of international cooperation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    """合作伙伴类型."""

    INTERNATIONAL_ORGANIZATION = "international", _("International organization")
    GOVERNMENT = "government", _("Foreign government or agency")
    RESEARCH = "research", _("Research institute or university")
    COMPANY = "company", _("Company")
    NGO = "ngo", _("Non-governmental organization")


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    AGREEMENT = "agreement", _("Cooperation agreement")
    LETTER_OF_INTENT = "intent", _("Letter of intent")


class AgreementStatus(models.TextChoices):
    """协议状态 · From negotiation to the end of the agreement."""

    NEGOTIATING = "negotiating", _("Under negotiation")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
