"""The Django admin of the releases: topics, and releases with their versions (read-only) and endorsements."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from ecoforum.core.audit import log_action

from .models import Endorsement, Release, ReleaseAuthor, ReleaseVersion, Topic


class _Audited:
    """Changes made in the admin are audited like those of the back office."""

    action_prefix = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        data = {name: form.cleaned_data.get(name) for name in form.changed_data}
        log_action(obj, f"{self.action_prefix}.{'changed' if change else 'added'}", actor=request.user, data=data)

    def delete_model(self, request, obj):
        log_action(obj, f"{self.action_prefix}.removed", actor=request.user)
        super().delete_model(request, obj)  # type: ignore[misc]


@admin.register(Topic)
class TopicAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "releases.topic"
    list_display = ["slug", "name", "order"]
    search_fields = ["slug", "name_zh_hans", "name_en"]


class AuthorInline(admin.TabularInline):
    model = ReleaseAuthor
    extra = 0
    autocomplete_fields = ["person"]


class VersionInline(admin.TabularInline):
    """Versions are added through the back office (their files are checked there); here they are read."""

    model = ReleaseVersion
    extra = 0
    can_delete = False
    fields = ["number", "file_name", "size", "sha256", "created_at", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Release)
class ReleaseAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "releases.release"
    list_display = ["title", "kind", "edition", "released_at", "is_published", "endorsements_open"]
    list_filter = ["edition", "kind", "is_published", "topics"]
    search_fields = ["slug", "title_zh_hans", "title_en"]
    list_select_related = ["edition"]
    filter_horizontal = ["issuers", "topics"]
    raw_id_fields = ["session"]
    inlines = [AuthorInline, VersionInline]


@admin.register(Endorsement)
class EndorsementAdmin(_Audited, admin.ModelAdmin):
    """Signatures come from the public form; here they are read, hidden from the list or removed."""

    action_prefix = "releases.endorsement"
    list_display = ["name", "release", "kind", "country", "confirmed_at", "show_publicly"]
    list_filter = ["kind", "release__edition"]
    search_fields = ["name", "organization"]
    list_select_related = ["release"]
    fields = ["release", "kind", "name", "organization", "country", "email", "confirmed_at", "show_publicly"]
    readonly_fields = ["release", "kind", "email", "confirmed_at"]

    def has_add_permission(self, request) -> bool:
        return False
