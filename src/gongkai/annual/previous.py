"""Last year's report uploaded as a document, for the cross-year checks.

For the first year an agency reports in gongkai, the platform holds no locked report of the
year before; the agency uploads the document it published then.  The readers read it (before
any transaction: a PDF takes a moment); what they could not read stays unknown, and the
checker never counts an unknown cell against this year's report.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction

from gongkai import interchange
from gongkai.agencies.models import Agency
from gongkai.casework import audit
from gongkai.casework.errors import InvalidInput, NotAllowed
from gongkai.web import uploads

from .drafting import may_edit
from .models import PreviousYearDocument

MAX_BYTES = 20 * uploads.MB
DOCUMENT_KINDS = ("pdf", "docx", "doc")
TEXT_SUFFIXES = (".txt", ".htm", ".html", ".json")
log = logging.getLogger(__name__)


def _accept(upload) -> bytes:
    """The upload's bytes when it is a document the readers take; UploadRejected otherwise."""
    name = getattr(upload, "name", "") or "文件"
    try:
        uploads.check_upload(upload, allowed=DOCUMENT_KINDS, max_bytes=MAX_BYTES, label="上年年报")
    except uploads.UploadRejected:
        # text and HTML have no signature to sniff: accepted by name, then judged by the readers
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not name.lower().endswith(TEXT_SUFFIXES) or uploads.sniff(head) is not None:
            raise
        if getattr(upload, "size", 0) > MAX_BYTES:
            raise
    upload.seek(0)
    return upload.read(MAX_BYTES + 1)


def do_upload_previous(actor, agency: Agency, year: int, upload):
    """Read and keep the agency's report for `year` (the year before the draft being checked)."""
    from gongkai import readers

    if not may_edit(actor, agency):
        raise NotAllowed(f"您不是{agency.name}的公开工作人员")
    name = (getattr(upload, "name", "") or "上年年报")[:200]
    try:
        data = _accept(upload)
    except uploads.UploadRejected as e:
        raise InvalidInput(str(e), field="file") from None
    try:
        report = (interchange.loads(data.decode("utf-8-sig"), name) if name.lower().endswith(".json")
                  else readers.read_bytes(data, name))
    except (readers.ReaderError, interchange.InterchangeError, UnicodeDecodeError) as e:
        raise InvalidInput(f"无法读取“{name}”：{e}", field="file") from None
    except Exception as e:  # a hostile document may break a parsing library in ways no reader foresaw
        log.exception("reading uploaded previous-year report failed")
        raise InvalidInput(f"无法读取“{name}”（{type(e).__name__}），请上传 PDF、Word 或网页格式的年报原文",
                           field="file") from None
    if report.year != year:
        raise InvalidInput(f"“{name}”是 {report.year} 年度的年报，这里需要 {year} 年度的", field="file")
    with transaction.atomic():
        doc = PreviousYearDocument(agency=agency, year=year, name=name, report=interchange.to_dict(report),
                                   uploaded_by=actor if getattr(actor, "pk", None) else None)
        suffix = PurePath(name).suffix.lower()[:6] if PurePath(name).suffix.isascii() else ""
        doc.file.save(f"{agency.code}-{year}{suffix}", ContentFile(data), save=False)
        doc.save()
        audit.record(actor, "annual.upload_previous", doc, None,
                     {"year": year, "name": name, "cells_read": sum(v is not None for v in report.cells.values()),
                      "unknown": len(report.unknown)},
                     f"上传{year}年度年报“{name}”用于跨年度检查")
    return doc
