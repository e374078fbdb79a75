"""Every action: the rule it enforces, the audit it writes, and that a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.casework import actions
from gongkai.casework.errors import (
    CaseworkError,
    DuplicateSubmission,
    InvalidInput,
    NotAllowed,
    OutOfOrder,
    StaleVersion,
)
from gongkai.casework.models import Application, AuditEvent, ClockEvent
from gongkai.formats import T3_OTHER_2021, for_year

from .conftest import TODAY, receive

GRANTED = "granted"
BASIS = "《中华人民共和国政府信息公开条例》第三十六条第（二）项"


def state(app):
    """Everything an action could change, to prove a refused action changed nothing."""
    app.refresh_from_db()
    return (app.version, app.status, app.due_on, app.outcome, ClockEvent.objects.filter(application=app).count(),
            AuditEvent.objects.filter(application=app).count())


def test_receive_computes_due_date_and_audits(world):
    app = receive(world, on=dt.date(2026, 6, 1))  # a Monday; 端午 2026-06-19 is a holiday
    assert app.number == "2026-00001"
    assert app.owner == world.clerk  # first-contact responsibility
    # 20 working days after 1 June, skipping the 端午 holiday on 19 June
    assert app.due_on == dt.date(2026, 6, 30)
    assert "第三十一条" in app.clock_explanation or "收到申请" in app.clock_explanation
    ev = AuditEvent.objects.get(application=app)
    assert ev.action == "receive_application" and ev.actor == world.clerk
    assert app.identifier not in str(ev.after)  # personal data masked in the audit trail
    assert ev.after["identifier"].startswith(app.identifier[:6]) and "*" in ev.after["identifier"]


@pytest.mark.parametrize("kind,identifier,fragment", [
    ("natural", "330481190001019001", "校验位"),
    ("natural", "12345", "18位"),
    ("commercial", "91330481MA00000010", "校验位"),
    ("natural", "", "居民身份证号码"),
])
def test_invalid_identifier_refused(world, kind, identifier, fragment):
    with pytest.raises(InvalidInput) as e:
        receive(world, kind=kind, identifier=identifier)
    assert fragment in e.value.message and e.value.field == "identifier"
    assert Application.objects.count() == 0


def test_receipt_in_the_future_refused(world):
    with pytest.raises(InvalidInput, match="晚于今天"):
        receive(world, on=TODAY + dt.timedelta(days=1))
    assert Application.objects.count() == 0


def test_double_submission_records_one(world):
    first = receive(world, intake_key="form-123")
    with pytest.raises(DuplicateSubmission) as e:
        receive(world, intake_key="form-123")
    assert e.value.application == first
    assert Application.objects.count() == 1


def test_outsider_and_supervisor_cannot_register_or_work(world):
    with pytest.raises(NotAllowed):
        receive(world, actor=world.outsider)
    app = receive(world)
    with pytest.raises(NotAllowed):
        actions.do_request_correction(world.supervisor, app, on=dt.date(2026, 6, 2), items="x", today=TODAY)


def test_decision_needs_the_head_and_a_leaf_row_of_the_years_format(world):
    app = receive(world)
    before = state(app)
    with pytest.raises(NotAllowed):
        actions.do_decide(world.handler, app, on=dt.date(2026, 6, 10), outcome=GRANTED, legal_basis=BASIS, today=TODAY)
    with pytest.raises(InvalidInput, match="不是2026年适用"):
        actions.do_decide(world.head, app, on=dt.date(2026, 6, 10), outcome="三、本年度办理结果/（六）其他处理/3.其他",
                          legal_basis=BASIS, today=TODAY)
    assert state(app) == before
    app = actions.do_decide(world.head, app, on=dt.date(2026, 6, 10), outcome=GRANTED, legal_basis=BASIS, today=TODAY)
    assert (app.status, app.outcome, app.concluded_on) == ("decided", GRANTED, dt.date(2026, 6, 10))
    app = actions.do_deliver(world.handler, app, on=dt.date(2026, 6, 11), method="post", note="EMS", today=TODAY)
    assert app.status == "closed"


def test_decision_before_receipt_refused(world):
    app = receive(world, on=dt.date(2026, 6, 10))
    before = state(app)
    with pytest.raises(OutOfOrder, match="早于收到申请之日"):
        actions.do_decide(world.head, app, on=dt.date(2026, 6, 9), outcome=GRANTED, legal_basis=BASIS, today=TODAY)
    assert state(app) == before


def test_one_extension_of_at_most_20_days_by_the_head(world):
    app = receive(world, on=dt.date(2026, 6, 1))
    with pytest.raises(InvalidInput):
        actions.do_approve_extension(world.head, app, on=dt.date(2026, 6, 5), days=21, reason="r", today=TODAY)
    with pytest.raises(NotAllowed):
        actions.do_approve_extension(world.handler, app, on=dt.date(2026, 6, 5), reason="r", today=TODAY)
    app = actions.do_approve_extension(world.head, app, on=dt.date(2026, 6, 5), days=20, reason="档案调取", today=TODAY)
    assert app.due_on == dt.date(2026, 7, 28)  # 40 working days after 1 June (端午 19 June off)
    before = state(app)
    with pytest.raises(OutOfOrder, match="延期一次"):
        actions.do_approve_extension(world.head, app, on=dt.date(2026, 6, 8), days=5, reason="r", today=TODAY)
    assert state(app) == before


def test_correction_after_seven_working_days_needs_a_reason(world):
    app = receive(world, on=dt.date(2026, 6, 1))
    before = state(app)
    with pytest.raises(OutOfOrder) as e:  # 11 June is the 8th working day after 1 June
        actions.do_request_correction(world.handler, app, on=dt.date(2026, 6, 11), items="请写明文号", today=TODAY)
    assert e.value.field == "override_reason" and "第三十条" in e.value.message
    assert state(app) == before
    app = actions.do_request_correction(world.handler, app, on=dt.date(2026, 6, 11), items="请写明文号",
                                        override_reason="承办人出差，经负责人同意", today=TODAY)
    assert app.status == "correction" and app.due_on is None  # the clock waits for the correction
    app = actions.do_receive_correction(world.handler, app, on=dt.date(2026, 6, 15), today=TODAY)
    # restarts: 20 working days after 15 June (端午 19 June off)
    assert app.status == "received" and app.due_on == dt.date(2026, 7, 14)


def test_consultation_time_not_counted(world):
    app = receive(world, on=dt.date(2026, 6, 1))
    due = app.due_on
    app = actions.do_start_consultation(world.handler, app, on=dt.date(2026, 6, 3), party="third_party",
                                        recipient="某公司", today=TODAY)
    assert app.status == "consultation"
    app = actions.do_end_consultation(world.handler, app, on=dt.date(2026, 6, 10), today=TODAY)
    assert app.status == "received" and app.due_on == actions.clock.add_workdays(due, 5)


def test_stale_version_is_a_concurrent_edit(world):
    app = receive(world)
    seen = app.version
    actions.do_assign(world.head, app, assignee=world.handler, expected_version=seen)
    before = state(app)
    with pytest.raises(StaleVersion, match="已被他人修改"):
        actions.do_request_correction(world.handler, app, on=dt.date(2026, 6, 2), items="x",
                                      expected_version=seen, today=TODAY)
    assert state(app) == before


def test_assign_and_hand_over(world):
    app = receive(world)
    with pytest.raises(InvalidInput):
        actions.do_assign(world.head, app, assignee=world.town_clerk)  # not staff of this agency
    app = actions.do_assign(world.head, app, assignee=world.handler)
    assert app.assignee == world.handler
    with pytest.raises(NotAllowed):
        actions.do_hand_over(world.handler, app, to_user=world.head)  # only the owner or the head
    app = actions.do_hand_over(world.clerk, app, to_user=world.handler, note="转承办")
    assert app.owner == world.handler
    assert list(AuditEvent.objects.filter(application=app).values_list("action", flat=True)) == [
        "receive_application", "assign", "hand_over"]


def test_fee_paid_and_unpaid(world):
    app = receive(world, on=dt.date(2026, 6, 1))
    with pytest.raises(InvalidInput, match="不收费"):
        actions.do_send_fee_notice(world.handler, app, on=dt.date(2026, 6, 3), method="per_page", pages=30, today=TODAY)
    app = actions.do_send_fee_notice(world.handler, app, on=dt.date(2026, 6, 3), method="per_page", pages=120,
                                     today=TODAY)
    assert app.fee.amount == Decimal("1100")  # 70×10 + 20×20
    with pytest.raises(OutOfOrder):
        actions.do_record_payment(world.handler, app, on=dt.date(2026, 6, 10), paid=False, today=TODAY)
    pay_by = app.fee.pay_by
    app = actions.do_record_payment(world.handler, app, on=pay_by + dt.timedelta(days=1), paid=False,
                                    today=dt.date(2026, 8, 1))
    assert app.status == "decided" and app.outcome == "other.unpaid_fee"
    assert for_year(2026).outcome_row(app.outcome) == T3_OTHER_2021[1]


def test_per_application_fee_counts_the_applicants_month(world):
    apps = [receive(world, on=dt.date(2026, 5, 4), n=7) for _ in range(11)]
    with pytest.raises(InvalidInput, match="不收费"):
        actions.do_send_fee_notice(world.handler, apps[9], on=dt.date(2026, 5, 5), method="per_application",
                                   today=TODAY)
    app = actions.do_send_fee_notice(world.handler, apps[10], on=dt.date(2026, 5, 5), method="per_application",
                                     today=TODAY)
    assert app.fee.amount == Decimal("100") and app.fee.month_count == 11


def test_error_messages_are_chinese_casework_errors(world):
    with pytest.raises(CaseworkError) as e:
        receive(world, applicant_name="  ")
    assert "申请人" in str(e.value)


def test_issue_letters_numbers_and_files(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    app = receive(world, on=dt.date(2026, 6, 1))
    doc = actions.do_issue_letter(world.handler, app, kind="correction_request", on=dt.date(2026, 6, 2),
                                  context={"correction_items": ["请写明文件名称或文号"], "correction_deadline": "15个工作日"},
                                  today=TODAY)
    assert doc.number == "测商公开补〔2026〕1号" and doc.template_version.startswith("correction_request.v")
    assert doc.pdf.read()[:4] == b"%PDF" and doc.docx.read()[:2] == b"PK"
    with pytest.raises(OutOfOrder):  # no decision yet
        actions.do_issue_letter(world.handler, app, kind="reply_granted", on=dt.date(2026, 6, 2), today=TODAY)
    app = actions.do_decide(world.head, app, on=dt.date(2026, 6, 10), outcome=GRANTED, legal_basis=BASIS, today=TODAY)
    with pytest.raises(InvalidInput, match="应出具"):
        actions.do_issue_letter(world.handler, app, kind="reply_withheld", on=dt.date(2026, 6, 10), today=TODAY)
    reply = actions.do_issue_letter(world.handler, app, kind="reply_granted", on=dt.date(2026, 6, 10),
                                    context={"delivery": "通过电子邮件发送"}, today=TODAY)
    assert reply.number == "测商公开〔2026〕1号"
    assert AuditEvent.objects.filter(application=app, action="issue_letter").count() == 2


def test_letter_needing_a_year_without_calendar_data_is_a_casework_error(world, settings, tmp_path):
    """The extended due date falls in 2027, for which no holiday notice is loaded: the clerk is told,
    nothing is issued, and no traceback escapes the action."""
    settings.MEDIA_ROOT = tmp_path
    today = dt.date(2026, 12, 3)
    app = receive(world, on=dt.date(2026, 12, 1), today=today)
    app = actions.do_approve_extension(world.head, app, on=dt.date(2026, 12, 2), days=20, reason="档案调取",
                                       today=today)
    assert app.due_on is None and "2027" in app.clock_error  # shown, never guessed
    before = state(app)
    with pytest.raises(CaseworkError, match="2027"):
        actions.do_issue_letter(world.handler, app, kind="extension_notice", on=dt.date(2026, 12, 2), today=today)
    assert state(app) == before and not app.documents.exists()
