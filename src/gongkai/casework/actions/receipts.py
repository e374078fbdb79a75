"""The day the other side received a letter: it is where Art. 30's 补正 period, Art. 32's 15
working days and 109号's payment period count from."""

from __future__ import annotations

import datetime as dt

from .. import clock
from ..choices import EventKind, FeeStatus, LetterKind
from ..errors import InvalidInput, OutOfOrder
from ..models import ClockEvent, Fee
from . import base

# event kind → who receives its letter (for the messages)
RECEIVER = {
    EventKind.CORRECTION_REQUESTED: "申请人收到补正告知书",
    EventKind.CONSULTATION_STARTED: "被征求意见方收到征求意见函",
    EventKind.FEE_NOTICE_SENT: "申请人收到收费通知",
}


def receipt_targets(app) -> list[ClockEvent]:
    """The events of the open wait whose receipt date is not recorded yet."""
    rows = ClockEvent.objects.filter(application=app, kind__in=list(RECEIVER), party_received_on__isnull=True)
    return [r for r in rows.order_by("on", "id") if _open(app, r)]


def _open(app, ev: ClockEvent) -> bool:
    later = ClockEvent.objects.filter(application=app, on__gte=ev.on).exclude(pk=ev.pk)
    if ev.kind == EventKind.CORRECTION_REQUESTED:
        return not later.filter(kind=EventKind.CORRECTION_RECEIVED).exists()
    if ev.kind == EventKind.FEE_NOTICE_SENT:
        return not later.filter(kind__in=[EventKind.FEE_PAID, EventKind.FEE_UNPAID]).exists()
    return not later.filter(kind=EventKind.CONSULTATION_ENDED, party=ev.party).exists()


def do_record_receipt(actor, application, *, event: ClockEvent | int, received_on: dt.date,
                      expected_version: int | None = None, key: str | None = None,
                      today: dt.date | None = None):
    """Record (once) the day the applicant or the consulted party received the step's letter.

    The clock counts from it: the 补正 deadline given in working days becomes a date, the
    consultation's 15 working days and the fee's 20 are counted from it."""
    today = base.today_or(today)
    received_on = base.check_date(received_on, "对方收到日期", today, field="received_on")
    with base.begin(actor, application, "record_receipt", expected_version=expected_version, key=key,
                    today=today) as s:
        pk = event.pk if isinstance(event, ClockEvent) else event
        ev = ClockEvent.objects.select_for_update().filter(pk=pk, application=s.app).first()
        if ev is None or ev.kind not in RECEIVER:
            raise InvalidInput("请选择要登记收到日期的文书", field="event")
        if ev.party_received_on is not None:
            raise OutOfOrder(f"已登记{RECEIVER[ev.kind]}的日期为{ev.party_received_on:%Y年%m月%d日}", field="event")
        if not _open(s.app, ev):
            raise OutOfOrder("该事项已经结束，收到日期不再影响期限", field="event")
        if received_on < ev.on:
            raise InvalidInput(f"收到日期早于文书发出日期{ev.on:%Y年%m月%d日}", field="received_on")
        ev.party_received_on = received_on
        rows = list(ClockEvent.objects.filter(application=s.app).exclude(pk=ev.pk).select_related("actor"))
        clock.check_events(s.app, sorted([*rows, ev], key=lambda r: (r.on, r.pk)), today)
        ev.save(update_fields=["party_received_on"])
        c = clock.recompute(s.app, today)
        if ev.kind == EventKind.FEE_NOTICE_SENT and c is not None:
            Fee.objects.filter(application=s.app, status=FeeStatus.PENDING).update(pay_by=c.fee_payment_due)
        s.finish(f"{RECEIVER[ev.kind]}的日期：{received_on:%Y年%m月%d日}", recompute=False)
    return s.app


__all__ = ["LetterKind", "RECEIVER", "do_record_receipt", "receipt_targets"]
