"""Forms of the releases: the endorsement form, the library's filters, the organizers' release and version forms.

The forms only read input; the rules live in :mod:`ecoforum.releases.services`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoforum.forums.models import Edition
from ecoforum.program.models import Session

from .enums import ReleaseKind, SignatoryKind
from .models import Topic


class EndorsementForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Signing as"), choices=SignatoryKind.choices, initial=SignatoryKind.PERSON, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("Your name, or your organization's name."))
    organization = forms.CharField(label=_("Organization"), max_length=200, required=False)
    country = forms.CharField(
        label=_("Country (ISO code)"), max_length=2, required=False, help_text=_("Two letters, such as CN or FR.")
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, help_text=_("We send a link to confirm; it is never shown.")
    )
    show_publicly = forms.BooleanField(label=_("Show my name in the list of signatories"), required=False, initial=True)
    #: The honeypot: hidden from people (CSS), filled in by scripts.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Title"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ReleaseKind.choices])
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None, choices=[])
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[])

    def __init__(self, *args, years: list[int], topics: list[Topic], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(y, str(y)) for y in years]]
        self.fields["topic"].choices = [("", _("All topics")), *[(t.slug, t.name) for t in topics]]


class ReleaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReleaseKind.choices)
    slug = forms.SlugField(
        label=_("Address"), max_length=80, help_text=_("Part of the citation address; it never changes.")
    )
    title_zh_hans = forms.CharField(label=_("Title (Chinese)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    abstract_zh_hans = forms.CharField(
        label=_("Abstract (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    abstract_en = forms.CharField(
        label=_("Abstract (English)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    author_text_zh_hans = forms.CharField(label=_("Authors as printed (Chinese)"), max_length=500, required=False)
    author_text_en = forms.CharField(label=_("Authors as printed (English)"), max_length=500, required=False)
    authors = forms.CharField(
        label=_("Authors (people's addresses)"),
        required=False,
        help_text=_("The addresses of people in the forum's records, in order, separated by commas."),
    )
    issuers = forms.CharField(
        label=_("Issued by"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Organizations' names as in the forum's records, one a line."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )
    session = forms.TypedChoiceField(
        label=_("Released at the session"), required=False, coerce=int, empty_value=None, choices=[]
    )
    released_at = forms.DateTimeField(
        label=_("Public from"),
        help_text=_("In the edition's local time. Nobody but the organizers sees it before."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    is_published = forms.BooleanField(label=_("Published"), required=False)
    endorsements_open = forms.BooleanField(label=_("Open for endorsement"), required=False)

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sessions = Session.objects.filter(edition=edition).order_by("title_zh_hans", "pk")
        self.fields["session"].choices = [("", "—"), *[(s.pk, s.title) for s in sessions]]
        self.fields["topics"].choices = [(t.slug, t.name) for t in Topic.objects.order_by("order", "slug")]

    def author_slugs(self) -> list[str]:
        return [s.strip() for s in self.cleaned_data.get("authors", "").replace("，", ",").split(",") if s.strip()]

    def issuer_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("issuers", "").splitlines() if line.strip()]


class VersionForm(forms.Form):
    number = forms.CharField(label=_("Version"), max_length=20, help_text=_("Such as 1.0 or 1.1."))
    changelog_zh_hans = forms.CharField(
        label=_("What changed (Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    changelog_en = forms.CharField(
        label=_("What changed (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("File (PDF)"))
