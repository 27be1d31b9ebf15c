"""Forms of the guest's registration pages: the registration form built from a ``RegistrationForm``
and its questions, the guest's changes to their details, the cancellation."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .enums import Attendance, Diet, DocumentType, QuestionKind
from .models import Question, Registration, RegistrationForm
from .registration import Applicant

MESSAGE_LANGUAGES = [("zh-hans", "中文"), ("en", "English")]
country_code = RegexValidator(r"^[A-Za-z]{2}$", _("Enter a two-letter country code, such as CN, FR or US."))


class NoEchoTextInput(forms.TextInput):
    """A text box that never writes a submitted value back into the page (identity numbers)."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        return super().get_context(name, None, attrs)


def _question_field(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    choices = [(str(i), text) for i, text in enumerate(question.choice_list())]
    if question.kind == QuestionKind.LONG_TEXT:
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    if question.kind == QuestionKind.CHOICE:
        widget = forms.RadioSelect if len(choices) <= 6 else forms.Select
        if widget is forms.Select:
            choices = [("", "—"), *choices]
        return forms.ChoiceField(choices=choices, widget=widget, **common)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common)
    return forms.CharField(max_length=2000, **common)


class GuestRegistrationForm(forms.Form):
    """The public registration form of one ``RegistrationForm``: person, contact, identity (on site,
    when the form asks for it), food (on site), the form's questions and the invitation code."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    name_zh = forms.CharField(label=_("Name in Chinese"), max_length=100, required=False)
    name_en = forms.CharField(
        label=_("Name in English (pinyin)"),
        max_length=100,
        required=False,
        help_text=_("As on your passport, such as ZHANG San."),
    )
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        required=False,
        help_text=_("With the country code, such as +86 138 0000 0000. For text messages about your registration."),
    )
    organization = forms.CharField(label=_("Organization"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    country = forms.CharField(
        label=_("Country or region"),
        max_length=2,
        initial="CN",
        validators=[country_code],
        help_text=_("Two-letter code, such as CN, FR or US."),
    )
    # Each language in its own words, whatever the page's language.
    language = forms.ChoiceField(label=_("Language of our messages"), choices=MESSAGE_LANGUAGES)

    def __init__(self, *args: Any, registration_form: RegistrationForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registration_form = registration_form
        on_site = registration_form.category.attendance == Attendance.ON_SITE
        self.asks_identity = on_site and registration_form.asks_identity
        self.on_site = on_site
        if self.asks_identity:
            self.fields["document_type"] = forms.ChoiceField(
                label=_("Identity document"), choices=[("", "—"), *DocumentType.choices]
            )
            self.fields["document_number"] = forms.CharField(
                label=_("Document number"),
                max_length=40,
                widget=NoEchoTextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
                help_text=_("Stored encrypted; only guest services see it."),
            )
            self.fields["nationality"] = forms.CharField(
                label=_("Nationality (passports)"),
                max_length=2,
                required=False,
                validators=[country_code],
                help_text=_("Two-letter code, such as FR."),
            )
            self.fields["date_of_birth"] = forms.DateField(
                label=_("Date of birth (passports)"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
        if on_site:
            self.fields["origin_city"] = forms.CharField(
                label=_("City you travel from"),
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"placeholder": _("Such as 北京, Chengdu or Paris")}),
                help_text=_("For the forum's carbon footprint."),
            )
            self.fields["origin_country"] = forms.CharField(
                label=_("Country you travel from"),
                max_length=2,
                required=False,
                validators=[country_code],
                widget=forms.TextInput(attrs={"placeholder": "CN"}),
                help_text=_("Two-letter code, such as CN, FR or US."),
            )
            self.fields["diet"] = forms.ChoiceField(label=_("Diet"), choices=Diet.choices, required=False)
            self.fields["allergies"] = forms.CharField(
                label=_("Allergies and notes on food"), max_length=300, required=False
            )
        self.questions = list(registration_form.questions.all())
        for question in self.questions:
            self.fields[f"q{question.pk}"] = _question_field(question)
        self.asks_code = registration_form.requires_code or registration_form.codes.exists()
        if self.asks_code:
            self.fields["code"] = forms.CharField(
                label=_("Invitation code"), max_length=40, required=registration_form.requires_code
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name_zh") or "").strip() and not (data.get("name_en") or "").strip():
            self.add_error("name_zh", _("Please give your name."))
        return data

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q{q.pk}"] for q in self.questions]

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        answers = {str(q.pk): data.get(f"q{q.pk}") for q in self.questions}
        return Applicant(
            name_zh=data["name_zh"].strip(),
            name_en=data["name_en"].strip(),
            email=data["email"],
            phone=data.get("phone", ""),
            organization=data.get("organization", ""),
            position=data.get("position", ""),
            country=data["country"].upper(),
            language=data["language"],
            document_type=data.get("document_type", ""),
            document_number=data.get("document_number", ""),
            nationality=(data.get("nationality") or "").upper(),
            date_of_birth=data.get("date_of_birth"),
            diet=data.get("diet", ""),
            allergies=data.get("allergies", ""),
            answers=answers,
            origin_city=data.get("origin_city", ""),
            origin_country=(data.get("origin_country") or "").upper(),
        )


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


class DetailsForm(forms.ModelForm):
    """What guests may change themselves."""

    class Meta:
        model = Registration
        fields = ["phone", "language", "diet", "allergies"]
        labels = {"language": _("Language of our messages")}
        widgets = {"language": forms.Select(choices=MESSAGE_LANGUAGES)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.attendance != Attendance.ON_SITE:
            del self.fields["diet"]
            del self.fields["allergies"]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}
