"""Green investment: the catalogue that says what counts as green industry, projects and investors.

Projects, exhibitors and investors' interests are classified on the Green Industry
Guidance Catalogue (2019). The catalogue is national, not per edition: every
database carries it, loaded by the migration ``0002_load_catalogue`` from
``catalogue_data``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ecoforum.core.money import AmountField, CurrencyField, Money
from ecoforum.forums.models import Edition
from ecoforum.people.models import Organization, Person

from .enums import CooperationMode, ProjectStage


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
