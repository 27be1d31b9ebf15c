"""Forms of the cooperation desk. They check shapes only; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoforum.forums.models import Edition, Forum
from ecoforum.people.models import Organization, Person
from ecoforum.program.models import Session
from ecoforum.services.enums import ACTIVE
from ecoforum.services.models import Registration

from .enums import AgreementKind, AgreementStatus, PartnerKind
from .models import Delegation, Partner
from .queries import partners_of

DATE = forms.DateInput(attrs={"type": "date"})


class _Registrations(forms.ModelChoiceField):
    def label_from_instance(self, obj: Registration) -> str:
        return f"{obj.person} · {obj.reference}"


class PartnerForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.order_by("name"))
    slug = forms.SlugField(label=_("Address"), max_length=80, help_text=_("Lower-case letters, digits and hyphens."))
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2, required=False)
    description_zh_hans = forms.CharField(
        label=_("Description (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    since = forms.DateField(label=_("Partner since"), required=False, widget=DATE)
    is_public = forms.BooleanField(label=_("Shown on the site"), required=False, initial=True)


class PartnerChangeForm(PartnerForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["organization"]
        del self.fields["slug"]


class AgreementForm(forms.Form):
    slug = forms.SlugField(label=_("Address"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    summary_zh_hans = forms.CharField(
        label=_("Summary (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    summary_en = forms.CharField(label=_("Summary (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Partner %(value)s is not one of this forum's partners.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices, initial=AgreementStatus.NEGOTIATING)
    edition = forms.ModelChoiceField(
        label=_("Signed at the edition"),
        queryset=Edition.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("That is not an edition of this forum.")},
    )
    session = forms.ModelChoiceField(label=_("Signed in the session"), queryset=Session.objects.none(), required=False)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DATE)
    starts_on = forms.DateField(label=_("In force from"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("In force until"), required=False, widget=DATE)
    is_public = forms.BooleanField(label=_("Shown on the site"), required=False, initial=True)

    def __init__(self, *args, edition: Edition, **kwargs):
        """``edition``: the one whose sessions are offered; partners and editions are its forum's."""
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(edition=edition).order_by("title")
        self.fields["partners"].queryset = partners_of(edition.forum)
        self.fields["edition"].queryset = Edition.objects.filter(forum_id=edition.forum_id).order_by("-year")


class AgreementChangeForm(AgreementForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["slug"]
        del self.fields["status"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AgreementStatus.choices)
    on = forms.DateField(label=_("Date"), required=False, widget=DATE, help_text=_("Today if left empty."))


class DelegationForm(forms.Form):
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2)
    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("That is not one of this forum's partners.")},
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners_of(forum)


class MemberForm(forms.Form):
    registration = _Registrations(label=_("Guest registration"), queryset=Registration.objects.none(), required=False)
    person = forms.SlugField(
        label=_("Or a person's address"), required=False, help_text=_("For a member without a registration.")
    )
    role = forms.CharField(label=_("Role in the delegation"), max_length=100, required=False)
    is_head = forms.BooleanField(label=_("Head of delegation"), required=False)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = (
            Registration.objects.filter(edition=edition, status__in=ACTIVE)
            .select_related("person")
            .order_by("person__name_zh_hans", "pk")
        )

    def clean(self):
        data = super().clean()
        registration, slug = data.get("registration"), data.get("person")
        if registration is None and not slug:
            raise forms.ValidationError(_("Choose a guest registration or give a person's address."))
        if registration is not None:
            data["person_obj"] = registration.person
        else:
            person = Person.objects.filter(slug=slug).first()
            if person is None:
                self.add_error("person", _("No person has the address “%(slug)s”.") % {"slug": slug})
            data["person_obj"] = person
        return data


class LetterForm(forms.Form):
    registration = _Registrations(label=_("Approved guest"), queryset=Registration.objects.none())
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=Delegation.objects.none(), required=False)

    def __init__(self, *args, edition: Edition, **kwargs):
        from .queries import registrations_for_letters

        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations_for_letters(edition)
        self.fields["delegation"].queryset = Delegation.objects.filter(edition=edition).order_by("country", "pk")


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
