from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from .models import ExpertField, ExpertProfile, Invitation, Organization, Person


@admin.register(Organization)
class OrganizationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "kind", "country", "is_demo"]
    list_filter = ["kind", "country", "is_demo"]
    search_fields = ["name_zh_hans", "name_en", "short_name_zh_hans", "short_name_en"]


@admin.register(ExpertField)
class ExpertFieldAdmin(TabbedTranslationAdmin):
    search_fields = ["name_zh_hans", "name_en"]


class ExpertProfileInline(TranslationStackedInline):
    model = ExpertProfile
    autocomplete_fields = ["affiliation", "fields"]
    extra = 0


@admin.register(Person)
class PersonAdmin(TabbedTranslationAdmin):
    list_display = ["name", "organization", "country", "is_demo"]
    list_filter = ["is_demo", "country", "expert_profile__academy"]
    search_fields = ["name_zh_hans", "name_en", "email", "slug"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "user"]
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [ExpertProfileInline]


@admin.register(Invitation)
class InvitationAdmin(TabbedTranslationAdmin):
    list_display = ["person", "edition", "role", "status", "sent_at", "responded_at"]
    list_filter = ["edition", "role", "status"]
    list_select_related = ["person", "edition"]
    autocomplete_fields = ["person"]
    readonly_fields = ["status", "responded_at", "response_note"]
