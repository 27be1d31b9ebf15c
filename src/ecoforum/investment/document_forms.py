"""Forms of the organizers' document pages: a project's files."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from .enums import AttachmentKind


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("PDF, PNG or JPEG picture, Excel (.xlsx) or Word (.docx); at most 20 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.xlsx,.docx"}),
    )
    title_zh_hans = forms.CharField(label=gettext_lazy("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("Title (English)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AttachmentKind.choices, initial=AttachmentKind.OTHER)
    is_public = forms.BooleanField(
        label=gettext_lazy("Public"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Shown on the public project page; otherwise only organizers see it."),
    )
