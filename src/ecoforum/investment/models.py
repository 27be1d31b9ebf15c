"""Green investment: the catalogue that says what counts as green industry.

Projects, exhibitors and investors' interests are classified on the Green Industry
Guidance Catalogue (2019). The catalogue is national, not per edition: every
database carries it, loaded by the migration ``0002_load_catalogue`` from
``catalogue_data``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
