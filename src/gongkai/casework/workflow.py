"""The one declared state machine of a case: which step is legal next, who may take it, which
clock event it records, which letter it issues and where it leaves the case.

`TRANSITIONS` is read by the actions (each ``do_*`` opens its step by name: status and
authority are checked from here), by the forms (one form per step, keyed by the same name)
and by the case page (the next steps offered).  What the clock itself forbids (a second
extension, a fee paid twice, a payment after its period) is the clock's rule
(`gongkai.deadlines`); a step whose event the clock would refuse today is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.deadlines import EventKind, Vocabulary

from .audit import AuditAction
from .choices import OPEN_STATUSES, LetterKind, Status


class Authority(Vocabulary):
    """Who may take a step, at the case's own agency (`gongkai.agencies.permissions`)."""

    WORK = "work", "本机关登记、承办人员或负责人"  # registrar, handler, head, administrator
    APPROVE = "approve", "本机关政府信息公开工作机构负责人"  # the head approves
    APPLICANT = "applicant", "申请人本人（门户凭查询码）"  # the portal has checked the query code


REPLY = "reply"  # the letter is the reply kind of the decision's outcome (casework.letters.reply_kind)
CONSULTATION = "consultation"  # the consultation letter for the party consulted
ALL = frozenset(Status)
OPEN = frozenset(OPEN_STATUSES)
DONE = frozenset({Status.DECIDED, Status.CLOSED})


@dataclass(frozen=True)
class Transition:
    step: str  # the name forms, URLs and the action share
    title: str  # Chinese, as the case page offers it
    sources: frozenset[Status]  # the statuses it may be taken from (empty: it creates the case)
    target: Status | None  # the status after it; None: unchanged
    authority: Authority
    audit: AuditAction
    event: EventKind | None = None  # the clock event it records
    letter: str | None = None  # a LetterKind value, REPLY or CONSULTATION
    offered: bool = True  # shown among the case page's next steps (others have their own place)

    @property
    def action(self) -> str:
        """The name of the function in `gongkai.casework.actions` that takes this step."""
        return f"do_{self.step}"


TRANSITIONS: tuple[Transition, ...] = (
    Transition("receive_application", "登记申请", frozenset(), Status.RECEIVED, Authority.WORK,
               AuditAction.RECEIVE_APPLICATION, EventKind.RECEIVED, LetterKind.ACKNOWLEDGEMENT, offered=False),
    Transition("request_correction", "发出补正告知", frozenset({Status.RECEIVED}), Status.CORRECTION, Authority.WORK,
               AuditAction.REQUEST_CORRECTION, EventKind.CORRECTION_REQUESTED, LetterKind.CORRECTION_REQUEST),
    Transition("record_receipt", "登记对方收到文书的日期",
               frozenset({Status.CORRECTION, Status.CONSULTATION, Status.FEE_PENDING}), None, Authority.WORK,
               AuditAction.RECORD_RECEIPT),
    Transition("receive_correction", "登记收到补正材料", frozenset({Status.CORRECTION}), Status.RECEIVED,
               Authority.WORK, AuditAction.RECEIVE_CORRECTION, EventKind.CORRECTION_RECEIVED),
    Transition("start_consultation", "征求意见", frozenset({Status.RECEIVED}), Status.CONSULTATION, Authority.WORK,
               AuditAction.START_CONSULTATION, EventKind.CONSULTATION_STARTED, CONSULTATION),
    Transition("end_consultation", "征求意见结束", frozenset({Status.CONSULTATION}), Status.RECEIVED, Authority.WORK,
               AuditAction.END_CONSULTATION, EventKind.CONSULTATION_ENDED),
    Transition("approve_extension", "批准延期答复", frozenset({Status.RECEIVED, Status.CONSULTATION}), None,
               Authority.APPROVE, AuditAction.APPROVE_EXTENSION, EventKind.EXTENSION_APPROVED,
               LetterKind.EXTENSION_NOTICE),
    Transition("set_later_date", "确定合理答复期限（第三十五条）", frozenset({Status.RECEIVED}), None,
               Authority.APPROVE, AuditAction.SET_LATER_DATE, EventKind.LATER_DATE_SET),
    Transition("send_fee_notice", "发出收费通知", frozenset({Status.RECEIVED}), Status.FEE_PENDING, Authority.WORK,
               AuditAction.SEND_FEE_NOTICE, EventKind.FEE_NOTICE_SENT, LetterKind.FEE_NOTICE),
    Transition("record_payment", "登记缴费", frozenset({Status.FEE_PENDING}), Status.RECEIVED, Authority.WORK,
               AuditAction.RECORD_PAYMENT, EventKind.FEE_PAID),
    Transition("conclude_unpaid", "逾期未缴费，不再处理", frozenset({Status.FEE_PENDING}), Status.DECIDED,
               Authority.WORK, AuditAction.CONCLUDE_UNPAID, EventKind.FEE_UNPAID, REPLY),
    Transition("decide", "作出答复", frozenset({Status.RECEIVED, Status.CORRECTION, Status.CONSULTATION}),
               Status.DECIDED, Authority.APPROVE, AuditAction.DECIDE, EventKind.DECIDED, REPLY),
    Transition("deliver", "登记送达", frozenset({Status.DECIDED}), Status.CLOSED, Authority.WORK,
               AuditAction.DELIVER, EventKind.DELIVERED),
    Transition("reopen", "依复议决定或判决重新办理", DONE, Status.RECEIVED, Authority.WORK,
               AuditAction.REOPEN, EventKind.REOPENED, offered=False),
    Transition("correct_registration", "更正登记信息", ALL, None, Authority.WORK, AuditAction.CORRECT_REGISTRATION,
               offered=False),
    Transition("assign", "分配承办人", OPEN, None, Authority.WORK, AuditAction.ASSIGN, offered=False),
    Transition("hand_over", "移交首问责任", OPEN, None, Authority.WORK, AuditAction.HAND_OVER, offered=False),
    Transition("issue_letter", "出具文书", ALL, None, Authority.WORK, AuditAction.ISSUE_LETTER, offered=False),
    Transition("attach_file", "上传附件", ALL, None, Authority.WORK, AuditAction.ATTACH_FILE, offered=False),
    Transition("reply_correction_online", "申请人网上提交补正材料", frozenset({Status.CORRECTION}), Status.RECEIVED,
               Authority.APPLICANT, AuditAction.REPLY_CORRECTION_ONLINE, EventKind.CORRECTION_RECEIVED,
               offered=False),
    Transition("confirm_payment_online", "申请人网上确认缴费", frozenset({Status.FEE_PENDING}), None,
               Authority.APPLICANT, AuditAction.CONFIRM_PAYMENT_ONLINE, offered=False),
)

STEPS: dict[str, Transition] = {t.step: t for t in TRANSITIONS}


def allowed_from(status: str) -> list[Transition]:
    """The steps the workflow allows from `status` (before the clock's and the user's say)."""
    return [t for t in TRANSITIONS if status in t.sources]


def offered(status: str, next_events: tuple[EventKind, ...] | None, *, may_work: bool, may_approve: bool
            ) -> list[Transition]:
    """The next steps the case page offers a user: allowed from the status, within the user's
    authority, and — for a step that records a clock event — an event the clock accepts now
    (`next_events`: `Clock.next_steps`; None when the history cannot be read at all)."""
    out = []
    for t in allowed_from(status):
        if not t.offered:
            continue
        if not (may_approve if t.authority is Authority.APPROVE else may_work):
            continue
        if t.event is not None and next_events is not None and t.event not in next_events:
            continue
        out.append(t)
    return out
