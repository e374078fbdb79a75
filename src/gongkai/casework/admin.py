"""The admin, for administrators: read-only views.  Changes to cases go through the actions,
so case rows are read-only here; personal data is masked in lists; stored files are served
only by the staff pages' access-checked views, never linked from here."""

from django.contrib import admin

from .audit import action_label
from .models import Application, Attachment, AuditEvent, CalendarYear, ClockEvent, Document


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ClockEventInline(admin.TabularInline):
    model = ClockEvent
    fields = ["on", "kind", "days", "later_date", "party", "party_received_on", "reason", "actor"]
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
    list_display = ["at", "actor", "via", "action_name", "summary", "object_type", "object_id"]
    list_filter = ["action", "via"]
    search_fields = ["summary", "object_id"]

    @admin.display(description="操作")
    def action_name(self, obj):
        return action_label(obj.action)


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ["number", "kind", "state", "application", "issued_on", "template_version"]
    list_filter = ["kind", "state", "year"]
    exclude = ["docx", "pdf", "context"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnly):
    list_display = ["application", "kind", "content_kind", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_kind"]
    exclude = ["file", "original_name"]


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnly):
    """Imported through `do_import_calendar_year` (gongkai calendar import), which recomputes due dates."""

    list_display = ["year", "version", "source", "imported_at", "imported_by"]
