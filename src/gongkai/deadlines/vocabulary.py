"""The words of the Regulation's clock, declared once for the clock and the platform alike.

Every closed set here is a :class:`Vocabulary`: the value is what is stored (in events, in the
database), ``label`` is the Chinese word people read, ``choices`` feeds a form or a model
field.  The platform's models use these enums directly — there is no second set of channel or
event names to map between.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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
    "EventKind",
    "FeeWait",
    "Party",
    "Policy",
    "Status",
    "Vocabulary",
]

REPLY_WORKDAYS = 20  # Art. 33 ¶2
MAX_EXTENSION_WORKDAYS = 20  # Art. 33 ¶2
CORRECTION_NOTICE_WORKDAYS = 7  # Art. 30
CORRECTION_PERIOD_WORKDAYS = 15  # the usual "reasonable period" given for a 补正 (practice, not the law)
CONSULTATION_WORKDAYS = 15  # Art. 32, Art. 34
DUE_SOON_WORKDAYS = 3  # "near due": this many working days or fewer left (reminders, lists, status)
FEE_PAYMENT_WORKDAYS = 20  # 109号: pay within 20 working days from the day after receiving the notice
FEE_DOC = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


class _ClassProperty:
    """``Kind.choices`` on the class, as Django's TextChoices spell it."""

    def __init__(self, fget):
        self.fget = fget

    def __get__(self, obj, cls):
        return self.fget(cls)


class Vocabulary(StrEnum):
    """A closed set of words: ``value`` is stored, ``label`` is shown (Chinese).

    ``Kind.choices`` (value, label) and ``Kind.values`` read like Django's TextChoices, so a
    model field or a form takes a vocabulary of the pure core as it is.
    """

    def __new__(cls, value: str, label: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label or value
        return member

    @property
    def label(self) -> str:
        return self._label

    choices = _ClassProperty(lambda cls: [(m.value, m.label) for m in cls])
    values = _ClassProperty(lambda cls: [m.value for m in cls])
    labels = _ClassProperty(lambda cls: [m.label for m in cls])


class EventKind(Vocabulary):
    """What can happen on a case's clock."""

    RECEIVED = "received", "收到申请"
    CORRECTION_REQUESTED = "correction_requested", "发出补正告知书"
    CORRECTION_RECEIVED = "correction_received", "收到补正后的申请"
    CONSULTATION_STARTED = "consultation_started", "发出征求意见函"
    CONSULTATION_ENDED = "consultation_ended", "收到征求意见答复"
    EXTENSION_APPROVED = "extension_approved", "批准延期答复"
    FEE_NOTICE_SENT = "fee_notice_sent", "发出收费通知"
    FEE_PAID = "fee_paid", "申请人缴费"
    FEE_UNPAID = "fee_unpaid", "逾期未缴费"
    LATER_DATE_SET = "later_date_set", "确定合理的答复期限（第三十五条）"
    DECIDED = "decided", "作出答复"
    DELIVERED = "delivered", "送达"
    REOPENED = "reopened", "依复议决定或判决重新办理"

    @property
    def concludes(self) -> bool:
        """A decision of the application (a reply, or the fee lapsed: 视为放弃申请)."""
        return self in (EventKind.DECIDED, EventKind.FEE_UNPAID)


class Channel(Vocabulary):
    """How the application arrived (Art. 29, 31); it decides the receipt date."""

    IN_PERSON = "in_person", "当面提交"
    SIGNED_POST = "signed_post", "邮寄（需签收）"
    PLAIN_POST = "plain_post", "平常信函"
    ONLINE = "online", "互联网"
    FAX = "fax", "传真"
    ORAL = "oral", "口头提出（代为填写）"

    @property
    def needs_confirmation(self) -> bool:
        """The receipt date is a confirmation day, not the arrival day (Art. 31(2) 平常信函, (3))."""
        return self in (Channel.PLAIN_POST, Channel.ONLINE, Channel.FAX)

    @property
    def receipt_rule(self) -> str:
        return _RECEIPT_RULE[self]


_RECEIPT_RULE = {
    Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日（第三十一条第一项）",
    Channel.ORAL: "口头提出、由工作人员代为填写的，按当面提交以提交之日为收到申请之日（第二十九条、第三十一条第一项）",
    Channel.SIGNED_POST: "以邮寄方式提交的，以行政机关签收之日为收到申请之日（第三十一条第二项）",
    Channel.PLAIN_POST: "以平常信函提交的，以与申请人确认之日为收到申请之日（第三十一条第二项）",
    Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第三项）",
    Channel.FAX: "通过传真提交的，以双方确认之日为收到申请之日（第三十一条第三项）",
}


class Party(Vocabulary):
    """Whom a consultation asks (Art. 32 third party, Art. 34 co-producing agency)."""

    THIRD_PARTY = "third_party", "第三方"
    CO_PRODUCER = "co_producer", "共同制作机关"

    @property
    def article(self) -> str:
        return "第三十二条" if self is Party.THIRD_PARTY else "第三十四条"


class FeeWait(Vocabulary):
    """Whether the fee-payment wait stops the reply clock (unsettled in the law [?])."""

    PAUSE = "pause", "等待缴费期间不计算"  # from the day after the notice is sent to the day of payment
    COUNT = "count", "等待缴费期间照常计算"


class Status(Vocabulary):
    """Where a case stands against its deadline (the clock's view, not the workflow's)."""

    PENDING_RECEIPT = "pending_receipt", "待确认收到"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    PAUSED = "paused", "期限暂停"
    OPEN = "open", "办理中"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
    CONCLUDED_ON_TIME = "concluded_on_time", "按期答复"
    CONCLUDED_LATE = "concluded_late", "逾期答复"

    @property
    def concluded(self) -> bool:
        return self in (Status.CONCLUDED_ON_TIME, Status.CONCLUDED_LATE)


@dataclass(frozen=True)
class Policy:
    """Choices the law leaves open; the defaults are documented in docs/deadlines.md."""

    fee_wait: FeeWait = FeeWait.PAUSE
    cap_consultation: bool = True  # consultation not counted for at most 15 working days
    due_soon_workdays: int = DUE_SOON_WORKDAYS  # status DUE_SOON at this many working days or fewer
