"""The Regulation's clock: from a case's events to its due date, with an explanation.

Pure Python (no Django). The platform stores a case's procedural events; this module turns
them into a :class:`Clock` — receipt date, due date, status, working days used and left, and
a list of Chinese sentences, each citing its article, that a clerk can read — and refuses
events the Regulation does not allow (:func:`validate`, raising a :class:`ClockError`
subclass whose ``str()`` is a Chinese message for people).

The rules (《政府信息公开条例》2019 修订; details and uncertainties in docs/deadlines.md):

* Receipt date by channel (Art. 31): in person → the day submitted; post needing a signature →
  the day the agency signs; ordinary letter → the day the office confirms with the applicant;
  internet or the office's fax → the day both sides confirm. Until then the clock has not
  started (status ``PENDING_RECEIPT``).
* Day 1 is the first working day after the receipt date (民法典 Art. 201: a period counted in
  days starts the next day). The reply is due on working day 20 (Art. 33 ¶2).
* 补正 (Art. 30): the notice must go out within 7 working days of receipt (later only with an
  override reason); while waiting the clock does not run; the period restarts from the day
  the corrected application is received (that day is day 0).
* Consultation of a third party (Art. 32) or a co-producing agency (Art. 34): the time is not
  counted (Art. 33 ¶3). Days after the day the request is sent up to and including the day
  the answer arrives are excluded; by default the exclusion ends at the latest 15 working
  days after the consulted party received the request, because the party's time is 15
  working days (``Policy.cap_consultation``).
* One extension of at most 20 working days, approved by the head of the disclosure office,
  before the period has run out (Art. 33 ¶2).
* Fee notice (国办函〔2020〕109号): sent within the handling period; the applicant pays within
  20 working days from the day after receiving it. Whether the payment period stops the
  clock is not settled [?]; ``Policy.fee_wait`` decides, default ``PAUSE``.
* Art. 35: a reasonable later date, set and notified before the period runs out, replaces the
  due date (it must be later than the computed due date and a working day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from gongkai.workdays import Calendar, format_date

__all__ = [
    "CONSULTATION_WORKDAYS",
    "CORRECTION_NOTICE_WORKDAYS",
    "FEE_PAYMENT_WORKDAYS",
    "MAX_EXTENSION_WORKDAYS",
    "REPLY_WORKDAYS",
    "Channel",
    "Clock",
    "ClockError",
    "CorrectionTooLate",
    "Event",
    "EventKind",
    "EventOrderError",
    "ExtensionError",
    "FeeEventError",
    "FeeWait",
    "FutureDateError",
    "IncompleteEvent",
    "LaterDateError",
    "Party",
    "Pause",
    "Policy",
    "Status",
    "compute",
    "explain",
    "sorted_events",
    "validate",
]

REPLY_WORKDAYS = 20  # Art. 33 ¶2
MAX_EXTENSION_WORKDAYS = 20  # Art. 33 ¶2
CORRECTION_NOTICE_WORKDAYS = 7  # Art. 30
CONSULTATION_WORKDAYS = 15  # Art. 32, Art. 34
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号

FEE_DOC = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


class EventKind(StrEnum):
    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_ENDED = "consultation_ended"
    EXTENSION_APPROVED = "extension_approved"
    FEE_NOTICE_SENT = "fee_notice_sent"
    FEE_PAID = "fee_paid"
    LATER_DATE_SET = "later_date_set"
    DECIDED = "decided"
    DELIVERED = "delivered"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    EventKind.RECEIVED: "收到申请",
    EventKind.CORRECTION_REQUESTED: "发出补正告知书",
    EventKind.CORRECTION_RECEIVED: "收到补正后的申请",
    EventKind.CONSULTATION_STARTED: "发出征求意见函",
    EventKind.CONSULTATION_ENDED: "收到征求意见答复",
    EventKind.EXTENSION_APPROVED: "批准延期答复",
    EventKind.FEE_NOTICE_SENT: "发出收费通知",
    EventKind.FEE_PAID: "申请人缴费",
    EventKind.LATER_DATE_SET: "确定合理的答复期限（第三十五条）",
    EventKind.DECIDED: "作出答复",
    EventKind.DELIVERED: "送达",
}


class Channel(StrEnum):
    """How the application arrived (Art. 29, 31)."""

    IN_PERSON = "in_person"  # 当面提交
    ORAL = "oral"  # 口头提出，工作人员代为填写（第二十九条），按当面提交确定收到日期
    SIGNED_POST = "signed_post"  # 邮寄（需签收）
    PLAIN_POST = "plain_post"  # 平常信函等无需签收的邮寄方式
    ONLINE = "online"  # 互联网渠道
    FAX = "fax"  # 政府信息公开工作机构的传真

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.IN_PERSON: "当面提交",
    Channel.ORAL: "口头提出（代为填写）",
    Channel.SIGNED_POST: "邮寄（签收）",
    Channel.PLAIN_POST: "平常信函",
    Channel.ONLINE: "互联网",
    Channel.FAX: "传真",
}
_RECEIPT_RULE = {
    Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日（第三十一条第一项）",
    Channel.ORAL: "口头提出、由工作人员代为填写的，按当面提交以提交之日为收到申请之日（第二十九条、第三十一条第一项）",
    Channel.SIGNED_POST: "以邮寄方式提交的，以行政机关签收之日为收到申请之日（第三十一条第二项）",
    Channel.PLAIN_POST: "以平常信函提交的，以与申请人确认之日为收到申请之日（第三十一条第二项）",
    Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第三项）",
    Channel.FAX: "通过传真提交的，以双方确认之日为收到申请之日（第三十一条第三项）",
}


class Party(StrEnum):
    THIRD_PARTY = "third_party"  # 第三方（第三十二条）
    CO_PRODUCER = "co_producer"  # 共同制作的其他行政机关（第三十四条）

    @property
    def label(self) -> str:
        return "第三方" if self is Party.THIRD_PARTY else "共同制作机关"

    @property
    def article(self) -> str:
        return "第三十二条" if self is Party.THIRD_PARTY else "第三十四条"


class FeeWait(StrEnum):
    """Whether the fee-payment wait stops the reply clock (unsettled in the law [?])."""

    PAUSE = "pause"  # from the day after the notice is sent to the day of payment: not counted
    COUNT = "count"  # the clock keeps running while the applicant decides whether to pay


DUE_SOON_WORKDAYS = 3  # "near due": this many working days or fewer left (reminders, lists, status)


@dataclass(frozen=True)
class Policy:
    """Choices the law leaves open; the defaults are documented in docs/deadlines.md."""

    fee_wait: FeeWait = FeeWait.PAUSE
    cap_consultation: bool = True  # consultation not counted for at most 15 working days
    due_soon_workdays: int = DUE_SOON_WORKDAYS  # status DUE_SOON at this many working days or fewer


class Status(StrEnum):
    PENDING_RECEIPT = "pending_receipt"
    AWAITING_CORRECTION = "awaiting_correction"
    PAUSED = "paused"
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    CONCLUDED_ON_TIME = "concluded_on_time"
    CONCLUDED_LATE = "concluded_late"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def concluded(self) -> bool:
        return self in (Status.CONCLUDED_ON_TIME, Status.CONCLUDED_LATE)


_STATUS_LABELS = {
    Status.PENDING_RECEIPT: "待确认收到",
    Status.AWAITING_CORRECTION: "待补正",
    Status.PAUSED: "期限暂停",
    Status.OPEN: "办理中",
    Status.DUE_SOON: "即将到期",
    Status.OVERDUE: "已逾期",
    Status.CONCLUDED_ON_TIME: "按期答复",
    Status.CONCLUDED_LATE: "逾期答复",
}


@dataclass(frozen=True)
class Event:
    """One procedural event of a case. ``on`` is the day it happened.

    Fields used by some kinds only (others leave them at their defaults):

    * RECEIVED: ``channel``; ``confirmed_on`` = the day the agency signed for the post
      (SIGNED_POST, default ``on``) or confirmed receipt with the applicant (PLAIN_POST,
      ONLINE, FAX; until given, the clock has not started).
    * CORRECTION_REQUESTED: ``until`` = the correction period given to the applicant;
      ``override_reason`` when sent later than 7 working days after receipt.
    * CONSULTATION_STARTED / _ENDED: ``party``; ``ref`` pairs them when several run at once;
      ``party_received_on`` = the day the consulted party received the request (default ``on``).
    * EXTENSION_APPROVED: ``days`` (1–20) and ``approver`` (the office head's name).
    * FEE_NOTICE_SENT: ``notice_received_on`` = the day the applicant received it (default ``on``).
    * LATER_DATE_SET: ``until`` = the later reply date (Art. 35).
    """

    kind: EventKind
    on: dt.date
    channel: Channel | None = None
    confirmed_on: dt.date | None = None
    until: dt.date | None = None
    override_reason: str = ""
    party: Party | None = None
    ref: str = ""
    party_received_on: dt.date | None = None
    days: int | None = None
    approver: str = ""
    notice_received_on: dt.date | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", EventKind(self.kind))
        for name in ("on", "confirmed_on", "until", "party_received_on", "notice_received_on"):
            value = getattr(self, name)
            if isinstance(value, dt.datetime):  # a timestamp counts as its calendar day
                object.__setattr__(self, name, value.date())
            elif value is not None and not isinstance(value, dt.date):
                raise IncompleteEvent(f"“{self.kind.label}”的日期无效：{value!r}。")
            elif value is None and name == "on":
                raise IncompleteEvent(f"“{self.kind.label}”缺少日期。")
        if self.days is not None and (isinstance(self.days, bool) or not isinstance(self.days, int)):
            raise IncompleteEvent(f"“{self.kind.label}”的天数应为整数：{self.days!r}。")
        if self.channel is not None:
            object.__setattr__(self, "channel", Channel(self.channel))
        if self.party is not None:
            object.__setattr__(self, "party", Party(self.party))

    # Short constructors, so callers read like the procedure.
    @classmethod
    def received(cls, on: dt.date, channel: Channel | str, confirmed_on: dt.date | None = None) -> Event:
        return cls(EventKind.RECEIVED, on, channel=Channel(channel), confirmed_on=confirmed_on)

    @classmethod
    def correction_requested(
        cls, on: dt.date, until: dt.date | None = None, override_reason: str = ""
    ) -> Event:
        return cls(EventKind.CORRECTION_REQUESTED, on, until=until, override_reason=override_reason)

    @classmethod
    def correction_received(cls, on: dt.date) -> Event:
        return cls(EventKind.CORRECTION_RECEIVED, on)

    @classmethod
    def consultation_started(
        cls, on: dt.date, party: Party | str, ref: str = "", party_received_on: dt.date | None = None
    ) -> Event:
        return cls(
            EventKind.CONSULTATION_STARTED,
            on,
            party=Party(party),
            ref=ref,
            party_received_on=party_received_on,
        )

    @classmethod
    def consultation_ended(cls, on: dt.date, party: Party | str, ref: str = "") -> Event:
        return cls(EventKind.CONSULTATION_ENDED, on, party=Party(party), ref=ref)

    @classmethod
    def extension_approved(cls, on: dt.date, days: int, approver: str) -> Event:
        return cls(EventKind.EXTENSION_APPROVED, on, days=days, approver=approver)

    @classmethod
    def fee_notice_sent(cls, on: dt.date, notice_received_on: dt.date | None = None) -> Event:
        return cls(EventKind.FEE_NOTICE_SENT, on, notice_received_on=notice_received_on)

    @classmethod
    def fee_paid(cls, on: dt.date) -> Event:
        return cls(EventKind.FEE_PAID, on)

    @classmethod
    def later_date_set(cls, on: dt.date, until: dt.date) -> Event:
        return cls(EventKind.LATER_DATE_SET, on, until=until)

    @classmethod
    def decided(cls, on: dt.date) -> Event:
        return cls(EventKind.DECIDED, on)

    @classmethod
    def delivered(cls, on: dt.date) -> Event:
        return cls(EventKind.DELIVERED, on)


# --- errors --------------------------------------------------------------------------------


class ClockError(ValueError):
    """An event the Regulation does not allow. ``str()`` is a Chinese message for people;
    ``event`` is the offending event (or ``None``)."""

    def __init__(self, message: str, event: Event | None = None):
        super().__init__(message)
        self.event = event


class FutureDateError(ClockError):
    """An event dated after today (e.g. a receipt date in the future)."""


class EventOrderError(ClockError):
    """An event out of order: before receipt, after the decision, a duplicate, unmatched."""


class IncompleteEvent(ClockError):
    """An event lacks a field its kind needs (channel, approver, party, date …)."""


class CorrectionTooLate(ClockError):
    """A 补正 notice later than 7 working days after receipt, without an override reason."""


class ExtensionError(ClockError):
    """A second extension, more than 20 working days, no approver, or after the period ran out."""


class FeeEventError(ClockError):
    """A fee notice outside the handling period, payment without notice or after its period."""


class LaterDateError(ClockError):
    """An Art. 35 date that is not later than the due date, not a working day, or set too late."""


# --- the result -----------------------------------------------------------------------------


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
    start_date: dt.date | None = None  # day 0 of the current run (receipt or correction received)
    statutory_due_date: dt.date | None = None  # 20 working days (+ pauses), before any extension
    due_date: dt.date | None = None
    days_allowed: int = REPLY_WORKDAYS
    days_used: int = 0
    days_left: int | None = None
    days_paused: int = 0
    extension_days: int = 0
    later_date: dt.date | None = None
    waiting_until: dt.date | None = None
    fee_payment_due: dt.date | None = None
    decided_on: dt.date | None = None
    delivered_on: dt.date | None = None
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


# --- the engine -----------------------------------------------------------------------------


def validate(
    events: Iterable[Event],
    calendar: Calendar,
    today: dt.date | None = None,
    policy: Policy = Policy(),
) -> list[Event]:
    """Check the events against the Regulation; return them in date order.

    Raises a :class:`ClockError` subclass for the first illegal event, or
    :class:`gongkai.workdays.CalendarMissing` when a needed year has no calendar data.
    To check a new event before recording it: ``validate([*events, new], calendar)``.
    """
    return _Run(events, calendar, today, policy).events


def compute(
    events: Iterable[Event],
    calendar: Calendar,
    today: dt.date | None = None,
    policy: Policy = Policy(),
) -> Clock:
    """The case's :class:`Clock` as of ``today`` (default: the system date).

    Validates first (same errors as :func:`validate`).
    """
    return _Run(events, calendar, today, policy).clock()


_ORDER = {k: i for i, k in enumerate(EventKind)}


class _Run:
    """One pass over the events in date order, checking each against the state so far."""

    def __init__(self, events: Iterable[Event], calendar: Calendar, today: dt.date | None, policy: Policy):
        self.cal = calendar
        self.policy = policy
        self.today = today or dt.date.today()
        # Stable sort by date: same-day events keep the order they were recorded in.
        self.events: list[Event] = sorted(events, key=lambda e: e.on)
        self.lines: list[str] = []
        self.receipt: dt.date | None = None
        self.received_event: Event | None = None
        self.base: dt.date | None = None
        self.extension = 0
        self.later: dt.date | None = None
        self.pauses: list[Pause] = []
        self.awaiting_correction: Event | None = None
        self.correction_count = 0
        self.open_consultations: list[tuple[Event, int | None]] = []  # (start event, index in pauses)
        self.fee_notice: Event | None = None
        self.fee_pause_index: int | None = None
        self.fee_payment_due: dt.date | None = None
        self.fee_paid: dt.date | None = None
        self.decided: dt.date | None = None
        self.delivered: dt.date | None = None
        self._apply_all()

    # -- helpers
    def _error(self, cls: type[ClockError], msg: str, e: Event) -> ClockError:
        return cls(f"{format_date(e.on)}“{e.kind.label}”：{msg}", e)

    def _due(self, as_of: dt.date) -> tuple[dt.date | None, int, int]:
        """(due date, or None if a pause is still running on ``as_of``; working days used by
        ``as_of``; working days not counted by ``as_of``)."""
        assert self.base is not None
        allowed = REPLY_WORKDAYS + self.extension
        closed: list[tuple[dt.date, dt.date]] = []
        first_running: dt.date | None = None
        for p in self.pauses:
            end = p.effective_end(as_of)
            if end is None:
                first_running = p.start if first_running is None else min(first_running, p.start)
            elif end > self.base:
                closed.append((p.start, end))
        count = used = paused = 0
        for d in self.cal.iter_workdays_after(self.base):
            if first_running is not None and d > first_running:
                if as_of > first_running:
                    paused += self.cal.workdays_between(first_running, as_of)
                return None, used, paused
            if any(s < d <= end for s, end in closed):
                paused += d <= as_of
                continue
            count += 1
            used += d <= as_of
            if count == allowed:
                due = d
                if self.later is not None and self.later > due:
                    due = self.later
                return due, used, paused
        raise AssertionError("unreachable")  # pragma: no cover

    def _running_due(self, as_of: dt.date) -> dt.date | None:
        return self._due(as_of)[0] if self.base is not None and not self.awaiting_correction else None

    # -- the pass
    def _apply_all(self) -> None:
        if not self.events:
            raise EventOrderError("没有“收到申请”事件，无法计算期限。")
        first = self.events[0]
        if first.kind is not EventKind.RECEIVED:
            rec = next((e for e in self.events if e.kind is EventKind.RECEIVED), None)
            if rec is not None:
                raise self._error(
                    EventOrderError, f"早于收到申请（{format_date(rec.on)}），请检查日期。", first
                )
            raise self._error(
                EventOrderError, "此前没有“收到申请”事件；任何办理事项都不能早于收到申请。", first
            )
        for e in self.events:
            if e.on > self.today:
                raise self._error(
                    FutureDateError, f"日期晚于今天（{format_date(self.today)}），不能登记尚未发生的事项。", e
                )
            getattr(self, "_on_" + e.kind.value)(e)

    def _require_running(self, e: Event) -> None:
        if self.receipt is None:
            raise self._error(EventOrderError, "尚未确认收到申请（第三十一条），不能办理此事项。", e)
        if e.on < self.receipt:
            raise self._error(
                EventOrderError, f"早于收到申请之日{format_date(self.receipt)}，请检查日期。", e
            )
        if self.decided is not None:
            raise self._error(
                EventOrderError, f"已于{format_date(self.decided)}作出答复，不能再登记此事项。", e
            )

    def _on_received(self, e: Event) -> None:
        if self.received_event is not None:
            raise self._error(EventOrderError, "同一申请只能登记一次“收到申请”。", e)
        if e.channel is None:
            raise self._error(IncompleteEvent, "请选择申请渠道（当面、邮寄、平常信函、互联网、传真）。", e)
        self.received_event = e
        c = e.channel
        if e.confirmed_on is not None and e.confirmed_on < e.on:
            raise self._error(
                EventOrderError, f"确认（签收）日期{format_date(e.confirmed_on)}早于到达日期。", e
            )
        if e.confirmed_on is not None and e.confirmed_on > self.today:
            raise self._error(FutureDateError, f"确认日期{format_date(e.confirmed_on)}晚于今天。", e)
        if c in (Channel.IN_PERSON, Channel.ORAL):
            if e.confirmed_on not in (None, e.on):
                raise self._error(
                    IncompleteEvent, "当面提交的申请以提交之日为收到之日，不需另填确认日期。", e
                )
            receipt = e.on
        elif c is Channel.SIGNED_POST:
            receipt = e.confirmed_on or e.on
        else:
            receipt = e.confirmed_on
        if receipt is None:
            self.lines.append(
                f"{format_date(e.on)}收到{c.label}申请，尚未与申请人确认；{_RECEIPT_RULE[c]}，确认前期限不起算。"
            )
            return
        self.receipt = self.base = receipt
        extra = ""
        if c is Channel.PLAIN_POST and receipt != e.on:
            extra = f"（信函于{format_date(e.on)}到达；条例要求收到当日确认）"
        self.lines.append(
            f"收到申请之日为{format_date(receipt)}：{_RECEIPT_RULE[c]}{extra}。"
            f"收到之日不计入，自其后第一个工作日起算（《民法典》第二百零一条），"
            f"应在{REPLY_WORKDAYS}个工作日内答复（第三十三条第二款）。"
        )

    def _on_correction_requested(self, e: Event) -> None:
        self._require_running(e)
        if self.awaiting_correction is not None:
            raise self._error(
                EventOrderError, "已发出补正告知书、尚未收到补正，补正事项应一次性告知（第三十条）。", e
            )
        assert self.base is not None
        limit = self.cal.add_workdays(self.base, CORRECTION_NOTICE_WORKDAYS)
        since = "收到申请" if self.correction_count == 0 else "收到补正后的申请"
        n = self.cal.workdays_between(self.base, e.on)
        if e.on > limit and not e.override_reason.strip():
            raise self._error(
                CorrectionTooLate,
                f"补正告知应自{since}之日起{CORRECTION_NOTICE_WORKDAYS}个工作日内（{format_date(limit)}前）发出"
                f"（第三十条），现为第{n}个工作日；如确需补正，请填写超期原因。",
                e,
            )
        if e.until is not None and e.until < e.on:
            raise self._error(IncompleteEvent, f"补正期限{format_date(e.until)}早于告知日期。", e)
        self.awaiting_correction = e
        self.correction_count += 1
        text = f"{format_date(e.on)}发出补正告知书（第三十条），为{since}后第{n}个工作日"
        if e.on > limit:
            text += f"，超过{CORRECTION_NOTICE_WORKDAYS}个工作日，超期原因：{e.override_reason.strip()}"
        if e.until is not None:
            text += f"；补正期限至{format_date(e.until)}"
        self.lines.append(text + "。等待补正期间答复期限不计算。")

    def _on_correction_received(self, e: Event) -> None:
        self._require_running(e)
        req = self.awaiting_correction
        if req is None:
            raise self._error(EventOrderError, "此前没有发出补正告知书。", e)
        self.awaiting_correction = None
        self.base = e.on
        late = ""
        if req.until is not None and e.on > req.until:
            late = f"（晚于补正期限{format_date(req.until)}，行政机关已接受）"
        self.lines.append(
            f"{format_date(e.on)}收到补正后的申请{late}，答复期限自该日重新计算（第三十条），"
            f"该日不计入，重新计算{REPLY_WORKDAYS}个工作日。"
        )

    def _on_consultation_started(self, e: Event) -> None:
        self._require_running(e)
        if e.party is None:
            raise self._error(IncompleteEvent, "请注明征求意见的对象（第三方或共同制作机关）。", e)
        if self.awaiting_correction is not None:
            raise self._error(EventOrderError, "等待补正期间不能征求意见，请先收到补正后的申请。", e)
        if e.party_received_on is not None and e.party_received_on < e.on:
            raise self._error(EventOrderError, "对方收到征求意见函的日期早于发函日期。", e)
        due = self._running_due(e.on)
        reason = f"征求{e.party.label}意见（{e.party.article}）"
        if due is not None and e.on > due:
            self.open_consultations.append((e, None))
            self.lines.append(
                f"{format_date(e.on)}{reason}，但答复期限已于{format_date(due)}届满，征求意见时间不能再扣除。"
            )
            return
        limit = None
        if self.policy.cap_consultation:
            limit = self.cal.add_workdays(e.party_received_on or e.on, CONSULTATION_WORKDAYS)
        self.pauses.append(Pause(reason, e.on, None, limit))
        self.open_consultations.append((e, len(self.pauses) - 1))
        text = f"{format_date(e.on)}{reason}，征求意见所需时间不计算在答复期限内（第三十三条第三款）"
        if limit is not None:
            text += f"；对方应在{CONSULTATION_WORKDAYS}个工作日内提出意见，最迟扣除至{format_date(limit)}"
        self.lines.append(text + "。")

    def _on_consultation_ended(self, e: Event) -> None:
        self._require_running(e)
        match = None
        for i, (start, idx) in enumerate(self.open_consultations):
            if (e.ref and start.ref == e.ref) or (not e.ref and (e.party is None or start.party == e.party)):
                match = i, start, idx
                break
        if match is None:
            raise self._error(EventOrderError, "没有与之对应的、尚未结束的征求意见。", e)
        i, start, idx = match
        del self.open_consultations[i]
        if idx is None:  # started after the period had run out: nothing was excluded
            self.lines.append(f"{format_date(e.on)}收到{start.party.label if start.party else ''}意见。")
            return
        p = self.pauses[idx]
        self.pauses[idx] = replace(p, end=e.on)
        end = min(e.on, p.limit) if p.limit else e.on
        n = self.cal.workdays_between(p.start, end)
        text = f"{format_date(e.on)}收到{start.party.label if start.party else ''}意见，{p.reason}期间不计算的工作日共{n}个"
        if p.limit and e.on > p.limit:
            text += f"（超过{CONSULTATION_WORKDAYS}个工作日的部分照常计算，第三十二条）"
        self.lines.append(text + "。")

    def _on_extension_approved(self, e: Event) -> None:
        self._require_running(e)
        if self.extension:
            raise self._error(
                ExtensionError,
                f"已延期{self.extension}个工作日，答复期限只能延长一次（第三十三条第二款）。",
                e,
            )
        if e.days is None or not 1 <= e.days <= MAX_EXTENSION_WORKDAYS:
            raise self._error(
                ExtensionError,
                f"延长的期限应为1至{MAX_EXTENSION_WORKDAYS}个工作日（第三十三条第二款），收到 {e.days}。",
                e,
            )
        if not e.approver.strip():
            raise self._error(
                ExtensionError,
                "延期须经政府信息公开工作机构负责人同意，请填写批准人（第三十三条第二款）。",
                e,
            )
        if self.awaiting_correction is not None:
            raise self._error(EventOrderError, "等待补正期间答复期限不计算，无需延期。", e)
        due = self._running_due(e.on)
        if due is not None and e.on > due:
            raise self._error(ExtensionError, f"答复期限已于{format_date(due)}届满，届满后不能再延期。", e)
        self.extension = e.days
        self.lines.append(
            f"{format_date(e.on)}经政府信息公开工作机构负责人{e.approver.strip()}同意，延长答复期限{e.days}个工作日，"
            f"应告知申请人（第三十三条第二款）。"
        )

    def _on_fee_notice_sent(self, e: Event) -> None:
        self._require_running(e)
        if self.fee_notice is not None:
            raise self._error(
                FeeEventError, "同一申请只能发出一次收费通知（按件或按量只能选择一种方式）。", e
            )
        if self.awaiting_correction is not None:
            raise self._error(EventOrderError, "等待补正期间不能发出收费通知。", e)
        if e.notice_received_on is not None and e.notice_received_on < e.on:
            raise self._error(EventOrderError, "申请人收到收费通知的日期早于发出日期。", e)
        due = self._running_due(e.on)
        if due is not None and e.on > due:
            raise self._error(
                FeeEventError, f"收费通知应在答复期限内发出（{FEE_DOC}），期限已于{format_date(due)}届满。", e
            )
        self.fee_notice = e
        got = e.notice_received_on or e.on
        self.fee_payment_due = self.cal.add_workdays(got, FEE_PAYMENT_WORKDAYS)
        text = (
            f"{format_date(e.on)}发出收费通知，申请人应自收到通知次日起{FEE_PAYMENT_WORKDAYS}个工作日内"
            f"（{format_date(self.fee_payment_due)}前）缴费，逾期未缴视为放弃申请（{FEE_DOC}）"
        )
        if self.policy.fee_wait is FeeWait.PAUSE:
            self.pauses.append(Pause(f"等待申请人缴费（{FEE_DOC}）", e.on, None, None))
            self.fee_pause_index = len(self.pauses) - 1
            text += "；按本系统规则，等待缴费期间不计算在答复期限内"
        else:
            text += "；按本机关规则，等待缴费期间照常计算答复期限"
        self.lines.append(text + "。")

    def _on_fee_paid(self, e: Event) -> None:
        self._require_running(e)
        if self.fee_notice is None:
            raise self._error(FeeEventError, "此前没有发出收费通知。", e)
        if self.fee_paid is not None:
            raise self._error(FeeEventError, f"已于{format_date(self.fee_paid)}登记缴费。", e)
        assert self.fee_payment_due is not None
        if e.on > self.fee_payment_due:
            raise self._error(
                FeeEventError,
                f"缴费期限已于{format_date(self.fee_payment_due)}届满，申请视为放弃（{FEE_DOC}），"
                "应按“申请人逾期未按收费通知要求缴纳费用”办结。",
                e,
            )
        self.fee_paid = e.on
        text = f"{format_date(e.on)}申请人缴费"
        if self.fee_pause_index is not None:
            p = self.pauses[self.fee_pause_index]
            self.pauses[self.fee_pause_index] = replace(p, end=e.on)
            text += f"，等待缴费期间不计算的工作日共{self.cal.workdays_between(p.start, e.on)}个"
        self.lines.append(text + "。")

    def _on_later_date_set(self, e: Event) -> None:
        self._require_running(e)
        if self.later is not None:
            raise self._error(LaterDateError, f"已确定答复期限为{format_date(self.later)}，不能再次另定。", e)
        if e.until is None:
            raise self._error(IncompleteEvent, "请填写另行确定的答复日期（第三十五条）。", e)
        if self.awaiting_correction is not None:
            raise self._error(EventOrderError, "等待补正期间不能另定答复期限。", e)
        due = self._running_due(e.on)
        if due is not None and e.on > due:
            raise self._error(
                LaterDateError, f"答复期限已于{format_date(due)}届满，应在期限内确定并告知（第三十五条）。", e
            )
        if due is not None and e.until <= due:
            raise self._error(
                LaterDateError, f"另定的日期{format_date(e.until)}不晚于法定答复期限{format_date(due)}。", e
            )
        if not self.cal.is_workday(e.until):
            raise self._error(LaterDateError, f"另定的答复日期{format_date(e.until)}不是工作日。", e)
        self.later = e.until
        self.lines.append(
            f"{format_date(e.on)}申请人说明理由合理，行政机关确定延迟答复并告知申请人合理期限：{format_date(e.until)}（第三十五条）。"
        )

    def _on_decided(self, e: Event) -> None:
        self._require_running(e)
        self.decided = e.on

    def _on_delivered(self, e: Event) -> None:
        if self.decided is None:
            raise self._error(EventOrderError, "尚未作出答复，不能登记送达。", e)
        if self.delivered is not None:
            raise self._error(EventOrderError, f"已于{format_date(self.delivered)}登记送达。", e)
        self.delivered = e.on

    # -- the result
    def clock(self) -> Clock:
        today = self.today
        common = dict(
            today=today,
            calendar_version=self.cal.version,
            explanation=tuple(self.lines),
        )
        if self.receipt is None:
            return Clock(
                status=Status.PENDING_RECEIPT,
                next_steps=(EventKind.RECEIVED,),
                explanation=tuple(self.lines),
                today=today,
                calendar_version=self.cal.version,
            )
        as_of = self.decided or today
        lines = list(self.lines)
        fields = dict(
            receipt_date=self.receipt,
            start_date=self.base,
            extension_days=self.extension,
            days_allowed=REPLY_WORKDAYS + self.extension,
            later_date=self.later,
            fee_payment_due=self.fee_payment_due,
            decided_on=self.decided,
            delivered_on=self.delivered,
            pauses=tuple(self.pauses),
        )
        if self.awaiting_correction is not None:
            req = self.awaiting_correction
            if self.decided is not None:
                lines.append(f"{format_date(self.decided)}作出答复（补正期间，答复期限未计算），按期办结。")
                status = Status.CONCLUDED_ON_TIME
                nxt: tuple[EventKind, ...] = () if self.delivered else (EventKind.DELIVERED,)
            else:
                status = Status.AWAITING_CORRECTION
                nxt = (EventKind.CORRECTION_RECEIVED, EventKind.DECIDED)
                if req.until is not None and today > req.until:
                    lines.append(
                        f"补正期限{format_date(req.until)}已过，申请人无正当理由逾期不补正的，视为放弃申请，"
                        "可按“申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”办结（第三十条）。"
                    )
            self._delivered_line(lines)
            return Clock(
                status=status,
                waiting_until=req.until,
                next_steps=nxt,
                **fields,
                **{**common, "explanation": tuple(lines)},
            )

        # statutory due date (without extension / later date) for the record
        ext, later = self.extension, self.later
        self.extension, self.later = 0, None
        statutory, _, _ = self._due(as_of)
        self.extension, self.later = ext, later
        due, used, paused = self._due(as_of)
        fields.update(statutory_due_date=statutory, days_used=used, days_paused=paused)
        running = [p for p in self.pauses if p.effective_end(as_of) is None]
        running_pause = min(running, key=lambda p: p.start) if running else None

        if self.decided is not None:
            on_time = due is None or self.decided <= due
            if due is not None:
                lines.append(f"答复期限届满日为{format_date(due)}。")
            lines.append(
                f"{format_date(self.decided)}作出答复，"
                + (
                    "在答复期限内。"
                    if on_time
                    else f"超过答复期限{self.cal.workdays_between(due, self.decided)}个工作日。"
                )
            )
            self._delivered_line(lines)
            return Clock(
                status=Status.CONCLUDED_ON_TIME if on_time else Status.CONCLUDED_LATE,
                due_date=due,
                days_left=(REPLY_WORKDAYS + self.extension - used)
                if due is None
                else self.cal.workdays_between(self.decided, due),
                next_steps=() if self.delivered else (EventKind.DELIVERED,),
                **fields,
                **{**common, "explanation": tuple(lines)},
            )

        if due is None:
            assert running_pause is not None
            left = REPLY_WORKDAYS + self.extension - used
            waiting = running_pause.limit
            if self.fee_pause_index is not None and self.pauses[self.fee_pause_index] is running_pause:
                waiting = self.fee_payment_due
                if self.fee_payment_due and today > self.fee_payment_due:
                    lines.append(
                        f"缴费期限{format_date(self.fee_payment_due)}已过，申请人未缴费，视为放弃申请，应按"
                        f"“申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”办结（{FEE_DOC}）。"
                    )
            lines.append(f"目前{running_pause.reason}，期限暂停，已用{used}个工作日，尚余{left}个工作日。")
            return Clock(
                status=Status.PAUSED,
                days_left=left,
                waiting_until=waiting,
                next_steps=self._next_open(),
                **fields,
                **{**common, "explanation": tuple(lines)},
            )

        left = self.cal.workdays_between(today, due)
        if today > due:
            status = Status.OVERDUE
            lines.append(f"答复期限已于{format_date(due)}届满，已逾期{-left}个工作日。")
        else:
            status = Status.DUE_SOON if left <= self.policy.due_soon_workdays else Status.OPEN
            lines.append(f"答复期限届满日为{format_date(due)}，截至{format_date(today)}尚余{left}个工作日。")
        return Clock(
            status=status,
            due_date=due,
            days_left=left,
            next_steps=self._next_open(),
            **fields,
            **{**common, "explanation": tuple(lines)},
        )

    def _next_open(self) -> tuple[EventKind, ...]:
        steps: list[EventKind] = []
        steps.append(EventKind.CORRECTION_REQUESTED)
        steps.append(EventKind.CONSULTATION_STARTED)
        if self.open_consultations:
            steps.append(EventKind.CONSULTATION_ENDED)
        if not self.extension:
            steps.append(EventKind.EXTENSION_APPROVED)
        if self.fee_notice is None:
            steps.append(EventKind.FEE_NOTICE_SENT)
        elif self.fee_paid is None:
            steps.append(EventKind.FEE_PAID)
        if self.later is None:
            steps.append(EventKind.LATER_DATE_SET)
        steps.append(EventKind.DECIDED)
        return tuple(steps)

    def _delivered_line(self, lines: list[str]) -> None:
        if self.delivered is not None:
            lines.append(f"{format_date(self.delivered)}送达。")


def explain(clock: Clock) -> str:
    """The explanation as one paragraph (for a letter or a tooltip)."""
    return "".join(clock.explanation)


def sorted_events(events: Sequence[Event]) -> list[Event]:
    """Events in the order the clock reads them (date, then as recorded)."""
    return sorted(events, key=lambda e: e.on)
