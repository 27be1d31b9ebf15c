from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import CharterVersion, CommitteeMember, Edition, Forum, HeadlineFigure, Theme


@admin.register(Forum)
class ForumAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_zh_hans", "name_en", "slug"]


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
    list_display = ["name", "slug", "start_date", "end_date", "city", "is_public"]
    list_filter = ["forum", "is_public"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    inlines = [ThemeInline, HeadlineFigureInline, CommitteeInline]


@admin.register(CharterVersion)
class CharterVersionAdmin(TabbedTranslationAdmin):
    list_display = ["forum", "number", "title", "adopted_on"]
    list_filter = ["forum"]

    def get_readonly_fields(self, request, obj=None):
        # An adopted version is a record: it is read, not edited.
        if obj is not None:
            return [f.name for f in obj._meta.fields]
        return []
