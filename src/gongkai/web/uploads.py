"""Uploaded files: size and type checked by content before anything is stored, kept outside
the web root, served only through views that check who may see them.

Every app that takes files (case attachments, catalogue attachments, identity documents from
the portal, reports uploaded to the supervising office) uses these, so one rule holds:

    kind = check_upload(uploaded_file, allowed=("pdf", "docx", "png", "jpeg"), max_bytes=20 * MB)
    stored = private_storage().save(f"cases/{case.pk}/{uuid4().hex}.{kind}", uploaded_file)

``check_upload`` raises :class:`UploadRejected` (a Chinese message naming the file and the
problem) for an empty, oversized or disguised file: the declared name and Content-Type are
never trusted, only the bytes.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

MB = 1024 * 1024

# kind → Chinese name, for messages
KIND_NAMES = {
    "pdf": "PDF", "docx": "Word 文档（.docx）", "xlsx": "Excel 表格（.xlsx）", "ofd": "OFD 版式文档",
    "doc": "Word 97-2003 文档（.doc）", "png": "PNG 图片", "jpeg": "JPEG 图片", "tiff": "TIFF 图片",
    "zip": "ZIP 压缩包", "html": "网页（HTML）", "text": "纯文本",
}
CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg", "tiff": "image/tiff",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd", "doc": "application/msword", "zip": "application/zip",
    "html": "text/html; charset=utf-8", "text": "text/plain; charset=utf-8",
}


class UploadRejected(ValueError):
    """A file refused before it was stored; ``str(e)`` is the Chinese message for the user."""


def sniff(data: bytes) -> str | None:
    """The kind of file `data` is, by its bytes; None when it is none of the known kinds."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if data.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        return "doc"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist()[:2000])
    except (zipfile.BadZipFile, ValueError, OSError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    return "zip"


def read_limited(upload, max_bytes: int, label: str = "附件") -> bytes:
    """The upload's bytes, refusing an empty or oversized file (the declared size is checked before reading,
    and never more than `max_bytes` + 1 bytes are read).  For callers that judge the kind themselves."""
    name = getattr(upload, "name", "") or "文件"
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise UploadRejected(f"{label}“{name}”大小为 {size / MB:.1f} MB，超过 {max_bytes / MB:.0f} MB 的上限。")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if not data:
        raise UploadRejected(f"{label}“{name}”是空文件。")
    if len(data) > max_bytes:
        raise UploadRejected(f"{label}“{name}”超过 {max_bytes / MB:.0f} MB 的上限。")
    return data


def check_upload(upload, allowed: tuple[str, ...], max_bytes: int, label: str = "附件") -> str:
    """Refuse an empty, oversized or disguised upload; return its kind (one of `allowed`).

    `upload` is a Django UploadedFile (or anything with ``name``, ``size``, ``read`` and
    ``seek``).  The size is checked before the content is read."""
    name = getattr(upload, "name", "") or "文件"
    data = read_limited(upload, max_bytes, label)
    kind = sniff(data)
    if kind not in allowed:
        wanted = "、".join(KIND_NAMES.get(k, k) for k in allowed)
        what = KIND_NAMES.get(kind, "无法识别的格式") if kind else "无法识别的格式"
        raise UploadRejected(f"{label}“{name}”的实际内容是{what}，只接受{wanted}。")
    return kind


@cache
def private_storage():
    """Files that only views with an access check may serve: under GONGKAI_HOME/private,
    never under MEDIA_ROOT or STATIC_ROOT, and with no base URL."""
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.GONGKAI_HOME / "private", base_url=None)
