"""A case's procedural events as the clock reads them, and the errors it raises for bad ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.workdays import format_date

from .vocabulary import Channel, EventKind, Party

__all__ = [
    "ClockError",
    "CorrectionTooLate",
    "Event",
    "EventOrderError",
    "ExtensionError",
    "FeeEventError",
    "FutureDateError",
    "IncompleteEvent",
    "LaterDateError",
]


class ClockError(ValueError):
    """An event the Regulation does not allow. ``str()`` is a Chinese message for people;
    ``event`` is the offending event (or ``None``)."""

    def __init__(self, message: str, event: Event | None = None):
        super().__init__(message)
        self.event = event

    @classmethod
    def at(cls, event: Event, message: str) -> ClockError:
        """The message prefixed with the event's date and name, as every refusal is worded."""
        return cls(f"{format_date(event.on)}“{event.kind.label}”：{message}", event)


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


_DATE_FIELDS = ("on", "confirmed_on", "until", "party_received_on", "notice_received_on")


@dataclass(frozen=True)
class Event:
    """One procedural event of a case. ``on`` is the day it happened.

    Fields used by some kinds only (others leave them at their defaults):

    * RECEIVED: ``channel``; ``confirmed_on`` = the day the agency signed for the post
      (SIGNED_POST, default ``on``) or confirmed receipt with the applicant (PLAIN_POST,
      ONLINE, FAX; until given, the clock has not started).
    * CORRECTION_REQUESTED: ``until`` = the correction deadline given to the applicant as a
      date, or ``days`` = a period in working days from the day the applicant received the
      notice (``party_received_on``, when known); ``override_reason`` when sent later than
      7 working days after receipt.
    * CONSULTATION_STARTED / _ENDED: ``party``; ``ref`` pairs them when several run at once;
      ``party_received_on`` = the day the consulted party received the request (default ``on``).
    * EXTENSION_APPROVED: ``days`` (1–20) and ``approver`` (the office head's name).
    * FEE_NOTICE_SENT: ``notice_received_on`` = the day the applicant received it (default ``on``).
    * FEE_UNPAID: the payment period lapsed; the application is treated as withdrawn.
    * LATER_DATE_SET: ``until`` = the later reply date (Art. 35).
    * REOPENED: a reconsideration decision or a judgment corrected the reply; ``on`` is the day
      the agency received it; a new period starts (as the first event: a re-handling case), or
      ``until``, the date the decision or judgment set, is the due date.
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
        for name in _DATE_FIELDS:
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
        cls, on: dt.date, until: dt.date | None = None, override_reason: str = "", days: int | None = None,
        party_received_on: dt.date | None = None,
    ) -> Event:
        return cls(EventKind.CORRECTION_REQUESTED, on, until=until, override_reason=override_reason, days=days,
                   party_received_on=party_received_on)

    @classmethod
    def correction_received(cls, on: dt.date) -> Event:
        return cls(EventKind.CORRECTION_RECEIVED, on)

    @classmethod
    def consultation_started(
        cls, on: dt.date, party: Party | str, ref: str = "", party_received_on: dt.date | None = None
    ) -> Event:
        return cls(EventKind.CONSULTATION_STARTED, on, party=Party(party), ref=ref,
                   party_received_on=party_received_on)

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
    def fee_unpaid(cls, on: dt.date) -> Event:
        return cls(EventKind.FEE_UNPAID, on)

    @classmethod
    def later_date_set(cls, on: dt.date, until: dt.date) -> Event:
        return cls(EventKind.LATER_DATE_SET, on, until=until)

    @classmethod
    def decided(cls, on: dt.date) -> Event:
        return cls(EventKind.DECIDED, on)

    @classmethod
    def delivered(cls, on: dt.date) -> Event:
        return cls(EventKind.DELIVERED, on)

    @classmethod
    def reopened(cls, on: dt.date, note: str = "", until: dt.date | None = None) -> Event:
        return cls(EventKind.REOPENED, on, note=note, until=until)


def sorted_events(events) -> list[Event]:
    """Events in the order the clock reads them (date, then as recorded)."""
    return sorted(events, key=lambda e: e.on)
