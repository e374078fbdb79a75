"""The decision (with its reply, one step), delivery, and a reopening ordered by a
reconsideration decision or a judgment."""

from __future__ import annotations

import datetime as dt

from .. import clock, letters
from ..choices import (
    UNCORRECTED_OUTCOME,
    UNPAID_FEE_OUTCOME,
    DeliveryRoute,
    EventKind,
    Source,
    Status,
    outcome_choices,
    outcome_in_format,
    outcome_label,
)
from ..errors import InvalidInput, OutOfOrder
from ..models import NAME_MAX, NOTE_MAX, Application
from . import base
from .letters import reply_kind_of

REPLY_FIELDS = ("reason", "delivery", "published_at", "responsible_agency")


def do_decide(actor, application, *, on: dt.date, outcome: str, legal_basis: str = "", reason: str = "",
              delivery: str = "", published_at: str = "", responsible_agency: str = "",
              expected_version: int | None = None, key: str | None = None, today: dt.date | None = None):
    """The head's decision and its reply letter, in one step: exactly one outcome of the format in
    force in the decision's year; the letter is dated on the decision and numbered in its year.
    A reply that could not be written (a missing reason, a missing way of providing) refuses the
    decision; nothing is recorded."""
    today = base.today_or(today)
    on = base.check_date(on, "答复日期", today)
    if not outcome_in_format(outcome, on.year):
        labels = "；".join(label for _, label in outcome_choices(on.year))
        raise InvalidInput(f"办理结果“{outcome}”不是{on.year}年适用的年报格式表三中的办理结果。可选：{labels}",
                           field="outcome")
    if outcome == UNPAID_FEE_OUTCOME:
        raise InvalidInput("逾期未缴费请用“逾期未缴费，不再处理”办结（须在缴费期限届满后）", field="outcome")
    legal_basis = base.clean_text(legal_basis, "法律依据", 300, field="legal_basis") or letters.default_legal_basis(
        outcome)
    extra = {
        "reason": base.clean_text(reason, "理由说明", 2000, field="reason", multiline=True),
        "delivery": base.clean_text(delivery, "提供方式", NOTE_MAX, field="delivery"),
        "published_at": base.clean_text(published_at, "已主动公开的位置", 200, field="published_at"),
        "responsible_agency": base.clean_text(responsible_agency, "负责公开的机关", NAME_MAX, field="responsible_agency"),
    }
    with base.begin(actor, application, "decide", expected_version=expected_version, key=key, today=today) as s:
        app = s.app
        if on < app.received_on:
            raise OutOfOrder(f"答复日期（{on:%Y年%m月%d日}）早于收到申请之日（{app.received_on:%Y年%m月%d日}）",
                             field="on")
        base.not_before_history(app, on, "答复")
        base.check_unlocked(app.agency_id, [on.year], "作出答复")
        if outcome == UNCORRECTED_OUTCOME:
            _check_correction_lapsed(app, on)
        label = outcome_label(outcome, on.year)
        event = s.event(EventKind.DECIDED, on, strict=False, reason=label[:300])
        app.outcome, app.legal_basis, app.concluded_on = outcome, legal_basis, on
        app.decided_by = actor if getattr(actor, "pk", None) else None
        s.letter(reply_kind_of(app), event, extra)
        s.finish(f"作出答复：{label}")
    return s.app


def _check_correction_lapsed(app: Application, on: dt.date) -> None:
    c = clock.current(app, on)
    if c is None or not c.correction_lapsed:
        until = f"（补正期限{c.correction_until:%Y年%m月%d日}）" if c is not None and c.correction_until else ""
        raise InvalidInput(f"只有补正期限届满、申请人仍未补正时，才能按“逾期不补正”办结{until}", field="outcome")


def do_deliver(actor, application, *, on: dt.date, method: str, note: str = "", expected_version: int | None = None,
               key: str | None = None, today: dt.date | None = None):
    """Record 送达 of the reply: the case is closed."""
    today = base.today_or(today)
    on = base.check_date(on, "送达日期", today)
    if method not in DeliveryRoute.values:
        raise InvalidInput(f"送达方式无效：{method!r}", field="method")
    note = base.clean_text(note, "送达凭证/备注", 200, field="note")
    with base.begin(actor, application, "deliver", expected_version=expected_version, key=key, today=today) as s:
        app = s.app
        if on < app.concluded_on:
            raise OutOfOrder(f"送达日期早于答复日期（{app.concluded_on:%Y年%m月%d日}）", field="on")
        s.event(EventKind.DELIVERED, on, strict=False, reason=note)
        app.delivered_on, app.delivery_method, app.delivery_note = on, method, note
        s.finish(f"已送达（{DeliveryRoute(method).label}）")
    return s.app


_CLEARED = dict(outcome="", legal_basis="", concluded_on=None, decided_by=None, delivered_on=None,
                delivery_method="", delivery_note="")


def do_reopen(actor, application, *, on: dt.date, reason: str, source: str = "", until: dt.date | None = None,
              expected_version: int | None = None, key: str | None = None, today: dt.date | None = None
              ) -> Application:
    """A reconsideration decision or a judgment corrected (纠正) the reply: handle it again.

    ``on`` is the day the agency received the decision or judgment; a new period of 20 working
    days runs from it, or ``until`` when the decision or judgment set the date (docs/deadlines.md
    §3 says why, and what is uncertain); ``reason`` says what was ordered; ``source`` names the
    decision (e.g. its number, or the appeals record).

    Table 三 counts every handling once, in the year it happened, and a reported year stays
    as reported:

    * the reply being corrected was made in the year of ``on``: the same case is reopened (its
      conclusion is cleared; it will count once, with its new outcome);
    * it was made in an earlier year: that year's table keeps it as concluded, and a re-handling
      case (重新办理) is opened, received on ``on`` and linked to the original
      (``reopened_from``), which keeps its outcome.

    Refused when the year of ``on`` is locked (either way would change its table 三).
    Returns the case that is now open: the same one, or the new re-handling case.
    """
    today = base.today_or(today)
    on = base.check_date(on, "收到复议决定或判决之日", today)
    reason = base.clean_text(reason, "纠正内容", NOTE_MAX, field="reason", required=True)
    source = base.clean_text(source, "决定书或判决书", NAME_MAX, field="source")
    what = f"{source}：{reason}" if source else reason
    with base.begin(actor, application, "reopen", expected_version=expected_version, key=key, today=today) as s:
        app = s.app
        if on < app.concluded_on:
            raise OutOfOrder(f"收到决定或判决之日早于原答复日期（{app.concluded_on:%Y年%m月%d日}）", field="on")
        base.check_unlocked(app.agency_id, [on.year], "重新办理")
        if until is not None and (not isinstance(until, dt.date) or until <= on):
            raise InvalidInput("决定或判决确定的期限应是收到之日以后的日期", field="until")
        if app.concluded_on.year == on.year:
            s.event(EventKind.REOPENED, on, reason=what[:300], later_date=until)
            for k, v in _CLEARED.items():
                setattr(app, k, v)
            s.finish(f"依复议决定或判决重新办理（原答复已被纠正）：{what[:200]}")
            return_app = s.app
        else:
            new = _rehandling(s, app, on, what, until)
            s.finish(f"原答复已被纠正，重新办理为新案件 {new.number}：{what[:150]}", recompute=False,
                     target=app.status)
            return_app = new
    return return_app


def _rehandling(s: base.Step, original: Application, on: dt.date, what: str, until: dt.date | None) -> Application:
    from .. import audit

    seq = base.next_number(original.agency_id, on.year, "application")
    copied = {f: getattr(original, f) for f in (
        "applicant_kind", "applicant_name", "identifier", "contact_phone", "contact_address", "contact_email",
        "information_requested", "form", "delivery_route", "channel", "assignee_id")}
    new = Application.objects.create(
        agency_id=original.agency_id, number=f"{original.agency.code}-{on.year}-{seq:05d}", source=Source.REOPENED,
        owner=s.actor if getattr(s.actor, "pk", None) else original.owner, reopened_from=original,
        received_on=on, submitted_on=on, sort_on=on, status=Status.RECEIVED, **copied)
    from ..models import ClockEvent

    ClockEvent.objects.create(application=new, kind=EventKind.REOPENED, on=on, reason=what[:300], later_date=until,
                              actor=s.actor if getattr(s.actor, "pk", None) else None)
    clock.recompute(new, s.today)
    new.save()
    base.index(new)
    audit.record(s.actor, audit.AuditAction.REOPEN, new, None, audit.snapshot(new),
                 f"依复议决定或判决重新办理原申请 {original.number}：{what[:150]}", via=s.via)
    return new
