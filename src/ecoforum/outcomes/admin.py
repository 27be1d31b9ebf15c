"""Outcomes in the Django admin: read-mostly, and every write through the services (docs/decisions/0008).

Outcomes are made by following signings or on the organizers' outcome pages, stages are
recorded and replanned there and in the responsible units' portal, so here an organizer may
only correct an outcome's texts, place, industry and visibility (``services.change_outcome``)
and give it to another unit with its contact people (``services.assign_outcome``); both are
audited. Nothing is added or deleted here; stages, evidence and reminders are shown read-only.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from modeltranslation.admin import TabbedTranslationAdmin

from ecoforum.core.locking import Busy

from . import services
from .exceptions import OutcomeError
from .models import Evidence, Outcome, Reminder, Stage

#: The outcome's own fields an organizer may correct here, through ``services.change_outcome``.
CHANGE_FIELDS = (
    "title_zh_hans",
    "title_en",
    "summary_zh_hans",
    "summary_en",
    "province",
    "city",
    "industry",
    "is_public",
)
ASSIGN_FIELDS = ("responsible_unit", "contacts")


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StageInline(_ReadOnly, admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("order", "kind", "title", "planned_on", "actual_on", "planned_amount", "actual_amount", "note")
    readonly_fields = fields
    ordering = ("order", "pk")


class EvidenceInline(_ReadOnly, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ("title", "kind", "stage", "original_name", "content_type", "size", "url", "added_by", "added_at")
    readonly_fields = fields


@admin.register(Outcome)
class OutcomeAdmin(TabbedTranslationAdmin):
    list_display = ("code", "title", "kind", "edition", "responsible_unit", "state", "is_public", "is_demo")
    list_filter = ("edition", "kind", "state", "is_public", "is_demo")
    list_select_related = ("edition", "responsible_unit")
    search_fields = ("code", "title_zh_hans", "title_en", "responsible_unit__name_zh_hans", "responsible_unit__name_en")
    ordering = ("edition", "code")
    raw_id_fields = ("responsible_unit", "industry")
    filter_horizontal = ("contacts",)
    inlines = [StageInline, EvidenceInline]
    readonly_fields = (
        "edition",
        "code",
        "kind",
        "signing",
        "release",
        "agreement",
        "signed_amount",
        "currency",
        "state",
        "state_note",
        "created_at",
        "updated_at",
        "is_demo",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return request.user.has_perm("outcomes.manage_outcomes", obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Not in the admin's own transaction: each service runs in its own (durable) transaction.
        try:
            return self._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[attr-defined]
        except (OutcomeError, Busy) as exc:
            self.message_user(request, str(getattr(exc, "message", exc)), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        changes = {name: data.get(name) for name in CHANGE_FIELDS if name in form.changed_data}
        if changes:
            services.change_outcome(obj, actor=request.user, **changes)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            formset.save(commit=False)  # the inlines are read-only: fills the change message, writes nothing
        if set(ASSIGN_FIELDS) & set(form.changed_data):
            data = form.cleaned_data
            services.assign_outcome(
                form.instance,
                actor=request.user,
                responsible_unit=data["responsible_unit"],
                contacts=list(data.get("contacts") or []),
            )


@admin.register(Reminder)
class ReminderAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("stage", "kind", "planned_on", "sent_at", "recipients")
    list_filter = ("kind", "stage__outcome__edition")
    list_select_related = ("stage__outcome",)
    search_fields = ("stage__outcome__code", "recipients")
