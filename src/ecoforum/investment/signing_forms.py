"""The organizers' form for a signing and its parties. It parses; the rules live in ``signings``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecoforum.core.money import CURRENCIES
from ecoforum.people.models import Organization
from ecoforum.program.models import Session

from .enums import PartyRole, SigningKind
from .models import InvestmentProject, Signing
from .signings import CEREMONY_KINDS, Party

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class SigningForm(forms.Form):
    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=SigningKind.choices, initial=SigningKind.NEW)
    amount = forms.DecimalField(label=_("Amount of the agreement"), max_digits=18, decimal_places=2)
    increment = forms.DecimalField(
        label=_("Increment"),
        max_digits=18,
        decimal_places=2,
        required=False,
        help_text=_("For a capital increase: the new money only."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="CNY")
    project = forms.ModelChoiceField(label=_("Project"), queryset=InvestmentProject.objects.none(), required=False)
    ceremony = forms.ModelChoiceField(label=_("Signing ceremony"), queryset=Session.objects.none(), required=False)
    signed_at = forms.DateTimeField(
        label=_("Signed (local time)"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = InvestmentProject.objects.filter(edition=edition).order_by("code")
        self.fields["ceremony"].queryset = Session.objects.filter(edition=edition, kind__in=CEREMONY_KINDS).order_by(
            "code"
        )

    @staticmethod
    def initial_for(signing: Signing) -> dict:
        return {
            "title_zh_hans": signing.title_zh_hans,
            "title_en": signing.title_en,
            "kind": signing.kind,
            "amount": signing.amount,
            "increment": signing.increment,
            "currency": signing.currency,
            "project": signing.project_id,
            "ceremony": signing.ceremony_id,
            "signed_at": timezone.localtime(signing.signed_at),
            "notes": signing.notes,
        }

    def signing_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["title_en"] = data.get("title_en") or ""
        data["notes"] = data.get("notes") or ""
        return data


class PartyForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.order_by("name_zh_hans"), required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices, required=False)
    signatory = forms.CharField(label=_("Signed by"), max_length=100, required=False)


PartyFormSet = forms.formset_factory(PartyForm, extra=2, max_num=20)


def parties_from(formset) -> list[Party]:
    """The parties typed, in order; rows without an organization are left out."""
    return [
        Party(
            f.cleaned_data["organization"],
            f.cleaned_data.get("role") or PartyRole.INVESTOR,
            f.cleaned_data.get("signatory") or "",
        )
        for f in formset.forms
        if f.cleaned_data.get("organization") is not None
    ]


def party_initial(signing: Signing) -> list[dict]:
    return [
        {"organization": p.organization_id, "role": p.role, "signatory": p.signatory}
        for p in signing.parties.order_by("order", "pk")
    ]
