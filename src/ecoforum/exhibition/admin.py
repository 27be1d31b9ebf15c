"""The exhibition in the back office. Halls, zones and booths are checked by the rules of
``booths`` (a booth inside its hall, overlapping no other); booth applications are read-mostly
(their changes go through ``applications``, on the organizers' desk); sign-ups are read-only.
Every save here writes an audit entry."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from ecoforum.core.audit import log_action

from . import booths
from .models import (
    Booth,
    BoothApplication,
    Exhibitor,
    ExhibitorStaff,
    Hall,
    Launch,
    Product,
    RouteStop,
    Site,
    VisitRoute,
    VisitSignup,
    Zone,
)


class _Checked(forms.ModelForm):
    """A form whose instance a function of ``booths`` checks before it is saved."""

    check = staticmethod(lambda instance: None)

    def _post_clean(self):
        super()._post_clean()  # builds the instance from the cleaned data
        if not self.errors:
            try:
                type(self).check(self.instance)
            except booths.BoothError as exc:
                self.add_error(None, ValidationError(exc.message))


class HallForm(_Checked):
    check = staticmethod(booths.validate_hall)


class ZoneForm(_Checked):
    check = staticmethod(booths.validate_zone)


class BoothForm(_Checked):
    check = staticmethod(booths.validate_booth)

    def _post_clean(self):
        zone = self.cleaned_data.get("zone")
        if zone is not None:
            self.instance.edition_id = zone.edition_id  # a booth belongs to its zone's edition
        super()._post_clean()


class _Audited:
    action_prefix = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        data = {name: form.cleaned_data.get(name) for name in form.changed_data}
        log_action(obj, f"{self.action_prefix}.{'changed' if change else 'added'}", actor=request.user, data=data)

    def delete_model(self, request, obj):
        log_action(obj, f"{self.action_prefix}.removed", actor=request.user)
        super().delete_model(request, obj)  # type: ignore[misc]


@admin.register(Hall)
class HallAdmin(_Audited, TabbedTranslationAdmin):
    form = HallForm
    action_prefix = "exhibition.hall"
    list_display = ("code", "name", "edition", "width", "depth", "order")
    list_filter = ("edition",)
    search_fields = ("code", "name_zh_hans", "name_en")


@admin.register(Zone)
class ZoneAdmin(_Audited, TabbedTranslationAdmin):
    form = ZoneForm
    action_prefix = "exhibition.zone"
    list_display = ("code", "name", "hall", "kind", "colour", "order")
    list_filter = ("edition", "kind", "hall")
    list_select_related = ("hall",)
    search_fields = ("code", "name_zh_hans", "name_en")


#: What the booth services take, as the admin form's field names.
BOOTH_ARGUMENTS = ("zone", "code", "kind", "area", "price", "x", "y", "width", "depth", "outline", "is_blocked")


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    """Booths are written through ``booths`` (the hall locked, the plan's rules checked, audited), as on the
    floor-plan editor; the form checks first so that a refusal shows beside the fields."""

    form = BoothForm
    fields = BOOTH_ARGUMENTS
    list_display = ("code", "zone", "kind", "area", "price", "currency", "x", "y", "width", "depth", "is_blocked")
    list_filter = ("edition", "zone", "kind", "is_blocked")
    list_select_related = ("zone",)
    search_fields = ("^code",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("zone__hall")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if change:
                changes = {name: data[name] for name in BOOTH_ARGUMENTS if name in form.changed_data}
                if changes:
                    booths.change_booth(obj, actor=request.user, **changes)
                return
            fields = {name: data[name] for name in BOOTH_ARGUMENTS if name != "zone"}
            booth = booths.add_booth(data["zone"], actor=request.user, **fields)
        except booths.BoothError as exc:  # the plan changed between the form's check and the save
            self.message_user(request, exc.message, level="error")
            return
        obj.pk, obj.edition_id = booth.pk, booth.edition_id
        obj._state.adding, obj._state.db = False, booth._state.db

    def delete_model(self, request, obj):
        try:
            booths.remove_booth(obj, actor=request.user)
        except booths.BoothError as exc:
            self.message_user(request, exc.message, level="error")

    def delete_queryset(self, request, queryset):
        for booth in queryset:
            self.delete_model(request, booth)


class _ShownOnly:
    """Staff and products are changed on the exhibitor portal (organizers may open any exhibitor's), whose
    services keep the badge quota and check pictures; the admin shows them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ExhibitorStaffInline(_ShownOnly, admin.TabularInline):
    model = ExhibitorStaff
    fields = ("person", "role", "needs_badge")


class ProductInline(_ShownOnly, TranslationTabularInline):
    model = Product
    fields = ("name", "industry", "is_new", "order", "picture")


@admin.register(Exhibitor)
class ExhibitorAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "exhibition.exhibitor"
    list_display = ("name", "slug", "edition", "country", "region", "exhibits_on_site", "exhibits_online", "is_demo")
    list_filter = ("edition", "exhibits_on_site", "exhibits_online", "is_fortune_global_500", "is_demo")
    search_fields = ("name_zh_hans", "name_en", "slug")
    autocomplete_fields = ("organization",)
    filter_horizontal = ("industries",)
    inlines = [ExhibitorStaffInline, ProductInline]


@admin.register(BoothApplication)
class BoothApplicationAdmin(admin.ModelAdmin):
    """Read-mostly: decisions are taken on the organizers' desk, where the services keep a booth held once."""

    list_display = ("exhibitor", "zone", "kind", "area", "status", "booth", "created", "decided")
    list_filter = ("edition", "status", "zone", "kind")
    list_select_related = ("exhibitor", "zone", "booth")
    search_fields = ("exhibitor__name_zh_hans", "exhibitor__name_en", "booth__code")
    readonly_fields = (
        "edition",
        "exhibitor",
        "zone",
        "kind",
        "area",
        "status",
        "booth",
        "created",
        "decided",
        "decided_by",
    )
    fields = (*readonly_fields, "note")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Launch)
class LaunchAdmin(admin.ModelAdmin):
    list_display = ("session", "exhibitor")
    list_select_related = ("session", "exhibitor")
    autocomplete_fields = ("exhibitor",)
    raw_id_fields = ("session",)
    filter_horizontal = ("products",)


@admin.register(Site)
class SiteAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "exhibition.site"
    list_display = ("name", "slug", "edition", "address", "is_demo")
    list_filter = ("edition", "is_demo")
    search_fields = ("name_zh_hans", "name_en", "slug")


class RouteStopInline(admin.TabularInline):
    model = RouteStop
    extra = 0
    autocomplete_fields = ("site",)


@admin.register(VisitRoute)
class VisitRouteAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "exhibition.visit_route"
    list_display = ("code", "name", "edition", "departs_at", "returns_at", "capacity")
    list_filter = ("edition",)
    search_fields = ("code", "name_zh_hans", "name_en")
    inlines = [RouteStopInline]


@admin.register(VisitSignup)
class VisitSignupAdmin(admin.ModelAdmin):
    list_display = ("person", "route", "status", "created")
    list_filter = ("status", "route")
    list_select_related = ("person", "route")
    readonly_fields = ("route", "person", "status", "created")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- practice cases (the practice-innovation platform) ----------------------------------------------

from .models import PracticeCase  # noqa: E402


@admin.register(PracticeCase)
class PracticeCaseAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "exhibition.case"
    list_display = ("title", "slug", "kind", "region", "year", "edition", "site", "is_public", "is_demo")
    list_filter = ("kind", "is_public", "edition", "is_demo")
    list_select_related = ("edition", "site")
    search_fields = ("title_zh_hans", "title_en", "slug")
    autocomplete_fields = ("site",)
    raw_id_fields = ("edition",)
    filter_horizontal = ("organizations", "industries")
