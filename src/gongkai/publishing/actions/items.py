"""Drafting and editing catalogue items."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency

from .. import rules
from ..choices import EDITABLE_STATUSES, Status
from ..errors import Duplicate, InvalidItem, NotAllowed
from ..models import Item
from ..permissions import may_keep
from ..workflow import STEPS
from .common import finish, load, refresh_derived, snapshot, today_or

FIELDS = ("title", "document_number", "issuer", "written_on", "changed_on", "article_item", "local_topic",
          "doc_kind", "subject", "summary", "body")


def check_document_number(agency_id: int, key: str, exclude_pk: int | None = None) -> None:
    if not key:
        return
    other = (Item.objects.holding_document_numbers().filter(agency_id=agency_id, document_number_key=key)
             .exclude(pk=exclude_pk).only("pk", "title", "index_number").first())
    if other is not None:
        raise Duplicate(f"文号已被本机关的另一条目使用：“{other.title}”"
                        f"{'（索引号 ' + other.index_number + '）' if other.index_number else '（未发布）'}",
                        field="document_number")


def _save_unique(fn):
    """The database's unique 文号 is the backstop for two clerks saving at once."""
    try:
        return fn()
    except IntegrityError as e:
        if "document_number" in str(e):
            raise Duplicate("文号已被本机关的另一条目使用（刚刚由他人保存）", field="document_number") from None
        raise


def do_create_item(actor, agency: Agency, *, today: dt.date | None = None, **fields) -> Item:
    """A new draft.  ``fields``: see ``FIELDS``; the issuer defaults to the agency's name."""
    today = today_or(today)
    if not may_keep(actor, agency):
        raise NotAllowed("只有本机关的公开工作人员可以编制目录条目")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise InvalidItem([(f, f"未知字段 {f}") for f in sorted(unknown)])
    data = {f: fields.get(f, "") for f in FIELDS}
    data["issuer"] = data["issuer"] or agency.name
    data["written_on"] = fields.get("written_on")
    data["changed_on"] = fields.get("changed_on")
    cleaned = rules.clean_fields(data, today)

    def create() -> Item:
        with transaction.atomic():
            check_document_number(agency.pk, cleaned["document_number_key"])
            item = Item(agency=agency, status=Status.DRAFTED, created_by=actor if getattr(actor, "pk", None) else None,
                        **cleaned)
            refresh_derived(item)
            item.version = 0
            return finish(actor, item, None, "create", today, "", f"编制目录条目“{item.title}”")

    return _save_unique(create)


def do_update_item(actor, item: Item | int, *, expected_version: int | None = None, today: dt.date | None = None,
                   **fields) -> Item:
    """Change a draft's (or a returned item's) fields; the rest stay as they are."""
    today = today_or(today)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise InvalidItem([(f, f"未知字段 {f}") for f in sorted(unknown)])

    def update() -> Item:
        with transaction.atomic():
            locked = load(actor, item, expected_version, STEPS["edit"])
            assert locked.status in EDITABLE_STATUSES
            data = {f: fields.get(f, getattr(locked, f)) for f in FIELDS}
            data["issuer"] = data["issuer"] or locked.agency.name  # as on creation: blank is the agency
            cleaned = rules.clean_fields(data, today)
            check_document_number(locked.agency_id, cleaned["document_number_key"], exclude_pk=locked.pk)
            before = snapshot(locked)
            changed = [f for f in FIELDS if getattr(locked, f) != cleaned.get(f, getattr(locked, f))]
            for f, v in cleaned.items():
                setattr(locked, f, v)
            refresh_derived(locked)
            what = "、".join(rules.LABELS[f] for f in changed) or "无改动"
            return finish(actor, locked, before, "edit", today, f"修改：{what}", f"修改目录条目“{locked.title}”：{what}")

    return _save_unique(update)
