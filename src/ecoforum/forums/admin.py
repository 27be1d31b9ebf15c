"""The organizers' back office for forums, editions, the charter and the committee.

A charter version is adopted through ``forums.services.adopt_charter_version``
(numbered, audited, never edited afterwards); committee appointments go through
``appoint_committee_member`` so each one is in the audit log.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from . import services
from .models import CharterVersion, CommitteeMember, Edition, Forum, HeadlineFigure, Theme

#: Links are https unless typed otherwise (and Django 5.2 does not warn about its 6.0 default).
URL_FIELDS = {models.URLField: {"widget": AdminURLFieldWidget, "assume_scheme": "https"}}


@admin.register(Forum)
class ForumAdmin(TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "slug", "edition_count"]
    search_fields = ["name_zh_hans", "name_en", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(edition_count=Count("editions"))

    @admin.display(description=_("editions"), ordering="edition_count")
    def edition_count(self, obj):
        return obj.edition_count


class ThemeInline(TranslationTabularInline):
    model = Theme
    extra = 0


class HeadlineFigureInline(TranslationTabularInline):
    model = HeadlineFigure
    extra = 0


class CommitteeInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Edition)
class EditionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "forum", "start_date", "end_date", "city", "is_public"]
    list_filter = ["forum", "is_public"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    list_select_related = ["forum"]
    inlines = [ThemeInline, HeadlineFigureInline, CommitteeInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not CommitteeMember:
            return super().save_formset(request, form, formset, change)
        members = formset.save(commit=False)
        for member in formset.deleted_objects:
            member.delete()
        for member in members:
            # New and changed appointments go through the service, which writes the audit entry.
            services.appoint_committee_member(
                form.instance, actor=request.user, user=member.user, role=member.role, title=member.title
            )
        return None


@admin.register(CharterVersion)
class CharterVersionAdmin(TabbedTranslationAdmin):
    list_display = ["forum", "number", "title", "adopted_on"]
    list_filter = ["forum"]
    list_select_related = ["forum"]
    search_fields = ["title_zh_hans", "title_en", "body_zh_hans", "body_en"]
    fields = ["forum", "title", "body", "adopted_on", "change_note"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return ["number", *fields] if obj is not None else fields

    def get_readonly_fields(self, request, obj=None):
        # An adopted version is a record: it is read, not edited. A new version is added instead.
        if obj is not None:
            return ["number", *(f.name for f in obj._meta.fields)]
        return []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        version = services.adopt_charter_version(
            data["forum"],
            actor=request.user,
            title_zh_hans=data.get("title_zh_hans") or "",
            title_en=data.get("title_en") or "",
            body_zh_hans=data.get("body_zh_hans") or "",
            body_en=data.get("body_en") or "",
            adopted_on=data["adopted_on"],
            change_note_zh_hans=data.get("change_note_zh_hans") or "",
            change_note_en=data.get("change_note_en") or "",
        )
        obj.pk, obj.number = version.pk, version.number
        obj._state.adding, obj._state.db = False, version._state.db
