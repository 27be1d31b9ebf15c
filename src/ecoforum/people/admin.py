"""The organizers' back office for people, organizations, experts and invitations.

Invitations are sent and withdrawn through ``people.services`` (one live
invitation per person and role, audited); the reply is the invitee's own, through
the private RSVP link, so it is read-only here.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from . import services
from .enums import InvitationStatus
from .exceptions import PeopleError
from .models import ExpertField, ExpertProfile, Invitation, Organization, Person

#: Links are https unless typed otherwise (and Django 5.2 does not warn about its 6.0 default).
URL_FIELDS = {models.URLField: {"widget": AdminURLFieldWidget, "assume_scheme": "https"}}


@admin.register(Organization)
class OrganizationAdmin(TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "kind", "country", "is_demo"]
    list_filter = ["kind", "country", "is_demo"]
    search_fields = ["name_zh_hans", "name_en", "short_name_zh_hans", "short_name_en"]


@admin.register(ExpertField)
class ExpertFieldAdmin(TabbedTranslationAdmin):
    list_display = ["name"]
    search_fields = ["name_zh_hans", "name_en"]


class ExpertProfileInline(TranslationStackedInline):
    model = ExpertProfile
    fk_name = "person"
    autocomplete_fields = ["affiliation", "fields"]
    extra = 0


@admin.register(Person)
class PersonAdmin(TabbedTranslationAdmin):
    list_display = ["name", "organization", "academy", "country", "is_demo"]
    list_filter = ["is_demo", "country", "expert_profile__academy"]
    search_fields = ["name_zh_hans", "name_en", "email", "slug"]
    list_select_related = ["organization", "expert_profile"]
    autocomplete_fields = ["organization", "user"]
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [ExpertProfileInline]

    @admin.display(description=_("academy"), ordering="expert_profile__academy")
    def academy(self, obj):
        profile = getattr(obj, "expert_profile", None)
        return profile.get_academy_display() if profile is not None and profile.academy else "–"


@admin.register(Invitation)
class InvitationAdmin(TabbedTranslationAdmin):
    list_display = ["person", "edition", "role", "status", "sent_at", "responded_at"]
    list_filter = ["edition", "role", "status"]
    search_fields = ["person__name_zh_hans", "person__name_en"]
    list_select_related = ["person", "edition"]
    autocomplete_fields = ["person"]
    readonly_fields = ["status", "responded_at", "response_note"]
    actions = ["withdraw"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            # Sent is sent: who, where and in which role no longer change; the message may be corrected.
            return ["edition", "person", "role", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PeopleError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        invitation = services.invite_person(
            data["edition"],
            data["person"],
            actor=request.user,
            role=data["role"],
            message_zh_hans=data.get("message_zh_hans") or "",
            message_en=data.get("message_en") or "",
        )
        obj.pk, obj.token, obj.sent_at = invitation.pk, invitation.token, invitation.sent_at
        obj._state.adding, obj._state.db = False, invitation._state.db
        return None

    @admin.action(description=_("Withdraw the invitation"), permissions=["change"])
    def withdraw(self, request, queryset):
        done = 0
        for invitation in queryset.exclude(status=InvitationStatus.WITHDRAWN):
            services.withdraw_invitation(invitation, actor=request.user)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d invitation withdrawn.", "%(count)d invitations withdrawn.", done) % {"count": done},
            messages.SUCCESS,
        )
