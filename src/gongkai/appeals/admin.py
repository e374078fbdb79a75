"""Read-only in the admin: appeal records change only through the actions (audited)."""

from django.contrib import admin

from gongkai.casework.admin import ReadOnly

from .models import Appeal


@admin.register(Appeal)
class AppealAdmin(ReadOnly):
    list_display = ["agency", "kind", "case_number", "filed_on", "concluded_on", "result"]
    list_filter = ["kind", "result"]
