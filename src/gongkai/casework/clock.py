"""Adapter between the stored event log and the pure clock (`gongkai.deadlines`).

`events_of(app)` turns ClockEvent rows into `deadlines.Event`s; `check(app, new)` asks the
clock whether a new event is allowed (raising a CaseworkError with the clock's Chinese
message); `recompute(app)` stores the due date, the wait end and the explanation on the
application (denormalised for list ordering; the event log stays the truth).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai import deadlines, workdays

from .calendar import platform_calendar
from .choices import Channel, EventKind
from .errors import CalendarMissing, OutOfOrder
from .models import Application, ClockEvent

_CHANNEL = {
    Channel.IN_PERSON: deadlines.Channel.IN_PERSON,
    Channel.ORAL: deadlines.Channel.ORAL,
    Channel.POST_SIGNED: deadlines.Channel.SIGNED_POST,
    Channel.POST_PLAIN: deadlines.Channel.PLAIN_POST,
    Channel.ONLINE: deadlines.Channel.ONLINE,
    Channel.FAX: deadlines.Channel.FAX,
}


def _approver(e: ClockEvent) -> str:
    actor = e.actor
    if actor is None:
        return "负责人"
    return actor.get_full_name() or actor.get_username()


def to_event(e: ClockEvent, channel: str) -> deadlines.Event:
    """One stored row as the clock's Event.  FEE_UNPAID concludes the case, so it is a decision."""
    k = e.kind
    if k == EventKind.RECEIVED:
        # the stored receipt date is already the Art. 31 date (signed for / confirmed)
        return deadlines.Event.received(e.on, _CHANNEL[Channel(channel)], confirmed_on=e.on)
    if k == EventKind.CORRECTION_REQUESTED:
        return deadlines.Event.correction_requested(e.on, until=e.later_date, override_reason=e.override_reason)
    if k == EventKind.CORRECTION_RECEIVED:
        return deadlines.Event.correction_received(e.on)
    if k == EventKind.CONSULTATION_STARTED:
        return deadlines.Event.consultation_started(e.on, e.party or deadlines.Party.THIRD_PARTY, ref=str(e.pk or ""))
    if k == EventKind.CONSULTATION_ENDED:
        return deadlines.Event.consultation_ended(e.on, e.party or deadlines.Party.THIRD_PARTY)
    if k == EventKind.EXTENSION_APPROVED:
        return deadlines.Event.extension_approved(e.on, e.days or 0, _approver(e))
    if k == EventKind.FEE_NOTICE_SENT:
        return deadlines.Event.fee_notice_sent(e.on)
    if k == EventKind.FEE_PAID:
        return deadlines.Event.fee_paid(e.on)
    if k == EventKind.LATER_DATE_SET:
        return deadlines.Event.later_date_set(e.on, e.later_date)
    if k in (EventKind.DECIDED, EventKind.FEE_UNPAID):
        return deadlines.Event.decided(e.on)
    if k == EventKind.DELIVERED:
        return deadlines.Event.delivered(e.on)
    raise ValueError(f"unknown clock event kind {k!r}")  # pragma: no cover - choices are closed


def events_of(app: Application) -> list[deadlines.Event]:
    rows = ClockEvent.objects.filter(application=app).select_related("actor").order_by("on", "id")
    # consultation ends pair with the latest open start of the same party (ref = start's pk)
    out, open_starts = [], {}
    for r in rows:
        ev = to_event(r, app.channel)
        if r.kind == EventKind.CONSULTATION_STARTED:
            open_starts.setdefault(ev.party, []).append(ev.ref)
        elif r.kind == EventKind.CONSULTATION_ENDED and open_starts.get(ev.party):
            ev = deadlines.Event.consultation_ended(r.on, ev.party, ref=open_starts[ev.party].pop(0))
        out.append(ev)
    return out


def check(app: Application, new: ClockEvent, today: dt.date | None = None, *, strict: bool = True) -> None:
    """Refuse `new` (not yet saved) if the Regulation does not allow it after the case's events.

    Without calendar data for a needed year the check cannot be made: `strict` refuses with
    the calendar message; otherwise (receipt, decision, delivery) the event may be recorded
    and the missing calendar is shown on the case instead.
    """
    events = events_of(app)
    candidate = to_event(new, app.channel)
    if candidate.kind == deadlines.EventKind.CONSULTATION_ENDED:
        starts = [e for e in events if e.kind == deadlines.EventKind.CONSULTATION_STARTED]
        ends = {e.ref for e in events if e.kind == deadlines.EventKind.CONSULTATION_ENDED}
        open_refs = [s.ref for s in starts if s.ref not in ends and s.party == candidate.party]
        if open_refs:
            candidate = deadlines.Event.consultation_ended(new.on, candidate.party, ref=open_refs[0])
    try:
        deadlines.validate([*events, candidate], platform_calendar(), today=today or timezone.localdate())
    except deadlines.ClockError as e:
        raise OutOfOrder(str(e)) from None
    except workdays.CalendarMissing as e:
        if strict:
            raise CalendarMissing(str(e)) from None


def compute(app: Application, today: dt.date | None = None) -> deadlines.Clock:
    """The case's clock now; a year without calendar data is a CaseworkError people see."""
    try:
        return deadlines.compute(events_of(app), platform_calendar(), today=today or timezone.localdate())
    except workdays.CalendarMissing as e:
        raise CalendarMissing(str(e)) from None


def recompute(app: Application, today: dt.date | None = None) -> None:
    """Store the clock's due date, wait end and explanation on `app` (caller saves)."""
    try:
        c = compute(app, today)
    except CalendarMissing as e:
        app.due_on, app.waiting_until, app.clock_explanation = None, None, ""
        app.clock_error, app.sort_on = str(e)[:300], app.received_on
        return
    except deadlines.ClockError as e:  # stored history the clock now rejects (e.g. after a calendar change)
        app.due_on, app.waiting_until, app.clock_explanation = None, None, ""
        app.clock_error, app.sort_on = f"期限无法计算：{e}"[:300], app.received_on
        return
    app.due_on = c.due_date
    app.waiting_until = c.waiting_until
    app.clock_explanation = deadlines.explain(c)
    app.clock_error = ""
    app.sort_on = c.sort_date or app.received_on


def add_workdays(start: dt.date, n: int) -> dt.date:
    try:
        return platform_calendar().add_workdays(start, n)
    except workdays.CalendarMissing as e:
        raise CalendarMissing(str(e)) from None
