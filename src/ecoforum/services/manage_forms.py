"""Forms of the guest-services back office: the list's filters, decisions, substitution, places, codes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecoforum.forums.models import Edition

from .desk import MAX_CODES
from .enums import Attendance, DocumentType, RegistrationStatus
from .models import GuestCategory, RegistrationForm
from .registration import Applicant


class RegistrationFilterForm(forms.Form):
    """The registration list's filters (a GET form: an unknown value is ignored, never an error page)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, e-mail, organization or reference")}),
    )
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Category"), queryset=GuestCategory.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *RegistrationStatus.choices], required=False)
    attendance = forms.ChoiceField(label=_("Attendance"), choices=[("", _("All")), *Attendance.choices], required=False)
    form: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Form"), queryset=RegistrationForm.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = GuestCategory.objects.filter(  # type: ignore[attr-defined]
            edition=edition
        ).order_by("order", "code")
        self.fields["form"].queryset = RegistrationForm.objects.filter(  # type: ignore[attr-defined]
            edition=edition
        ).order_by("order", "slug")

    def filters(self) -> dict:
        """The valid filters as keyword arguments of ``queries.search_registrations``; invalid ones are dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "category": data.get("category"),
            "status": data.get("status") or "",
            "attendance": data.get("attendance") or "",
            "form": data.get("form"),
            "text": data.get("q") or "",
        }


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SubstituteForm(forms.Form):
    """换人 · The person who takes the registration's place."""

    name_zh = forms.CharField(label=_("Name in Chinese"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Mobile phone"), max_length=30, required=False)
    organization = forms.CharField(label=_("Organization"), max_length=300, required=False)
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language of messages"), choices=settings.LANGUAGES, initial="zh-hans")
    document_type = forms.ChoiceField(
        label=_("Identity document"), choices=[("", "—"), *DocumentType.choices], required=False
    )
    document_number = forms.CharField(label=_("Document number"), max_length=40, required=False)
    nationality = forms.CharField(
        label=_("Nationality"),
        max_length=3,
        required=False,
        help_text=_("ISO code, such as CN, FR, KE."),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean() or {}
        if not (data.get("name_zh") or "").strip() and not (data.get("name_en") or "").strip():
            self.add_error("name_zh", _("Give the name in Chinese or in English."))
        born = data.get("date_of_birth")
        if born and not dt.date(1900, 1, 1) <= born <= timezone.localdate():
            self.add_error("date_of_birth", _("This date of birth is not possible."))
        return data

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name_zh=data["name_zh"].strip(),
            name_en=data["name_en"].strip(),
            email=data["email"].strip(),
            phone=data["phone"].strip(),
            organization=data["organization"].strip(),
            position=data["position"].strip(),
            language=data["language"],
            document_type=data["document_type"],
            document_number=data["document_number"].strip(),
            nationality=data["nationality"].strip().upper(),
            date_of_birth=data["date_of_birth"],
        )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Places"), min_value=0, max_value=100000, required=False, help_text=_("Empty for no limit.")
    )


class CodesForm(forms.Form):
    """N invitation codes at once, for a delegation or a partner."""

    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=MAX_CODES, initial=10)
    max_uses = forms.IntegerField(label=_("Uses per code"), min_value=1, max_value=1000, initial=1)
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Whom the codes are for, such as a delegation."),
    )
    expires_on = forms.DateField(label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate(timezone=self.edition.tz):
            raise forms.ValidationError(_("This day is already past."))
        return day

    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=self.edition.tz)
