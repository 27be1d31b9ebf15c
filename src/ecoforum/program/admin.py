"""The organizers' back office for the program (Django admin under ``/manage/admin/``).

Venues, rooms, sections and theme forums are edited as they are. A session's
content, its people and its place in the draft timetable are written through
``program.services`` (``add_session``, ``change_session``, ``assign_people``,
``place_session``, ``withdraw_session``), so the timetable rules, the permission
rules and the audit log hold exactly as on the organizers' pages. A rule that
refuses a change is shown as a message, never as a server error. Releases are
read-only: they are published, never edited.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime, AdminURLFieldWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponseRedirect
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from ecoforum.core.locking import Busy

from . import services
from .exceptions import ProgramError
from .models import ProgramRelease, Room, Section, Session, SessionPerson, SessionSlot, ThemeForum, Venue

#: Session fields that ``services.change_session`` accepts, as the admin form names them.
SESSION_FORM_FIELDS = [name.removesuffix("_id") for name in services.SESSION_CONTENT_FIELDS]


#: Links are https unless typed otherwise (and Django 5.2 does not warn about its 6.0 default).
URL_FIELDS = {models.URLField: {"widget": AdminURLFieldWidget, "assume_scheme": "https"}}


def _error_text(exc: Exception) -> str:
    return str(getattr(exc, "message", exc))


def _in_edition_time(value: dt.datetime | None, edition) -> dt.datetime | None:
    """A time typed in the form means the edition's local time, whatever the server's zone."""
    if value is None:
        return None
    naive = timezone.make_naive(value, timezone.get_current_timezone()) if timezone.is_aware(value) else value
    return timezone.make_aware(naive, edition.tz)


def _local_naive(value: dt.datetime | None, edition) -> dt.datetime | None:
    return None if value is None else timezone.localtime(value, edition.tz).replace(tzinfo=None)


def _visible_to(queryset, user, *, edition_path: str, forum_path: str | None):
    """Superusers see everything; others what their committee role or their theme forums cover."""
    if user.is_superuser:
        return queryset
    condition = Q(**{f"{edition_path}committee__user": user})
    if forum_path is not None:
        condition |= Q(**{f"{forum_path}coordinators": user})
    return queryset.filter(condition).distinct()


# --- venues, rooms, sections -------------------------------------------------


class RoomInline(TranslationTabularInline):
    model = Room
    extra = 0
    fields = ["name", "capacity", "order"]


@admin.register(Venue)
class VenueAdmin(TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "edition", "room_count"]
    list_filter = ["edition"]
    search_fields = ["name_zh_hans", "name_en"]
    list_select_related = ["edition"]
    inlines = [RoomInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(room_count=Count("rooms"))

    @admin.display(description=_("rooms"), ordering="room_count")
    def room_count(self, obj):
        return obj.room_count


@admin.register(Room)
class RoomAdmin(TabbedTranslationAdmin):
    list_display = ["name", "venue", "capacity", "order"]
    list_filter = ["venue__edition", "venue"]
    search_fields = ["name_zh_hans", "name_en", "venue__name_zh_hans", "venue__name_en"]
    list_select_related = ["venue"]
    ordering = ["venue", "order", "pk"]


@admin.register(Section)
class SectionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "edition", "order", "forum_count"]
    list_filter = ["edition"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    list_select_related = ["edition"]
    prepopulated_fields = {"slug": ("name_en",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(forum_count=Count("theme_forums"))

    @admin.display(description=_("theme forums"), ordering="forum_count")
    def forum_count(self, obj):
        return obj.forum_count


# --- theme forums --------------------------------------------------------------


@admin.register(ThemeForum)
class ThemeForumAdmin(TabbedTranslationAdmin):
    list_display = ["title", "section", "edition", "order", "session_count"]
    list_filter = ["edition", "section"]
    search_fields = ["title_zh_hans", "title_en", "slug"]
    list_select_related = ["section", "edition"]
    autocomplete_fields = ["co_organizers", "coordinators"]
    filter_horizontal = ["themes"]
    prepopulated_fields = {"slug": ("title_en",)}

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(session_count=Count("sessions", distinct=True))
        return _visible_to(queryset, request.user, edition_path="edition__", forum_path="")

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, obj):
        return obj.session_count

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.has_perm("forums.manage_program", obj.edition):
            # A coordinator edits the forum's content, not where it sits or who else may edit it.
            return ["edition", "section", "slug", "coordinators"]
        return []

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return request.user.has_perm("program.change_themeforum", obj)


# --- sessions --------------------------------------------------------------------


class SessionPersonInline(TranslationTabularInline):
    model = SessionPerson
    extra = 0
    fields = ["person", "role", "talk_title", "order"]
    autocomplete_fields = ["person"]


class SessionAdminForm(forms.ModelForm):
    """A session and its place in the draft timetable (room, start, end in the edition's local time)."""

    room = forms.ModelChoiceField(
        queryset=Room.objects.select_related("venue"),
        required=False,
        label=_("room"),
    )
    start = forms.SplitDateTimeField(
        required=False,
        label=_("start (local time)"),
        widget=AdminSplitDateTime,
    )
    end = forms.SplitDateTimeField(
        required=False,
        label=_("end (local time)"),
        widget=AdminSplitDateTime,
    )

    # Declared here with its scheme, so Django 5.2 does not warn about the default changing in 6.0.
    online_url = forms.URLField(required=False, assume_scheme="https", label=_("live stream link"))

    class Meta:
        model = Session
        fields = ["edition", *(name for name in SESSION_FORM_FIELDS if name != "online_url")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            edition = self.instance.edition
            self.fields["room"].queryset = Room.objects.filter(venue__edition=edition).select_related("venue")
            slot = SessionSlot.objects.filter(
                release__edition=edition, release__version__isnull=True, session=self.instance
            ).first()
            if slot is not None:
                self.initial.setdefault("room", slot.room_id)
                self.initial.setdefault("start", _local_naive(slot.start, edition))
                self.initial.setdefault("end", _local_naive(slot.end, edition))

    def clean(self):
        cleaned = super().clean()
        edition = self.instance.edition if self.instance.pk else cleaned.get("edition")
        if edition is None:
            return cleaned
        cleaned["start"] = _in_edition_time(cleaned.get("start"), edition)
        cleaned["end"] = _in_edition_time(cleaned.get("end"), edition)
        # A first check of the timetable rules, so the form keeps what was typed; the service checks
        # again under the edition's lock when it saves.
        probe = (
            self.instance
            if self.instance.pk
            else Session(
                pk=0,
                edition=edition,
                code=cleaned.get("code") or "",
                title_zh_hans=cleaned.get("title_zh_hans") or "",
                title_en=cleaned.get("title_en") or "",
            )
        )
        try:
            services.check_slot(
                services.get_draft(edition),
                probe,
                room=cleaned.get("room"),
                start=cleaned["start"],
                end=cleaned["end"],
                person_ids=None if self.instance.pk else [],
            )
        except ProgramError as exc:
            raise ValidationError(_error_text(exc)) from exc
        return cleaned


@admin.register(Session)
class SessionAdmin(TabbedTranslationAdmin):
    form = SessionAdminForm
    list_display = ["code", "title", "theme_forum", "kind", "draft_room", "draft_start", "is_online"]
    list_display_links = ["code", "title"]
    list_filter = ["edition", "kind", "theme_forum__section", "theme_forum", "is_online", "language"]
    search_fields = [
        "code",
        "title_zh_hans",
        "title_en",
        "roles__person__name_zh_hans",
        "roles__person__name_en",
    ]
    list_select_related = ["edition", "theme_forum"]
    autocomplete_fields = ["theme_forum"]
    inlines = [SessionPersonInline]
    actions = ["withdraw"]
    fieldsets = [
        (None, {"fields": ["edition", "code", "theme_forum", "kind", "title", "abstract", "language"]}),
        (_("Online"), {"fields": ["is_online", "online_url"]}),
        (
            _("Place in the draft timetable"),
            {
                "fields": ["room", "start", "end"],
                "description": _(
                    "Times are the edition's local time. The public sees a change once the program is released."
                ),
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["edition"] if obj is not None else []

    def get_queryset(self, request):
        draft_slot = SessionSlot.objects.filter(session=OuterRef("pk"), release__version__isnull=True)
        queryset = (
            super()
            .get_queryset(request)
            .annotate(
                draft_start=Subquery(draft_slot.values("start")[:1]),
                draft_room_zh_hans=Subquery(draft_slot.values("room__name_zh_hans")[:1]),
                draft_room_en=Subquery(draft_slot.values("room__name_en")[:1]),
            )
        )
        return _visible_to(queryset, request.user, edition_path="edition__", forum_path="theme_forum__")

    @admin.display(description=_("room"))
    def draft_room(self, obj):
        if (translation.get_language() or "").startswith("en"):
            return obj.draft_room_en or obj.draft_room_zh_hans or "–"
        return obj.draft_room_zh_hans or obj.draft_room_en or "–"

    @admin.display(description=_("start (local time)"), ordering="draft_start")
    def draft_start(self, obj):
        if obj.draft_start is None:
            return "–"
        return formats.date_format(timezone.localtime(obj.draft_start, obj.edition.tz), "Y-m-d H:i")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return request.user.has_perm("program.change_session", obj)

    def has_delete_permission(self, request, obj=None):
        # A session leaves the timetable through the "withdraw" action, which keeps the released history.
        return False

    # Writes go through the services -------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ProgramError, Busy) as exc:
            # The admin's transaction has been rolled back: nothing of the change was kept.
            self.message_user(request, _error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            session = services.add_session(
                data["edition"],
                actor=request.user,
                room=data.get("room"),
                start=data.get("start"),
                end=data.get("end"),
                **{name: data.get(name) for name in SESSION_FORM_FIELDS},
            )
            obj.pk, obj.guid = session.pk, session.guid
            obj._state.adding, obj._state.db = False, session._state.db
            return
        changes = {name: data.get(name) for name in SESSION_FORM_FIELDS if name in form.changed_data}
        if changes:
            services.change_session(obj, actor=request.user, **changes)
        if {"room", "start", "end"} & set(form.changed_data):
            services.place_session(
                obj, actor=request.user, room=data.get("room"), start=data.get("start"), end=data.get("end")
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not SessionPerson:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills new/changed/deleted_objects for the change message, writes nothing
        kept = [
            f
            for f in formset.forms
            if f.cleaned_data and f.cleaned_data.get("person") and not formset._should_delete_form(f)
        ]
        kept.sort(key=lambda f: (f.cleaned_data.get("order") or 0, formset.forms.index(f)))
        people = [
            services.Role(
                f.cleaned_data["person"],
                f.cleaned_data.get("role") or "speaker",
                talk_title_zh_hans=f.cleaned_data.get("talk_title_zh_hans") or "",
                talk_title_en=f.cleaned_data.get("talk_title_en") or "",
            )
            for f in kept
        ]
        session = form.instance
        current = list(
            session.roles.order_by("order", "pk").values_list(
                "person_id", "role", "talk_title_zh_hans", "talk_title_en"
            )
        )
        wanted = [(r.person.pk, r.role, r.talk_title_zh_hans, r.talk_title_en) for r in people]
        if current != wanted:
            services.assign_people(session, actor=request.user, people=people)
        return None

    @admin.action(description=_("Withdraw from the timetable"), permissions=["change"])
    def withdraw(self, request, queryset):
        done = 0
        for session in queryset.select_related("edition", "theme_forum"):
            try:
                services.withdraw_session(session, actor=request.user)
            except (ProgramError, Busy) as exc:
                self.message_user(request, _error_text(exc), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d session withdrawn from the timetable.",
                    "%(count)d sessions withdrawn from the timetable.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )


# --- releases ----------------------------------------------------------------------


@admin.register(ProgramRelease)
class ProgramReleaseAdmin(TabbedTranslationAdmin):
    list_display = ["label", "edition", "published_at", "published_by", "new_count", "moved_count", "cancelled_count"]
    list_filter = ["edition"]
    list_select_related = ["edition", "published_by"]
    fields = ["edition", "version", "published_at", "published_by", "comment", "change_list"]
    readonly_fields = fields

    def get_queryset(self, request):
        return _visible_to(super().get_queryset(request), request.user, edition_path="edition__", forum_path=None)

    @admin.display(description=_("version"), ordering="version")
    def label(self, obj):
        return obj.version or _("draft")

    def _count(self, obj, key):
        return len((obj.changes or {}).get(key, []))

    @admin.display(description=_("new"))
    def new_count(self, obj):
        return self._count(obj, "new")

    @admin.display(description=_("moved"))
    def moved_count(self, obj):
        return self._count(obj, "moved")

    @admin.display(description=_("cancelled"))
    def cancelled_count(self, obj):
        return self._count(obj, "cancelled")

    @admin.display(description=_("changes"))
    def change_list(self, obj):
        changes = obj.changes or {}
        language = "en" if (translation.get_language() or "").startswith("en") else "zh-hans"
        labels = {"new": _("New"), "moved": _("Moved"), "cancelled": _("Cancelled")}
        parts = []
        for key, label in labels.items():
            items = changes.get(key, [])
            if not items:
                continue
            rows = format_html_join(
                "",
                "<li>{} {} — {} {}</li>",
                (
                    (
                        item.get("code", ""),
                        (item.get("title") or {}).get(language, ""),
                        (item.get("room") or {}).get(language, "") if item.get("room") else "",
                        _format_iso(item.get("start"), obj.edition),
                    )
                    for item in items
                ),
            )
            parts.append(format_html("<p><strong>{}</strong> ({})</p><ul>{}</ul>", label, len(items), rows))
        if not parts:
            return _("No change.")
        return format_html_join("", "{}", ((part,) for part in parts))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _format_iso(value: str | None, edition) -> str:
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value)
    return formats.date_format(timezone.localtime(moment, edition.tz), "Y-m-d H:i")
