from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    INTERNATIONAL = "international", _("International organization")
    RESEARCH = "research", _("Research institute")
    UNIVERSITY = "university", _("University")
    ENTERPRISE = "enterprise", _("Enterprise")
    NGO = "ngo", _("Non-governmental organization")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class Academy(models.TextChoices):
    """院士 · Membership of a national academy."""

    NONE = "", _("Not an academician")
    CAS = "cas", _("Academician of the Chinese Academy of Sciences")
    CAE = "cae", _("Academician of the Chinese Academy of Engineering")
    FOREIGN = "foreign", _("Member of a foreign national academy")


class InvitationRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")
    EXPERT = "expert", _("Invited expert")
    GUEST = "guest", _("Guest")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting reply")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AdviceStatus(models.TextChoices):
    """建言状态 · What became of an expert's proposal."""

    RECEIVED = "received", pgettext_lazy("advice status", "Received")
    CONSIDERING = "considering", _("Under consideration")
    ADOPTED = "adopted", _("Adopted")
    DECLINED = "declined", _("Not taken up")


class ContactStatus(models.TextChoices):
    """联络请求状态."""

    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
