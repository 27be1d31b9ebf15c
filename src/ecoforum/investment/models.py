"""Green investment: the catalogue that says what counts as green industry, projects and investors.

Projects, exhibitors and investors' interests are classified on the Green Industry
Guidance Catalogue (2019). The catalogue is national, not per edition: every
database carries it, loaded by the migration ``0002_load_catalogue`` from
``catalogue_data``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ecoforum.core.money import AmountField, CurrencyField, Money
from ecoforum.forums.models import Edition
from ecoforum.people.models import Organization, Person
from ecoforum.program.models import Session

from .enums import (
    AttachmentKind,
    CooperationMode,
    MeetingStatus,
    PartyRole,
    ProjectStage,
    RequestSide,
    RequestStatus,
    SigningKind,
)


class GreenIndustry(models.Model):
    """绿色产业目录条目 · An entry of the Green Industry Guidance Catalogue (2019), at any of its three levels.

    Level 1 is an industry (1 节能环保产业), level 2 a group (1.1 高效节能装备制造),
    level 3 an entry (1.1.1 节能锅炉制造) with its explanation and national standards.
    """

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("Such as 1.1.1."))
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, related_name="children", null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)
    standards = models.JSONField(_("national standards"), default=list, blank=True)
    sort_key = models.CharField(
        _("sort key"),
        max_length=40,
        unique=True,
        editable=False,
        help_text=_("The code with each number padded, so that 1.10 sorts after 1.9."),
    )

    class Meta:
        verbose_name = _("green industry catalogue entry")
        verbose_name_plural = _("green industry catalogue entries")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="green_industry_level_1_to_3"),
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="green_industry_parent_iff_below_level_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InvestmentProject(models.Model):
    """招商推介项目 · A project offered to investors, as the edition's project index lists it.

    Its industry is a level-3 entry of the catalogue (1.1.1 节能锅炉制造); the services
    refuse any other level. The amount sought is in yuan.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="investment_projects"
    )
    code = models.CharField(_("code"), max_length=40, help_text=_("The project's number in the index, such as GZ-001."))
    name = models.CharField(_("name"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    province = models.CharField(_("province"), max_length=50)
    city = models.CharField(_("city"), max_length=50, blank=True)
    county = models.CharField(_("county"), max_length=50, blank=True)
    industry = models.ForeignKey(
        GreenIndustry,
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"level": 3},
        help_text=_("An entry of the Green Industry Guidance Catalogue (2019), such as 1.1.1."),
    )
    investment_sought = AmountField(_("investment sought"))
    currency = CurrencyField(_("currency"))
    cooperation_mode = models.CharField(
        _("cooperation mode"), max_length=20, choices=CooperationMode.choices, default=CooperationMode.COOPERATION
    )
    stage = models.CharField(_("stage"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.PLANNING)
    owner = models.ForeignKey(
        Organization, verbose_name=_("owner organization"), on_delete=models.PROTECT, related_name="investment_projects"
    )
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # Added per language by modeltranslation (translation.py); declared for the type checker only.
    name_zh_hans: str
    name_en: str
    summary_zh_hans: str
    summary_en: str

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="investment_project_code_unique"),
            models.CheckConstraint(condition=Q(investment_sought__gt=0), name="investment_project_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def money(self) -> Money:
        return Money(self.investment_sought, self.currency)

    @property
    def region(self) -> str:
        """``贵州省 黔南州 都匀市``: the places that are filled, largest first."""
        return " ".join(part for part in (self.province, self.city, self.county) if part)


class Investor(models.Model):
    """投资方 · An organization that invests, with what it looks for: industries, regions, ticket size."""

    organization = models.OneToOneField(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="investor"
    )
    industries = models.ManyToManyField(
        GreenIndustry, verbose_name=_("industries of interest"), blank=True, related_name="investors"
    )
    regions = models.JSONField(
        _("regions of interest"), default=list, blank=True, help_text=_("Provinces, cities or counties, as a list.")
    )
    ticket_min = AmountField(_("smallest ticket"), null=True, blank=True)
    ticket_max = AmountField(_("largest ticket"), null=True, blank=True)
    currency = CurrencyField(_("currency"))
    contacts = models.ManyToManyField(Person, verbose_name=_("contact people"), blank=True, related_name="investors")
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("investor")
        verbose_name_plural = _("investors")
        ordering = ["organization__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket_min__isnull=True) | Q(ticket_min__gt=0), name="investor_ticket_min_positive"
            ),
            models.CheckConstraint(
                condition=Q(ticket_min__isnull=True) | Q(ticket_max__isnull=True) | Q(ticket_max__gte=F("ticket_min")),
                name="investor_ticket_max_not_below_min",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class ProjectAttachment(models.Model):
    """项目附件 · A file that goes with a project: a brochure, a feasibility study, a picture.

    The services check the content (not the name) before it is stored; it is
    served through a view that asks who may see it, never straight from the disk.
    """

    project = models.ForeignKey(
        InvestmentProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="projects/%Y/")
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Shown on the public project page."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)
    title_zh_hans: str
    title_en: str

    class Meta:
        verbose_name = _("project attachment")
        verbose_name_plural = _("project attachments")
        ordering = ["project", "uploaded"]

    def __str__(self) -> str:
        return self.title


class NegotiationTable(models.Model):
    """洽谈桌 · A table of the trade-negotiation zone (贸易洽谈区) where 1:1 meetings take place."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="negotiation_tables"
    )
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(
        _("label"), max_length=50, blank=True, help_text=_("As written on the table, such as A-12.")
    )

    class Meta:
        verbose_name = _("negotiation table")
        verbose_name_plural = _("negotiation tables")
        ordering = ["edition", "number"]
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="negotiation_table_number_unique")]

    def __str__(self) -> str:
        return self.label or str(self.number)


class MeetingSlot(models.Model):
    """洽谈时段 · A time slot for 1:1 meetings, such as 7 July 09:00–09:20."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="meeting_slots"
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("Such as d1-01."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["edition", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="meeting_slot_code_unique"),
            models.UniqueConstraint(fields=["edition", "starts_at"], name="meeting_slot_start_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.code


OPEN_REQUEST = Q(status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED])


class MeetingRequest(models.Model):
    """洽谈请求 · One side asks the other for a 1:1 meeting: an investor and a project's owner.

    The meeting is between two people: one who speaks for the investor and one who
    speaks for the project's owner. A pending request expires at ``expires_at``;
    only accepted requests go to the scheduler, so an unanswered one blocks no one.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="meeting_requests"
    )
    investor = models.ForeignKey(
        Investor, verbose_name=_("investor"), on_delete=models.CASCADE, related_name="meeting_requests"
    )
    project = models.ForeignKey(
        InvestmentProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="meeting_requests"
    )
    investor_person = models.ForeignKey(
        Person, verbose_name=_("for the investor"), on_delete=models.PROTECT, related_name="+"
    )
    owner_person = models.ForeignKey(
        Person, verbose_name=_("for the project owner"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.CharField(_("asked by"), max_length=10, choices=RequestSide.choices)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=2, help_text=_("1 nice to have, 2 wanted, 3 must try hardest.")
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created = models.DateTimeField(_("asked"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_note = models.CharField(_("answer"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["edition", "created"]
        constraints = [
            models.UniqueConstraint(
                fields=["investor", "project"], condition=OPEN_REQUEST, name="meeting_request_one_open_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(priority__gte=1, priority__lte=3), name="meeting_request_priority_1_to_3"
            ),
            models.CheckConstraint(
                condition=~Q(investor_person=F("owner_person")), name="meeting_request_two_different_people"
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"], name="meeting_request_status")]

    def __str__(self) -> str:
        return f"{self.investor} · {self.project.code}"


class Meeting(models.Model):
    """洽谈安排 · An accepted request placed at a table in a slot.

    The scheduler writes drafts; organizers publish them; both sides confirm, and a
    confirmed meeting is pinned when the scheduler runs again. Nobody and no table
    is booked twice in a slot: :class:`MeetingSeat` and the constraint on
    (slot, table) hold it in the database.
    """

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(
        MeetingRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="meeting"
    )
    slot = models.ForeignKey(MeetingSlot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="meetings")
    table = models.ForeignKey(
        NegotiationTable, verbose_name=_("table"), on_delete=models.PROTECT, related_name="meetings"
    )
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    investor_confirmed = models.BooleanField(_("confirmed by the investor"), default=False)
    owner_confirmed = models.BooleanField(_("confirmed by the project owner"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "table__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=~Q(status=MeetingStatus.CANCELLED),
                name="meeting_table_once_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} · {self.table} · {self.request}"


class MeetingSeat(models.Model):
    """A person's place in a meeting: one row per side, so that a person is never in two meetings in one slot."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="meeting_seats")
    slot = models.ForeignKey(MeetingSlot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("meeting seat")
        verbose_name_plural = _("meeting seats")
        constraints = [
            models.UniqueConstraint(fields=["person", "slot"], name="meeting_seat_person_once_per_slot"),
            models.UniqueConstraint(fields=["meeting", "person"], name="meeting_seat_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.slot}"


class Signing(models.Model):
    """签约 · An agreement signed on stage at a signing ceremony (签约仪式), a session of the program.

    ``amount`` is what the agreement says. What counts in the edition's totals follows
    the counting rules in ``queries.counted_signings``: a project counts once, at its
    first signing; a capital increase counts only ``increment``. Each signing is where
    an outcome starts that is followed after the forum.
    """

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="signings")
    ceremony = models.ForeignKey(
        Session,
        verbose_name=_("signing ceremony"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signings",
    )
    project = models.ForeignKey(
        InvestmentProject,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signings",
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=SigningKind.choices, default=SigningKind.NEW)
    amount = AmountField(_("amount of the agreement"))
    increment = AmountField(
        _("increment"), null=True, blank=True, help_text=_("For a capital increase: the new money only.")
    )
    currency = CurrencyField(_("currency"))
    stage_order = models.PositiveSmallIntegerField(_("order on stage"), default=0)
    signed_at = models.DateTimeField(_("signed"))
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    title_zh_hans: str
    title_en: str

    class Meta:
        verbose_name = _("signing")
        verbose_name_plural = _("signings")
        ordering = ["edition", "signed_at", "stage_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="signing_amount_positive"),
            models.CheckConstraint(
                condition=~Q(kind=SigningKind.CAPITAL_INCREASE) | Q(increment__gt=0),
                name="signing_capital_increase_has_increment",
            ),
            models.CheckConstraint(
                condition=Q(increment__isnull=True) | Q(increment__lte=F("amount")),
                name="signing_increment_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class SigningParty(models.Model):
    """签约方 · An organization that signs, and for which side."""

    signing = models.ForeignKey(Signing, verbose_name=_("signing"), on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="signings"
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)
    signatory = models.CharField(_("signed by"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("signing party")
        verbose_name_plural = _("signing parties")
        ordering = ["signing", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["signing", "organization"], name="signing_party_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"
