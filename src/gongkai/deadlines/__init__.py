"""The Regulation's clock: from a case's events to its due date, with an explanation.

Pure Python (no Django). The platform stores a case's procedural events; this package turns
them into a :class:`Clock` — receipt date, due date, status, working days used and left, and
a list of Chinese sentences, each citing its article, that a clerk can read — and refuses
events the Regulation does not allow (:func:`validate`, raising a :class:`ClockError`
subclass whose ``str()`` is a Chinese message for people).

Modules: ``vocabulary`` (the closed sets of words and the constants, shared with the
platform's models), ``events`` (:class:`Event` and the errors), ``engine`` (the pass over
the events and the clock), ``explanation`` (the sentences).

The rules (《政府信息公开条例》2019 修订; details and uncertainties in docs/deadlines.md):

* Receipt date by channel (Art. 31): in person → the day submitted; post needing a signature →
  the day the agency signs; ordinary letter → the day the office confirms with the applicant;
  internet or the office's fax → the day both sides confirm. Until then the clock has not
  started (status ``PENDING_RECEIPT``).  An online application the platform acknowledges by
  itself on a rest day is received on the next working day (:func:`online_receipt_date`).
* Day 1 is the first working day after the receipt date (民法典 Art. 201: a period counted in
  days starts the next day). The reply is due on working day 20 (Art. 33 ¶2).
* 补正 (Art. 30): the notice must go out within 7 working days of receipt (later only with an
  override reason); while waiting the clock does not run; the period restarts from the day
  the corrected application is received (that day is day 0).  The applicant's deadline is a
  date, or a number of working days from the day they received the notice.
* Consultation of a third party (Art. 32) or a co-producing agency (Art. 34): the time is not
  counted (Art. 33 ¶3), by default at most until 15 working days after the consulted party
  received the request (``Policy.cap_consultation``).
* One extension of at most 20 working days, approved by the head of the disclosure office,
  before the period has run out (Art. 33 ¶2).
* Fee notice (国办函〔2020〕109号): sent within the handling period; the applicant pays within
  20 working days from the day after receiving it (:func:`fee_payment_due`). Whether the
  payment period stops the clock is not settled [?]; ``Policy.fee_wait`` decides, default
  ``PAUSE``.  Not paid in time: the application is treated as withdrawn (``FEE_UNPAID``).
* Art. 35: a reasonable later date, set and notified before the period runs out, replaces the
  due date (it must be later than the computed due date and a working day).
* A reply corrected by a reconsideration decision or a judgment is handled again
  (``REOPENED``): a new period of 20 working days from the day the order was received.
"""

from .engine import (
    Clock,
    Pause,
    compute,
    correction_deadline,
    explain,
    fee_payment_due,
    next_steps,
    online_receipt_date,
    validate,
)
from .events import (
    ClockError,
    CorrectionTooLate,
    Event,
    EventOrderError,
    ExtensionError,
    FeeEventError,
    FutureDateError,
    IncompleteEvent,
    LaterDateError,
    sorted_events,
)
from .vocabulary import (
    CONSULTATION_WORKDAYS,
    CORRECTION_NOTICE_WORKDAYS,
    CORRECTION_PERIOD_WORKDAYS,
    DUE_SOON_WORKDAYS,
    FEE_DOC,
    FEE_PAYMENT_WORKDAYS,
    MAX_EXTENSION_WORKDAYS,
    REPLY_WORKDAYS,
    Channel,
    EventKind,
    FeeWait,
    Party,
    Policy,
    Status,
    Vocabulary,
)

__all__ = [
    "CONSULTATION_WORKDAYS",
    "CORRECTION_NOTICE_WORKDAYS",
    "CORRECTION_PERIOD_WORKDAYS",
    "DUE_SOON_WORKDAYS",
    "FEE_DOC",
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
    "Vocabulary",
    "compute",
    "correction_deadline",
    "explain",
    "fee_payment_due",
    "next_steps",
    "online_receipt_date",
    "sorted_events",
    "validate",
]
