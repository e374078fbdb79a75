"""The admin, for administrators: read-only views of the catalogue.  Every change goes through
the actions (the review workflow, the audit trail), so nothing is editable here."""

from django.contrib import admin

from gongkai.casework.admin import ReadOnly

from .models import Attachment, CatalogueSettings, GuideEdition, GuideProfile, ImportBatch, Item, ItemStep


class StepInline(admin.TabularInline):
    model = ItemStep
    fields = ["at", "on", "step", "actor", "status_after", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(StepInline):
    model = Attachment
    fields = ["name", "kind", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Item)
class ItemAdmin(ReadOnly):
    list_display = ["index_number", "title", "agency", "status", "doc_kind", "written_on", "published_on",
                    "published_late"]
    list_filter = ["status", "doc_kind", "article_item", "agency"]
    search_fields = ["index_number", "document_number"]
    exclude = ["search_text"]
    inlines = [AttachmentInline, StepInline]
    list_select_related = ["agency"]


for model in (CatalogueSettings, ImportBatch, GuideProfile, GuideEdition):
    admin.site.register(model, ReadOnly)
