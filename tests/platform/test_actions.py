"""Every action: the rule it enforces, the audit it writes, and that a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.casework import actions
from gongkai.casework.demo import synthetic_id
from gongkai.casework.errors import (
    CaseworkError,
    DuplicateSubmission,
    InvalidInput,
    NotAllowed,
    OutOfOrder,
    StaleVersion,
)
from gongkai.casework.models import Application, AuditEvent, ClockEvent, Document, Fee
from gongkai.formats import T3_OTHER_2021, for_year

from .conftest import TODAY, receive

GRANTED = "granted"
BASIS = "《中华人民共和国政府信息公开条例》第三十六条第（二）项"


def state(app):
    """Everything an action could change, to prove a refused action changed nothing."""
    app.refresh_from_db()
    return (app.version, app.status, app.due_on, app.outcome, ClockEvent.objects.filter(application=app).count(),
            AuditEvent.objects.filter(application=app).count(), Document.objects.filter(application=app).count())


def test_receive_computes_due_date_numbers_and_audits(world):
    app = receive(world, on=dt.date(2026, 6, 1))  # a Monday; 端午 2026-06-19 is a holiday
    assert app.number == "G-D-2026-00001"  # the agency's code: unique across agencies
    assert app.owner == world.clerk  # first-contact responsibility
    # 20 working days after 1 June, skipping the 端午 holiday on 19 June
    assert app.due_on == dt.date(2026, 6, 30)
    assert "第三十一条" in app.clock_explanation
    ev = AuditEvent.objects.get(application=app)
    assert ev.action == "receive_application" and ev.actor == world.clerk and ev.via == "staff"
    assert app.identifier not in str(ev.after)  # personal data masked in the audit trail
    assert ev.after["identifier"].startswith(app.identifier[:6]) and "*" in ev.after["identifier"]
    ack = Document.objects.get(application=app)  # the 受理回执 comes with the registration
    assert ack.kind == "acknowledgement" and ack.number == "测商公开收〔2026〕1号" and ack.issued_on == app.received_on
    other = receive(world, agency=world.town, actor=world.town_clerk, on=dt.date(2026, 6, 1), n=2)
    assert other.number == "G-T-2026-00001" != app.number


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


@pytest.mark.parametrize("field,value,fragment", [
    ("applicant_name", "王\x01某", "控制字符"),
    ("information_requested", "x" * 5001, "不能超过 5000 个字"),
    ("contact_address", "某路\x0b1号", "控制字符"),
    ("applicant_name", "某" * 101, "不能超过 100 个字"),
])
def test_text_bounded_and_control_characters_refused_before_saving(world, field, value, fragment):
    with pytest.raises(InvalidInput) as e:
        receive(world, **{field: value})
    assert fragment in e.value.message and e.value.field == field
    assert Application.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_double_submission_records_one(world):
    first = receive(world, intake_key="form-123")
    with pytest.raises(DuplicateSubmission) as e:
        receive(world, intake_key="form-123")
    assert e.value.application == first
    assert Application.objects.count() == 1


def test_online_application_from_the_portal_on_a_saturday(world):
    """Art. 31(3): the day both confirm; the portal's acknowledgement on a rest day counts from the next
    working day.  No staff actor; audited as a portal submission; no owner until staff take it."""
    saturday = dt.date(2026, 6, 6)
    app = actions.do_receive_application(
        None, world.dept, source="portal", channel="online", submitted_on=saturday, applicant_kind="natural",
        applicant_name="网上申请人", identifier=synthetic_id(9), information_requested="某项目批复", today=TODAY)
    assert (app.submitted_on, app.received_on) == (saturday, dt.date(2026, 6, 8))
    assert app.owner is None and app.source == "portal"
    assert app.due_on == dt.date(2026, 7, 7)  # 20 working days after Monday 8 June (端午 19 June off)
    assert "非工作日" in app.clock_explanation and "第三十一条第三项" in app.clock_explanation
    ev = AuditEvent.objects.get(application=app)
    assert ev.actor is None and ev.via == "portal" and "门户" in ev.summary
    with pytest.raises(NotAllowed):  # nobody else may register without an actor
        actions.do_receive_application(None, world.dept, source="staff", channel="online", submitted_on=saturday,
                                       applicant_kind="natural", applicant_name="x", identifier=app.identifier,
                                       information_requested="x", today=TODAY)


def test_saturday_submission_seen_on_saturday_waits_for_monday(world):
    saturday = dt.date(2026, 6, 6)
    app = actions.do_receive_application(
        None, world.dept, source="portal", channel="online", submitted_on=saturday, applicant_kind="natural",
        applicant_name="网上申请人", identifier=synthetic_id(8), information_requested="x",
        today=saturday)
    assert app.received_on == dt.date(2026, 6, 8) and app.due_on is None
    assert "确认收到" in app.clock_explanation


def test_outsider_and_supervisor_cannot_register_or_work(world):
    with pytest.raises(NotAllowed):
        receive(world, actor=world.outsider)
    app = receive(world)
    with pytest.raises(NotAllowed):
        actions.do_request_correction(world.supervisor, app, on=dt.date(2026, 6, 2), items="x", today=TODAY)


def test_decision_needs_the_head_and_an_outcome_of_the_years_format(world):
    app = receive(world)
    before = state(app)
    with pytest.raises(NotAllowed):
        actions.do_decide(world.handler, app, on=dt.date(2026, 6, 10), outcome=GRANTED, legal_basis=BASIS, today=TODAY)
    with pytest.raises(InvalidInput, match="不是2026年适用"):
        actions.do_decide(world.head, app, on=dt.date(2026, 6, 10), outcome="三、本年度办理结果/（六）其他处理/3.其他",
                          legal_basis=BASIS, today=TODAY)
    with pytest.raises(InvalidInput) as e:  # a partial grant's reply must say why the rest is withheld
        actions.do_decide(world.head, app, on=dt.date(2026, 6, 10), outcome="partly_granted", today=TODAY)
    assert e.value.field == "reason"
    assert state(app) == before
    app = actions.do_decide(world.head, app, on=dt.date(2026, 6, 10), outcome=GRANTED, legal_basis=BASIS, today=TODAY)
    assert (app.status, app.outcome, app.concluded_on) == ("decided", GRANTED, dt.date(2026, 6, 10))
    reply = Document.objects.get(application=app, kind="reply_granted")  # the decision and its letter: one step
    assert reply.number == "测商公开〔2026〕1号" and reply.issued_on == dt.date(2026, 6, 10)
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
    with pytest.raises(OutOfOrder, match="只能延长一次"):
        actions.do_approve_extension(world.head, app, on=dt.date(2026, 6, 8), days=5, reason="r", today=TODAY)
    assert state(app) == before


def test_extension_letter_says_the_days_approved_dated_and_numbered_on_its_step(world):
    """5 days approved on 2025-12-22 (recorded in 2026): the letter says 5, cites Art. 33 ¶2, is dated
    on the approval and numbered in 2025."""
    from gongkai.casework.actions.letters import from_json
    from gongkai.casework.letters import compose

    app = receive(world, on=dt.date(2025, 12, 1), today=TODAY)
    app = actions.do_approve_extension(world.head, app, on=dt.date(2025, 12, 22), days=5, reason="调取档案",
                                       today=TODAY)
    doc = Document.objects.get(application=app, kind="extension_notice")
    assert doc.issued_on == dt.date(2025, 12, 22) and doc.year == 2025 and doc.number == "测商公开延〔2025〕1号"
    text = compose(doc.kind, from_json(doc.context)).text
    assert "延长5个工作日" in text and "第三十三条第二款" in text and "2025年12月22日" in text
    assert f"将于{app.due_on.year}年{app.due_on.month}月{app.due_on.day}日前作出答复" in text


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


def test_correction_deadline_from_the_applicants_receipt_and_lapse_offered_as_six_one(world):
    app = receive(world, on=dt.date(2026, 5, 6))
    app = actions.do_request_correction(world.handler, app, on=dt.date(2026, 5, 7), items="请写明文号", days=10,
                                        today=TODAY)
    assert app.waiting_until is None  # the period runs from a receipt not yet known
    ev = app.events.get(kind="correction_requested")
    with pytest.raises(InvalidInput, match="逾期不补正"):  # not before a deadline has passed
        actions.do_decide(world.head, app, on=dt.date(2026, 5, 20), outcome="other.uncorrected", today=TODAY)
    app = actions.do_record_receipt(world.handler, app, event=ev, received_on=dt.date(2026, 5, 11), today=TODAY)
    assert app.waiting_until == dt.date(2026, 5, 25)  # 10 working days after Monday 11 May
    with pytest.raises(OutOfOrder, match="已登记"):  # recorded once
        actions.do_record_receipt(world.handler, app, event=ev, received_on=dt.date(2026, 5, 12), today=TODAY)
    with pytest.raises(InvalidInput, match="补正期限2026年05月25日"):
        actions.do_decide(world.head, app, on=dt.date(2026, 5, 25), outcome="other.uncorrected", today=TODAY)
    app = actions.do_decide(world.head, app, on=dt.date(2026, 5, 26), outcome="other.uncorrected", today=TODAY)
    assert app.outcome == "other.uncorrected"
    assert Document.objects.filter(application=app, kind="reply_other").exists()


def test_consultation_time_not_counted_and_capped_from_the_partys_receipt(world):
    app = receive(world, on=dt.date(2026, 6, 1))
    due = app.due_on
    app = actions.do_start_consultation(world.handler, app, on=dt.date(2026, 6, 3), party="third_party",
                                        recipient="某公司", today=TODAY)
    assert app.status == "consultation"
    assert Document.objects.filter(application=app, kind="consultation_third_party").exists()
    app = actions.do_end_consultation(world.handler, app, on=dt.date(2026, 6, 10), today=TODAY)
    assert app.status == "received" and app.due_on == actions.base.clock.add_workdays(due, 5)


def test_consultation_receipt_date_moves_the_due_date_as_article_32_says(world):
    """No answer: the wait is not counted for at most 15 working days from the party's receipt."""
    today = dt.date(2026, 8, 31)
    app = receive(world, on=dt.date(2026, 6, 1), today=today)
    app = actions.do_start_consultation(world.handler, app, on=dt.date(2026, 6, 3), party="third_party",
                                        recipient="某公司", today=today)
    assert app.status == "consultation" and app.due_on is not None  # 15 days from the sending passed: runs again
    from_sending = app.due_on
    ev = app.events.get(kind="consultation_started")
    app = actions.do_record_receipt(world.handler, app, event=ev, received_on=dt.date(2026, 6, 10), today=today)
    # the party received it 5 working days after sending: the cap, and so the due date, move 5 working days
    assert app.due_on == actions.base.clock.add_workdays(from_sending, 5)


def test_stale_version_is_a_concurrent_edit(world):
    app = receive(world)
    seen = app.version
    actions.do_assign(world.head, app, assignee=world.handler, expected_version=seen)
    before = state(app)
    with pytest.raises(StaleVersion, match="已被他人修改"):
        actions.do_request_correction(world.handler, app, on=dt.date(2026, 6, 2), items="x",
                                      expected_version=seen, today=TODAY)
    assert state(app) == before


def test_a_reposted_form_does_nothing_twice(world):
    app = receive(world, on=dt.date(2026, 6, 1))
    actions.do_request_correction(world.handler, app, on=dt.date(2026, 6, 2), items="请写明文号", key="k-1",
                                  today=TODAY)
    before = state(app)
    with pytest.raises(DuplicateSubmission) as e:
        actions.do_request_correction(world.handler, app, on=dt.date(2026, 6, 2), items="请写明文号", key="k-1",
                                      today=TODAY)
    assert e.value.application.pk == app.pk and state(app) == before
    assert Document.objects.filter(application=app, kind="correction_request").count() == 1


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


def test_fee_paid_and_unpaid_counted_from_the_applicants_receipt(world):
    app = receive(world, on=dt.date(2026, 6, 1))
    with pytest.raises(InvalidInput, match="不收费"):
        actions.do_send_fee_notice(world.handler, app, on=dt.date(2026, 6, 3), method="per_page", pages=30, today=TODAY)
    app = actions.do_send_fee_notice(world.handler, app, on=dt.date(2026, 6, 3), method="per_page", pages=120,
                                     today=TODAY)
    fee = Fee.objects.get(application=app)
    assert fee.amount == Decimal("1100")  # 70×10 + 20×20
    assert fee.pay_by == dt.date(2026, 7, 2)  # 20 working days from the day after sending (端午 19 June off)
    ev = app.events.get(kind="fee_notice_sent")
    app = actions.do_record_receipt(world.handler, app, event=ev, received_on=dt.date(2026, 6, 5), today=TODAY)
    fee.refresh_from_db()
    assert fee.pay_by == dt.date(2026, 7, 6)  # … from the day after the applicant received it (109号)
    with pytest.raises(OutOfOrder):  # the period has not run out
        actions.do_conclude_unpaid(world.handler, app, on=dt.date(2026, 6, 10), today=TODAY)
    app = actions.do_conclude_unpaid(world.handler, app, on=dt.date(2026, 7, 7), today=dt.date(2026, 8, 1))
    assert app.status == "decided" and app.outcome == "other.unpaid_fee"
    assert for_year(2026).outcome_row(app.outcome) == T3_OTHER_2021[1]
    assert Document.objects.filter(application=app, kind="reply_other").exists()


def test_paid_fee_lets_the_clock_run(world):
    app = receive(world, on=dt.date(2026, 6, 1))
    app = actions.do_send_fee_notice(world.handler, app, on=dt.date(2026, 6, 3), method="per_page", pages=120,
                                     today=TODAY)
    assert app.due_on is None and app.status == "fee_pending"
    app = actions.do_record_payment(world.handler, app, on=dt.date(2026, 6, 10), today=TODAY)
    assert app.status == "received" and app.due_on is not None


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


def test_letters_drawn_after_commit_with_numbers_and_files(world, settings):
    settings.GONGKAI_LETTERS = "inline"
    app = receive(world, on=dt.date(2026, 6, 1))
    app = actions.do_request_correction(world.handler, app, on=dt.date(2026, 6, 2), items="请写明文件名称或文号",
                                        today=TODAY)
    doc = Document.objects.get(application=app, kind="correction_request")
    assert doc.number == "测商公开补〔2026〕1号" and doc.template_version == "correction_request.v2"
    assert doc.pdf.read()[:4] == b"%PDF" and doc.docx.read()[:2] == b"PK"
    assert AuditEvent.objects.filter(application=app, action="request_correction").count() == 1


def test_letter_needing_a_year_without_calendar_data_waits_and_is_issued_after_the_import(world, settings):
    """The extended due date falls in 2027, for which no holiday notice is loaded: the step is recorded,
    its letter waits with the reason; after `calendar import` it is issued, dated and numbered on its step."""
    from gongkai.casework.actions.letters import from_json
    from gongkai.casework.letters import compose

    from .conftest import NOTICE_2027

    today = dt.date(2026, 12, 3)
    app = receive(world, on=dt.date(2026, 12, 1), today=today, acknowledge=False)
    app = actions.do_approve_extension(world.head, app, on=dt.date(2026, 12, 2), days=20, reason="档案调取",
                                       today=today)
    assert app.due_on is None and "2027" in app.clock_error  # shown, never guessed
    doc = Document.objects.get(application=app, kind="extension_notice")
    assert doc.state == "pending" and doc.number == "" and "2027" in doc.problem
    with pytest.raises(CaseworkError, match="2027"):  # still missing: refused, still pending
        actions.do_issue_letter(world.handler, app, document=doc, today=today)
    doc.refresh_from_db()
    assert doc.state == "pending"
    actions.do_import_calendar_year(world.admin, year=2027, notice_text=NOTICE_2027, source="测试", today=today)
    app.refresh_from_db()
    assert app.due_on is not None and app.due_on.year == 2027
    issued = actions.do_issue_letter(world.handler, app, document=doc, today=dt.date(2027, 1, 5))
    assert issued.state == "issued" and issued.issued_on == dt.date(2026, 12, 2)
    assert issued.number == "测商公开延〔2026〕1号"  # the step's year, not the day it was issued
    text = compose(issued.kind, from_json(issued.context)).text
    assert "2026年12月2日" in text and "延长20个工作日" in text
    with pytest.raises(OutOfOrder, match="已出具"):
        actions.do_issue_letter(world.handler, app, document=doc, today=dt.date(2027, 1, 5))


def test_a_step_whose_letter_is_missing_can_issue_it(world):
    """An event recorded without its letter (data from before letters came with steps) is offered."""
    from gongkai.casework.actions.letters import missing_letters

    app = receive(world, on=dt.date(2026, 6, 1), acknowledge=False)
    missing = missing_letters(app)
    assert [(e.kind, k) for e, k in missing] == [("received", "acknowledgement")]
    doc = actions.do_issue_letter(world.clerk, app, event=missing[0][0], today=TODAY)
    assert doc.kind == "acknowledgement" and doc.issued_on == dt.date(2026, 6, 1)
    assert missing_letters(app) == []
