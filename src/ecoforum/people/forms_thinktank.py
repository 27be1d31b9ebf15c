"""Forms of the think tank and the exchange platform. Every content field has both languages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Academy, AdviceStatus, InvitationRole, InvitationStatus


class ExpertFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    field = forms.TypedChoiceField(label=_("Field"), required=False, coerce=int, empty_value=None)
    academy = forms.ChoiceField(
        label=_("Academy"),
        required=False,
        choices=[("", _("All experts"))] + [(v, label) for v, label in Academy.choices if v],
    )

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields"))] + [(f.pk, f.name) for f in fields]


class AdviceForm(forms.Form):
    """A proposal: title and details in Chinese and in English; at least one title."""

    edition = forms.TypedChoiceField(label=_("For the edition"), coerce=int)
    title_zh_hans = forms.CharField(label=_("Proposal (Chinese)"), required=False, max_length=300)
    title_en = forms.CharField(label=_("Proposal (English)"), required=False, max_length=300)
    text_zh_hans = forms.CharField(
        label=_("Details (Chinese)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    text_en = forms.CharField(
        label=_("Details (English)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [(e.pk, e.name) for e in editions]

    def clean(self):
        data = super().clean()
        if not (data.get("title_zh_hans", "").strip() or data.get("title_en", "").strip()):
            raise forms.ValidationError(_("Give the proposal a title, in Chinese or in English."))
        return data


class AdviceChangeForm(AdviceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["edition"]


class AdviceAnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AdviceStatus.choices)
    response_zh_hans = forms.CharField(
        label=_("Answer (Chinese)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    response_en = forms.CharField(
        label=_("Answer (English)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class InvitationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *InvitationStatus.choices])
    role = forms.ChoiceField(label=_("Invited as"), required=False, choices=[("", _("All")), *InvitationRole.choices])


class InviteForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Expert"), coerce=int)
    role = forms.ChoiceField(label=_("Invited as"), choices=InvitationRole.choices, initial=InvitationRole.EXPERT)
    message_zh_hans = forms.CharField(
        label=_("Message (Chinese)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    message_en = forms.CharField(
        label=_("Message (English)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "—")] + [(p.pk, p.name) for p in experts]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + [(c, c) for c in countries]


class DirectoryEntryForm(forms.Form):
    headline_zh_hans = forms.CharField(label=_("What I work on (Chinese)"), required=False, max_length=200)
    headline_en = forms.CharField(label=_("What I work on (English)"), required=False, max_length=200)
    looking_for_zh_hans = forms.CharField(label=_("What I look for (Chinese)"), required=False, max_length=300)
    looking_for_en = forms.CharField(label=_("What I look for (English)"), required=False, max_length=300)
    consent = forms.BooleanField(
        label=_(
            "I agree that the other participants of this edition see my name, organization, position, country "
            "and these lines. My e-mail and phone are shown only to those whose contact request I accept."
        )
    )


class ContactRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
