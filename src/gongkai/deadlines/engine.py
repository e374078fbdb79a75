"""The engine: one pass over the events in date order, then the clock as of a day.

:class:`_Replay` reads the events one by one, refusing the first the Regulation does not
allow, and keeps the facts it learns in plain fields (receipt, current run's start, pauses,
extension, Art. 35 date, fee, decision).  :func:`_due` counts working days over those facts;
it is a function of its arguments, so the statutory date (without extension or Art. 35
date) and the actual due date are two calls, not a temporary change of state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from gongkai.workdays import Calendar, format_date

from . import explanation as say
from .events import (
    CorrectionTooLate,
    Event,
    EventOrderError,
    ExtensionError,
    FeeEventError,
    FutureDateError,
    IncompleteEvent,
    LaterDateError,
)
from .vocabulary import (
    CONSULTATION_WORKDAYS,
    CORRECTION_NOTICE_WORKDAYS,
    FEE_DOC,
    FEE_PAYMENT_WORKDAYS,
    MAX_EXTENSION_WORKDAYS,
    REPLY_WORKDAYS,
    Channel,
    EventKind,
    FeeWait,
    Policy,
    Status,
)

__all__ = ["Clock", "Pause", "compute", "correction_deadline", "explain", "fee_payment_due", "next_steps",
           "online_receipt_date", "validate"]


@dataclass(frozen=True)
class Pause:
    """A stretch not counted: days ``d`` with ``start < d <= end`` (``end`` None = still running)."""

    reason: str  # Chinese, e.g. "征求第三方意见（第三十二条）"
    start: dt.date
    end: dt.date | None
    limit: dt.date | None = None  # latest end allowed by policy (consultation cap)

    def effective_end(self, today: dt.date) -> dt.date | None:
        """The last excluded day as known on ``today``; None while the pause is still running."""
        if self.end is not None:
            return min(self.end, self.limit) if self.limit else self.end
        if self.limit is not None and today > self.limit:
            return self.limit
        return None


@dataclass(frozen=True)
class Clock:
    """Where a case stands against the Regulation's deadline, as of ``today``.

    ``due_date`` is None while the clock is not running (pending receipt, awaiting
    correction, paused) — ``days_left`` then says how many working days remain, and
    ``waiting_until`` when the wait ends (correction period, fee payment due, consultation
    limit). ``days_left`` is negative when overdue (working days past the due date).
    """

    status: Status
    today: dt.date
    receipt_date: dt.date | None = None
    start_date: dt.date | None = None  # day 0 of the current run (receipt, correction received, reopening)
    statutory_due_date: dt.date | None = None  # 20 working days (+ pauses), before any extension
    due_date: dt.date | None = None
    days_allowed: int = REPLY_WORKDAYS
    days_used: int = 0
    days_left: int | None = None
    days_paused: int = 0
    extension_days: int = 0
    later_date: dt.date | None = None
    waiting_until: dt.date | None = None
    correction_until: dt.date | None = None  # the 补正 deadline, once it is a date
    fee_payment_due: dt.date | None = None
    decided_on: dt.date | None = None
    delivered_on: dt.date | None = None
    reopened_on: dt.date | None = None
    pauses: tuple[Pause, ...] = ()
    explanation: tuple[str, ...] = ()
    next_steps: tuple[EventKind, ...] = ()
    calendar_version: str = ""

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def sort_date(self) -> dt.date | None:
        """The date a case list orders by: the due date, or the end of the current wait."""
        return self.due_date or self.waiting_until

    @property
    def correction_lapsed(self) -> bool:
        """Awaiting a 补正 whose deadline has passed: （六）1 may be chosen."""
        return (self.status is Status.AWAITING_CORRECTION and self.correction_until is not None
                and self.today > self.correction_until)

    @property
    def fee_lapsed(self) -> bool:
        """Waiting for a fee whose payment period has run out: （六）2 may be recorded."""
        return (self.fee_payment_due is not None and not self.status.concluded
                and EventKind.FEE_UNPAID in self.next_steps)


def validate(
    events: Iterable[Event], calendar: Calendar, today: dt.date | None = None, policy: Policy = Policy(),
) -> list[Event]:
    """Check the events against the Regulation; return them in date order.

    Raises a :class:`ClockError` subclass for the first illegal event, or
    :class:`gongkai.workdays.CalendarMissing` when a needed year has no calendar data.
    To check a new event before recording it: ``validate([*events, new], calendar)``.
    """
    return _Replay(events, calendar, today, policy).events


def compute(
    events: Iterable[Event], calendar: Calendar, today: dt.date | None = None, policy: Policy = Policy(),
) -> Clock:
    """The case's :class:`Clock` as of ``today`` (default: the system date). Validates first."""
    return _assemble(_Replay(events, calendar, today, policy))


def next_steps(
    events: Iterable[Event], calendar: Calendar, today: dt.date | None = None, policy: Policy = Policy(),
) -> tuple[EventKind, ...]:
    """The events the clock accepts next — known even when the due date is not (a year without
    calendar data ahead): the replay decides them, not the counting."""
    return _Replay(events, calendar, today, policy).next_steps()


def explain(clock: Clock) -> str:
    """The explanation as one paragraph (for a letter or a tooltip)."""
    return "".join(clock.explanation)


def online_receipt_date(submitted: dt.date, calendar: Calendar) -> dt.date:
    """The receipt date of an online application the platform acknowledges by itself.

    Art. 31(3): the day both sides confirm.  The portal's acknowledgement is the agency's
    confirmation, but an office confirms on a working day: a submission on a working day is
    received that day; one on a rest day, the first working day after (docs/deadlines.md).
    """
    return submitted if calendar.is_workday(submitted) else calendar.next_workday(submitted)


def fee_payment_due(notice_received: dt.date, calendar: Calendar) -> dt.date:
    """Last day to pay a fee: the 20th working day after the applicant received the notice (109号).

    The one place this period is computed (the clock, the fee record and the letters use it)."""
    return calendar.add_workdays(notice_received, FEE_PAYMENT_WORKDAYS)


def correction_deadline(event: Event, calendar: Calendar) -> dt.date | None:
    """The 补正 deadline as a date: given as one, or ``days`` working days from the applicant's
    receipt of the notice (None while that receipt is not known)."""
    if event.until is not None:
        return event.until
    if event.days and event.party_received_on is not None:
        return calendar.add_workdays(event.party_received_on, event.days)
    return None


def _due(
    cal: Calendar, base: dt.date, pauses: Sequence[Pause], as_of: dt.date, allowed: int, later: dt.date | None,
    ordered: dt.date | None = None,
) -> tuple[dt.date | None, int, int]:
    """(due date, or None if a pause is still running on ``as_of``; working days used by
    ``as_of``; working days not counted by ``as_of``), counting ``allowed`` days after ``base``.

    ``later`` (Art. 35) replaces the date when it is later; ``ordered`` (a period a reconsideration
    decision or judgment set) replaces it in any case."""
    closed: list[tuple[dt.date, dt.date]] = []
    first_running: dt.date | None = None
    for p in pauses:
        end = p.effective_end(as_of)
        if end is None:
            first_running = p.start if first_running is None else min(first_running, p.start)
        elif end > base:
            closed.append((p.start, end))
    count = used = paused = 0
    for d in cal.iter_workdays_after(base):
        if first_running is not None and d > first_running:
            if as_of > first_running:
                paused += cal.workdays_between(first_running, as_of)
            return None, used, paused
        if any(s < d <= end for s, end in closed):
            paused += d <= as_of
            continue
        count += 1
        used += d <= as_of
        if count == allowed:
            if ordered is not None:
                return ordered, used, paused
            return (later if later is not None and later > d else d), used, paused
    raise AssertionError("unreachable")  # pragma: no cover


class _Replay:
    """The events read in date order; each handler checks one event against the facts so far."""

    def __init__(self, events: Iterable[Event], calendar: Calendar, today: dt.date | None, policy: Policy):
        self.cal = calendar
        self.policy = policy
        self.today = today or dt.date.today()
        # Stable sort by date: same-day events keep the order they were recorded in.
        self.events: list[Event] = sorted(events, key=lambda e: e.on)
        self.lines: list[str] = []
        self.receipt: dt.date | None = None
        self.received_event: Event | None = None
        self.base: dt.date | None = None  # day 0 of the current run
        self.extension = 0
        self.later: dt.date | None = None
        self.pauses: list[Pause] = []
        self.awaiting_correction: Event | None = None
        self.correction_until: dt.date | None = None
        self.correction_count = 0
        self.open_consultations: list[tuple[Event, int | None]] = []  # (start event, index in pauses)
        self.fee_notice: Event | None = None
        self.fee_pause_index: int | None = None
        self.fee_payment_due: dt.date | None = None
        self.fee_paid: dt.date | None = None
        self.decided: dt.date | None = None
        self.delivered: dt.date | None = None
        self.reopened: dt.date | None = None
        self.ordered: dt.date | None = None  # the due date a decision or judgment set for the new handling
        self._replay()

    # -- helpers
    def _running_due(self, as_of: dt.date) -> dt.date | None:
        if self.base is None or self.awaiting_correction is not None:
            return None
        return _due(self.cal, self.base, self.pauses, as_of, REPLY_WORKDAYS + self.extension, self.later,
                    self.ordered)[0]

    def _replay(self) -> None:
        if not self.events:
            raise EventOrderError("没有“收到申请”事件，无法计算期限。")
        first = self.events[0]
        if first.kind not in (EventKind.RECEIVED, EventKind.REOPENED):
            rec = next((e for e in self.events if e.kind is EventKind.RECEIVED), None)
            if rec is not None:
                raise EventOrderError.at(first, f"早于收到申请（{format_date(rec.on)}），请检查日期。")
            raise EventOrderError.at(first, "此前没有“收到申请”事件；任何办理事项都不能早于收到申请。")
        for e in self.events:
            if e.on > self.today:
                raise FutureDateError.at(e, f"日期晚于今天（{format_date(self.today)}），不能登记尚未发生的事项。")
            getattr(self, "_on_" + e.kind.value)(e)

    def _check_receipt(self, e: Event, received: dt.date | None, what: str) -> None:
        """The day the other side received the event's letter: not before it was sent, not ahead."""
        if received is None:
            return
        if received < e.on:
            raise EventOrderError.at(e, f"{what}的日期早于发出日期。")
        if received > self.today:
            raise FutureDateError.at(e, f"{what}的日期{format_date(received)}晚于今天。")

    def _require_running(self, e: Event) -> None:
        if self.receipt is None:
            raise EventOrderError.at(e, "尚未确认收到申请（第三十一条），不能办理此事项。")
        if e.on < self.receipt:
            raise EventOrderError.at(e, f"早于收到申请之日{format_date(self.receipt)}，请检查日期。")
        if self.decided is not None:
            raise EventOrderError.at(e, f"已于{format_date(self.decided)}作出答复，不能再登记此事项。")

    # -- one handler per event kind
    def _on_received(self, e: Event) -> None:
        if self.received_event is not None or self.reopened is not None:
            raise EventOrderError.at(e, "同一申请只能登记一次“收到申请”。")
        if e.channel is None:
            raise IncompleteEvent.at(e, "请选择申请渠道（当面、邮寄、平常信函、互联网、传真）。")
        self.received_event = e
        c = e.channel
        if e.confirmed_on is not None and e.confirmed_on < e.on:
            raise EventOrderError.at(e, f"确认（签收）日期{format_date(e.confirmed_on)}早于到达日期。")
        if e.confirmed_on is not None and e.confirmed_on > self.today:
            if c.needs_confirmation:  # submitted on a rest day: confirmed on the next working day, still ahead
                self.lines.append(say.confirmation_ahead(e.on, c, e.confirmed_on))
                return
            raise FutureDateError.at(e, f"确认日期{format_date(e.confirmed_on)}晚于今天。")
        if c in (Channel.IN_PERSON, Channel.ORAL):
            if e.confirmed_on not in (None, e.on):
                raise IncompleteEvent.at(e, "当面提交的申请以提交之日为收到之日，不需另填确认日期。")
            receipt = e.on
        elif c is Channel.SIGNED_POST:
            receipt = e.confirmed_on or e.on
        else:
            receipt = e.confirmed_on
        if receipt is None:
            self.lines.append(say.pending_receipt(e.on, c))
            return
        self.receipt = self.base = receipt
        self.lines.append(say.received(receipt, c, e.on, self.cal.is_workday(e.on) if receipt != e.on else True))

    def _on_reopened(self, e: Event) -> None:
        first = self.receipt is None and self.received_event is None
        if first:  # a re-handling case: the order's receipt is its day 0
            self.receipt = self.base = e.on
        else:
            if self.decided is None:
                raise EventOrderError.at(e, "尚未作出答复，不存在需要重新办理的答复。")
            if e.on < self.decided:
                raise EventOrderError.at(e, f"早于原答复日期{format_date(self.decided)}。")
            # a new run: nothing of the first run's extension, Art. 35 date or pauses carries over
            self.base, self.extension, self.later = e.on, 0, None
            self.pauses, self.open_consultations, self.fee_pause_index = [], [], None
            self.awaiting_correction = self.correction_until = None
            self.decided = self.delivered = None
        if e.until is not None and e.until <= e.on:
            raise IncompleteEvent.at(e, f"决定或判决确定的期限{format_date(e.until)}应晚于收到之日。")
        self.reopened, self.ordered = e.on, e.until
        self.lines.append(say.reopened(e.on, first, e.until))

    def _on_correction_requested(self, e: Event) -> None:
        self._require_running(e)
        if self.awaiting_correction is not None:
            raise EventOrderError.at(e, "已发出补正告知书、尚未收到补正，补正事项应一次性告知（第三十条）。")
        assert self.base is not None
        limit = self.cal.add_workdays(self.base, CORRECTION_NOTICE_WORKDAYS)
        since = "收到申请" if self.correction_count == 0 else "收到补正后的申请"
        n = self.cal.workdays_between(self.base, e.on)
        if e.on > limit and not e.override_reason.strip():
            raise CorrectionTooLate.at(
                e, f"补正告知应自{since}之日起{CORRECTION_NOTICE_WORKDAYS}个工作日内（{format_date(limit)}前）发出"
                   f"（第三十条），现为第{n}个工作日；如确需补正，请填写超期原因。")
        if e.until is not None and e.until < e.on:
            raise IncompleteEvent.at(e, f"补正期限{format_date(e.until)}早于告知日期。")
        self._check_receipt(e, e.party_received_on, "申请人收到补正告知书")
        if e.days is not None and not 1 <= e.days <= 60:
            raise IncompleteEvent.at(e, f"补正期限应为1至60个工作日，收到 {e.days}。")
        self.awaiting_correction = e
        self.correction_until = correction_deadline(e, self.cal)
        self.correction_count += 1
        self.lines.append(say.correction_requested(
            e.on, since, n, e.override_reason.strip() if e.on > limit else "",
            say.correction_deadline(self.correction_until, e.days, e.party_received_on)))

    def _on_correction_received(self, e: Event) -> None:
        self._require_running(e)
        req = self.awaiting_correction
        if req is None:
            raise EventOrderError.at(e, "此前没有发出补正告知书。")
        late = self.correction_until if self.correction_until and e.on > self.correction_until else None
        self.awaiting_correction = self.correction_until = None
        self.base = e.on
        self.lines.append(say.correction_received(e.on, late))

    def _on_consultation_started(self, e: Event) -> None:
        self._require_running(e)
        if e.party is None:
            raise IncompleteEvent.at(e, "请注明征求意见的对象（第三方或共同制作机关）。")
        if self.awaiting_correction is not None:
            raise EventOrderError.at(e, "等待补正期间不能征求意见，请先收到补正后的申请。")
        self._check_receipt(e, e.party_received_on, "对方收到征求意见函")
        due = self._running_due(e.on)
        reason = f"征求{e.party.label}意见（{e.party.article}）"
        if due is not None and e.on > due:
            self.open_consultations.append((e, None))
            self.lines.append(say.consultation_after_due(e.on, reason, due))
            return
        limit = None
        if self.policy.cap_consultation:
            limit = self.cal.add_workdays(e.party_received_on or e.on, CONSULTATION_WORKDAYS)
        self.pauses.append(Pause(reason, e.on, None, limit))
        self.open_consultations.append((e, len(self.pauses) - 1))
        self.lines.append(say.consultation_started(e.on, reason, limit, e.party_received_on))

    def _on_consultation_ended(self, e: Event) -> None:
        self._require_running(e)
        match = None
        for i, (start, idx) in enumerate(self.open_consultations):
            if (e.ref and start.ref == e.ref) or (not e.ref and (e.party is None or start.party == e.party)):
                match = i, start, idx
                break
        if match is None:
            raise EventOrderError.at(e, "没有与之对应的、尚未结束的征求意见。")
        i, start, idx = match
        del self.open_consultations[i]
        party = start.party.label if start.party else ""
        if idx is None:
            self.lines.append(say.consultation_ended(e.on, party, None, 0, False))
            return
        p = self.pauses[idx]
        self.pauses[idx] = replace(p, end=e.on)
        end = min(e.on, p.limit) if p.limit else e.on
        self.lines.append(say.consultation_ended(
            e.on, party, p.reason, self.cal.workdays_between(p.start, end), bool(p.limit and e.on > p.limit)))

    def _on_extension_approved(self, e: Event) -> None:
        self._require_running(e)
        if self.extension:
            raise ExtensionError.at(e, f"已延期{self.extension}个工作日，答复期限只能延长一次（第三十三条第二款）。")
        if e.days is None or not 1 <= e.days <= MAX_EXTENSION_WORKDAYS:
            raise ExtensionError.at(
                e, f"延长的期限应为1至{MAX_EXTENSION_WORKDAYS}个工作日（第三十三条第二款），收到 {e.days}。")
        if not e.approver.strip():
            raise ExtensionError.at(e, "延期须经政府信息公开工作机构负责人同意，请填写批准人（第三十三条第二款）。")
        if self.awaiting_correction is not None:
            raise EventOrderError.at(e, "等待补正期间答复期限不计算，无需延期。")
        due = self._running_due(e.on)
        if due is not None and e.on > due:
            raise ExtensionError.at(e, f"答复期限已于{format_date(due)}届满，届满后不能再延期。")
        self.extension = e.days
        self.lines.append(say.extension(e.on, e.approver.strip(), e.days))

    def _on_fee_notice_sent(self, e: Event) -> None:
        self._require_running(e)
        if self.fee_notice is not None:
            raise FeeEventError.at(e, "同一申请只能发出一次收费通知（按件或按量只能选择一种方式）。")
        if self.awaiting_correction is not None:
            raise EventOrderError.at(e, "等待补正期间不能发出收费通知。")
        self._check_receipt(e, e.notice_received_on, "申请人收到收费通知")
        due = self._running_due(e.on)
        if due is not None and e.on > due:
            raise FeeEventError.at(e, f"收费通知应在答复期限内发出（{FEE_DOC}），期限已于{format_date(due)}届满。")
        self.fee_notice = e
        self.fee_payment_due = fee_payment_due(e.notice_received_on or e.on, self.cal)
        pause = self.policy.fee_wait is FeeWait.PAUSE
        if pause:
            self.pauses.append(Pause(f"等待申请人缴费（{FEE_DOC}）", e.on, None, None))
            self.fee_pause_index = len(self.pauses) - 1
        self.lines.append(say.fee_notice(e.on, self.fee_payment_due, e.notice_received_on, pause))

    def _fee_waiting(self, e: Event) -> None:
        if self.fee_notice is None:
            raise FeeEventError.at(e, "此前没有发出收费通知。")
        if self.fee_paid is not None:
            raise FeeEventError.at(e, f"已于{format_date(self.fee_paid)}登记缴费。")

    def _on_fee_paid(self, e: Event) -> None:
        self._require_running(e)
        self._fee_waiting(e)
        assert self.fee_payment_due is not None
        if e.on > self.fee_payment_due:
            raise FeeEventError.at(
                e, f"缴费期限已于{format_date(self.fee_payment_due)}届满，申请视为放弃（{FEE_DOC}），"
                   "应按“申请人逾期未按收费通知要求缴纳费用”办结。")
        self.fee_paid = e.on
        paused = None
        if self.fee_pause_index is not None:
            p = self.pauses[self.fee_pause_index]
            self.pauses[self.fee_pause_index] = replace(p, end=e.on)
            paused = self.cal.workdays_between(p.start, e.on)
        self.lines.append(say.fee_paid(e.on, paused))

    def _on_fee_unpaid(self, e: Event) -> None:
        self._require_running(e)
        self._fee_waiting(e)
        assert self.fee_payment_due is not None
        if e.on <= self.fee_payment_due:
            raise FeeEventError.at(
                e, f"缴费期限至{format_date(self.fee_payment_due)}，期限届满前不能登记为逾期未缴费。")
        self.decided = e.on
        self.lines.append(say.fee_unpaid(e.on, self.fee_payment_due))

    def _on_later_date_set(self, e: Event) -> None:
        self._require_running(e)
        if self.later is not None:
            raise LaterDateError.at(e, f"已确定答复期限为{format_date(self.later)}，不能再次另定。")
        if e.until is None:
            raise IncompleteEvent.at(e, "请填写另行确定的答复日期（第三十五条）。")
        if self.awaiting_correction is not None:
            raise EventOrderError.at(e, "等待补正期间不能另定答复期限。")
        due = self._running_due(e.on)
        if due is not None and e.on > due:
            raise LaterDateError.at(e, f"答复期限已于{format_date(due)}届满，应在期限内确定并告知（第三十五条）。")
        if due is not None and e.until <= due:
            raise LaterDateError.at(e, f"另定的日期{format_date(e.until)}不晚于法定答复期限{format_date(due)}。")
        if not self.cal.is_workday(e.until):
            raise LaterDateError.at(e, f"另定的答复日期{format_date(e.until)}不是工作日。")
        self.later = e.until
        self.lines.append(say.later_date(e.on, e.until))

    def _on_decided(self, e: Event) -> None:
        self._require_running(e)
        self.decided = e.on

    def _on_delivered(self, e: Event) -> None:
        if self.decided is None:
            raise EventOrderError.at(e, "尚未作出答复，不能登记送达。")
        if self.delivered is not None:
            raise EventOrderError.at(e, f"已于{format_date(self.delivered)}登记送达。")
        self.delivered = e.on

    def next_steps(self) -> tuple[EventKind, ...]:
        """The events the clock accepts next (what the workflow offers is filtered by these)."""
        if self.receipt is None:
            return (EventKind.RECEIVED,)
        if self.decided is not None:
            return () if self.delivered else (EventKind.DELIVERED,)
        if self.awaiting_correction is not None:
            return (EventKind.CORRECTION_RECEIVED, EventKind.DECIDED)
        return self.next_open()

    def next_open(self) -> tuple[EventKind, ...]:
        """The events the clock accepts next while the case is open (workflow rules aside)."""
        steps = [EventKind.CORRECTION_REQUESTED, EventKind.CONSULTATION_STARTED]
        if self.open_consultations:
            steps.append(EventKind.CONSULTATION_ENDED)
        if not self.extension:
            steps.append(EventKind.EXTENSION_APPROVED)
        if self.fee_notice is None:
            steps.append(EventKind.FEE_NOTICE_SENT)
        elif self.fee_paid is None:
            steps.append(EventKind.FEE_PAID)
            if self.fee_payment_due is not None and self.today > self.fee_payment_due:
                steps.append(EventKind.FEE_UNPAID)
        if self.later is None:
            steps.append(EventKind.LATER_DATE_SET)
        steps.append(EventKind.DECIDED)
        return tuple(steps)


def _assemble(r: _Replay) -> Clock:
    """The clock as of ``r.today`` from the replayed facts."""
    today = r.today
    if r.receipt is None:
        return Clock(status=Status.PENDING_RECEIPT, next_steps=r.next_steps(), explanation=tuple(r.lines),
                     today=today, calendar_version=r.cal.version)
    lines = list(r.lines)
    fields = dict(
        today=today, calendar_version=r.cal.version, receipt_date=r.receipt, start_date=r.base,
        extension_days=r.extension, days_allowed=REPLY_WORKDAYS + r.extension, later_date=r.later,
        fee_payment_due=r.fee_payment_due, decided_on=r.decided, delivered_on=r.delivered,
        reopened_on=r.reopened, pauses=tuple(r.pauses), correction_until=r.correction_until,
    )

    if r.awaiting_correction is not None:
        if r.decided is not None:
            lines.append(say.decided_while_correcting(r.decided))
            status = Status.CONCLUDED_ON_TIME
        else:
            status = Status.AWAITING_CORRECTION
            if r.correction_until is not None and today > r.correction_until:
                lines.append(say.correction_lapsed(r.correction_until))
        if r.delivered is not None:
            lines.append(say.delivered(r.delivered))
        return Clock(status=status, waiting_until=r.correction_until, next_steps=r.next_steps(),
                     explanation=tuple(lines), **fields)

    assert r.base is not None
    as_of = r.decided or today
    allowed = REPLY_WORKDAYS + r.extension
    statutory, _, _ = _due(r.cal, r.base, r.pauses, as_of, REPLY_WORKDAYS, None)
    due, used, paused = _due(r.cal, r.base, r.pauses, as_of, allowed, r.later, r.ordered)
    fields.update(statutory_due_date=statutory, days_used=used, days_paused=paused)

    if r.decided is not None:
        late_by = 0 if due is None or r.decided <= due else r.cal.workdays_between(due, r.decided)
        lines += say.decided(r.decided, due, late_by)
        if r.delivered is not None:
            lines.append(say.delivered(r.delivered))
        return Clock(
            status=Status.CONCLUDED_LATE if late_by else Status.CONCLUDED_ON_TIME, due_date=due,
            days_left=(allowed - used) if due is None else r.cal.workdays_between(r.decided, due),
            next_steps=r.next_steps(), explanation=tuple(lines), **fields)

    if due is None:  # a pause is running
        running = [p for p in r.pauses if p.effective_end(as_of) is None]
        current = min(running, key=lambda p: p.start)
        left = allowed - used
        waiting = current.limit
        if r.fee_pause_index is not None and r.pauses[r.fee_pause_index] is current:
            waiting = r.fee_payment_due
            if r.fee_payment_due and today > r.fee_payment_due:
                lines.append(say.fee_lapsed(r.fee_payment_due))
        lines.append(say.paused_now(current.reason, used, left))
        return Clock(status=Status.PAUSED, days_left=left, waiting_until=waiting, next_steps=r.next_steps(),
                     explanation=tuple(lines), **fields)

    left = r.cal.workdays_between(today, due)
    if today > due:
        status = Status.OVERDUE
        lines.append(say.overdue(due, -left))
    else:
        status = Status.DUE_SOON if left <= r.policy.due_soon_workdays else Status.OPEN
        lines.append(say.running(due, today, left))
    return Clock(status=status, due_date=due, days_left=left, next_steps=r.next_steps(), explanation=tuple(lines),
                 **fields)

