"""The admin, for administrators: read-only.  Role grants and agency settings are audited actions
(`gongkai.agencies.actions`), taken on the staff pages (机关设置), not written here."""

from django.contrib import admin

from .models import Agency, Staff


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StaffInline(admin.TabularInline):
    model = Staff
    extra = 0
    can_delete = False
    readonly_fields = ["user", "role"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(ReadOnly):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    inlines = [StaffInline]


@admin.register(Staff)
class StaffAdmin(ReadOnly):
    list_display = ["user", "agency", "role"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "agency__name"]
