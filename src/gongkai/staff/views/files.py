"""Files of a case: its letters and its attachments, served only after the access check
(another agency's file is a 404), every download on the record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from gongkai.agencies.permissions import can_work_case
from gongkai.casework import actions
from gongkai.casework.models import Attachment, Document
from gongkai.web.uploads import CONTENT_TYPES

from .common import case_for


def _send(request, field, filename: str, content_type: str | None):
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在（可重新生成）") from None
    resp = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
def document_download(request, pk: int, doc_id: int, fmt: str):
    app = case_for(request, pk)
    doc = get_object_or_404(Document, pk=doc_id, application=app)
    field = {"docx": doc.docx, "pdf": doc.pdf}.get(fmt)
    if not field:
        raise Http404("文书文件不存在")
    actions.do_record_download(request.user, doc, what=f" {doc.number}（{fmt.upper()}）")
    return _send(request, field, f"{doc.number}-{doc.get_kind_display()}.{fmt}", CONTENT_TYPES.get(fmt))


@login_required
@require_POST
def document_render(request, pk: int, doc_id: int):
    """Draw an issued letter's files again (the drawing failed or is still waiting)."""
    app = case_for(request, pk)
    if not can_work_case(request.user, app):
        raise Http404("文书不存在")
    doc = get_object_or_404(Document, pk=doc_id, application=app)
    if actions.render_document(doc.pk):
        messages.success(request, f"已生成{doc.get_kind_display()} {doc.number}的文件。")
    else:
        doc.refresh_from_db()
        messages.error(request, doc.render_error or "文书尚未出具，不能生成文件。")
    return redirect("staff:case_detail", pk=app.pk)


@login_required
def attachment_download(request, pk: int, att_id: int):
    """Only the case's own agency's staff: an attachment may be an ID copy, which a supervisor,
    who sees identity data masked, does not get either (404, as for another agency)."""
    app = case_for(request, pk)
    if not can_work_case(request.user, app):
        raise Http404("附件不存在")
    att = get_object_or_404(Attachment, pk=att_id, application=app)
    actions.do_record_download(request.user, att)
    ext = {"jpeg": "jpg", "tiff": "tif"}.get(att.content_kind, att.content_kind)
    return _send(request, att.file, f"{app.number}-{att.get_kind_display()}-{att.pk}.{ext}",
                 CONTENT_TYPES.get(att.content_kind))
