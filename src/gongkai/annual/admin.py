"""The admin, for administrators: read-only.  The report changes only through the actions (audited)."""

from django.contrib import admin

from gongkai.casework.admin import ReadOnly

from .models import AnnualReport, Publication, ReportLock, ReportReminder, Table2Entry


@admin.register(ReportLock)
class ReportLockAdmin(ReadOnly):
    list_display = ["agency", "year", "locked_at", "locked_by", "error_count"]


@admin.register(Publication)
class PublicationAdmin(ReadOnly):
    list_display = ["agency", "year", "number", "published_at", "superseded_at", "reason"]


@admin.register(Table2Entry)
class Table2EntryAdmin(ReadOnly):
    list_display = ["agency", "year", "address", "value", "source", "entered_at"]
    list_filter = ["year"]


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnly):
    list_display = ["agency", "year", "version", "updated_at"]


@admin.register(ReportReminder)
class ReportReminderAdmin(ReadOnly):
    list_display = ["agency", "year", "kind", "due_on", "created_at"]
