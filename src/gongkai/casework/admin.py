"""The admin, for administrators: read-mostly views.  Changes to cases go through the actions,
so case rows are read-only here; personal data is masked in lists."""

from django.contrib import admin

from .models import Application, AuditEvent, CalendarYear, ClockEvent, Document


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ClockEventInline(admin.TabularInline):
    model = ClockEvent
    fields = ["on", "kind", "days", "later_date", "party", "reason", "actor"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnly):
    list_display = ["number", "agency", "applicant_masked", "applicant_kind", "status", "received_on", "due_on",
                    "concluded_on"]
    list_filter = ["status", "applicant_kind", "agency"]
    search_fields = ["number"]
    date_hierarchy = "received_on"
    exclude = ["identifier", "contact_phone", "contact_email", "contact_address", "intake_key"]
    inlines = [ClockEventInline]
    list_select_related = ["agency"]

    @admin.display(description="申请人")
    def applicant_masked(self, obj):
        return f"{obj.applicant_name[:1]}** {obj.identifier_masked}"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly):
    list_display = ["at", "actor", "action", "summary", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["summary", "object_id"]


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ["number", "kind", "application", "issued_on", "template_version"]
    list_filter = ["kind", "year"]


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnly):
    """Imported through `do_import_calendar_year` (the staff pages / shell), which recomputes due dates."""

    list_display = ["year", "version", "source", "imported_at", "imported_by"]
