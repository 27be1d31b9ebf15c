"""Choices of the guest services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Attendance(models.TextChoices):
    """参会方式 · On site in Guiyang, or online."""

    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")


class RegistrationStatus(models.TextChoices):
    """报名状态 · From the submitted form to a guest with a badge."""

    PENDING = "pending", pgettext_lazy("registration status", "Awaiting approval")
    APPROVED = "approved", pgettext_lazy("registration status", "Approved")
    WAITLISTED = "waitlisted", pgettext_lazy("registration status", "On the waiting list")
    REJECTED = "rejected", pgettext_lazy("registration status", "Not approved")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
    SUBSTITUTED = "substituted", pgettext_lazy("registration status", "Replaced by another person")


#: Registrations that take a place of their category's capacity.
HOLDING = [RegistrationStatus.PENDING, RegistrationStatus.APPROVED]
#: Registrations that are still alive: one per identity and edition.
ACTIVE = [RegistrationStatus.PENDING, RegistrationStatus.APPROVED, RegistrationStatus.WAITLISTED]


class QuestionKind(models.TextChoices):
    """题型 · How a form's question is answered."""

    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")


class DocumentType(models.TextChoices):
    """证件类型."""

    ID_CARD = "id_card", _("Resident identity card")
    PASSPORT = "passport", _("Passport")
    PERMIT = "permit", _("Travel permit (Hong Kong, Macao, Taiwan)")


class Diet(models.TextChoices):
    """饮食需求."""

    NONE = "", _("No special diet")
    VEGETARIAN = "vegetarian", _("Vegetarian")
    VEGAN = "vegan", _("Vegan")
    HALAL = "halal", _("Halal")
    OTHER = "other", _("Other (see allergies and notes)")


class SignupStatus(models.TextChoices):
    """分会场报名状态."""

    CONFIRMED = "confirmed", _("Place confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class ScanResult(models.TextChoices):
    """扫码结果 · What a gate's scan of a badge came to."""

    ADMITTED = "admitted", _("Checked in")
    REPEAT = "repeat", _("Already checked in")
    NOT_ADMITTED = "not_admitted", _("Not admitted (registration not approved or badge replaced)")
    INVALID = "invalid", _("Not a valid badge")


class RoomType(models.TextChoices):
    """房型."""

    SINGLE = "single", _("Single room (one king bed)")
    TWIN = "twin", _("Twin room (two beds)")
    SUITE = "suite", _("Suite")


class TravelDirection(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    DEPARTURE = "departure", _("Departure")


class TravelMode(models.TextChoices):
    FLIGHT = "flight", _("Flight")
    TRAIN = "train", _("Train")
    CAR = "car", _("Car")


class StationKind(models.TextChoices):
    AIRPORT = "airport", _("Airport")
    RAILWAY = "railway", _("Railway station")
    HOTEL = "hotel", _("Hotel")
    VENUE = "venue", _("Venue")


class MealKind(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    LUNCH = "lunch", _("Lunch")
    DINNER = "dinner", _("Dinner")
    BANQUET = "banquet", _("Banquet")
    RECEPTION = "reception", _("Reception")


class Channel(models.TextChoices):
    MAIL = "mail", _("Email")
    SMS = "sms", _("Text message")
