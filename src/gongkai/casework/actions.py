"""The one door for every change to a case.

Each ``do_*`` function checks the rule, writes inside ``transaction.atomic()``, recomputes
the due date from the event log and the calendar when events change, and appends an
``AuditEvent`` (who, when, what, before/after).  Bad input raises a ``CaseworkError``
subclass whose message (Chinese) says what is wrong; nothing is written in that case.

Common keyword arguments:
  ``expected_version``  the ``Application.version`` the user's form was built from; a
                        different current version means someone else changed the case
                        (``StaleVersion``).  ``None`` skips the check (commands, scripts).
  ``today``             the current date, for tests and data loading; default: today in
                        Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gongkai import fees, identifiers, workdays
from gongkai.agencies.models import Agency, Role, Staff
from gongkai.agencies.permissions import can_approve, can_work_case, has_role, is_administrator

from . import audit, clock
from .calendar import platform_calendar
from .choices import (
    APPLICANT_COLUMN,
    OPEN_STATUSES,
    UNPAID_FEE_OUTCOME,
    ApplicantKind,
    Channel,
    DeliveryRoute,
    EventKind,
    FeeMethod,
    FeeStatus,
    Form,
    LetterKind,
    Status,
    letter_series,
    outcome_choices,
    outcome_in_format,
    outcome_label,
    outcome_row,
)
from .errors import (
    CaseworkError,
    DuplicateSubmission,
    InvalidInput,
    NotAllowed,
    OutOfOrder,
    StaleVersion,
    YearLocked,
)
from .models import Application, CalendarYear, ClockEvent, Document, Fee, Sequence

CORRECTION_NOTICE_WORKDAYS = 7  # Art. 30
MAX_EXTENSION_WORKDAYS = 20  # Art. 33
FEE_PAYMENT_WORKDAYS = 20  # 109号

__all__ = [
    "CaseworkError", "do_approve_extension", "do_assign", "do_decide", "do_deliver", "do_end_consultation",
    "do_hand_over", "do_import_calendar_year", "do_issue_letter", "do_receive_application", "do_receive_correction", "do_record_payment",
    "do_request_correction", "do_send_fee_notice", "do_set_later_date", "do_start_consultation",
]


# --- helpers ----------------------------------------------------------------------------
def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _date(value, what: str, today: dt.date) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidInput(f"{what}必须是日期，收到 {value!r}", field="on")
    if value > today:
        raise InvalidInput(f"{what}（{value:%Y年%m月%d日}）晚于今天（{today:%Y年%m月%d日}），不能登记将来的日期", field="on")
    return value


def next_number(agency: Agency, year: int, series: str) -> int:
    """Allocate the next number of a series; call inside the action's transaction."""
    seq, _ = Sequence.objects.select_for_update().get_or_create(agency=agency, year=year, series=series)
    seq.last += 1
    seq.save(update_fields=["last"])
    return seq.last


def _check_unlocked(agency_id: int, day: dt.date, what: str) -> None:
    from gongkai.annual.models import ReportLock  # annual depends on casework, not the reverse at import

    if ReportLock.objects.filter(agency_id=agency_id, year=day.year).exists():
        raise YearLocked(f"{day.year}年度的年报已锁定（已报送），{what}会改变该年度表三，操作未执行。"
                         f"如确需更正，请先由管理员解除锁定")


def _load(actor, application: Application | int, expected_version: int | None, *, approve: bool = False
          ) -> Application:
    """Lock the case row, check the version and the actor's right to change it."""
    pk = application.pk if isinstance(application, Application) else application
    try:
        app = Application.objects.select_for_update().get(pk=pk)
    except Application.DoesNotExist:
        raise InvalidInput(f"申请（编号 {pk}）不存在") from None
    if expected_version is not None and app.version != expected_version:
        raise StaleVersion(f"申请 {app.number} 已被他人修改（当前版本 {app.version}，您看到的是版本 "
                           f"{expected_version}）。请刷新页面，核对最新内容后再操作；您填写的内容未保存")
    if approve:
        if not can_approve(actor, app):
            raise NotAllowed("此操作须由本机关政府信息公开工作机构负责人批准")
    elif not can_work_case(actor, app):
        raise NotAllowed("您无权办理此申请（只能办理本机关的申请，监督人员只能查看）")
    return app


def _last_event_date(app: Application) -> dt.date:
    last = app.events.order_by("-on", "-id").first()
    return last.on if last else app.received_on


def _event(app: Application, actor, kind: str, on: dt.date, *, today: dt.date | None = None, strict: bool = True,
           **fields) -> ClockEvent:
    """Append a clock event after the clock has accepted it (`gongkai.deadlines.validate`)."""
    event = ClockEvent(application=app, kind=kind, on=on, actor=actor, **fields)
    clock.check(app, event, today, strict=strict)
    event.save()
    return event


def _not_before_history(app: Application, on: dt.date, what: str) -> None:
    last = _last_event_date(app)
    if on < last:
        raise OutOfOrder(f"{what}日期（{on:%Y年%m月%d日}）早于本案上一事件的日期（{last:%Y年%m月%d日}），"
                         f"事件必须按时间顺序登记")


def _require_status(app: Application, allowed: tuple, what: str) -> None:
    if app.status not in allowed:
        raise OutOfOrder(f"申请 {app.number} 当前状态为“{app.get_status_display()}”，不能{what}")


def _save(actor, app: Application, before: dict, action: str, summary: str, *, events_changed: bool = True,
          today: dt.date | None = None) -> Application:
    if events_changed:
        clock.recompute(app, today)
    app.version += 1
    app.save()
    audit.record(actor, action, app, before, audit.snapshot(app), summary)
    return app


def _staff_at(user, agency_id: int, *roles: str) -> bool:
    return Staff.objects.filter(user=user, agency_id=agency_id, role__in=roles).exists()


# --- intake -----------------------------------------------------------------------------
def validate_identifier(kind: str, identifier: str) -> str:
    """Normalised ID number (natural person) or credit code (organisation); InvalidInput if wrong."""
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


def suggest_applicant_kind(credit_code: str, name: str = "") -> tuple[str, str]:
    """(ApplicantKind value, reason) suggested from a credit code, for the intake form to pre-select."""
    try:
        s = identifiers.suggest_organisation_kind(credit_code, name)
    except identifiers.InvalidIdentifier as e:
        raise InvalidInput(str(e), field="identifier") from None
    kind = next(k for k, col in APPLICANT_COLUMN.items() if col == s.column)
    return kind, s.reason


def do_receive_application(
    actor, agency: Agency, *, applicant_kind: str, applicant_name: str, identifier: str,
    information_requested: str, channel: str, received_on: dt.date, form: str = Form.PAPER,
    delivery_route: str = DeliveryRoute.POST, contact_phone: str = "", contact_address: str = "",
    contact_email: str = "", intake_key: str | None = None, today: dt.date | None = None,
) -> Application:
    """Register an application.  The registering user owns it (首问责任制) until handed over.

    ``intake_key`` is the intake form's one-time token: submitting the same form twice raises
    ``DuplicateSubmission`` carrying the application already recorded.
    """
    today = _today(today)
    if not has_role(actor, agency, Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN) and not actor.is_superuser:
        raise NotAllowed(f"您不是{agency.name}的工作人员，不能登记该机关的申请")
    if intake_key:
        existing = Application.objects.filter(intake_key=intake_key).first()
        if existing:
            raise DuplicateSubmission(f"该申请表已提交过，申请已登记为 {existing.number}，未重复登记", existing)
    if applicant_kind not in ApplicantKind.values:
        raise InvalidInput(f"申请人类型无效：{applicant_kind!r}", field="applicant_kind")
    if channel not in Channel.values:
        raise InvalidInput(f"申请渠道无效：{channel!r}", field="channel")
    if form not in Form.values:
        raise InvalidInput(f"获取信息的形式无效：{form!r}", field="form")
    if delivery_route not in DeliveryRoute.values:
        raise InvalidInput(f"获取信息的途径无效：{delivery_route!r}", field="delivery_route")
    name = (applicant_name or "").strip()
    if not name:
        raise InvalidInput("请填写申请人姓名或名称", field="applicant_name")
    request = (information_requested or "").strip()
    if not request:
        raise InvalidInput("请填写所需政府信息的名称、文号或者便于查询的其他特征性描述", field="information_requested")
    identifier = validate_identifier(applicant_kind, identifier)
    received_on = _date(received_on, "收到申请之日", today)
    _check_unlocked(agency.pk, received_on, "登记该年度收到的申请")
    try:
        with transaction.atomic():
            seq = next_number(agency, received_on.year, "application")
            app = Application.objects.create(
                agency=agency, number=f"{received_on.year}-{seq:05d}", applicant_kind=applicant_kind,
                applicant_name=name, identifier=identifier, contact_phone=contact_phone.strip(),
                contact_address=contact_address.strip(), contact_email=contact_email.strip(),
                information_requested=request, form=form, delivery_route=delivery_route, channel=channel,
                owner=actor, received_on=received_on, sort_on=received_on, intake_key=intake_key or None,
            )
            _event(app, actor, EventKind.RECEIVED, received_on, today=today, strict=False,
                   reason=Channel(channel).label)
            clock.recompute(app, today)
            app.save()
            audit.record(actor, "receive_application", app, None, audit.snapshot(app),
                         f"登记申请 {app.number}（{Channel(channel).label}，{received_on:%Y-%m-%d} 收到）")
    except IntegrityError:
        existing = Application.objects.filter(intake_key=intake_key).first() if intake_key else None
        if existing:  # a concurrent double submission won the race
            raise DuplicateSubmission(f"该申请表已提交过，申请已登记为 {existing.number}，未重复登记",
                                      existing) from None
        raise
    return app


# --- 补正 (Art. 30) -----------------------------------------------------------------------
def do_request_correction(actor, application, *, on: dt.date, items: str, override_reason: str = "",
                          until: dt.date | None = None, expected_version: int | None = None,
                          today: dt.date | None = None) -> Application:
    """Send the one 补正 notice; the clock stops until the correction arrives.

    The notice is due within 7 working days of receipt; later needs ``override_reason``.
    ``until`` is the correction period given to the applicant, when there is one.
    """
    today = _today(today)
    on = _date(on, "补正告知日期", today)
    if not (items or "").strip():
        raise InvalidInput("请写明需要补正的事项", field="items")
    with transaction.atomic():
        app = _load(actor, application, expected_version)
        _require_status(app, (Status.RECEIVED,), "发出补正告知")
        _not_before_history(app, on, "补正告知")
        before = audit.snapshot(app)
        try:
            _event(app, actor, EventKind.CORRECTION_REQUESTED, on, today=today, reason=items.strip()[:300],
                   override_reason=(override_reason or "").strip()[:300], later_date=until)
        except OutOfOrder as e:
            e.field = "override_reason" if "超期原因" in e.message else e.field
            raise
        app.status = Status.CORRECTION
        return _save(actor, app, before, "request_correction", f"发出补正告知：{items.strip()[:100]}", today=today)


def do_receive_correction(actor, application, *, on: dt.date, expected_version: int | None = None,
                          today: dt.date | None = None) -> Application:
    """The corrected application arrived: the 20 working days restart from this day."""
    today = _today(today)
    on = _date(on, "收到补正材料日期", today)
    with transaction.atomic():
        app = _load(actor, application, expected_version)
        _require_status(app, (Status.CORRECTION,), "登记补正材料")
        _not_before_history(app, on, "收到补正材料")
        before = audit.snapshot(app)
        _event(app, actor, EventKind.CORRECTION_RECEIVED, on, today=today)
        app.status = Status.RECEIVED
        return _save(actor, app, before, "receive_correction", "收到补正材料，答复期限重新计算", today=today)


# --- 征求意见 (Art. 32, 34) ---------------------------------------------------------------
def do_start_consultation(actor, application, *, on: dt.date, party: str, recipient: str,
                          expected_version: int | None = None, today: dt.date | None = None) -> Application:
    """Consult a third party (Art. 32) or a co-producing agency (Art. 34); the time is not counted."""
    today = _today(today)
    on = _date(on, "征求意见日期", today)
    if party not in ("third_party", "co_producer"):
        raise InvalidInput("征求意见对象类型应为第三方或其他机关", field="party")
    if not (recipient or "").strip():
        raise InvalidInput("请填写被征求意见的第三方或机关名称", field="recipient")
    with transaction.atomic():
        app = _load(actor, application, expected_version)
        _require_status(app, (Status.RECEIVED,), "开始征求意见")
        _not_before_history(app, on, "征求意见")
        before = audit.snapshot(app)
        label = "第三方" if party == "third_party" else "共同制作机关"
        # the recipient may be a person: keep only the kind in the audit summary
        _event(app, actor, EventKind.CONSULTATION_STARTED, on, today=today, party=party,
               reason=f"{label}：{recipient.strip()}"[:300])
        app.status = Status.CONSULTATION
        return _save(actor, app, before, "start_consultation", f"向{label}征求意见，所需时间不计入答复期限", today=today)


def do_end_consultation(actor, application, *, on: dt.date, note: str = "", expected_version: int | None = None,
                        today: dt.date | None = None) -> Application:
    today = _today(today)
    on = _date(on, "征求意见结束日期", today)
    with transaction.atomic():
        app = _load(actor, application, expected_version)
        _require_status(app, (Status.CONSULTATION,), "结束征求意见")
        _not_before_history(app, on, "征求意见结束")
        before = audit.snapshot(app)
        party = app.events.filter(kind=EventKind.CONSULTATION_STARTED).order_by("-on", "-id").first().party
        _event(app, actor, EventKind.CONSULTATION_ENDED, on, today=today, party=party, reason=note.strip()[:300])
        app.status = Status.RECEIVED
        return _save(actor, app, before, "end_consultation", "征求意见结束，恢复计算答复期限", today=today)


# --- 延期 (Art. 33) and a later date (Art. 35) ----------------------------------------------
def do_approve_extension(actor, application, *, on: dt.date, reason: str, days: int = MAX_EXTENSION_WORKDAYS,
                         expected_version: int | None = None, today: dt.date | None = None) -> Application:
    """The head approves one extension of at most 20 working days, before the deadline passes."""
    today = _today(today)
    on = _date(on, "批准延期日期", today)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_EXTENSION_WORKDAYS:
        raise InvalidInput(f"延长答复期限最长不得超过{MAX_EXTENSION_WORKDAYS}个工作日（收到 {days!r}）", field="days")
    if not (reason or "").strip():
        raise InvalidInput("请填写延期答复的理由", field="reason")
    with transaction.atomic():
        app = _load(actor, application, expected_version, approve=True)
        _require_status(app, (Status.RECEIVED, Status.CONSULTATION), "批准延期")
        if app.events.filter(kind=EventKind.EXTENSION_APPROVED).exists():
            raise OutOfOrder("本申请已经延期一次；《条例》第三十三条只允许延长一次，且最长不超过20个工作日")
        _not_before_history(app, on, "批准延期")
        before = audit.snapshot(app)
        _event(app, actor, EventKind.EXTENSION_APPROVED, on, today=today, days=days, reason=reason.strip()[:300])
        return _save(actor, app, before, "approve_extension", f"批准延期答复{days}个工作日：{reason.strip()[:80]}", today=today)


def do_set_later_date(actor, application, *, on: dt.date, later_date: dt.date, reason: str,
                      expected_version: int | None = None, today: dt.date | None = None) -> Application:
    """Art. 35: for a clearly excessive request with reasonable grounds, the head sets a later date."""
    today = _today(today)
    on = _date(on, "确定合理期限日期", today)
    if not isinstance(later_date, dt.date) or later_date <= on:
        raise InvalidInput("合理的答复期限必须是晚于今天的日期", field="later_date")
    if not (reason or "").strip():
        raise InvalidInput("请填写确定合理答复期限的理由", field="reason")
    with transaction.atomic():
        app = _load(actor, application, expected_version, approve=True)
        _require_status(app, (Status.RECEIVED,), "确定合理答复期限")
        _not_before_history(app, on, "确定合理期限")
        before = audit.snapshot(app)
        _event(app, actor, EventKind.LATER_DATE_SET, on, today=today, later_date=later_date,
               reason=reason.strip()[:300])
        return _save(actor, app, before, "set_later_date", f"依第三十五条确定答复期限为{later_date:%Y年%m月%d日}", today=today)


# --- 信息处理费 (109号) -------------------------------------------------------------------
def applications_in_month(app: Application) -> int:
    """This application's position among the applicant's applications to the agency in its natural
    month (ties on a day ordered by id, as `gongkai.fees.monthly_positions` does)."""
    first = app.received_on.replace(day=1)
    return Application.objects.filter(
        Q(received_on__lt=app.received_on) | Q(received_on=app.received_on, id__lte=app.id),
        agency_id=app.agency_id, identifier=app.identifier, received_on__gte=first,
    ).count()


def do_send_fee_notice(actor, application, *, on: dt.date, method: str, pages: int | None = None,
                       expected_version: int | None = None, today: dt.date | None = None) -> Application:
    """Charge by application (counted per applicant per natural month) or by pages — one method."""
    today = _today(today)
    on = _date(on, "收费通知日期", today)
    if method not in FeeMethod.values:
        raise InvalidInput(f"计收方式无效：{method!r}（按件或按量，只能选一种）", field="method")
    with transaction.atomic():
        app = _load(actor, application, expected_version)
        _require_status(app, (Status.RECEIVED,), "发出收费通知")
        if Fee.objects.filter(application=app).exists():
            raise OutOfOrder("本申请已发出过收费通知；每件申请只能选择一种计收方式、收费一次")
        _not_before_history(app, on, "收费通知")
        nth = applications_in_month(app) if method == FeeMethod.PER_APPLICATION else None
        try:
            charge = fees.quote(method, nth_in_month=nth, pages=pages if method == FeeMethod.PER_PAGE else None,
                                received_on=app.received_on)
        except fees.FeeError as e:
            raise InvalidInput(str(e), field="pages" if method == FeeMethod.PER_PAGE else "method") from None
        if charge.free:
            raise InvalidInput(f"按规定本申请不收费（{'；'.join(charge.lines)}），无需发出收费通知", field="method")
        before = audit.snapshot(app)
        _event(app, actor, EventKind.FEE_NOTICE_SENT, on, today=today, reason=f"{charge.amount}元")
        pay_by = clock.add_workdays(on, FEE_PAYMENT_WORKDAYS)
        Fee.objects.create(application=app, method=method, month_count=nth, pages=pages, amount=charge.amount,
                           explanation=charge.describe(), notice_sent_on=on, pay_by=pay_by)
        app.status = Status.FEE_PENDING
        return _save(actor, app, before, "send_fee_notice",
                     f"发出收费通知：{FeeMethod(method).label} {charge.amount}元，缴费期限 {pay_by:%Y-%m-%d}", today=today)


def do_record_payment(actor, application, *, on: dt.date, paid: bool, expected_version: int | None = None,
                      today: dt.date | None = None) -> Application:
    """Paid → the clock runs again.  Not paid within 20 working days → concluded as （六）2."""
    today = _today(today)
    on = _date(on, "缴费登记日期", today)
    with transaction.atomic():
        app = _load(actor, application, expected_version)
        _require_status(app, (Status.FEE_PENDING,), "登记缴费情况")
        _not_before_history(app, on, "缴费登记")
        fee = Fee.objects.select_for_update().get(application=app)
        before = audit.snapshot(app)
        if paid:
            if fee.pay_by and on > fee.pay_by:
                raise OutOfOrder(f"缴费期限已于{fee.pay_by:%Y年%m月%d日}届满，逾期缴费应登记为未缴费")
            fee.status, fee.settled_on = FeeStatus.PAID, on
            fee.save()
            _event(app, actor, EventKind.FEE_PAID, on, today=today)
            app.status = Status.RECEIVED
            return _save(actor, app, before, "record_payment", f"申请人已缴纳信息处理费 {fee.amount}元", today=today)
        if fee.pay_by and on <= fee.pay_by:
            raise OutOfOrder(f"缴费期限至{fee.pay_by:%Y年%m月%d日}，期限届满前不能登记为逾期未缴费")
        _check_unlocked(app.agency_id, on, "办结申请")
        fee.status, fee.settled_on = FeeStatus.UNPAID, on
        fee.save()
        _event(app, actor, EventKind.FEE_UNPAID, on, today=today, strict=False)
        app.status, app.concluded_on, app.outcome = Status.DECIDED, on, UNPAID_FEE_OUTCOME
        app.legal_basis = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        return _save(actor, app, before, "record_payment", "申请人逾期未缴纳信息处理费，不再处理其申请", today=today)


# --- decision and delivery ----------------------------------------------------------------
def do_decide(actor, application, *, on: dt.date, outcome: str, legal_basis: str,
              expected_version: int | None = None, today: dt.date | None = None) -> Application:
    """Record the reply: exactly one table 三 leaf row of the format in force in the decision's year.

    Approved by the head of the disclosure office (the actor must be the head).
    """
    today = _today(today)
    on = _date(on, "答复日期", today)
    if not outcome_in_format(outcome, on.year):
        labels = "；".join(label for _, label in outcome_choices(on.year))
        raise InvalidInput(f"办理结果“{outcome}”不是{on.year}年适用的年报格式表三中的办理结果。可选：{labels}",
                           field="outcome")
    if not (legal_basis or "").strip():
        raise InvalidInput("请填写答复的法律依据（如《条例》第三十六条第（二）项）", field="legal_basis")
    with transaction.atomic():
        app = _load(actor, application, expected_version, approve=True)
        if on < app.received_on:
            raise OutOfOrder(f"答复日期（{on:%Y年%m月%d日}）早于收到申请之日（{app.received_on:%Y年%m月%d日}）",
                             field="on")
        _require_status(app, (Status.RECEIVED, Status.CORRECTION, Status.CONSULTATION), "作出答复")
        _not_before_history(app, on, "答复")
        _check_unlocked(app.agency_id, on, "作出答复")
        before = audit.snapshot(app)
        label = outcome_label(outcome, on.year)
        _event(app, actor, EventKind.DECIDED, on, today=today, strict=False, reason=label[:300])
        app.status, app.outcome, app.legal_basis = Status.DECIDED, outcome, legal_basis.strip()
        app.concluded_on, app.decided_by = on, actor
        return _save(actor, app, before, "decide", f"作出答复：{label}", today=today)


def do_deliver(actor, application, *, on: dt.date, method: str, note: str = "",
               expected_version: int | None = None, today: dt.date | None = None) -> Application:
    """Record 送达 of the reply: the case is closed."""
    today = _today(today)
    on = _date(on, "送达日期", today)
    if method not in DeliveryRoute.values:
        raise InvalidInput(f"送达方式无效：{method!r}", field="method")
    with transaction.atomic():
        app = _load(actor, application, expected_version)
        _require_status(app, (Status.DECIDED,), "登记送达")
        if on < app.concluded_on:
            raise OutOfOrder(f"送达日期早于答复日期（{app.concluded_on:%Y年%m月%d日}）", field="on")
        before = audit.snapshot(app)
        _event(app, actor, EventKind.DELIVERED, on, today=today, strict=False, reason=note.strip()[:300])
        app.status, app.delivered_on, app.delivery_method = Status.CLOSED, on, method
        app.delivery_note = note.strip()[:200]
        return _save(actor, app, before, "deliver", f"已送达（{DeliveryRoute(method).label}）", today=today)


# --- responsibility -----------------------------------------------------------------------
def do_assign(actor, application, *, assignee, expected_version: int | None = None) -> Application:
    """The head or a registrar assigns the case to a handler of the same agency."""
    with transaction.atomic():
        app = _load(actor, application, expected_version)
        if not (_staff_at(actor, app.agency_id, Role.HEAD, Role.REGISTRAR, Role.ADMIN) or actor.is_superuser
                or actor.pk == app.owner_id):
            raise NotAllowed("只有公开工作机构负责人、登记员或首问责任人可以分配承办人")
        if not _staff_at(assignee, app.agency_id, Role.HANDLER, Role.HEAD):
            raise InvalidInput(f"{assignee.get_username()} 不是{app.agency.name}的承办人员，不能分配", field="assignee")
        before = audit.snapshot(app)
        app.assignee = assignee
        return _save(actor, app, before, "assign", f"分配承办人：{assignee.get_username()}", events_changed=False)


def do_hand_over(actor, application, *, to_user, note: str = "", expected_version: int | None = None
                 ) -> Application:
    """First-contact responsibility passes to another staff member of the agency, on the record."""
    with transaction.atomic():
        app = _load(actor, application, expected_version)
        if actor.pk != app.owner_id and not _staff_at(actor, app.agency_id, Role.HEAD, Role.ADMIN):
            raise NotAllowed("只有当前首问责任人或负责人可以移交此申请")
        if not _staff_at(to_user, app.agency_id, Role.REGISTRAR, Role.HANDLER, Role.HEAD):
            raise InvalidInput(f"{to_user.get_username()} 不是{app.agency.name}的工作人员，不能接收移交", field="to_user")
        if to_user.pk == app.owner_id:
            raise InvalidInput("接收人就是当前首问责任人", field="to_user")
        before = audit.snapshot(app)
        app.owner = to_user
        return _save(actor, app, before, "hand_over", f"首问责任移交给 {to_user.get_username()}"
                     + (f"：{note.strip()[:80]}" if note.strip() else ""), events_changed=False)


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


# --- the calendar -------------------------------------------------------------------------
def do_import_calendar_year(actor, *, year: int, notice_text: str, source: str = "", today: dt.date | None = None
                            ) -> tuple[CalendarYear, int]:
    """Import a State Council holiday notice as a new version of `year`'s table.

    Open cases whose clock the change may affect are recomputed; each changed due date and
    the import itself are audited.  Returns (the stored year table, cases whose due date changed).
    """
    if not is_administrator(actor):
        raise NotAllowed("只有系统管理员可以导入节假日安排")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInput(f"年份无效：{year!r}", field="year")
    with transaction.atomic():
        # serialise imports: the version number is allocated under the lock
        last = CalendarYear.objects.select_for_update().filter(year=year).order_by("-version").first()
        version = (last.version + 1) if last else 1
        try:
            table = workdays.parse_state_council_notice(notice_text or "", year, source=source, version=version)
        except (workdays.NoticeParseError, workdays.CalendarDataError) as e:
            raise InvalidInput(f"无法读取{year}年节假日安排通知：{e}", field="notice_text") from None
        before_cal = platform_calendar()
        data = table.to_dict()
        row = CalendarYear.objects.create(
            year=year, version=version, holidays=data["holidays"], makeup_workdays=data["makeup_workdays"],
            names=data["names"], source=table.source[:300], notice_text=notice_text, imported_by=actor)
        after_cal = platform_calendar()
        diff = before_cal.diff(after_cal)
        audit.record(actor, "import_calendar_year", row, None,
                     {"year": year, "version": version, "holidays": len(table.holidays),
                      "makeup_workdays": len(table.makeup_workdays)}, diff.summary())
        changed = 0
        candidates = Application.objects.select_for_update().filter(
            Q(status__in=OPEN_STATUSES) | ~Q(clock_error=""))
        for app in candidates.order_by("id"):  # an action over the open cases, not statistics
            if not (app.clock_error or diff.affects(app.received_on)):
                continue
            before = audit.snapshot(app, ["due_on", "waiting_until", "clock_error"])
            clock.recompute(app, today)
            after = audit.snapshot(app, ["due_on", "waiting_until", "clock_error"])
            if after != before:
                app.version += 1
                app.save()
                audit.record(actor, "recompute_due_date", app, before, after,
                             f"节假日安排更新（{year}年第{version}版），答复期限重新计算")
                changed += 1
    return row, changed


# --- letters and notices --------------------------------------------------------------------
def _letter_context(app: Application, kind: str, number: str, on: dt.date, today: dt.date) -> dict:
    """What the case already knows for a letter; the caller adds the rest (items, reasons …)."""
    ctx: dict = {
        "agency_name": app.agency.name, "document_number": number, "received_date": app.received_on,
        "request_summary": app.information_requested, "issue_date": on, "applicant_name": app.applicant_name,
    }
    if kind == LetterKind.EXTENSION_NOTICE:
        c = clock.compute(app, today)
        ctx.update(due_date=c.statutory_due_date, extended_due_date=c.due_date)
        ext = app.events.filter(kind=EventKind.EXTENSION_APPROVED).first()
        if ext:
            ctx["extension_reason"] = ext.reason
    elif kind == LetterKind.FEE_NOTICE and hasattr(app, "fee"):
        f = app.fee
        ctx["fee"] = fees.quote(f.method, nth_in_month=f.month_count if f.method == FeeMethod.PER_APPLICATION else None,
                                pages=f.pages if f.method == FeeMethod.PER_PAGE else None)
    elif kind.startswith("reply_"):
        ctx["outcome"] = outcome_row(app.outcome, app.concluded_on.year)
    return ctx


def do_issue_letter(actor, application, *, kind: str, context: dict | None = None, on: dt.date | None = None,
                    expected_version: int | None = None, today: dt.date | None = None) -> Document:
    """Number, render (DOCX + PDF) and store a letter with its case.

    The number comes from the agency's sequence for the year and series, allocated inside the
    transaction (…公开〔2026〕12号 for replies, …公开补〔2026〕3号 for 补正告知书 …).  `context`
    adds what the case does not hold (see `gongkai.casework.letters`: correction_items,
    correction_deadline, payment_method, recipient_name, reason, delivery …).
    """
    from django.core.files.base import ContentFile

    from . import letters

    today = _today(today)
    on = _date(on or today, "出具日期", today)
    if kind not in LetterKind.values:
        raise InvalidInput(f"未知的文书种类：{kind!r}", field="kind")
    with transaction.atomic():
        app = _load(actor, application, expected_version)
        if kind.startswith("reply_"):
            if not app.outcome:
                raise OutOfOrder("尚未作出答复决定，不能出具答复书")
            wanted = letters.reply_kind(outcome_row(app.outcome, app.concluded_on.year))
            if wanted != kind:
                raise InvalidInput(f"办理结果为“{outcome_label(app.outcome, app.concluded_on.year)}”，应出具"
                                   f"{LetterKind(wanted).label}", field="kind")
        series, mark = letter_series(kind)
        seq = next_number(app.agency, on.year, series)
        number = f"{app.agency.document_prefix}{mark}〔{on.year}〕{seq}号"
        ctx = _letter_context(app, kind, number, on, today)
        ctx.update(context or {})
        try:
            docx_bytes, pdf_bytes = letters.render_letter(kind, ctx)
            version = letters.letter_version(kind, ctx)
        except letters.LetterError as e:
            raise InvalidInput(str(e), field="context") from None
        doc = Document(application=app, agency=app.agency, kind=kind, year=on.year, sequence=seq, number=number,
                       template_version=version, issued_on=on, issued_by=actor)
        stem = f"{kind}-{on.year}-{seq}"
        doc.docx.save(f"{stem}.docx", ContentFile(docx_bytes), save=False)
        doc.pdf.save(f"{stem}.pdf", ContentFile(pdf_bytes), save=False)
        doc.save()
        before = audit.snapshot(app)
        app.version += 1
        app.save(update_fields=["version"])
        audit.record(actor, "issue_letter", app, before, audit.snapshot(app),
                     f"出具{LetterKind(kind).label} {number}（模板 {version}）")
    return doc
