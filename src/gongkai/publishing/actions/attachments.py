"""Files attached to an item: PDF, DOCX or OFD, checked by content, kept in private storage.

The file is checked and written to storage before the transaction (nothing slow under a
lock); if the transaction then fails, the stored file is removed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.db import transaction

from gongkai.casework import audit
from gongkai.web.uploads import MB, UploadRejected, check_upload, private_storage

from ..errors import InvalidItem
from ..models import Attachment, Item
from ..workflow import STEPS
from .common import load, today_or

ALLOWED = ("pdf", "docx", "ofd")
MAX_BYTES = 50 * MB
MAX_PER_ITEM = 20
MAX_NAME = 200


def _clean_name(name: str, kind: str) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or f"附件.{kind}"
    if len(name) > MAX_NAME:
        stem, _, ext = name.rpartition(".")
        name = stem[: MAX_NAME - len(ext) - 1] + "." + ext if stem else name[:MAX_NAME]
    return name


def do_add_attachment(actor, item: Item | int, upload, *, expected_version: int | None = None,
                      today: dt.date | None = None) -> Attachment:
    """Attach `upload` (a Django UploadedFile) to a draft or returned item."""
    today = today_or(today)
    try:
        kind = check_upload(upload, allowed=ALLOWED, max_bytes=MAX_BYTES)
    except UploadRejected as e:
        raise InvalidItem([("file", str(e))]) from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    pk = item.pk if isinstance(item, Item) else item
    storage = private_storage()
    path = storage.save(f"catalogue/{pk}/{uuid.uuid4().hex}.{kind}", upload)
    try:
        with transaction.atomic():
            locked = load(actor, item, expected_version, STEPS["edit"])
            if locked.attachments.count() >= MAX_PER_ITEM:
                raise InvalidItem([("file", f"每个条目最多 {MAX_PER_ITEM} 个附件")])
            att = Attachment.objects.create(item=locked, name=_clean_name(upload.name, kind), kind=kind,
                                            size=upload.size, sha256=digest.hexdigest(), path=path,
                                            uploaded_by=actor if getattr(actor, "pk", None) else None)
            locked.version += 1
            locked.save(update_fields=["version", "updated_at"])
            audit.record(actor, "publishing.attach", locked, None, {"attachment": att.name, "size": att.size},
                         f"为“{locked.title}”添加附件“{att.name}”")
    except BaseException:
        storage.delete(path)
        raise
    return att


def do_remove_attachment(actor, attachment: Attachment | int, *, expected_version: int | None = None,
                         today: dt.date | None = None) -> None:
    pk = attachment.pk if isinstance(attachment, Attachment) else attachment
    att = Attachment.objects.filter(pk=pk).first()
    if att is None:
        raise InvalidItem([("file", "附件不存在")])
    with transaction.atomic():
        locked = load(actor, att.item_id, expected_version, STEPS["edit"])
        att.delete()
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit.record(actor, "publishing.detach", locked, {"attachment": att.name}, None,
                     f"删除“{locked.title}”的附件“{att.name}”")
    transaction.on_commit(lambda: private_storage().delete(att.path))
