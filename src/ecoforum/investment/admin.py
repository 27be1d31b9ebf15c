"""Green investment in the back office: the catalogue (read-only, since every database loads it from
``catalogue_data``), the investment projects (saved through ``services``), the investors, the signings
(saved through ``signings``) and read-only lists of the 1:1 meetings and the projects' attachments."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone
from modeltranslation.admin import TabbedTranslationAdmin

from . import services, signings
from .exceptions import InvestmentError
from .models import (
    GreenIndustry,
    InvestmentProject,
    Investor,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    NegotiationTable,
    ProjectAttachment,
    Signing,
    SigningParty,
)
from .signings import Party


@admin.register(GreenIndustry)
class GreenIndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh_hans", "name_en", "level")
    list_filter = ("level",)
    search_fields = ("^code", "name_zh_hans", "name_en")
    ordering = ("sort_key",)
    list_select_related = ("parent",)
    fields = ("code", "level", "parent", "name_zh_hans", "name_en", "description_zh_hans", "standards")
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: GreenIndustry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: GreenIndustry | None = None) -> bool:
        return False


class InvestmentProjectForm(forms.ModelForm):
    class Meta:
        model = InvestmentProject
        fields = ("industry",)  # the admin passes every field it shows

    def clean_industry(self):
        industry = self.cleaned_data.get("industry")
        if industry is not None:
            try:
                services.check_industry(industry)
            except InvestmentError as exc:
                raise ValidationError(exc.message) from exc
        return industry


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(TabbedTranslationAdmin):
    """Projects of the index, searchable by code, name and summary (both languages), region and owner.

    Every save goes through ``services.add_project`` / ``services.change_project`` so that
    the catalogue level, the amount and the audit log hold as in the import.
    """

    form = InvestmentProjectForm
    list_display = ("code", "name", "edition", "industry", "region", "investment_sought", "stage", "is_demo")
    list_filter = ("edition", "stage", "cooperation_mode", "is_demo")
    search_fields = (
        "code",
        "name_zh_hans",
        "name_en",
        "summary_zh_hans",
        "summary_en",
        "province",
        "city",
        "county",
        "owner__name_zh_hans",
        "owner__name_en",
        "^industry__code",
    )
    list_select_related = ("edition", "industry", "owner")
    autocomplete_fields = ("owner",)
    ordering = ("edition", "code")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except InvestmentError as exc:
            # The admin's transaction has been rolled back: nothing of the change was kept.
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            fields = {name: data[name] for name in services.PROJECT_ARGUMENTS if name in data}
            project = services.add_project(data["edition"], actor=request.user, **fields)
            obj.pk = project.pk
            obj._state.adding, obj._state.db = False, project._state.db
            return
        changes = {name: data[name] for name in services.PROJECT_ARGUMENTS if name in form.changed_data}
        if changes:
            services.change_project(obj, actor=request.user, **changes)


@admin.register(Investor)
class InvestorAdmin(admin.ModelAdmin):
    list_display = ("organization", "ticket_min", "ticket_max", "is_demo")
    search_fields = ("organization__name_zh_hans", "organization__name_en", "organization__short_name_zh_hans")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization", "contacts")
    filter_horizontal = ("industries",)
    list_filter = ("is_demo",)


# --- signings (written through ``signings``) --------------------------------------


class SigningPartyInline(admin.TabularInline):
    model = SigningParty
    extra = 0
    fields = ("organization", "role", "signatory", "order")
    autocomplete_fields = ("organization",)


class SigningAdminForm(forms.ModelForm):
    """The time of signing is typed and shown in the edition's local time, whatever the server's zone."""

    class Meta:
        model = Signing
        fields = ("edition",)  # the admin passes every field it shows

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.signed_at:
            local = timezone.localtime(self.instance.signed_at, self.instance.edition.tz)
            self.initial["signed_at"] = local.replace(tzinfo=None)

    def clean_signed_at(self):
        value = self.cleaned_data.get("signed_at")
        edition = self.instance.edition if self.instance.pk else self.cleaned_data.get("edition")
        if value is None or edition is None:
            return value
        naive = timezone.make_naive(value, timezone.get_current_timezone()) if timezone.is_aware(value) else value
        return timezone.make_aware(naive, edition.tz)


@admin.register(Signing)
class SigningAdmin(TabbedTranslationAdmin):
    """Signings with their parties. Saving and deleting go through ``signings.record_signing``,
    ``change_signing`` and ``remove_signing``, so the rules, the permission and the audit log hold
    as on the organizers' pages; a refusal is shown as a message, never a server error."""

    form = SigningAdminForm
    list_display = ("title", "edition", "kind", "amount", "increment", "currency", "project", "ceremony", "signed_at")
    list_filter = ("edition", "kind", "currency", "is_demo")
    search_fields = ("title_zh_hans", "title_en", "project__code", "parties__organization__name_zh_hans")
    list_select_related = ("edition", "project", "ceremony")
    autocomplete_fields = ("project",)
    inlines = [SigningPartyInline]
    ordering = ("edition", "signed_at", "stage_order", "pk")
    fields = (
        "edition",
        "title",
        "kind",
        "amount",
        "increment",
        "currency",
        "project",
        "ceremony",
        "signed_at",
        "stage_order",
        "notes",
        "is_demo",
    )

    def get_readonly_fields(self, request, obj=None):
        return ("edition",) if obj is not None else ()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except InvestmentError as exc:
            # The admin's transaction has been rolled back: nothing of the change was kept.
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        """Nothing yet: the signing and its parties are written together in ``save_related``."""

    def save_related(self, request, form, formsets, change):
        data = form.cleaned_data
        parties = []
        for formset in formsets:
            if formset.model is not SigningParty:
                continue
            formset.save(commit=False)  # fills new/changed/deleted_objects for the change message, writes nothing
            rows = [f for f in formset.forms if f.cleaned_data and f.cleaned_data.get("organization")]
            rows = [f for f in rows if not formset._should_delete_form(f)]
            rows.sort(key=lambda f: (f.cleaned_data.get("order") or 0, formset.forms.index(f)))
            parties = [
                Party(f.cleaned_data["organization"], f.cleaned_data.get("role"), f.cleaned_data.get("signatory") or "")
                for f in rows
            ]
        fields = {name: data.get(name) for name in SIGNING_ADMIN_FIELDS if name in data}
        obj = form.instance
        if not change:
            signing = signings.record_signing(data["edition"], actor=request.user, parties=parties, **fields)
            obj.pk = signing.pk
            obj._state.adding, obj._state.db = False, signing._state.db
            return
        changes = {name: value for name, value in fields.items() if name in form.changed_data}
        current = list(obj.parties.order_by("order", "pk").values_list("organization_id", "role", "signatory"))
        if [(p.organization.pk, p.role, p.signatory) for p in parties] != current:
            changes["parties"] = parties
        if changes:
            signings.change_signing(obj, actor=request.user, **changes)

    def delete_model(self, request, obj):
        signings.remove_signing(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for signing in queryset:
            try:
                signings.remove_signing(signing, actor=request.user)
            except InvestmentError as exc:
                self.message_user(request, exc.message, messages.ERROR)


#: What the signing form passes to the services (``stage_order`` left empty means "last on stage").
SIGNING_ADMIN_FIELDS = (
    "title_zh_hans",
    "title_en",
    "kind",
    "amount",
    "increment",
    "currency",
    "project",
    "ceremony",
    "signed_at",
    "stage_order",
    "notes",
    "is_demo",
)


# --- 1:1 meetings: read-mostly lists (the scheduler and the portals write them) -----------


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and details to look at; the services of the meetings write these rows."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NegotiationTable)
class NegotiationTableAdmin(ReadOnlyAdmin):
    list_display = ("number", "label", "edition")
    list_filter = ("edition",)
    list_select_related = ("edition",)
    search_fields = ("label",)


@admin.register(MeetingSlot)
class MeetingSlotAdmin(ReadOnlyAdmin):
    list_display = ("code", "starts_at", "ends_at", "edition")
    list_filter = ("edition",)
    list_select_related = ("edition",)
    date_hierarchy = "starts_at"


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ("investor", "project", "requested_by", "priority", "status", "created", "expires_at")
    list_filter = ("edition", "status", "requested_by", "priority")
    list_select_related = ("investor__organization", "project")
    search_fields = ("investor__organization__name_zh_hans", "investor__organization__name_en", "project__code")
    show_full_result_count = False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("slot", "table", "request", "status", "investor_confirmed", "owner_confirmed")
    list_filter = ("edition", "status", "investor_confirmed", "owner_confirmed")
    list_select_related = ("slot", "table", "request__investor__organization", "request__project")
    search_fields = ("request__investor__organization__name_zh_hans", "request__project__code")


@admin.register(ProjectAttachment)
class ProjectAttachmentAdmin(ReadOnlyAdmin):
    list_display = ("title", "project", "kind", "content_type", "size", "is_public", "uploaded")
    list_filter = ("kind", "is_public", "project__edition")
    list_select_related = ("project",)
    search_fields = ("title_zh_hans", "title_en", "project__code", "original_name")
