"""The catalogue in the back office: read-only, since every database loads it from ``catalogue_data``."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import GreenIndustry


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
