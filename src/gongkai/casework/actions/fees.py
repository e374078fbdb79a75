"""信息处理费 (国办函〔2020〕109号): one method per application; paid, or lapsed (（六）2)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from gongkai import fees

from .. import clock
from ..choices import UNPAID_FEE_OUTCOME, EventKind, FeeMethod, FeeStatus, LetterKind
from ..errors import InvalidInput, OutOfOrder
from ..models import Application, Fee
from . import base
from .letters import reply_kind_of


def applications_in_month(app: Application) -> int:
    """This application's position among the applicant's applications to the agency in its natural
    month (ties on a day ordered by id, as `gongkai.fees.monthly_positions` does)."""
    first = app.received_on.replace(day=1)
    return Application.objects.filter(
        Q(received_on__lt=app.received_on) | Q(received_on=app.received_on, id__lte=app.id),
        agency_id=app.agency_id, identifier=app.identifier, received_on__gte=first,
    ).count()


def do_send_fee_notice(actor, application, *, on: dt.date, method: str, pages: int | None = None,
                       payment_method: str = "通过非税收入统一缴款平台缴纳",
                       notice_received_on: dt.date | None = None, expected_version: int | None = None,
                       key: str | None = None, today: dt.date | None = None):
    """Charge by application (counted per applicant per natural month) or by pages — one method.

    The payment period runs 20 working days from the day after the applicant received the
    notice (``notice_received_on``; until recorded, the sending day)."""
    today = base.today_or(today)
    on = base.check_date(on, "收费通知日期", today)
    if method not in FeeMethod.values:
        raise InvalidInput(f"计收方式无效：{method!r}（按件或按量，只能选一种）", field="method")
    payment_method = base.clean_text(payment_method, "缴费方式", 200, field="payment_method", required=True)
    if notice_received_on is not None:
        notice_received_on = base.check_date(notice_received_on, "申请人收到收费通知的日期", today,
                                             field="notice_received_on")
    with base.begin(actor, application, "send_fee_notice", expected_version=expected_version, key=key,
                    today=today) as s:
        app = s.app
        if Fee.objects.filter(application=app).exists():
            raise OutOfOrder("本申请已发出过收费通知；每件申请只能选择一种计收方式、收费一次")
        base.not_before_history(app, on, "收费通知")
        nth = applications_in_month(app) if method == FeeMethod.PER_APPLICATION else None
        try:
            charge = fees.quote(method, nth_in_month=nth, pages=pages if method == FeeMethod.PER_PAGE else None,
                                received_on=app.received_on)
        except fees.FeeError as e:
            raise InvalidInput(str(e), field="pages" if method == FeeMethod.PER_PAGE else "method") from None
        if charge.free:
            raise InvalidInput(f"按规定本申请不收费（{'；'.join(charge.lines)}），无需发出收费通知", field="method")
        event = s.event(EventKind.FEE_NOTICE_SENT, on, reason=f"{charge.amount}元",
                        party_received_on=notice_received_on)
        Fee.objects.create(application=app, method=method, month_count=nth, pages=pages, amount=charge.amount,
                           explanation=charge.describe(), notice_sent_on=on)
        s.letter(LetterKind.FEE_NOTICE, event, {"payment_method": payment_method})
        c = clock.recompute(app, today)
        pay_by = c.fee_payment_due if c is not None else None
        Fee.objects.filter(application=app).update(pay_by=pay_by)
        when = f"，缴费期限 {pay_by:%Y-%m-%d}" if pay_by else ""
        s.finish(f"发出收费通知：{FeeMethod(method).label} {charge.amount}元{when}", recompute=False)
    return s.app


def do_record_payment(actor, application, *, on: dt.date, expected_version: int | None = None,
                      key: str | None = None, today: dt.date | None = None):
    """The applicant paid within the period: the clock runs again."""
    today = base.today_or(today)
    on = base.check_date(on, "缴费日期", today)
    with base.begin(actor, application, "record_payment", expected_version=expected_version, key=key,
                    today=today) as s:
        base.not_before_history(s.app, on, "缴费登记")
        fee = Fee.objects.select_for_update().get(application=s.app)
        s.event(EventKind.FEE_PAID, on)  # the clock refuses a payment after its period
        fee.status, fee.settled_on = FeeStatus.PAID, on
        fee.save()
        s.finish(f"申请人已缴纳信息处理费 {fee.amount}元")
    return s.app


def do_conclude_unpaid(actor, application, *, on: dt.date, expected_version: int | None = None,
                       key: str | None = None, today: dt.date | None = None):
    """Not paid within the period: the application is treated as withdrawn — concluded as （六）2
    with its 告知书, dated on this day."""
    today = base.today_or(today)
    on = base.check_date(on, "登记日期", today)
    with base.begin(actor, application, "conclude_unpaid", expected_version=expected_version, key=key,
                    today=today) as s:
        app = s.app
        base.not_before_history(app, on, "逾期未缴费登记")
        base.check_unlocked(app.agency_id, [on.year], "办结申请")
        fee = Fee.objects.select_for_update().get(application=app)
        event = s.event(EventKind.FEE_UNPAID, on)  # the clock refuses it before the period has run out
        fee.status, fee.settled_on = FeeStatus.UNPAID, on
        fee.save()
        app.concluded_on, app.outcome = on, UNPAID_FEE_OUTCOME
        app.legal_basis = fees.FEE_DOC
        s.letter(reply_kind_of(app), event)
        s.finish("申请人逾期未缴纳信息处理费，视为放弃申请，不再处理")
    return s.app
