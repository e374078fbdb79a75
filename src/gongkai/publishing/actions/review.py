"""The review workflow's steps (`workflow.STEPS`): submit, withdraw, approve, reject, reopen,
publish, abolish, discard.  Each is one transaction: the row locked, the machine consulted,
the item changed, the history line and the audit event written."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .. import clock, rules
from ..choices import PUBLIC_STATUSES, Status
from ..errors import InvalidItem, NotAllowed
from ..models import Item, ItemStep
from ..workflow import STEPS
from .common import finish, load, snapshot, today_or
from .numbering import allocate


def _note(step_name: str, note: str) -> str:
    step = STEPS[step_name]
    note = " ".join((note or "").split()) if step_name != "reject" else (note or "").strip()
    if step.note_required and not note:
        raise InvalidItem([("note", f"请填写{step.note}")])
    if len(note) > 1000:
        raise InvalidItem([("note", f"{step.note or '说明'}不能超过 1000 个字")])
    from django.core.exceptions import ValidationError

    from gongkai.web.textfields import refuse_control_characters

    try:
        refuse_control_characters(note, step.note or "说明")
    except ValidationError as e:
        raise InvalidItem([("note", e.messages[0])]) from None
    return note


def _noted_step(step_name: str, summary: str, apply=None):
    """An action for a step that moves the status and records a note; `apply(locked, actor, note, today)`
    does what else the step does (checks, the review fields) inside the same transaction."""

    def action(actor, item: Item | int, *, note: str = "", expected_version: int | None = None,
               today: dt.date | None = None) -> Item:
        today = today_or(today)
        note_ = _note(step_name, note)
        with transaction.atomic():
            locked = load(actor, item, expected_version, STEPS[step_name])
            before = snapshot(locked)
            if apply is not None:
                apply(locked, actor, note_, today)
            locked.status = STEPS[step_name].target
            return finish(actor, locked, before, step_name, today, note_,
                          summary.format(title=locked.title, note=note_[:100]))

    action.__name__ = f"do_{step_name}_item"
    action.__doc__ = f"{STEPS[step_name].label}（{summary.format(title='…', note='…')}）."
    return action


def _clear_review(locked: Item, actor, note: str, today: dt.date) -> None:
    """Reopened: the review cleared what is about to change, so it no longer counts."""
    locked.reviewed_by, locked.reviewed_on, locked.review_opinion = None, None, ""


def _not_own_submission(locked: Item, actor) -> None:
    submitted = locked.steps.filter(step="submit").order_by("-at", "-id").first()
    if submitted and submitted.actor_id == getattr(actor, "pk", None):
        raise NotAllowed("不能审查自己提交的条目：请由另一位保密审查员审查")


def _approve(locked: Item, actor, note: str, today: dt.date) -> None:
    _not_own_submission(locked, actor)
    locked.reviewed_by, locked.reviewed_on, locked.review_opinion = actor, today, note


def _reject(locked: Item, actor, note: str, today: dt.date) -> None:
    _not_own_submission(locked, actor)


do_submit_item = _noted_step("submit", "提交保密审查：“{title}”")
do_withdraw_item = _noted_step("withdraw", "撤回保密审查：“{title}”")
do_reopen_item = _noted_step("reopen", "审查通过后退回修改：“{title}”", _clear_review)
do_discard_item = _noted_step("discard", "作废草稿：“{title}”")
do_approve_item = _noted_step("approve", "保密审查通过：“{title}”", _approve)
do_reject_item = _noted_step("reject", "保密审查退回：“{title}”：{note}", _reject)


def do_publish_item(actor, item: Item | int, *, on: dt.date | None = None, expected_version: int | None = None,
                    today: dt.date | None = None) -> Item:
    """Publish a reviewed item on `on` (default today): the index number is given now."""
    today = today_or(today)
    on = on or today
    with transaction.atomic():
        locked = load(actor, item, expected_version, STEPS["publish"])
        rules.check_published(locked.written_on, on, today, locked.reviewed_on)
        if not ItemStep.objects.filter(item=locked, step__in=("approve", "import")).exists() or not locked.reviewed_by_id:
            raise NotAllowed("没有保密审查记录的条目不能发布")
        before = snapshot(locked)
        locked.index_number = allocate(locked.agency, locked.article.code, on.year)
        d = clock.due(locked.clock_start)
        locked.due_on, locked.clock_error = d.on, d.error[:300]
        locked.published_late = bool(d.late(on, today))
        locked.status, locked.published_on = Status.PUBLISHED, on
        late = f"，超过第二十六条期限（{d.on:%Y年%m月%d日}）" if locked.published_late else ""
        return finish(actor, locked, before, "publish", on, f"索引号 {locked.index_number}{late}",
                      f"发布目录条目“{locked.title}”，索引号 {locked.index_number}{late}")


def do_abolish_item(actor, item: Item | int, *, on: dt.date, replaced_by: Item | int | None = None,
                    note: str = "", expected_version: int | None = None, today: dt.date | None = None) -> Item:
    """Mark a published item 废止 from `on`, optionally naming the item that replaces it."""
    today = today_or(today)
    note_ = _note("abolish", note)
    if not isinstance(on, dt.date):
        raise InvalidItem([("abolished_on", "请填写废止日期")])
    with transaction.atomic():
        locked = load(actor, item, expected_version, STEPS["abolish"])
        rules.check_abolished(locked.written_on, on, today)
        replacement = None
        if replaced_by is not None:
            pk = replaced_by.pk if isinstance(replaced_by, Item) else replaced_by
            replacement = Item.objects.filter(pk=pk, agency=locked.agency, status__in=PUBLIC_STATUSES).first()
            if replacement is None or replacement.pk == locked.pk:
                raise InvalidItem([("replaced_by", "替代文件须是本机关目录中另一条已公开的条目")])
        before = snapshot(locked)
        locked.status, locked.abolished_on, locked.replaced_by = Status.ABOLISHED, on, replacement
        extra = f"，由“{replacement.title}”替代" if replacement else ""
        return finish(actor, locked, before, "abolish", on, (note_ + extra).strip("，"),
                      f"废止目录条目“{locked.title}”（{on:%Y年%m月%d日}起）{extra}")


STEP_ACTIONS = {
    "submit": do_submit_item, "withdraw": do_withdraw_item, "approve": do_approve_item, "reject": do_reject_item,
    "reopen": do_reopen_item, "publish": do_publish_item, "abolish": do_abolish_item, "discard": do_discard_item,
}
