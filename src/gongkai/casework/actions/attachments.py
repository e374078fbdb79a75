"""Files on a case: checked by content and size before anything is stored, kept in private
storage, downloaded only through an access check, every download on the record."""

from __future__ import annotations

import hashlib
import uuid

from django.db import transaction

from gongkai.web.uploads import MB, UploadRejected, check_upload

from .. import audit
from ..choices import AttachmentKind
from ..errors import InvalidInput
from ..models import NOTE_MAX, Attachment, Document
from ..storage import case_files
from . import base

ATTACHMENT_TYPES = ("pdf", "png", "jpeg", "tiff", "docx", "ofd")
MAX_ATTACHMENT_BYTES = 20 * MB
MAX_ATTACHMENTS_PER_CASE = 200


def do_attach_file(actor, application, *, kind: str, upload, note: str = "", key: str | None = None,
                   expected_version: int | None = None) -> Attachment:
    """Store an uploaded file with the case.  The file's type is read from its bytes (a renamed
    executable is refused), its size is checked before it is read, its name is never logged."""
    if kind not in AttachmentKind.values:
        raise InvalidInput(f"材料类型无效：{kind!r}", field="kind")
    note = base.clean_text(note, "说明", NOTE_MAX, field="note")
    stored, content_kind, data, original = store_checked(upload)
    try:
        with base.begin(actor, application, "attach_file", expected_version=expected_version, key=key) as s:
            att = new_attachment(s, kind, stored, content_kind, data, original, note, actor)
            s.finish(f"上传附件：{AttachmentKind(kind).label}（{content_kind.upper()}，{len(data) / 1024:.0f} KB）",
                     recompute=False)
    except BaseException:
        case_files().delete(stored)
        raise
    return att


def check_file(upload, field: str = "file") -> str:
    """The upload's kind by content, or InvalidInput with the Chinese reason (nothing stored)."""
    try:
        return check_upload(upload, allowed=ATTACHMENT_TYPES, max_bytes=MAX_ATTACHMENT_BYTES, label="附件")
    except UploadRejected as e:
        raise InvalidInput(str(e), field=field) from None


def store_checked(upload, field: str = "file") -> tuple[str, str, bytes, str]:
    """Check then store an upload in private storage: (stored name, kind, bytes, original name).
    The file is written before the step's transaction (slow I/O outside the lock); a step
    that is then refused deletes it again."""
    content_kind = check_file(upload, field)
    data = upload.read()
    upload.seek(0)
    original = base.clean_text((getattr(upload, "name", "") or "附件").replace("\\", "/").rsplit("/", 1)[-1][:200],
                               "文件名", 200, field=field) or "附件"
    stored = case_files().save(f"attachments/{uuid.uuid4().hex}.{content_kind}", upload)
    return stored, content_kind, data, original


def new_attachment(s: base.Step, kind: str, stored: str, content_kind: str, data: bytes, original: str,
                   note: str = "", actor=None) -> Attachment:
    """The Attachment row of a stored file, inside step `s`."""
    if Attachment.objects.filter(application=s.app).count() >= MAX_ATTACHMENTS_PER_CASE:
        raise InvalidInput(f"每件申请最多上传 {MAX_ATTACHMENTS_PER_CASE} 个附件", field="file")
    return Attachment.objects.create(
        application=s.app, agency_id=s.app.agency_id, kind=kind, file=stored, original_name=original,
        content_kind=content_kind, size=len(data), sha256=hashlib.sha256(data).hexdigest(), note=note,
        uploaded_by=actor if getattr(actor, "pk", None) else None)


def do_record_download(actor, obj: Attachment | Document, *, what: str = "") -> None:
    """Audit a download (who fetched which file of which case); the caller has checked access."""
    action = audit.AuditAction.DOWNLOAD_ATTACHMENT if isinstance(obj, Attachment) else audit.AuditAction.DOWNLOAD_LETTER
    label = obj.get_kind_display()
    with transaction.atomic():
        audit.record(actor, action, obj, None, None, f"下载{label}{what}")
