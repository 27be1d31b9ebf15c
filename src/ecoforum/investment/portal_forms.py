"""Forms of the investor and project-owner portals. They parse; the services decide."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ecoforum.core.money import WAN

from .enums import ProjectStage
from .models import GreenIndustry, InvestmentProject, Investor

#: Codes and places are separated by commas (either width), 、, semicolons or new lines.
SEPARATORS = re.compile(r"[,，、;；\n]+")


def split_list(value: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(value or "") if part.strip()]


def _wan(amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return None
    value = amount / WAN
    return value.to_integral() if value == value.to_integral() else value.normalize()


class InterestsForm(forms.Form):
    industries = forms.CharField(
        label=_("Industries of interest"),
        required=False,
        max_length=1000,
        help_text=_("Codes of the Green Industry Guidance Catalogue, such as 1.1.1, 3.2 or 6, separated by commas."),
    )
    regions = forms.CharField(
        label=_("Regions of interest"),
        required=False,
        max_length=1000,
        help_text=_("Provinces, cities or counties, such as 贵州省, 贵阳市, separated by commas."),
    )
    ticket_min = forms.DecimalField(
        label=_("Smallest ticket (10,000 yuan)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
    )
    ticket_max = forms.DecimalField(
        label=_("Largest ticket (10,000 yuan)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
    )

    @classmethod
    def initial_for(cls, investor: Investor) -> dict:
        return {
            "industries": ", ".join(entry.code for entry in investor.industries.all()),
            "regions": ", ".join(investor.regions or []),
            "ticket_min": _wan(investor.ticket_min),
            "ticket_max": _wan(investor.ticket_max),
        }

    def clean_industries(self) -> list[GreenIndustry]:
        codes = [code.rstrip(".") for code in split_list(self.cleaned_data.get("industries", ""))]
        entries = {entry.code: entry for entry in GreenIndustry.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in entries]
        if unknown:
            raise ValidationError(
                _("Not in the catalogue: %(codes)s"), params={"codes": ", ".join(unknown)}, code="unknown"
            )
        return list(entries.values())

    def clean_regions(self) -> list[str]:
        return split_list(self.cleaned_data.get("regions", ""))

    def clean(self):
        data = super().clean()
        low, high = data.get("ticket_min"), data.get("ticket_max")
        if low is not None and high is not None and high < low:
            self.add_error("ticket_max", _("The largest ticket cannot be below the smallest."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "industries": data["industries"],
            "regions": data["regions"],
            "ticket_min": data["ticket_min"] * WAN if data.get("ticket_min") is not None else None,
            "ticket_max": data["ticket_max"] * WAN if data.get("ticket_max") is not None else None,
        }


class ProjectForm(forms.Form):
    """What a project's owner keeps up to date: names and summaries in both languages, the contact, the stage."""

    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    summary_zh_hans = forms.CharField(
        label=_("Summary (Chinese)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    summary_en = forms.CharField(label=_("Summary (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=100, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=ProjectStage.choices)

    FIELDS = (
        "name_zh_hans",
        "name_en",
        "summary_zh_hans",
        "summary_en",
        "contact_name",
        "contact_phone",
        "contact_email",
        "stage",
    )

    @classmethod
    def initial_for(cls, project: InvestmentProject) -> dict:
        return {name: getattr(project, name) or "" for name in cls.FIELDS}

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class RequestForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        initial=2,
        choices=[(1, _("Nice to have")), (2, _("Wanted")), (3, _("Must try hardest"))],
    )
    message = forms.CharField(
        label=_("Message"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
