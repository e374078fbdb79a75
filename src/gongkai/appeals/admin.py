"""Read-only in the admin: appeal records change only through the actions (audited)."""

from django.contrib import admin

from .models import Appeal


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["agency", "kind", "case_number", "filed_on", "concluded_on", "result"]
    list_filter = ["kind", "result"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
