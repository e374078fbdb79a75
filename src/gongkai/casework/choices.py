"""The closed vocabularies of a case.

The clock's words (channel, event kinds, consulted party) are `gongkai.deadlines`' own
vocabularies, used here as they are; the words only casework has (applicant kind, workflow
status, letter kinds …) are declared below in the same form (:class:`Vocabulary`: a stored
value and a Chinese label, with Django-style ``choices``).  Where a word feeds table 三 it is
tied to the national format.
"""

from __future__ import annotations

from gongkai.deadlines import Channel, EventKind, Party, Vocabulary
from gongkai.fees import UNPAID_OUTCOME, FeeMethod
from gongkai.formats import APPLICANT_COLUMNS, for_year

__all__ = [
    "APPLICANT_COLUMN", "OPEN_STATUSES", "UNCORRECTED_OUTCOME", "UNPAID_FEE_OUTCOME", "ApplicantKind",
    "AttachmentKind", "Channel", "DeliveryRoute", "DocumentState", "EventKind", "FeeMethod", "FeeStatus", "Form", "IdDocument", "SubmissionKind",
    "LetterKind", "Party", "Source", "Status", "letter_series", "outcome_choices", "outcome_in_format",
    "outcome_label", "outcome_row",
]


class ApplicantKind(Vocabulary):
    """The six applicant columns of 表三; the value names the column the case counts in."""

    NATURAL = "natural", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"

    @property
    def is_person(self) -> bool:
        return self is ApplicantKind.NATURAL


# kind → 表三 column address part (order is the format's own)
APPLICANT_COLUMN = dict(zip(ApplicantKind.values, APPLICANT_COLUMNS, strict=True))


class IdDocument(Vocabulary):
    """The identity document whose number is kept: by default the applicant kind's own (居民身份证 for a
    person, 统一社会信用代码 for an organisation, both validated by check digit); a person without a
    mainland ID card (a foreigner, a resident of Hong Kong, Macao or Taiwan) gives another document,
    whose number is kept as given."""

    STANDARD = "", "居民身份证/统一社会信用代码"
    PASSPORT = "passport", "护照"
    OTHER = "other", "其他有效身份证件"


class SubmissionKind(Vocabulary):
    """What an applicant sent through the portal on an existing case."""

    CORRECTION = "correction", "补正材料"
    PAYMENT = "payment", "缴费确认"


class Form(Vocabulary):
    """The form in which the applicant wants the information (Art. 29(3), 40)."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子数据"
    VIEWING = "viewing", "查阅"
    COPY = "copy", "摘抄、复制"


class DeliveryRoute(Vocabulary):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"
    FAX = "fax", "传真"


class Source(Vocabulary):
    """Who put a case or a change into the platform."""

    STAFF = "staff", "工作人员登记"
    PORTAL = "portal", "网上申请（门户提交）"
    REOPENED = "reopened", "依复议决定或判决重新办理"
    SYSTEM = "system", "系统"


class Status(Vocabulary):
    """The workflow's states (`casework.workflow` declares the steps between them)."""

    RECEIVED = "received", "办理中"
    CORRECTION = "correction", "待补正"
    CONSULTATION = "consultation", "征求意见中"
    FEE_PENDING = "fee_pending", "待缴费"
    DECIDED = "decided", "已作出答复，待送达"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = (Status.RECEIVED, Status.CORRECTION, Status.CONSULTATION, Status.FEE_PENDING)


class FeeStatus(Vocabulary):
    PENDING = "pending", "待缴费"
    PAID = "paid", "已缴费"
    UNPAID = "unpaid", "逾期未缴费"


class LetterKind(Vocabulary):
    """Letters and notices; the same kinds as `gongkai.casework.letters.LETTER_KINDS`."""

    ACKNOWLEDGEMENT = "acknowledgement", "受理回执"
    CORRECTION_REQUEST = "correction_request", "补正告知书"
    EXTENSION_NOTICE = "extension_notice", "延期答复告知书"
    CONSULTATION_THIRD_PARTY = "consultation_third_party", "征求第三方意见函"
    CONSULTATION_AGENCY = "consultation_agency", "征求其他机关意见函"
    FEE_NOTICE = "fee_notice", "信息处理费收费通知"
    REPLY_GRANTED = "reply_granted", "答复书（予以公开）"
    REPLY_PARTLY_GRANTED = "reply_partly_granted", "答复书（部分公开）"
    REPLY_WITHHELD = "reply_withheld", "答复书（不予公开）"
    REPLY_UNABLE = "reply_unable", "答复书（无法提供）"
    REPLY_NOT_PROCESSED = "reply_not_processed", "答复书（不予处理）"
    REPLY_OTHER = "reply_other", "告知书（其他处理）"

    @property
    def is_reply(self) -> bool:
        return self.value.startswith("reply_")


class DocumentState(Vocabulary):
    """A letter a step made: pending (cannot be issued yet, the reason is kept) or issued (numbered)."""

    PENDING = "pending", "待出具"
    ISSUED = "issued", "已出具"


class AttachmentKind(Vocabulary):
    """What a file on a case is (the letters the platform makes are Documents, not attachments)."""

    APPLICATION_FORM = "application_form", "申请表（原件扫描）"
    ENVELOPE = "envelope", "信封、邮件封面"
    ID_COPY = "id_copy", "身份证明"
    CORRECTION = "correction", "补正材料"
    THIRD_PARTY_OPINION = "third_party_opinion", "第三方或其他机关意见"
    DELIVERY_PROOF = "delivery_proof", "送达凭证（回执、签收单）"
    OTHER = "other", "其他材料"


# number series and the character marking it in the document number (…公开补〔2026〕3号);
# every reply shares one series: the 答复书 numbers run on across outcomes
LETTER_SERIES = {
    "acknowledgement": ("acknowledgement", "收"),
    "correction_request": ("correction", "补"), "extension_notice": ("extension", "延"),
    "consultation_third_party": ("consultation", "征"), "consultation_agency": ("consultation", "征"),
    "fee_notice": ("fee", "费"),
}


def letter_series(kind: str) -> tuple[str, str]:
    return LETTER_SERIES.get(kind, ("reply", ""))


def outcome_choices(year: int) -> list[tuple[str, str]]:
    """(outcome id, label) for every outcome the format in force in `year` counts in 表三."""
    return [(o.id, outcome_label(o.id, year)) for o in for_year(year).outcomes]


def outcome_in_format(outcome: str, year: int) -> bool:
    return any(o.id == outcome for o in for_year(year).outcomes)


def outcome_row(outcome: str, year: int) -> str:
    """The 表三 row path the format in force in `year` counts this outcome id in."""
    return for_year(year).outcome_row(outcome)


def outcome_label(outcome: str, year: int) -> str:
    """The row as a clerk reads it (（三）不予公开 1.属于国家秘密), with the note where rows are shared."""
    fmt = for_year(year)
    o = next((o for o in fmt.outcomes if o.id == outcome), None)
    if o is None:
        return outcome
    label = fmt.short_label("表三", o.row)
    return f"{label}（{o.note}）" if o.note else label


UNPAID_FEE_OUTCOME = UNPAID_OUTCOME  # （六）2 from 2021, the single （六） before
UNCORRECTED_OUTCOME = "other.uncorrected"  # （六）1 from 2021, the single （六） before
