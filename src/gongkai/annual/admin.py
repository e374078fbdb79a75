from django.contrib import admin

from .models import ReportLock


@admin.register(ReportLock)
class ReportLockAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "locked_at", "locked_by"]
    readonly_fields = ["agency", "year", "table3", "locked_at", "locked_by"]
