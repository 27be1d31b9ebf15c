"""Forms of the evaluation's KPI and footprint pages. They only read input; the rules live in
:mod:`ecoforum.evaluation.footprint`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Place


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Place) -> str:
        return f"{obj.name} ({obj.country})"


class FootprintInputsForm(forms.Form):
    venue = PlaceChoiceField(
        label=_("Venue city"),
        queryset=Place.objects.order_by("country", "name_en"),
        help_text=_("Travel distances are measured to it."),
    )
    venue_electricity_kwh = forms.DecimalField(
        label=_("Venue electricity (kWh)"), max_digits=12, decimal_places=1, initial=0
    )
    venue_gas_m3 = forms.DecimalField(label=_("Venue natural gas (m³)"), max_digits=12, decimal_places=1, initial=0)
    offset_tco2e = forms.DecimalField(label=_("Offset (t CO₂e)"), max_digits=10, decimal_places=3, initial=0)
    offset_note_zh_hans = forms.CharField(
        label=_("How it was offset (Chinese)"),
        max_length=300,
        required=False,
        help_text=_("Such as the forest carbon credits retired."),
    )
    offset_note_en = forms.CharField(label=_("How it was offset (English)"), max_length=300, required=False)

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
