"""International cooperation in the Django admin. Partners, agreements and delegations are audited on
save; invitation letters are read-only (issued and revoked on the cooperation desk, whose services
number them and keep them)."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from ecoforum.core.audit import log_action

from .models import Agreement, Delegation, DelegationMember, InvitationLetter, Partner


class _Audited:
    action_prefix = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        data = {name: form.cleaned_data.get(name) for name in form.changed_data}
        log_action(obj, f"{self.action_prefix}.{'changed' if change else 'added'}", actor=request.user, data=data)

    def delete_model(self, request, obj):
        log_action(obj, f"{self.action_prefix}.removed", actor=request.user)
        super().delete_model(request, obj)  # type: ignore[misc]


@admin.register(Partner)
class PartnerAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "cooperation.partner"
    list_display = ("organization", "slug", "kind", "country", "since", "is_public", "is_demo")
    list_filter = ("kind", "is_public", "is_demo")
    list_select_related = ("organization",)
    search_fields = ("slug", "organization__name_zh_hans", "organization__name_en")
    raw_id_fields = ("organization",)


@admin.register(Agreement)
class AgreementAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "cooperation.agreement"
    list_display = ("title", "kind", "status", "signed_on", "starts_on", "ends_on", "edition", "is_public")
    list_filter = ("status", "kind", "edition", "is_public")
    search_fields = ("slug", "title_zh_hans", "title_en")
    filter_horizontal = ("partners",)
    raw_id_fields = ("session",)


class DelegationMemberInline(admin.TabularInline):
    model = DelegationMember
    extra = 0
    raw_id_fields = ("person", "registration")


@admin.register(Delegation)
class DelegationAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "cooperation.delegation"
    list_display = ("name", "country", "edition", "partner")
    list_filter = ("edition", "country")
    inlines = [DelegationMemberInline]


@admin.register(InvitationLetter)
class InvitationLetterAdmin(admin.ModelAdmin):
    list_display = ("number", "person", "edition", "issued_at", "revoked_at")
    list_filter = ("edition",)
    list_select_related = ("person", "edition")
    search_fields = ("number",)
    readonly_fields = (
        "edition",
        "sequence",
        "number",
        "person",
        "registration",
        "delegation",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_reason",
    )
    exclude = ("token",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
