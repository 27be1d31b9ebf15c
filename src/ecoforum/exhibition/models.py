"""The exhibition: halls and zones, booths on the floor plan, exhibitors, booth applications,
product launches and field-visit demonstration sites (展览展示机制 · 实践创新平台).

Geometry is in metres on the hall's plan: a booth is a rectangle (``x``, ``y`` its top-left
corner, ``width`` along x, ``depth`` along y) or, for raw space of another shape, a polygon in
``outline`` (a list of ``[x, y]`` points). The floor plan is drawn as SVG from these numbers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ecoforum.core.money import AmountField, CurrencyField
from ecoforum.forums.models import Edition
from ecoforum.investment.models import GreenIndustry
from ecoforum.people.models import Organization, Person
from ecoforum.program.models import Session

from .enums import ApplicationStatus, BoothKind, CaseKind, SignupStatus, StaffRole, ZoneKind

#: Applications that hold a booth.
HOLDING = [ApplicationStatus.RESERVED, ApplicationStatus.CONFIRMED]


class Hall(models.Model):
    """展馆 · A hall of the exhibition centre, with the size of its plan in metres."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="halls")
    code = models.CharField(_("code"), max_length=20, help_text=_("Such as A or 1."))
    name = models.CharField(_("name"), max_length=200)
    width = models.DecimalField(_("width (m)"), max_digits=7, decimal_places=2)
    depth = models.DecimalField(_("depth (m)"), max_digits=7, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_zh_hans: str
    name_en: str

    class Meta:
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        ordering = ["edition", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="hall_code_unique"),
            models.CheckConstraint(condition=Q(width__gt=0, depth__gt=0), name="hall_has_a_size"),
        ]

    def __str__(self) -> str:
        return self.name


class Zone(models.Model):
    """展区 · A zone of the exhibition, such as 主宾省展区 or 新品发布区, in one hall."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="zones")
    hall = models.ForeignKey(Hall, verbose_name=_("hall"), on_delete=models.PROTECT, related_name="zones")
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=ZoneKind.choices, default=ZoneKind.OTHER)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(
        _("colour"), max_length=7, default="#2e7d4f", help_text=_("On the floor plan, as #rrggbb.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_zh_hans: str
    name_en: str
    description_zh_hans: str
    description_en: str

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["edition", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="zone_code_unique"),
            models.CheckConstraint(condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="zone_colour_hex"),
        ]

    def __str__(self) -> str:
        return self.name


class Booth(models.Model):
    """展位 · A booth on the plan: code, size, kind, price and where it is."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="booths")
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="booths")
    code = models.CharField(_("code"), max_length=20, help_text=_("Such as A-101."))
    kind = models.CharField(_("kind"), max_length=10, choices=BoothKind.choices, default=BoothKind.SHELL)
    area = models.DecimalField(_("area (m²)"), max_digits=7, decimal_places=2)
    price = AmountField(_("price"), null=True, blank=True)
    currency = CurrencyField(_("currency"))
    x = models.DecimalField(_("x (m)"), max_digits=7, decimal_places=2)
    y = models.DecimalField(_("y (m)"), max_digits=7, decimal_places=2)
    width = models.DecimalField(_("width (m)"), max_digits=7, decimal_places=2)
    depth = models.DecimalField(_("depth (m)"), max_digits=7, decimal_places=2)
    outline = models.JSONField(
        _("outline"),
        default=list,
        blank=True,
        help_text=_("For a booth that is not a rectangle: [[x, y], …] in metres."),
    )
    is_blocked = models.BooleanField(_("not for allocation"), default=False)

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="booth_code_unique"),
            models.CheckConstraint(condition=Q(area__gt=0), name="booth_area_positive"),
            models.CheckConstraint(condition=Q(width__gt=0, depth__gt=0), name="booth_has_a_size"),
            models.CheckConstraint(condition=Q(x__gte=0, y__gte=0), name="booth_inside_the_plan"),
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gte=0), name="booth_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.code


class Exhibitor(models.Model):
    """参展商 · An organization exhibiting at an edition, with its public profile."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="exhibitors")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="exhibitions"
    )
    slug = models.SlugField(_("address"), max_length=80)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    country = models.CharField(_("country (ISO code)"), max_length=2, default="CN")
    region = models.CharField(_("province or region"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    industries = models.ManyToManyField(
        GreenIndustry, verbose_name=_("industries"), blank=True, related_name="exhibitors"
    )
    is_fortune_global_500 = models.BooleanField(_("Fortune Global 500"), default=False)
    is_china_top_500 = models.BooleanField(_("China Top 500 enterprises"), default=False)
    is_industry_leader = models.BooleanField(_("industry leader"), default=False)
    exhibits_online = models.BooleanField(_("online exhibition"), default=False)
    exhibits_on_site = models.BooleanField(_("on-site exhibition"), default=True)
    badge_quota = models.PositiveSmallIntegerField(_("badge quota"), default=5)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    name_zh_hans: str
    name_en: str
    description_zh_hans: str
    description_en: str

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["edition", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="exhibitor_slug_unique"),
            models.UniqueConstraint(fields=["edition", "organization"], name="exhibitor_once_per_edition"),
        ]
        indexes = [
            # The public directory's order (queries.exhibitors_of): a page is read from the index, not
            # sorted out of every exhibitor of the edition (25,000 at a trade fair).
            models.Index(fields=["edition", "name_zh_hans", "name_en", "id"], name="exhibitor_directory_order"),
            # The directory's country filter and its list of countries (queries.countries_of).
            models.Index(fields=["edition", "country"], name="exhibitor_edition_country"),
        ]

    def __str__(self) -> str:
        return self.name


class ExhibitorStaff(models.Model):
    """参展人员 · A person who works for an exhibitor: a manager edits its profile; badges count against the quota."""

    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="staff"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="exhibitor_roles"
    )
    role = models.CharField(_("role"), max_length=10, choices=StaffRole.choices, default=StaffRole.STAFF)
    needs_badge = models.BooleanField(_("needs a badge"), default=True)

    class Meta:
        verbose_name = _("exhibitor staff member")
        verbose_name_plural = _("exhibitor staff")
        ordering = ["exhibitor", "person__name"]
        constraints = [models.UniqueConstraint(fields=["exhibitor", "person"], name="exhibitor_staff_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.exhibitor}"


class Product(models.Model):
    """展品 · A product or exhibit an exhibitor shows, with a picture."""

    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    industry = models.ForeignKey(
        GreenIndustry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    picture = models.ImageField(_("picture"), upload_to="exhibition/products/%Y/", blank=True)
    is_new = models.BooleanField(_("new product"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_zh_hans: str
    name_en: str
    description_zh_hans: str
    description_en: str

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["exhibitor", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class BoothApplication(models.Model):
    """展位申请 · An exhibitor asks for space in a zone; organizers reserve a booth, then confirm it.

    A booth is held by at most one application (reserved or confirmed): the partial unique
    constraint ``booth_held_once`` holds it in the database, whatever writes it.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="booth_applications"
    )
    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="applications"
    )
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(_("booth kind"), max_length=10, choices=BoothKind.choices, default=BoothKind.SHELL)
    area = models.DecimalField(_("area wanted (m²)"), max_digits=7, decimal_places=2)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    booth = models.ForeignKey(
        Booth, verbose_name=_("booth"), null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    created = models.DateTimeField(_("applied"), auto_now_add=True)
    decided = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("booth application")
        verbose_name_plural = _("booth applications")
        ordering = ["edition", "created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["booth"], condition=Q(status__in=HOLDING), name="booth_held_once"),
            models.CheckConstraint(
                condition=~Q(status__in=HOLDING) | Q(booth__isnull=False), name="booth_application_holding_has_booth"
            ),
            models.CheckConstraint(condition=Q(area__gt=0), name="booth_application_area_positive"),
            models.UniqueConstraint(
                fields=["exhibitor", "zone"],
                condition=Q(status__in=["submitted", "waitlisted", "reserved", "confirmed"]),
                name="booth_application_one_open_per_zone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibitor} · {self.zone}"


class Launch(models.Model):
    """新品发布 · A product launch: a session of the program (kind ``launch``) on the launch stage.

    The program's timetable rules keep two sessions out of one room at once, so two launches never
    share the stage; this row adds who launches what.
    """

    session = models.OneToOneField(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="launch")
    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="launches"
    )
    products = models.ManyToManyField(Product, verbose_name=_("products"), blank=True, related_name="launches")

    class Meta:
        verbose_name = _("product launch")
        verbose_name_plural = _("product launches")

    def __str__(self) -> str:
        return str(self.session)


class Site(models.Model):
    """实地考察示范点 · A field-visit demonstration site: what it demonstrates and where it is.

    Sites are also the practice-innovation platform's cases, across editions.
    """

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="visit_sites"
    )
    slug = models.SlugField(_("address"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    demonstrates = models.TextField(_("what it demonstrates"), blank=True)
    address = models.CharField(_("address (street)"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("run by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    picture = models.ImageField(_("picture"), upload_to="exhibition/sites/%Y/", blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    name_zh_hans: str
    name_en: str
    demonstrates_zh_hans: str
    demonstrates_en: str

    class Meta:
        verbose_name = _("demonstration site")
        verbose_name_plural = _("demonstration sites")
        ordering = ["edition", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="site_slug_unique"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="site_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="site_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VisitRoute(models.Model):
    """考察线路 · A bus route to one or more sites, with its departure and seats."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="visit_routes"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    departs_at = models.DateTimeField(_("departs"))
    returns_at = models.DateTimeField(_("returns"))
    meeting_point = models.CharField(_("meeting point"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("seats"))
    sites = models.ManyToManyField(Site, through="RouteStop", verbose_name=_("sites"), related_name="routes")
    name_zh_hans: str
    name_en: str
    meeting_point_zh_hans: str
    meeting_point_en: str

    class Meta:
        verbose_name = _("visit route")
        verbose_name_plural = _("visit routes")
        ordering = ["edition", "departs_at", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="visit_route_code_unique"),
            models.CheckConstraint(condition=Q(returns_at__gt=F("departs_at")), name="visit_route_returns_after"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="visit_route_has_seats"),
        ]

    def __str__(self) -> str:
        return self.name


class RouteStop(models.Model):
    route = models.ForeignKey(VisitRoute, verbose_name=_("route"), on_delete=models.CASCADE, related_name="stops")
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="stops")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["route", "order"]
        constraints = [models.UniqueConstraint(fields=["route", "site"], name="route_stop_once")]

    def __str__(self) -> str:
        return f"{self.route} · {self.order}. {self.site}"


class VisitSignup(models.Model):
    """考察报名 · A guest's seat on a route. The services never let a route take more guests than seats."""

    route = models.ForeignKey(VisitRoute, verbose_name=_("route"), on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey(Person, verbose_name=_("guest"), on_delete=models.CASCADE, related_name="visit_signups")
    status = models.CharField(_("status"), max_length=12, choices=SignupStatus.choices, default=SignupStatus.REGISTERED)
    created = models.DateTimeField(_("signed up"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit sign-up")
        verbose_name_plural = _("visit sign-ups")
        ordering = ["route", "created"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "person"], condition=Q(status="registered"), name="visit_signup_once_per_route"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.route}"


class PracticeCase(models.Model):
    """实践案例 · A case of the practice-innovation platform: a demonstration site, an institution founded,
    a technology or a policy in use, across editions. A field-visit site can be its place."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=CaseKind.choices, default=CaseKind.DEMONSTRATION_SITE)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("the case"), blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    edition = models.ForeignKey(
        Edition, verbose_name=_("presented at"), null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("demonstration site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    organizations = models.ManyToManyField(Organization, verbose_name=_("organizations"), blank=True, related_name="+")
    industries = models.ManyToManyField(GreenIndustry, verbose_name=_("industries"), blank=True, related_name="+")
    is_public = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    title_zh_hans: str
    title_en: str
    summary_zh_hans: str
    summary_en: str

    class Meta:
        verbose_name = _("practice case")
        verbose_name_plural = _("practice cases")
        ordering = ["-year", "slug"]

    def __str__(self) -> str:
        return self.title
