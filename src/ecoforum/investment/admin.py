"""Green investment in the back office: the catalogue (read-only, since every database loads it from
``catalogue_data``), the investment projects (saved through ``services``) and the investors."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from modeltranslation.admin import TabbedTranslationAdmin

from . import services
from .exceptions import InvestmentError
from .models import GreenIndustry, InvestmentProject, Investor


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
