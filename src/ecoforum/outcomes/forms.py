"""Forms of the outcomes pages: the list's filters, the new-outcome form, and the forms of one outcome
(record, replan or plan a stage, add evidence, reassign, abandon).

The forms only read input; every rule lives in :mod:`ecoforum.outcomes.services`, whose errors the
views put back on the field they name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecoforum.cooperation.models import Agreement
from ecoforum.core.money import CURRENCIES
from ecoforum.forums.models import Edition
from ecoforum.people.models import Organization, Person
from ecoforum.releases.models import Release

from .enums import OutcomeKind, StageKind, Status
from .models import Outcome, Stage

#: The kinds an organizer creates by hand (a signed project is followed from its signing).
HAND_MADE_KINDS = [choice for choice in OutcomeKind.choices if choice[0] != OutcomeKind.SIGNING]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _organizations() -> Any:
    return Organization.objects.order_by("name", "pk")


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return str(obj.name)


class FilterForm(forms.Form):
    """The list's filters (a GET form: an unknown value is ignored, never an error page)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Code, title or unit")}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *OutcomeKind.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *Status.choices], required=False)
    unit = OrganizationChoiceField(
        label=_("Responsible unit"), queryset=Organization.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Outcome.objects.filter(edition=edition).values("responsible_unit_id")
        self.fields["unit"].queryset = _organizations().filter(pk__in=units)  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments of ``queries.outcomes_of``; invalid ones are dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("kind") or "",
            "status": data.get("status") or "",
            "unit": data.get("unit"),
            "text": data.get("q") or "",
        }


def _people(value: str) -> list[Person]:
    """``slug, slug`` (or e-mail addresses) → persons; a ValidationError names the unknown ones."""
    words = [w.strip() for w in value.replace("，", ",").replace("\n", ",").split(",") if w.strip()]
    found: list[Person] = []
    unknown = []
    for word in dict.fromkeys(words):
        field = "email__iexact" if "@" in word else "slug"
        person = Person.objects.filter(**{field: word}).order_by("pk").first()
        if person is None:
            unknown.append(word)
        else:
            found.append(person)
    if unknown:
        raise forms.ValidationError(
            gettext("No person has the address or e-mail %(names)s.") % {"names": ", ".join(f"«{w}»" for w in unknown)}
        )
    return found


class ContactsField(forms.CharField):
    """Contact people by their address (slug) or e-mail, separated by commas."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Contact people"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault(
            "help_text", _("Their address (such as li-ming) or e-mail, separated by commas. They get the reminders.")
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[Person]:
        return _people(super().clean(value) or "")


class OutcomeForm(forms.Form):
    """A new outcome that is not a signed project."""

    kind = forms.ChoiceField(label=_("Kind"), choices=HAND_MADE_KINDS)
    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    summary_zh_hans = forms.CharField(
        label=_("Summary (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    summary_en = forms.CharField(label=_("Summary (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    responsible_unit = OrganizationChoiceField(label=_("Responsible unit"), queryset=Organization.objects.none())
    contacts = ContactsField()
    release: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Release"),
        queryset=Release.objects.none(),
        required=False,
        help_text=_("For an initiative or a declaration: what the edition released."),
    )
    agreement: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Cooperation agreement"),
        queryset=Agreement.objects.none(),
        required=False,
        help_text=_("For a cooperation agreement: the agreement signed at the edition."),
    )
    province = forms.CharField(label=_("Province"), max_length=50, required=False)
    city = forms.CharField(label=_("City"), max_length=50, required=False)
    signed_amount = forms.DecimalField(label=_("Amount"), required=False, min_value=0, max_digits=18, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="CNY")
    is_public = forms.BooleanField(label=_("Shown in the public summary"), required=False, initial=True)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _organizations()  # type: ignore[attr-defined]
        self.fields["release"].queryset = Release.objects.filter(edition=edition).order_by(  # type: ignore[attr-defined]
            "released_at", "pk"
        )
        self.fields["agreement"].queryset = Agreement.objects.filter(  # type: ignore[attr-defined]
            edition=edition
        ).order_by("title", "pk")


def _stage_field() -> forms.IntegerField:
    """The id of the stage a form is about, in a hidden field (checked by the view against the outcome)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RecordStageForm(forms.Form):
    stage = _stage_field()
    actual_on = forms.DateField(label=_("Happened on"), widget=DATE)
    actual_amount = forms.DecimalField(
        label=_("Amount (yuan)"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReplanStageForm(forms.Form):
    stage = _stage_field()
    planned_on = forms.DateField(label=_("New planned date"), widget=DATE)
    planned_amount = forms.DecimalField(
        label=_("Planned amount (yuan)"),
        required=False,
        min_value=0,
        max_digits=18,
        decimal_places=2,
        help_text=_("Leave empty to keep it."),
    )
    reason = forms.CharField(label=_("Why the date moves"), max_length=500)


class PlanStageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Stage"), choices=StageKind.choices, initial=StageKind.MILESTONE)
    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    planned_on = forms.DateField(label=_("Planned date"), widget=DATE)
    planned_amount = forms.DecimalField(
        label=_("Planned amount (yuan)"), required=False, min_value=0, max_digits=18, decimal_places=2
    )


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, PNG, JPEG, Excel (.xlsx) or Word (.docx), up to 20 MB.")
    )
    url = forms.CharField(label=_("or a link"), max_length=500, required=False)
    stage = forms.TypedChoiceField(label=_("For the stage"), coerce=int, empty_value=None, required=False, choices=[])

    def __init__(self, *args: Any, stages: list[Stage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [  # type: ignore[attr-defined]
            ("", _("The outcome as a whole")),
            *((stage.pk, str(stage)) for stage in stages),
        ]
        self.stages = {stage.pk: stage for stage in stages}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("url") or "").strip():
            self.add_error("file", gettext("Give a file or a link."))
        return data


class AssignForm(forms.Form):
    responsible_unit = OrganizationChoiceField(label=_("Responsible unit"), queryset=Organization.objects.none())
    contacts = ContactsField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _organizations()  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(outcome: Outcome) -> dict[str, Any]:
        return {
            "responsible_unit": outcome.responsible_unit_id,
            "contacts": ", ".join(person.slug for person in outcome.contacts.all()),
        }


class AbandonForm(forms.Form):
    reason = forms.CharField(label=_("Why it is abandoned"), max_length=300)
