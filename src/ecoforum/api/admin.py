from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with ``ecoforum create_api_token`` (the token is shown once); here they are
    listed and switched off."""

    list_display = ["name", "hint", "user", "created", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    fields = ["name", "user", "hint", "created", "is_active"]
    readonly_fields = ["name", "user", "hint", "created"]

    def has_add_permission(self, request):
        return False
