"""Forms of the organizers' back office for the program.

They parse and check what a person typed; the services decide and write. A
domain error a service raises (a timetable conflict, a refused permission) is
added to the form by the view, as a form error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecoforum.forums.models import Edition
from ecoforum.people.models import Person

from . import queries
from .enums import PersonRole, SessionKind, SessionLanguage
from .models import Session, SessionSlot
from .services import Role
from .spreadsheets import MAX_UPLOAD_BYTES

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SessionForm(forms.Form):
    """What a session is: code, kind, theme forum, titles and abstracts in both languages, online link."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy("A short code used in spreadsheets, such as TF01-1."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=SessionKind.choices, initial=SessionKind.FORUM)
    theme_forum = forms.ModelChoiceField(
        label=gettext_lazy("Theme forum"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("None (a plenary session)"),
    )
    title_zh_hans = forms.CharField(label=gettext_lazy("Title in Chinese"), max_length=300)
    title_en = forms.CharField(label=gettext_lazy("Title in English"), max_length=300, required=False)
    abstract_zh_hans = forms.CharField(
        label=gettext_lazy("Abstract in Chinese"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    abstract_en = forms.CharField(
        label=gettext_lazy("Abstract in English"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=SessionLanguage.choices, initial=SessionLanguage.BOTH
    )
    is_online = forms.BooleanField(label=gettext_lazy("Also streamed online"), required=False)
    online_url = forms.URLField(
        label=gettext_lazy("Live stream link"), required=False, max_length=200, assume_scheme="https"
    )

    def __init__(self, *args, edition: Edition, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme_forum"].queryset = queries.forums_to_manage(edition, user)
        if not user.has_perm("forums.manage_program", edition):
            # A coordinator's sessions always belong to one of their theme forums.
            self.fields["theme_forum"].required = True
            self.fields["theme_forum"].empty_label = None

    @staticmethod
    def initial_for(session: Session) -> dict[str, Any]:
        return {
            "code": session.code,
            "kind": session.kind,
            "theme_forum": session.theme_forum,
            "title_zh_hans": session.title_zh_hans,
            "title_en": session.title_en,
            "abstract_zh_hans": session.abstract_zh_hans,
            "abstract_en": session.abstract_en,
            "language": session.language,
            "is_online": session.is_online,
            "online_url": session.online_url,
        }

    def clean(self):
        data = super().clean()
        if data.get("is_online") and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("online_url", _("A session that is also online needs a live stream link."))
        return data

    def session_fields(self) -> dict[str, Any]:
        """The cleaned values as the services take them."""
        return {name: self.cleaned_data[name] for name in self.fields}


class ScheduleForm(forms.Form):
    """Where and when a session happens in the draft: a room, a day of the edition, a start and an end."""

    room = forms.ModelChoiceField(
        label=gettext_lazy("Room"), queryset=None, required=False, empty_label=gettext_lazy("No room yet")
    )
    day = forms.TypedChoiceField(
        label=gettext_lazy("Day"), required=False, coerce=dt.date.fromisoformat, empty_value=None
    )
    start = forms.TimeField(label=gettext_lazy("Start"), required=False, widget=TIME_INPUT)
    end = forms.TimeField(label=gettext_lazy("End"), required=False, widget=TIME_INPUT)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["room"].queryset = queries.rooms_of(edition)
        self.fields["day"].choices = [("", _("Not scheduled"))] + [
            (day.isoformat(), formats.date_format(day, "DATE_FORMAT")) for day in edition.days
        ]

    @staticmethod
    def initial_for(slot: SessionSlot | None, edition: Edition) -> dict[str, Any]:
        if slot is None:
            return {}
        initial: dict[str, Any] = {"room": slot.room}
        if slot.start and slot.end:
            start, end = timezone.localtime(slot.start, edition.tz), timezone.localtime(slot.end, edition.tz)
            initial.update(day=start.date().isoformat(), start=start.time(), end=end.time())
        return initial

    def clean(self):
        data = super().clean()
        given = {name: data.get(name) is not None for name in ("day", "start", "end")}
        if any(given.values()) and not all(given.values()) and not self.errors:
            raise forms.ValidationError(_("Give a day, a start and an end, or leave all three empty."))
        data["start_at"] = data["end_at"] = None
        if all(given.values()):
            if data["end"] <= data["start"]:
                self.add_error("end", _("The session must end after it starts."))
                return data
            data["start_at"] = dt.datetime.combine(data["day"], data["start"], tzinfo=self.edition.tz)
            data["end_at"] = dt.datetime.combine(data["day"], data["end"], tzinfo=self.edition.tz)
        return data


class RoleForm(forms.Form):
    """One person's part in a session; an empty person removes the line."""

    person = forms.SlugField(
        label=gettext_lazy("Person"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"list": "people-slugs", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=PersonRole.choices, initial=PersonRole.SPEAKER)
    talk_title_zh_hans = forms.CharField(label=gettext_lazy("Talk title in Chinese"), max_length=300, required=False)
    talk_title_en = forms.CharField(label=gettext_lazy("Talk title in English"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound in self.fields.values():  # the table shows the labels once, in its header
            bound.widget.attrs.setdefault("aria-label", bound.label)


class BaseRoleFormSet(forms.BaseFormSet):
    def clean(self):
        self.roles: list[Role] = []
        if any(self.errors):
            return
        lines = [form.cleaned_data for form in self.forms if form.cleaned_data.get("person")]
        people = {p.slug: p for p in Person.objects.filter(slug__in=[line["person"] for line in lines])}
        seen: set[str] = set()
        for form in self.forms:
            slug = form.cleaned_data.get("person")
            if not slug:
                continue
            person = people.get(slug)
            if person is None:
                form.add_error("person", _("No person has the slug «%(slug)s».") % {"slug": slug})
            elif slug in seen:
                form.add_error("person", _("«%(slug)s» is listed twice.") % {"slug": slug})
            else:
                seen.add(slug)
                data = form.cleaned_data
                self.roles.append(
                    Role(
                        person,
                        data["role"],
                        talk_title_zh_hans=data["talk_title_zh_hans"],
                        talk_title_en=data["talk_title_en"],
                    )
                )


RoleFormSet = forms.formset_factory(RoleForm, formset=BaseRoleFormSet, extra=3, max_num=60, validate_max=True)


def role_initial(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "person": r.person.slug,
            "role": r.role,
            "talk_title_zh_hans": r.talk_title_zh_hans or "",
            "talk_title_en": r.talk_title_en or "",
        }
        for r in session.roles.select_related("person").order_by("order", "pk")
    ]


class ReleaseForm(forms.Form):
    """Publish the draft under a version name, with a note to the public."""

    version = forms.CharField(
        label=gettext_lazy("Version"), max_length=60, help_text=gettext_lazy("Such as 1.0, or 2023-07-01.")
    )
    comment_zh_hans = forms.CharField(
        label=gettext_lazy("Note to the public in Chinese"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    comment_en = forms.CharField(
        label=gettext_lazy("Note to the public in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        widget=forms.FileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
