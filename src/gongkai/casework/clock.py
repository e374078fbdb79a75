"""Adapter between the stored event log and the pure clock (`gongkai.deadlines`).

The stored rows already speak the clock's vocabulary (`EventKind`, `Channel`, `Party` are the
same enums), so `to_event` only moves fields.  `check(app, new)` asks the clock whether a new
event is allowed (raising a CaseworkError with the clock's Chinese message); `recompute(app)`
stores the due date, the wait end and the explanation on the application (denormalised for
list ordering; the event log stays the truth).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai import deadlines, workdays

from .calendar import platform_calendar
from .choices import EventKind
from .errors import CalendarMissing, OutOfOrder
from .models import Application, ClockEvent


def _approver(e: ClockEvent) -> str:
    actor = e.actor
    if actor is None:
        return "负责人"
    return actor.get_full_name() or actor.get_username()


def to_event(e: ClockEvent, app: Application) -> deadlines.Event:
    """One stored row as the clock's Event."""
    k = EventKind(e.kind)
    if k is EventKind.RECEIVED:
        # `on` is the Art. 31 receipt date; the application keeps the day it arrived
        arrived = min(app.submitted_on or e.on, e.on)
        return deadlines.Event.received(arrived, app.channel, confirmed_on=e.on)
    if k is EventKind.CORRECTION_REQUESTED:
        return deadlines.Event.correction_requested(
            e.on, until=e.later_date, override_reason=e.override_reason, days=e.days,
            party_received_on=e.party_received_on)
    if k is EventKind.CONSULTATION_STARTED:
        return deadlines.Event.consultation_started(e.on, e.party or deadlines.Party.THIRD_PARTY,
                                                    ref=str(e.pk or ""), party_received_on=e.party_received_on)
    if k is EventKind.CONSULTATION_ENDED:
        return deadlines.Event.consultation_ended(e.on, e.party or deadlines.Party.THIRD_PARTY)
    if k is EventKind.EXTENSION_APPROVED:
        return deadlines.Event.extension_approved(e.on, e.days or 0, _approver(e))
    if k is EventKind.FEE_NOTICE_SENT:
        return deadlines.Event.fee_notice_sent(e.on, notice_received_on=e.party_received_on)
    if k is EventKind.LATER_DATE_SET:
        return deadlines.Event.later_date_set(e.on, e.later_date)
    if k is EventKind.REOPENED:
        return deadlines.Event.reopened(e.on, until=e.later_date)
    return deadlines.Event(k, e.on)  # correction received, fee paid / unpaid, decided, delivered, reopened


def events_of(app: Application, rows: list[ClockEvent] | None = None) -> list[deadlines.Event]:
    if rows is None:
        rows = list(ClockEvent.objects.filter(application=app).select_related("actor").order_by("on", "id"))
    # consultation ends pair with the earliest open start of the same party (ref = start's pk)
    out, open_starts = [], {}
    for r in rows:
        ev = to_event(r, app)
        if r.kind == EventKind.CONSULTATION_STARTED:
            open_starts.setdefault(ev.party, []).append(ev.ref)
        elif r.kind == EventKind.CONSULTATION_ENDED and open_starts.get(ev.party):
            ev = deadlines.Event.consultation_ended(r.on, ev.party, ref=open_starts[ev.party].pop(0))
        out.append(ev)
    return out


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def check_events(app: Application, rows: list[ClockEvent], today: dt.date | None = None, *,
                 strict: bool = True) -> None:
    """Refuse the history `rows` (with a new or changed row) if the Regulation does not allow it.

    Without calendar data for a needed year the check cannot be made: `strict` refuses with
    the calendar message; otherwise (receipt, decision, delivery) the event may be recorded
    and the missing calendar is shown on the case instead.
    """
    try:
        deadlines.validate(events_of(app, rows), platform_calendar(), today=_today(today))
    except deadlines.ClockError as e:
        raise OutOfOrder(str(e)) from None
    except workdays.CalendarMissing as e:
        if strict:
            raise CalendarMissing.of(e) from None


def check(app: Application, new: ClockEvent, today: dt.date | None = None, *, strict: bool = True) -> None:
    """Refuse `new` (not yet saved) if the Regulation does not allow it after the case's events."""
    rows = list(ClockEvent.objects.filter(application=app).select_related("actor").order_by("on", "id"))
    check_events(app, [*rows, new], today, strict=strict)


def compute(app: Application, today: dt.date | None = None, upto: ClockEvent | None = None) -> deadlines.Clock:
    """The case's clock now (or as it stood right after the event `upto`, on its day).

    A year without calendar data is a CaseworkError people see."""
    rows = list(ClockEvent.objects.filter(application=app).select_related("actor").order_by("on", "id"))
    if upto is not None:
        rows = rows[: [r.pk for r in rows].index(upto.pk) + 1]
        today = upto.on
    try:
        return deadlines.compute(events_of(app, rows), platform_calendar(), today=_today(today))
    except workdays.CalendarMissing as e:
        raise CalendarMissing.of(e) from None


def recompute(app: Application, today: dt.date | None = None) -> deadlines.Clock | None:
    """Store the clock's due date, wait end and explanation on `app` (caller saves)."""
    try:
        c = compute(app, today)
    except CalendarMissing as e:
        app.due_on, app.waiting_until, app.clock_explanation = None, None, ""
        app.clock_error, app.sort_on = str(e)[:300], app.received_on
        return None
    except deadlines.ClockError as e:  # stored history the clock now rejects (e.g. after a calendar change)
        app.due_on, app.waiting_until, app.clock_explanation = None, None, ""
        app.clock_error, app.sort_on = f"期限无法计算：{e}"[:300], app.received_on
        return None
    app.due_on = c.due_date
    app.waiting_until = c.waiting_until
    app.clock_explanation = deadlines.explain(c)
    app.clock_error = ""
    app.sort_on = c.sort_date or app.received_on
    return c


def current(app: Application, today: dt.date | None = None) -> deadlines.Clock | None:
    """The clock for a page: None when it cannot be computed (the case shows `clock_error`)."""
    try:
        return compute(app, today)
    except (CalendarMissing, deadlines.ClockError):
        return None


def next_events(app: Application, c: deadlines.Clock | None = None) -> tuple[deadlines.EventKind, ...] | None:
    """The events the clock accepts next on this case (None when even the replay fails)."""
    if c is not None:
        return c.next_steps
    try:
        return deadlines.next_steps(events_of(app), platform_calendar(), today=timezone.localdate())
    except (deadlines.ClockError, workdays.CalendarMissing):
        return None


def add_workdays(start: dt.date, n: int) -> dt.date:
    try:
        return platform_calendar().add_workdays(start, n)
    except workdays.CalendarMissing as e:
        raise CalendarMissing.of(e) from None
