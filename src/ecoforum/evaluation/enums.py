"""Choices of the evaluation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who a survey asks."""

    GUESTS = "guests", _("Guests")
    SPEAKERS = "speakers", _("Speakers and experts")
    EXHIBITORS = "exhibitors", _("Exhibitors")
    INVESTORS = "investors", _("Investors and project owners")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    SCALE = "scale", _("Recommendation from 0 to 10")
    CHOICE = "choice", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    TEXT = "text", _("Text")
