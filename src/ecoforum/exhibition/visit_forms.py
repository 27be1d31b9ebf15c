"""The organizers' form to schedule a product launch."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoforum.forums.models import Edition
from ecoforum.program.models import Room

from .models import Exhibitor, Product


class LaunchForm(forms.Form):
    exhibitor = forms.ModelChoiceField(label=_("Exhibitor"), queryset=Exhibitor.objects.none())
    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    abstract_zh_hans = forms.CharField(label=_("Abstract (Chinese)"), widget=forms.Textarea, required=False)
    abstract_en = forms.CharField(label=_("Abstract (English)"), widget=forms.Textarea, required=False)
    room = forms.ModelChoiceField(label=_("Launch stage"), queryset=Room.objects.none())
    day = forms.TypedChoiceField(label=_("Day"), coerce=dt.date.fromisoformat)
    start = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    products = forms.ModelMultipleChoiceField(
        label=_("Products launched"),
        queryset=Product.objects.none(),
        required=False,
        help_text=_("New products of the exhibitor."),
    )

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["exhibitor"].queryset = Exhibitor.objects.filter(edition=edition).order_by("name")
        self.fields["room"].queryset = Room.objects.filter(venue__edition=edition).order_by("venue", "order", "pk")
        self.fields["day"].choices = [(d.isoformat(), d.isoformat()) for d in edition.days]
        self.fields["products"].queryset = (
            Product.objects.filter(exhibitor__edition=edition, is_new=True)
            .select_related("exhibitor")
            .order_by("exhibitor__name", "order", "pk")
        )
        self.fields["products"].label_from_instance = lambda p: f"{p.exhibitor.name} · {p.name}"

    def clean(self):
        data = super().clean()
        if not (data.get("title_zh_hans") or data.get("title_en")):
            self.add_error("title_zh_hans", _("Give a title in at least one language."))
        return data

    def launch_fields(self) -> dict:
        data = self.cleaned_data
        tz = self.edition.tz
        return {
            "title_zh_hans": data["title_zh_hans"],
            "title_en": data["title_en"],
            "abstract_zh_hans": data["abstract_zh_hans"],
            "abstract_en": data["abstract_en"],
            "room": data["room"],
            "starts_at": dt.datetime.combine(data["day"], data["start"], tzinfo=tz),
            "ends_at": dt.datetime.combine(data["day"], data["end"], tzinfo=tz),
            "products": list(data["products"]),
        }
