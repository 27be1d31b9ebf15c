"""Guest services (服务保障机制): registration, badges, check-in, hotels, transport, meals.

A guest's registration (报名) belongs to one form of the edition, and the form to a
guest category (嘉宾, 演讲嘉宾, 媒体 …) that sets the capacity, the badge colour,
whether the organizers approve each registration and whether the guest comes on
site or follows online. A registration that finds its category full waits on the
list and moves up when a place frees. The rules that counting needs (one live
registration per e-mail and per identity document, one check-in per badge and day,
one seat per pickup run) are database constraints; the services in this package
take the row locks that make counts exact under concurrent clients.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ecoforum.core.crypto import EncryptedTextField
from ecoforum.core.money import AmountField
from ecoforum.forums.models import Edition
from ecoforum.people.models import Person
from ecoforum.program.models import Session

from .enums import (
    ACTIVE,
    Attendance,
    Channel,
    Diet,
    DocumentType,
    MealKind,
    QuestionKind,
    RegistrationStatus,
    RoomType,
    ScanResult,
    SignupStatus,
    StationKind,
    TravelDirection,
    TravelMode,
)

#: How long a pickup run keeps its vehicle: to the station or the hotels and back.
RUN_DURATION = dt.timedelta(minutes=90)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_reference() -> str:
    """A registration's reference: short, unambiguous when read aloud (no 0/O, 1/I)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class GuestCategory(models.Model):
    """参会类别 · 嘉宾, 演讲嘉宾, 媒体, 参展商, 投资商, 工作人员, 线上观众 … with capacity and badge colour."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="guest_categories"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.ON_SITE
    )
    color = models.CharField(_("badge colour"), max_length=7, default="#1f7a4d", help_text=_("Such as #1f7a4d."))
    needs_approval = models.BooleanField(_("organizers approve each registration"), default=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Empty for no limit. Pending and approved registrations take a place."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_zh_hans: str
    name_en: str

    class Meta:
        verbose_name = _("guest category")
        verbose_name_plural = _("guest categories")
        ordering = ["edition", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="guest_category_code_unique"),
            models.CheckConstraint(condition=Q(color__regex=r"^#[0-9a-fA-F]{6}$"), name="guest_category_color_hex"),
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationForm(models.Model):
    """报名表 · A form guests of one category fill in, open between two times, perhaps by invitation code only."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="registration_forms"
    )
    category = models.ForeignKey(
        GuestCategory, verbose_name=_("guest category"), on_delete=models.PROTECT, related_name="forms"
    )
    slug = models.SlugField(_("address"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    requires_code = models.BooleanField(_("by invitation code only"), default=False)
    asks_identity = models.BooleanField(
        _("asks for an identity document"),
        default=True,
        help_text=_("ID card or passport, for security at the venue and visa letters."),
    )
    is_active = models.BooleanField(_("open for registration"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_zh_hans: str
    title_en: str

    class Meta:
        verbose_name = _("registration form")
        verbose_name_plural = _("registration forms")
        ordering = ["edition", "order", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="registration_form_slug_unique"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="registration_form_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """表单问题 · A question of a form. Choices are one per line, in both languages, answered by their position."""

    form = models.ForeignKey(
        RegistrationForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="questions"
    )
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line, the same lines in both languages."))
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label_zh_hans: str
    label_en: str

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["form", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class InvitationCode(models.Model):
    """邀请码 · Opens an invitation-only form, a set number of times."""

    form = models.ForeignKey(RegistrationForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("code"), max_length=40)
    max_uses = models.PositiveIntegerField(_("uses allowed"), default=1)
    uses = models.PositiveIntegerField(_("used"), default=0)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("Whom the code was given to."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["form", "code"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="invitation_code_unique"),
            models.CheckConstraint(condition=Q(uses__lte=F("max_uses")), name="invitation_code_not_overused"),
        ]

    def __str__(self) -> str:
        return self.code


class Registration(models.Model):
    """报名 · One person's registration for an edition, in one category.

    The identity document's number, the nationality and the date of birth are
    encrypted; ``email_key`` and ``document_key`` are keyed hashes of the e-mail
    address and the document (see :func:`ecoforum.core.crypto.blind_index`) so that
    the database refuses a second live registration of the same person.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="registrations"
    )
    form = models.ForeignKey(
        RegistrationForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="registrations"
    )
    category = models.ForeignKey(
        GuestCategory, verbose_name=_("guest category"), on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="registrations")
    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_reference, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.ON_SITE
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    email = models.EmailField(_("email"))
    phone = models.CharField(_("mobile phone"), max_length=30, blank=True)
    email_key = models.CharField(max_length=64, editable=False)
    document_type = models.CharField(_("identity document"), max_length=10, choices=DocumentType.choices, blank=True)
    document_number = EncryptedTextField(_("document number"), blank=True)
    document_key = models.CharField(max_length=64, blank=True, editable=False)
    nationality = EncryptedTextField(_("nationality"), blank=True)
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True, help_text=_("YYYY-MM-DD"))
    origin_city = models.CharField(
        _("travelling from (city)"),
        max_length=100,
        blank=True,
        help_text=_("The city the guest travels from, for the forum's carbon footprint."),
    )
    origin_country = models.CharField(_("travelling from (country, ISO code)"), max_length=2, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    diet = models.CharField(_("diet"), max_length=12, choices=Diet.choices, default=Diet.NONE, blank=True)
    allergies = models.CharField(_("allergies and notes on food"), max_length=300, blank=True)
    invitation_code = models.ForeignKey(
        InvitationCode,
        verbose_name=_("invitation code"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    idempotency_key = models.CharField(max_length=80, blank=True, editable=False)
    badge_version = models.PositiveSmallIntegerField(_("badge version"), default=1)
    replaces = models.OneToOneField(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.CharField(_("note on the decision"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["edition", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "email_key"], condition=Q(status__in=ACTIVE), name="registration_email_once"
            ),
            models.UniqueConstraint(
                fields=["edition", "document_key"],
                condition=Q(status__in=ACTIVE) & ~Q(document_key=""),
                name="registration_document_once",
            ),
            models.UniqueConstraint(
                fields=["edition", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="registration_idempotency_key",
            ),
        ]
        indexes = [models.Index(fields=["category", "status"], name="registration_category_status")]
        permissions = [("view_identity", "Can see identity documents")]

    def __str__(self) -> str:
        return f"{self.reference} {self.person}"


class SessionPlaces(models.Model):
    """分会场名额 · Sign-up for a session, with a number of places (on site); more sign-ups wait on its list."""

    session = models.OneToOneField(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="places")
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("session places")
        verbose_name_plural = _("session places")

    def __str__(self) -> str:
        return f"{self.session}: {self.places}"


class SessionSignup(models.Model):
    """分会场报名 · A registered guest's sign-up for a session with limited places."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="signups"
    )
    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(_("status"), max_length=12, choices=SignupStatus.choices, default=SignupStatus.CONFIRMED)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)

    class Meta:
        verbose_name = _("session sign-up")
        verbose_name_plural = _("session sign-ups")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], condition=~Q(status="cancelled"), name="session_signup_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.reference} → {self.session}"


class Gate(models.Model):
    """入口 · A door where badges are scanned."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="gates")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_zh_hans: str
    name_en: str

    class Meta:
        verbose_name = _("gate")
        verbose_name_plural = _("gates")
        ordering = ["edition", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="gate_code_unique")]

    def __str__(self) -> str:
        return self.name


class CheckIn(models.Model):
    """签到 · A badge's first admission on a day of the forum. The database keeps one per badge and day."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="check_ins"
    )
    gate = models.ForeignKey(Gate, verbose_name=_("gate"), on_delete=models.PROTECT, related_name="check_ins")
    day = models.DateField(_("day"))
    scanned_at = models.DateTimeField(_("scanned"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-scanned_at"]
        constraints = [models.UniqueConstraint(fields=["registration", "day"], name="check_in_once_a_day")]
        indexes = [models.Index(fields=["gate", "day"], name="check_in_gate_day")]

    def __str__(self) -> str:
        return f"{self.registration.reference} @ {self.gate} {self.day}"


class Scan(models.Model):
    """扫码记录 · Every scan a gate sent, with its client-made id: a scan sent twice (offline sync) counts once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="scans")
    gate = models.ForeignKey(Gate, verbose_name=_("gate"), on_delete=models.PROTECT, related_name="scans")
    payload = models.CharField(_("scanned text"), max_length=200)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scans",
    )
    result = models.CharField(_("result"), max_length=12, choices=ScanResult.choices)
    check_in = models.ForeignKey(
        CheckIn, verbose_name=_("check-in"), null=True, blank=True, on_delete=models.CASCADE, related_name="scans"
    )
    scanned_at = models.DateTimeField(_("scanned"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    device = models.CharField(_("device"), max_length=60, blank=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scanned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.payload[:20]} {self.result}"


class Hotel(models.Model):
    """协议酒店 · A hotel where the forum holds room blocks."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="hotels")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address (street)"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact = models.CharField(_("contact person"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_zh_hans: str
    name_en: str

    class Meta:
        verbose_name = _("hotel")
        verbose_name_plural = _("hotels")
        ordering = ["edition", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class RoomBlock(models.Model):
    """房源 · Rooms of one type the hotel holds for the forum on one night."""

    hotel = models.ForeignKey(Hotel, verbose_name=_("hotel"), on_delete=models.CASCADE, related_name="blocks")
    night = models.DateField(_("night of"))
    room_type = models.CharField(_("room type"), max_length=10, choices=RoomType.choices)
    rooms = models.PositiveIntegerField(_("rooms held"))
    rate = AmountField(_("rate per night (yuan)"), null=True, blank=True)

    class Meta:
        verbose_name = _("room block")
        verbose_name_plural = _("room blocks")
        ordering = ["hotel", "night", "room_type"]
        constraints = [models.UniqueConstraint(fields=["hotel", "night", "room_type"], name="room_block_unique")]

    def __str__(self) -> str:
        return f"{self.hotel} {self.night} {self.get_room_type_display()} ×{self.rooms}"


class RoomAllocation(models.Model):
    """住宿安排 · A guest's room from arrival to departure. A guest sharing a twin points to its holder."""

    registration = models.OneToOneField(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="room"
    )
    hotel = models.ForeignKey(Hotel, verbose_name=_("hotel"), on_delete=models.PROTECT, related_name="allocations")
    room_type = models.CharField(_("room type"), max_length=10, choices=RoomType.choices)
    arrival = models.DateField(_("check-in date"))
    departure = models.DateField(_("check-out date"))
    shares_with = models.ForeignKey(
        "self",
        verbose_name=_("shares the room of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sharers",
    )
    room_number = models.CharField(_("room number"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("room allocation")
        verbose_name_plural = _("room allocations")
        ordering = ["hotel", "arrival", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(departure__gt=F("arrival")), name="room_allocation_departs_after_arrival"
            ),
            # A twin room is shared by at most one other guest.
            models.UniqueConstraint(
                fields=["shares_with"], condition=Q(shares_with__isnull=False), name="room_allocation_one_sharer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.reference} {self.hotel} {self.arrival}–{self.departure}"


class Station(models.Model):
    """站点 · An airport, a railway station, a hotel or the venue: where pickup runs start and end."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="stations")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=StationKind.choices, default=StationKind.AIRPORT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_zh_hans: str
    name_en: str

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["edition", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class TravelLeg(models.Model):
    """行程 · A guest's arrival or departure: flight or train, time, station, and whether a pickup is needed."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="travel"
    )
    direction = models.CharField(_("direction"), max_length=10, choices=TravelDirection.choices)
    mode = models.CharField(_("by"), max_length=10, choices=TravelMode.choices, default=TravelMode.FLIGHT)
    number = models.CharField(_("flight or train number"), max_length=20, blank=True)
    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="legs")
    at = models.DateTimeField(_("time"))
    needs_pickup = models.BooleanField(_("needs a pickup"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("travel")
        verbose_name_plural = _("travel")
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["registration", "direction"], name="travel_leg_once_each_way")]

    def __str__(self) -> str:
        return f"{self.registration.reference} {self.get_direction_display()} {self.number}"


class Vehicle(models.Model):
    """车辆 · A car, van or coach with its seats and driver."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="vehicles")
    name = models.CharField(_("name or plate"), max_length=60)
    seats = models.PositiveSmallIntegerField(_("passenger seats"))
    driver = models.CharField(_("driver"), max_length=60, blank=True)
    driver_phone = models.CharField(_("driver's phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["edition", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="vehicle_name_unique"),
            models.CheckConstraint(condition=Q(seats__gt=0), name="vehicle_has_seats"),
        ]

    def __str__(self) -> str:
        return self.name


class PickupRun(models.Model):
    """接送车次 · One vehicle's trip between a station and the hotels at a time, with a manifest."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="pickup_runs"
    )
    vehicle = models.ForeignKey(Vehicle, verbose_name=_("vehicle"), on_delete=models.PROTECT, related_name="runs")
    station = models.ForeignKey(Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="runs")
    direction = models.CharField(_("direction"), max_length=10, choices=TravelDirection.choices)
    departs_at = models.DateTimeField(_("departs"))
    ends_at = models.DateTimeField(_("vehicle free again"), editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pickup run")
        verbose_name_plural = _("pickup runs")
        ordering = ["departs_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("departs_at")), name="pickup_run_takes_time"),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle} {self.station} {self.departs_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        """The vehicle is busy for :data:`RUN_DURATION` from departure (on PostgreSQL an exclusion
        constraint keeps one vehicle's runs apart, see migration 0004)."""
        self.ends_at = self.departs_at + RUN_DURATION
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "departs_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "ends_at"}
        super().save(*args, **kwargs)


class RunPassenger(models.Model):
    """乘车人 · A guest's travel leg on a pickup run. A leg rides one run."""

    run = models.ForeignKey(
        PickupRun, verbose_name=_("pickup run"), on_delete=models.CASCADE, related_name="passengers"
    )
    leg = models.OneToOneField(TravelLeg, verbose_name=_("travel"), on_delete=models.CASCADE, related_name="ride")

    class Meta:
        verbose_name = _("passenger")
        verbose_name_plural = _("passengers")

    def __str__(self) -> str:
        return f"{self.run}: {self.leg}"


class Meal(models.Model):
    """餐次 · A meal served to some guest categories, counted by diet."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="meals")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=MealKind.choices)
    starts_at = models.DateTimeField(_("time"))
    venue = models.CharField(_("where"), max_length=200, blank=True)
    categories = models.ManyToManyField(GuestCategory, verbose_name=_("served to"), related_name="meals", blank=True)
    name_zh_hans: str
    name_en: str

    class Meta:
        verbose_name = _("meal")
        verbose_name_plural = _("meals")
        ordering = ["edition", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """通知记录 · A mail or text message sent to a guest after a change, in the guest's language."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    kind = models.CharField(_("about"), max_length=30)
    recipient = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"
