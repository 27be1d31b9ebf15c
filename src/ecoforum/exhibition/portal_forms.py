"""Forms of the exhibitor portal and the organizers' application desk. They parse; the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .enums import BoothKind, StaffRole
from .models import Exhibitor, Zone

SEPARATORS = (",", "，", "、", ";", "；", "\n")


def split_codes(value: str) -> list[str]:
    for separator in SEPARATORS[1:]:
        value = value.replace(separator, ",")
    return [part.strip() for part in value.split(",") if part.strip()]


class ProfileForm(forms.Form):
    """Both languages side by side: the template lays the ``*_zh_hans`` and ``*_en`` fields in two columns."""

    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), required=False, max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), required=False, max_length=300)
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2, min_length=2)
    region = forms.CharField(label=_("Province or region"), required=False, max_length=50)
    city = forms.CharField(label=_("City"), required=False, max_length=50)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    industries = forms.CharField(
        label=_("Industries"),
        required=False,
        max_length=1000,
        help_text=_("Codes of the Green Industry Guidance Catalogue, such as 1.1.1, 3.2 or 6, separated by commas."),
    )
    exhibits_online = forms.BooleanField(label=_("Online exhibition"), required=False)
    exhibits_on_site = forms.BooleanField(label=_("On-site exhibition"), required=False)
    is_fortune_global_500 = forms.BooleanField(label=_("Fortune Global 500"), required=False)
    is_china_top_500 = forms.BooleanField(label=_("China Top 500 enterprises"), required=False)
    is_industry_leader = forms.BooleanField(label=_("Industry leader"), required=False)
    badge_quota = forms.IntegerField(label=_("Badge quota"), min_value=0, max_value=500)

    BILINGUAL = (("name_zh_hans", "name_en"), ("description_zh_hans", "description_en"))
    ORGANIZER_ONLY = ("is_fortune_global_500", "is_china_top_500", "is_industry_leader", "badge_quota")

    def __init__(self, *args, organizer: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organizer = organizer
        if not organizer:
            for name in self.ORGANIZER_ONLY:
                del self.fields[name]

    @classmethod
    def initial_for(cls, exhibitor: Exhibitor) -> dict:
        names = [n for n in cls.base_fields if n != "industries"]
        initial = {name: getattr(exhibitor, name) for name in names}
        initial["industries"] = ", ".join(entry.code for entry in exhibitor.industries.order_by("sort_key"))
        return initial

    def pairs(self):
        return [(self[zh], self[en]) for zh, en in self.BILINGUAL]

    def others(self):
        paired = {name for pair in self.BILINGUAL for name in pair}
        return [self[name] for name in self.fields if name not in paired]

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data["industries"] = split_codes(data.get("industries", ""))
        return data


class ProductForm(forms.Form):
    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), required=False, max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), required=False, max_length=200)
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    industry = forms.CharField(
        label=_("Industry"), required=False, max_length=20, help_text=_("A catalogue code, such as 1.1.1.")
    )
    is_new = forms.BooleanField(label=_("New product"), required=False)
    # A plain file field: the service checks the content with Pillow and names the file in its message.
    picture = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_picture = forms.BooleanField(label=_("Remove the picture"), required=False)

    BILINGUAL = (("name_zh_hans", "name_en"), ("description_zh_hans", "description_en"))

    @staticmethod
    def initial_for(product) -> dict:
        return {
            "name_zh_hans": product.name_zh_hans,
            "name_en": product.name_en,
            "description_zh_hans": product.description_zh_hans,
            "description_en": product.description_en,
            "industry": product.industry.code if product.industry_id else "",
            "is_new": product.is_new,
        }

    def pairs(self):
        return [(self[zh], self[en]) for zh, en in self.BILINGUAL]

    def others(self):
        paired = {name for pair in self.BILINGUAL for name in pair}
        return [self[name] for name in self.fields if name not in paired]

    def fields_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("name_zh_hans", "name_en", "description_zh_hans")}
        data["description_en"] = self.cleaned_data["description_en"]
        data["industry"] = self.cleaned_data["industry"] or None
        data["is_new"] = self.cleaned_data["is_new"]
        return data


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices, initial=StaffRole.STAFF)
    needs_badge = forms.BooleanField(label=_("Needs a badge"), required=False, initial=True)


class ApplyForm(forms.Form):
    zone = forms.ModelChoiceField(label=_("Zone"), queryset=Zone.objects.none())
    kind = forms.ChoiceField(label=_("Booth kind"), choices=BoothKind.choices)
    area = forms.DecimalField(
        label=_("Area wanted (m²)"), min_value=Decimal("0.01"), max_digits=7, decimal_places=2, initial=Decimal("9")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, edition, free: dict[int, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        zone_field = self.fields["zone"]
        assert isinstance(zone_field, forms.ModelChoiceField)
        zone_field.queryset = Zone.objects.filter(edition=edition).order_by("order", "code")
        zone_field.label_from_instance = lambda zone: (
            ngettext(  # type: ignore[method-assign]
                "%(zone)s (%(free)s booth free)", "%(zone)s (%(free)s booths free)", free.get(zone.pk, 0)
            )
            % {"zone": zone, "free": free.get(zone.pk, 0)}
        )


class ReserveForm(forms.Form):
    booth = forms.IntegerField(min_value=1)


class DeclineForm(forms.Form):
    reason = forms.CharField(required=False, max_length=500)
