"""Forms of the survey pages: the organizers' survey and question editors, and reading a filled-in survey.

Times are typed in the edition's local time (``datetime-local``); the services make them aware.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Audience, QuestionKind
from .models import SurveyQuestion

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurveyForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address"), max_length=60, help_text=_("Letters, digits and hyphens, such as guests.")
    )
    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    intro_zh_hans = forms.CharField(
        label=_("Introduction (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    intro_en = forms.CharField(
        label=_("Introduction (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    audience = forms.ChoiceField(label=_("Asks"), choices=Audience.choices)
    is_anonymous = forms.BooleanField(
        label=_("Anonymous"), required=False, help_text=_("Answers keep no link to the person who gave them.")
    )
    opens_at = forms.DateTimeField(label=_("Opens (local time)"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("Closes (local time)"), widget=DATETIME)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    label_zh_hans = forms.CharField(label=_("Question (Chinese)"), max_length=300, required=False)
    label_en = forms.CharField(label=_("Question (English)"), max_length=300, required=False)
    help_text_zh_hans = forms.CharField(label=_("Help text (Chinese)"), max_length=300, required=False)
    help_text_en = forms.CharField(label=_("Help text (English)"), max_length=300, required=False)
    choices_zh_hans = forms.CharField(
        label=_("Choices (Chinese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For one or several choices: one per line, the same lines in both languages."),
    )
    choices_en = forms.CharField(label=_("Choices (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    measures_satisfaction = forms.BooleanField(
        label=_("Measures satisfaction"),
        required=False,
        help_text=_("A 1–5 rating whose average is the edition's satisfaction KPI."),
    )

    @classmethod
    def initial_of(cls, question: SurveyQuestion) -> dict[str, Any]:
        return {name: getattr(question, name) for name in cls.base_fields}


class ReopenForm(forms.Form):
    closes_at = forms.DateTimeField(label=_("Open until (local time)"), widget=DATETIME)


def answers_from_post(questions: list[SurveyQuestion], data: Any) -> dict[int, Any]:
    """The answers of a posted survey page by question id (``q<id>`` fields; several for several choices)."""
    answers: dict[int, Any] = {}
    for question in questions:
        name = f"q{question.pk}"
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = [value for value in data.getlist(name) if value != ""]
        else:
            answers[question.pk] = data.get(name, "")
    return answers
