"""Choices of the exhibition."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneKind(models.TextChoices):
    """展区类型 · What a zone of the exhibition is for."""

    GUEST_PROVINCE = "guest_province", _("Guest-of-honour province")
    HOST_PROVINCE = "host_province", _("Host province")
    TECHNOLOGY = "technology", _("Environmental technology companies")
    INTERNATIONAL = "international", _("International products")
    LAUNCH = "launch", _("Product launches")
    TRADE = "trade", _("Trade negotiation")
    OTHER = "other", _("Other")


class BoothKind(models.TextChoices):
    """展位类型."""

    SHELL = "shell", _("Standard shell scheme")
    RAW = "raw", _("Raw space")


class ApplicationStatus(models.TextChoices):
    """展位申请状态 · From the exhibitor's application to a confirmed booth."""

    SUBMITTED = "submitted", _("Submitted")
    WAITLISTED = "waitlisted", _("On the waiting list")
    RESERVED = "reserved", _("Booth reserved")
    CONFIRMED = "confirmed", _("Booth confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class StaffRole(models.TextChoices):
    """参展人员角色."""

    MANAGER = "manager", _("Manager (edits the exhibitor)")
    STAFF = "staff", _("Booth staff")


class SignupStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CANCELLED = "cancelled", _("Cancelled")


class CaseKind(models.TextChoices):
    """实践案例类型 · What a practice case of the practice-innovation platform is."""

    DEMONSTRATION_SITE = "site", _("Demonstration site")
    INSTITUTION = "institution", _("Institution founded")
    TECHNOLOGY = "technology", _("Technology in use")
    POLICY = "policy", _("Policy or mechanism")
