"""What every catalogue action shares: the row lock, the version check, the state machine's
verdict, the history line and the audit event."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.casework import audit

from .. import clock, search
from ..errors import InvalidItem, NotAllowed, StaleVersion, WrongStatus
from ..models import Item, ItemStep
from ..permissions import may_take
from ..workflow import Step, status_label

# what an audit event keeps of an item (not the body, not the search text)
AUDITED = ["status", "index_number", "title", "document_number", "issuer", "written_on", "changed_on",
           "published_on", "article_item", "local_topic", "doc_kind", "subject", "abolished_on", "replaced_by",
           "reviewed_by", "reviewed_on", "review_opinion", "due_on", "published_late"]


def today_or(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def snapshot(item: Item) -> dict:
    return audit.snapshot(item, AUDITED)


def load(actor, item: Item | int, expected_version: int | None, step: Step) -> Item:
    """Lock the item's row, then check the version, the status and the actor's role."""
    pk = item.pk if isinstance(item, Item) else item
    try:
        locked = Item.objects.select_for_update().select_related("agency").get(pk=pk)
    except Item.DoesNotExist:
        raise InvalidItem([("item", f"目录条目（编号 {pk}）不存在")]) from None
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(f"条目“{locked.title}”已被他人修改（当前版本 {locked.version}，您看到的是版本 "
                           f"{expected_version}）。请刷新页面核对后再操作；您填写的内容未保存")
    if not step.allowed_from(locked.status):
        raise WrongStatus(f"条目当前状态为“{status_label(locked.status)}”，不能{step.label}")
    if not may_take(actor, locked.agency_id, step):
        roles = "、".join(_role_label(r) for r in step.roles)
        raise NotAllowed(f"“{step.label}”须由本机关的{roles}办理")
    return locked


def _role_label(role: str) -> str:
    from gongkai.agencies.models import Role

    return Role(role).label


def refresh_derived(item: Item) -> None:
    """Search text and the Art. 26 due date follow the fields they are made from."""
    item.search_text = search.index_text(item.title, item.document_number, item.index_number, item.issuer,
                                         item.subject, item.local_topic, item.summary, item.body)
    d = clock.due(item.clock_start)
    item.due_on, item.clock_error = d.on, d.error[:300]


def finish(actor, item: Item, before: dict | None, step_name: str, on: dt.date, note: str, summary: str) -> Item:
    """Save, bump the version, write the history line and the audit event."""
    item.version += 1
    item.save()
    ItemStep.objects.create(item=item, step=step_name, actor=actor if getattr(actor, "pk", None) else None,
                            on=on, note=note[:1000], status_after=item.status)
    audit.record(actor, f"publishing.{step_name}", item, before, snapshot(item), summary)
    return item
