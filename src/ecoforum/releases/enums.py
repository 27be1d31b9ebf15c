"""Choices of the releases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReleaseKind(models.TextChoices):
    """成果类型 · What the forum released."""

    REPORT = "report", _("Report")
    BLUE_BOOK = "blue_book", _("Blue book")
    RESEARCH_RESULT = "research_result", _("Research result")
    DECLARATION = "declaration", _("Declaration")
    INITIATIVE = "initiative", _("Initiative")
    CONSENSUS = "consensus", _("Consensus")


#: Kinds that collect endorsements (联署).
ENDORSABLE = [ReleaseKind.DECLARATION, ReleaseKind.INITIATIVE, ReleaseKind.CONSENSUS]


class SignatoryKind(models.TextChoices):
    PERSON = "person", _("A person")
    ORGANIZATION = "organization", _("An organization")
