"""The closed vocabularies of a case, each tied to the national format where it feeds table 三."""

from __future__ import annotations

from django.db import models

from gongkai.formats import APPLICANT_COLUMNS, for_year


class ApplicantKind(models.TextChoices):
    """The six applicant columns of 表三; the value names the column the case counts in."""

    NATURAL = "natural", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"


# kind → 表三 column address part (order is the format's own)
APPLICANT_COLUMN = dict(zip(ApplicantKind.values, APPLICANT_COLUMNS, strict=True))


class Channel(models.TextChoices):
    """How the application arrived; decides the receipt date (Art. 31)."""

    IN_PERSON = "in_person", "当面提交"
    POST_SIGNED = "post_signed", "邮寄（需签收）"
    POST_PLAIN = "post_plain", "平信邮寄"
    ONLINE = "online", "互联网"
    FAX = "fax", "传真"
    ORAL = "oral", "口头申请（代为填写）"


class Form(models.TextChoices):
    """The form in which the applicant wants the information (Art. 29(3), 40)."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子数据"
    VIEWING = "viewing", "查阅"
    COPY = "copy", "摘抄、复制"


class DeliveryRoute(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"
    FAX = "fax", "传真"


class Status(models.TextChoices):
    RECEIVED = "received", "办理中"
    CORRECTION = "correction", "待补正"
    CONSULTATION = "consultation", "征求意见中"
    FEE_PENDING = "fee_pending", "待缴费"
    DECIDED = "decided", "已作出答复，待送达"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = (Status.RECEIVED, Status.CORRECTION, Status.CONSULTATION, Status.FEE_PENDING)


class EventKind(models.TextChoices):
    """Clock events: what `gongkai.deadlines` reads to compute the due date."""

    RECEIVED = "received", "收到申请"
    CORRECTION_REQUESTED = "correction_requested", "发出补正告知"
    CORRECTION_RECEIVED = "correction_received", "收到补正材料"
    CONSULTATION_STARTED = "consultation_started", "开始征求意见"
    CONSULTATION_ENDED = "consultation_ended", "征求意见结束"
    EXTENSION_APPROVED = "extension_approved", "批准延期答复"
    FEE_NOTICE_SENT = "fee_notice_sent", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳费用"
    FEE_UNPAID = "fee_unpaid", "逾期未缴费"
    LATER_DATE_SET = "later_date_set", "确定合理答复期限（第三十五条）"
    DECIDED = "decided", "作出答复"
    DELIVERED = "delivered", "送达"


class FeeMethod(models.TextChoices):
    PER_APPLICATION = "per_application", "按件计收"
    PER_PAGE = "per_page", "按量计收"


class FeeStatus(models.TextChoices):
    PENDING = "pending", "待缴费"
    PAID = "paid", "已缴费"
    UNPAID = "unpaid", "逾期未缴费"


class LetterKind(models.TextChoices):
    """Letters and notices; the same kinds as `gongkai.casework.letters.LETTER_KINDS`."""

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


# number series and the character marking it in the document number (…公开补〔2026〕3号);
# every reply shares one series: the 答复书 numbers run on across outcomes
LETTER_SERIES = {
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


UNPAID_FEE_OUTCOME = "other.unpaid_fee"  # （六）2 from 2021, the single （六） before
UNCORRECTED_OUTCOME = "other.uncorrected"  # （六）1 from 2021, the single （六） before
