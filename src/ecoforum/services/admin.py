"""Guest services in the Django admin (``/manage/admin/``): the configuration set up once per edition.

Categories, forms (with their questions and invitation codes), gates, hotels (with their
room blocks), stations, vehicles and meals are edited here, in both languages
(modeltranslation's tabs), and every save writes an audit entry. A category's places go
through :func:`.registration.set_capacity` (the category locked, the waiting list moved
up), as on the desk. Registrations are shown read-only and without identity data: their
changes go through the services on the desk (decision 0008).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from ecoforum.core.audit import log_action

from . import registration as registrations
from .models import (
    Gate,
    GuestCategory,
    Hotel,
    InvitationCode,
    Meal,
    Notification,
    Question,
    Registration,
    RegistrationForm,
    RoomBlock,
    Station,
    Vehicle,
)


class _Audited:
    action_prefix = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        data = {name: form.cleaned_data.get(name) for name in form.changed_data}
        log_action(obj, f"{self.action_prefix}.{'changed' if change else 'added'}", actor=request.user, data=data)

    def delete_model(self, request, obj):
        log_action(obj, f"{self.action_prefix}.removed", actor=request.user)
        super().delete_model(request, obj)  # type: ignore[misc]


@admin.register(GuestCategory)
class GuestCategoryAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "services.category"
    list_display = ("name", "code", "edition", "attendance", "capacity", "needs_approval", "color", "order")
    list_filter = ("edition", "attendance", "needs_approval")
    search_fields = ("code", "name_zh_hans", "name_en")

    def save_model(self, request, obj, form, change):
        """A change of places goes through ``set_capacity``, so the waiting list moves up as on the desk."""
        if not change or "capacity" not in form.changed_data:
            return super().save_model(request, obj, form, change)
        capacity = obj.capacity
        obj.capacity = form.initial.get("capacity")
        super().save_model(request, obj, form, change)
        promoted = registrations.set_capacity(obj, capacity, actor=request.user)
        obj.capacity = capacity
        if promoted:
            self.message_user(
                request,
                _("Moved up from the waiting list: %(list)s.") % {"list": ", ".join(r.reference for r in promoted)},
            )
        return None


class QuestionInline(TranslationStackedInline):
    model = Question
    extra = 0
    fields = ("label", "help_text", "kind", "choices", "required", "order")


class InvitationCodeInline(admin.TabularInline):
    model = InvitationCode
    extra = 0
    fields = ("code", "max_uses", "uses", "expires_at", "note", "created_at")
    readonly_fields = ("uses", "created_at")
    show_change_link = False


@admin.register(RegistrationForm)
class RegistrationFormAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "services.form"
    list_display = ("title", "slug", "edition", "category", "is_active", "requires_code", "opens_at", "closes_at")
    list_filter = ("edition", "is_active", "requires_code", "category")
    list_select_related = ("edition", "category")
    search_fields = ("slug", "title_zh_hans", "title_en")
    inlines = [QuestionInline, InvitationCodeInline]


@admin.register(Gate)
class GateAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "services.gate"
    list_display = ("name", "code", "edition", "order")
    list_filter = ("edition",)
    search_fields = ("code", "name_zh_hans", "name_en")


class RoomBlockInline(admin.TabularInline):
    model = RoomBlock
    extra = 0
    fields = ("night", "room_type", "rooms", "rate")


@admin.register(Hotel)
class HotelAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "services.hotel"
    list_display = ("name", "edition", "phone", "contact", "order")
    list_filter = ("edition",)
    search_fields = ("name_zh_hans", "name_en")
    inlines = [RoomBlockInline]


@admin.register(Station)
class StationAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "services.station"
    list_display = ("name", "kind", "edition", "order")
    list_filter = ("edition", "kind")
    search_fields = ("name_zh_hans", "name_en")


@admin.register(Vehicle)
class VehicleAdmin(_Audited, admin.ModelAdmin):
    action_prefix = "services.vehicle"
    list_display = ("name", "seats", "driver", "driver_phone", "edition")
    list_filter = ("edition",)
    search_fields = ("name", "driver")


@admin.register(Meal)
class MealAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "services.meal"
    list_display = ("name", "kind", "starts_at", "venue", "edition")
    list_filter = ("edition", "kind")
    search_fields = ("name_zh_hans", "name_en")
    filter_horizontal = ("categories",)


#: What the admin shows of a registration: never its identity data nor its keys and token.
REGISTRATION_FIELDS = (
    "reference",
    "edition",
    "form",
    "category",
    "person",
    "status",
    "attendance",
    "language",
    "email",
    "phone",
    "document_type",
    "diet",
    "allergies",
    "invitation_code",
    "replaces",
    "badge_version",
    "created_at",
    "decided_at",
    "decided_by",
    "decision_note",
)


class _ShownOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(_ShownOnly, admin.ModelAdmin):
    """Read-only: registrations change on the guest-services desk, through the services."""

    fields = REGISTRATION_FIELDS
    readonly_fields = REGISTRATION_FIELDS
    list_display = ("reference", "person", "category", "status", "attendance", "created_at")
    list_filter = ("edition", "status", "attendance", "category")
    list_select_related = ("person", "category")
    search_fields = ("=reference", "email", "person__name_zh_hans", "person__name_en")
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(_ShownOnly, admin.ModelAdmin):
    list_display = ("registration", "channel", "kind", "recipient", "sent_at", "error")
    list_filter = ("channel", "kind")
    list_select_related = ("registration__person",)
    search_fields = ("=registration__reference", "recipient")
    readonly_fields = ("registration", "channel", "kind", "recipient", "subject", "sent_at", "error", "created_at")
