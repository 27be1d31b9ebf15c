from django.contrib import admin

from .models import AuditEntry, Job


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created", "action", "object_repr", "actor"]
    list_filter = ["action"]
    search_fields = ["action", "object_repr"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Background jobs, to look at: they are started from the pages that need them."""

    list_display = ["created", "kind", "status", "done", "total", "created_by", "finished"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "file_name", "message"]
    readonly_fields = [f.name for f in Job._meta.fields]
    list_select_related = ["created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
