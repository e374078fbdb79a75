"""What an applicant does on their own case through the portal (the portal has checked the
tracking number and query code; ``actor`` is None and the audit says 门户).

A 补正 reply is the corrected application arriving: the clock restarts from its receipt date
(Art. 30), the day it is submitted — the portal acknowledges it at once, and a rest day counts as
docs/deadlines.md §1 says of a same-day confirmation (day 1 is the next working day).  This is
the earlier of the two readings of Art. 31(3) (a new application on a rest day is taken as
received on the next working day), so the agency never answers later than either allows.  A payment confirmation is the
applicant's word that they paid: it is kept and staff are told, but only staff record the
payment (`do_record_payment`) once the 非税 platform shows it — the clock does not move on a claim.
"""

from __future__ import annotations

import datetime as dt

from ..choices import AttachmentKind, EventKind, Source, SubmissionKind
from ..errors import InvalidInput
from ..models import LONG_NOTE_MAX, ApplicantSubmission
from ..storage import case_files
from . import base
from .attachments import check_file, new_attachment, store_checked

MAX_FILES = 5


def _stored(files) -> list:
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise InvalidInput(f"一次最多上传 {MAX_FILES} 个文件", field="files")
    for f in files:
        check_file(f, field="files")
    return [store_checked(f, field="files") for f in files]


def _submit(application, step: str, kind: str, attachment_kind: str, *, text: str, files, paid_on, key, today,
            record) -> ApplicantSubmission:
    stored = _stored(files)
    try:
        with base.begin(None, application, step, key=key, today=today, via=Source.PORTAL) as s:
            sub = ApplicantSubmission.objects.create(application=s.app, kind=kind, text=text, paid_on=paid_on)
            atts = [new_attachment(s, attachment_kind, *f, note=SubmissionKind(kind).label) for f in stored]
            sub.attachments.set(atts)
            record(s, len(atts))
    except BaseException:
        for name, *_ in stored:
            case_files().delete(name)
        raise
    return sub


def do_reply_correction_online(application, *, text: str, files=(), key: str | None = None,
                               today: dt.date | None = None) -> ApplicantSubmission:
    """The applicant's 补正 arrived through the portal: kept with its files; the 20 working days
    restart from the day it was submitted (the module's docstring says why that day)."""
    today = base.today_or(today)
    text = base.clean_text(text, "补正内容", LONG_NOTE_MAX, field="text", multiline=True)
    if not text and not [f for f in files if f]:
        raise InvalidInput("请填写补正内容或上传补正材料", field="text")
    received = today

    def record(s, n):
        base.not_before_history(s.app, received, "收到补正材料")
        s.event(EventKind.CORRECTION_RECEIVED, received, reason="申请人网上提交")
        s.finish(f"申请人网上提交补正材料（{n} 个文件），{received:%Y-%m-%d} 收到，答复期限重新计算")

    return _submit(application, "reply_correction_online", SubmissionKind.CORRECTION, AttachmentKind.CORRECTION,
                   text=text, files=files, paid_on=None, key=key, today=today, record=record)


def do_confirm_payment_online(application, *, paid_on: dt.date, text: str = "", files=(), key: str | None = None,
                              today: dt.date | None = None) -> ApplicantSubmission:
    """The applicant says they paid on `paid_on` (with the receipt, if any): kept for staff to
    check and record; no clock event."""
    today = base.today_or(today)
    paid_on = base.check_date(paid_on, "缴费日期", today, field="paid_on")
    text = base.clean_text(text, "说明", LONG_NOTE_MAX, field="text", multiline=True)

    def record(s, n):
        if paid_on < s.app.received_on:
            raise InvalidInput("缴费日期早于收到申请之日", field="paid_on")
        s.finish(f"申请人网上确认已于 {paid_on:%Y-%m-%d} 缴费（{n} 个文件），待工作人员核实登记", recompute=False)

    return _submit(application, "confirm_payment_online", SubmissionKind.PAYMENT, AttachmentKind.OTHER,
                   text=text, files=files, paid_on=paid_on, key=key, today=today, record=record)
