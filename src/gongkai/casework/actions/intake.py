"""Registering an application: by staff at any channel, or by the portal for an online one."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from gongkai import deadlines, identifiers, workdays
from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import has_role

from .. import workflow
from ..calendar import platform_calendar
from ..choices import (
    ApplicantKind,
    Channel,
    DeliveryRoute,
    EventKind,
    Form,
    IdDocument,
    LetterKind,
    Source,
)
from ..errors import CalendarMissing, DuplicateSubmission, InvalidInput, NotAllowed
from ..models import NAME_MAX, REQUEST_MAX, Application
from ..storage import case_files
from . import base
from .attachments import check_file, new_attachment, store_checked

OTHER_ID_MAX = 32


def validate_identifier(kind: str, identifier: str, id_document: str = IdDocument.STANDARD) -> str:
    """Normalised ID number (natural person) or credit code (organisation); InvalidInput if wrong.

    With ``id_document`` a passport or another document: its number, kept as given (trimmed),
    since no check digit rule is known for it."""
    if id_document:
        label = IdDocument(choice(id_document, IdDocument, "身份证件类型", "id_document")).label
        value = base.clean_text(identifier, f"{label}号码", OTHER_ID_MAX, field="identifier", required=True)
        if not all(c.isalnum() or c in "-()（） " for c in value):
            raise InvalidInput(f"{label}号码只能包含字母、数字和连字符", field="identifier")
        return value
    value = (identifier or "").strip().upper()
    if not value:
        what = "居民身份证号码" if kind == ApplicantKind.NATURAL else "统一社会信用代码"
        raise InvalidInput(f"请填写申请人的{what}（《条例》第二十九条要求提供身份证明）", field="identifier")
    try:
        if kind == ApplicantKind.NATURAL:
            return identifiers.validate_resident_id(value).number
        return identifiers.validate_credit_code(value).code
    except identifiers.InvalidIdentifier as e:
        raise InvalidInput(str(e), field="identifier") from None


def kind_hint(identifier: str, kind: str, name: str = "") -> str | None:
    """The table 三 organisation column a credit code (and name) suggests, with its reason."""
    if kind == ApplicantKind.NATURAL or len((identifier or "").strip()) != 18:
        return None
    try:
        s = identifiers.suggest_organisation_kind(identifier.strip().upper(), name)
    except identifiers.InvalidIdentifier:  # the action reports the invalid code next to the field
        return None
    return f"{s.label}。{s.reason}"


def choice(value: str, vocabulary, what: str, field: str) -> str:
    if value not in vocabulary.values:
        raise InvalidInput(f"{what}无效：{value!r}", field=field)
    return value


def contacts(contact_phone: str, contact_address: str, contact_email: str) -> dict:
    return {
        "contact_phone": base.clean_text(contact_phone, "联系电话", 32, field="contact_phone"),
        "contact_address": base.clean_text(contact_address, "通信地址", 200, field="contact_address"),
        "contact_email": base.clean_text(contact_email, "电子邮箱", 100, field="contact_email"),
    }


def receipt_dates(channel: str, received_on: dt.date | None, submitted_on: dt.date | None, today: dt.date
                  ) -> tuple[dt.date, dt.date]:
    """(the day it arrived, the Art. 31 receipt date) for a channel (docs/deadlines.md §1).

    In person or oral: the day submitted.  Signed post: the day signed for.  Plain post, online,
    fax: the day both sides confirm; when only the arrival is known (a portal submission), an
    arrival on a working day is confirmed that day, on a rest day the next working day."""
    ch = Channel(channel)
    if submitted_on is not None:
        submitted_on = base.check_date(submitted_on, "提交（到达）日期", today, field="submitted_on")
    if received_on is not None:
        received_on = base.check_date(received_on, "收到申请之日", today, field="received_on")
    if ch in (Channel.IN_PERSON, Channel.ORAL):
        day = received_on or submitted_on
        if day is None:
            raise InvalidInput("请填写收到申请之日（当面提交为提交之日）", field="received_on")
        return day, day
    if received_on is None:
        if submitted_on is None or not ch.needs_confirmation:
            raise InvalidInput("请填写收到申请之日（邮寄为签收之日，平信、网上、传真为确认之日）", field="received_on")
        try:  # a rest-day arrival is received on the next working day, which may still be ahead
            received_on = deadlines.online_receipt_date(submitted_on, platform_calendar())
        except workdays.CalendarMissing as e:
            raise CalendarMissing.of(e) from None
    submitted_on = submitted_on or received_on
    if submitted_on > received_on:
        raise InvalidInput(f"提交（到达）日期{submitted_on:%Y年%m月%d日}晚于收到申请之日{received_on:%Y年%m月%d日}",
                           field="submitted_on")
    return submitted_on, received_on


def do_receive_application(
    actor, agency: Agency, *, applicant_kind: str, applicant_name: str, identifier: str,
    information_requested: str, channel: str, received_on: dt.date | None = None,
    submitted_on: dt.date | None = None, form: str = Form.PAPER, delivery_route: str = DeliveryRoute.POST,
    contact_phone: str = "", contact_address: str = "", contact_email: str = "", intake_key: str | None = None,
    acknowledge: bool = True, source: str = Source.STAFF, today: dt.date | None = None,
    id_document: str = IdDocument.STANDARD, files: tuple = (),
) -> Application:
    """Register an application.  The registering user owns it (首问责任制) until handed over.

    ``actor=None, source="portal"`` registers an online application submitted on the portal
    (audited as such, no first-contact owner until staff take it); its receipt date follows
    Art. 31(3) as :func:`receipt_dates` applies it.  ``intake_key`` is the form's one-time
    token: submitting the same form twice raises ``DuplicateSubmission`` carrying the
    application already recorded.  ``acknowledge`` issues the 受理回执 with the registration.
    ``files``: (AttachmentKind, upload) pairs (the portal's identity document), checked by
    content and size before anything is written and kept with the case in the same step.
    """
    today = base.today_or(today)
    source = choice(source, Source, "来源", "source")
    if actor is None:
        if source != Source.PORTAL:
            raise NotAllowed("只有工作人员或政府网站（门户）可以登记申请")
        if channel != Channel.ONLINE:
            raise InvalidInput("门户提交的申请，渠道只能是互联网", field="channel")
    elif not (getattr(actor, "is_superuser", False)
              or has_role(actor, agency, Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)):
        raise NotAllowed(f"您不是{agency.name}的工作人员，不能登记该机关的申请")
    if intake_key:
        existing = Application.objects.filter(intake_key=intake_key).first()
        if existing:
            raise DuplicateSubmission(f"该申请表已提交过，申请已登记为 {existing.number}，未重复登记", existing)
    fields = {
        "applicant_kind": choice(applicant_kind, ApplicantKind, "申请人类型", "applicant_kind"),
        "channel": choice(channel, Channel, "申请渠道", "channel"),
        "form": choice(form, Form, "获取信息的形式", "form"),
        "delivery_route": choice(delivery_route, DeliveryRoute, "获取信息的途径", "delivery_route"),
        "applicant_name": base.clean_text(applicant_name, "申请人姓名/名称", NAME_MAX, field="applicant_name",
                                          required=True),
        "information_requested": base.clean_text(information_requested, "所需政府信息", REQUEST_MAX,
                                                 field="information_requested", required=True, multiline=True),
        **contacts(contact_phone, contact_address, contact_email),
    }
    fields["identifier"] = validate_identifier(applicant_kind, identifier, id_document)
    fields["id_document"] = id_document or IdDocument.STANDARD
    submitted_on, received_on = receipt_dates(channel, received_on, submitted_on, today)
    via = source if actor is None else Source.STAFF
    for i, (_kind, upload) in enumerate(files):
        check_file(upload, field=f"file{i}")
    stored = [(kind, *store_checked(upload)) for kind, upload in files]
    try:
        with transaction.atomic():
            # under the agency row the year's lock takes first: a receipt racing the lock waits
            # for it and is refused, instead of slipping into a year just locked
            Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk", flat=True).first()
            base.check_unlocked(agency.pk, [received_on.year], "登记该年度收到的申请")
            seq = base.next_number(agency, received_on.year, "application")
            app = Application.objects.create(
                agency=agency, number=f"{agency.code}-{received_on.year}-{seq:05d}", source=source,
                owner=actor, received_on=received_on, submitted_on=submitted_on, sort_on=received_on,
                intake_key=intake_key or None, **fields)
            s = base.Step(actor=actor, app=app, transition=workflow.STEPS["receive_application"], before=None,
                          today=today, key=None, via=via)
            event = s.event(EventKind.RECEIVED, received_on, strict=False, reason=Channel(channel).label)
            if acknowledge:
                s.letter(LetterKind.ACKNOWLEDGEMENT, event)
            for kind, name, content_kind, data, original in stored:
                new_attachment(s, kind, name, content_kind, data, original, actor=actor)
            who = "门户网上申请" if actor is None else Channel(channel).label
            s.finish(f"登记申请 {app.number}（{who}，{received_on:%Y-%m-%d} 收到）")
    except BaseException as e:
        for _kind, name, *_ in stored:
            case_files().delete(name)
        if not isinstance(e, IntegrityError):
            raise
        existing = Application.objects.filter(intake_key=intake_key).first() if intake_key else None
        if existing:  # a concurrent double submission won the race
            raise DuplicateSubmission(f"该申请表已提交过，申请已登记为 {existing.number}，未重复登记",
                                      existing) from None
        raise
    from .letters import draw_after_commit

    draw_after_commit(s.documents)
    return app
