"""Corrections of registration data (the clock and 表三 follow, a locked year refuses) and reopening a
reply corrected by a reconsideration decision or a judgment (the appeals app calls do_reopen)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.annual import locks, table3
from gongkai.casework import actions
from gongkai.casework.errors import InvalidInput, OutOfOrder, YearLocked
from gongkai.casework.models import Application, AuditEvent, ClockEvent
from gongkai.formats import T3_NEW, address

from .conftest import TODAY, lock_year, receive

COM = "申请人情况/法人或其他组织/商业企业"
LAW = "申请人情况/法人或其他组织/法律服务机构"


def new_in(report, column):
    return report.cells[address("表三", T3_NEW, column)]


def test_a_passport_holder_corrected_keeps_the_passport_rule(world):
    """A passport number has no check digit: correcting the applicant's kind keeps it as given; switching
    to a 居民身份证 checks the new number by its check digit."""
    from gongkai.casework.demo import synthetic_id

    app = receive(world, applicant_name="John Smith", id_document="passport", identifier="E12345678")
    app = actions.do_correct_registration(world.clerk, app, reason="实为社会公益组织代表", applicant_kind="public_interest",
                                          today=TODAY)
    assert (app.identifier, app.id_document, app.applicant_kind) == ("E12345678", "passport", "public_interest")
    with pytest.raises(InvalidInput):
        actions.do_correct_registration(world.clerk, app, reason="改用身份证", id_document="", applicant_kind="natural",
                                        identifier="330481199001011235", today=TODAY)
    app = actions.do_correct_registration(world.clerk, app, reason="改用身份证", id_document="",
                                          applicant_kind="natural", identifier=synthetic_id(7), today=TODAY)
    assert (app.identifier, app.id_document) == (synthetic_id(7), "")


def test_a_firm_registered_in_the_wrong_column_moves_in_table_three(world):
    app = receive(world, kind="commercial", applicant_name="浙江某某律师事务所", on=dt.date(2026, 6, 1))
    before = table3.build(world.dept, 2026)
    assert (new_in(before, COM), new_in(before, LAW)) == (1, 0)
    app = actions.do_correct_registration(world.clerk, app, reason="登记时误将律师事务所登记为商业企业",
                                          applicant_kind="legal_service", today=TODAY)
    after = table3.build(world.dept, 2026)
    assert (new_in(after, COM), new_in(after, LAW)) == (0, 1)
    ev = AuditEvent.objects.filter(application=app, action="correct_registration").get()
    assert "律师事务所" in ev.summary
    assert ev.before["applicant_kind"] == "commercial" and ev.after["applicant_kind"] == "legal_service"
    from gongkai.casework.audit import describe

    assert ("申请人类型（表三列）", "商业企业", "法律服务机构") in describe(ev)  # read back in Chinese


def test_receipt_date_correction_moves_the_clock_and_the_event(world):
    app = receive(world, on=dt.date(2026, 6, 2))
    due = app.due_on
    app = actions.do_correct_registration(world.clerk, app, reason="实为6月1日当面提交", received_on=dt.date(2026, 6, 1),
                                          today=TODAY)
    assert app.received_on == dt.date(2026, 6, 1) and app.due_on < due
    assert ClockEvent.objects.get(application=app, kind="received").on == dt.date(2026, 6, 1)
    app = actions.do_request_correction(world.handler, app, on=dt.date(2026, 6, 3), items="请写明文号", today=TODAY)
    with pytest.raises(OutOfOrder):  # the receipt cannot move after a step already taken
        actions.do_correct_registration(world.clerk, app, reason="x", received_on=dt.date(2026, 6, 4), today=TODAY)


def test_correction_bounds_and_refusals(world):
    app = receive(world)
    with pytest.raises(InvalidInput, match="更正理由"):
        actions.do_correct_registration(world.clerk, app, reason=" ", applicant_name="王某某", today=TODAY)
    with pytest.raises(InvalidInput, match="没有需要更正"):
        actions.do_correct_registration(world.clerk, app, reason="x", applicant_name=app.applicant_name, today=TODAY)
    with pytest.raises(InvalidInput, match="不能更正的字段"):
        actions.do_correct_registration(world.clerk, app, reason="x", outcome="granted", today=TODAY)
    with pytest.raises(InvalidInput) as e:  # a natural person's ID number is checked as such
        actions.do_correct_registration(world.clerk, app, reason="x", applicant_kind="commercial", today=TODAY)
    assert e.value.field == "identifier"


def test_locked_year_refuses_a_column_change_but_not_a_phone_number(world):
    app = receive(world, kind="commercial", on=dt.date(2025, 6, 2), today=TODAY)
    app = actions.do_decide(world.head, app, on=dt.date(2025, 6, 20), outcome="granted", today=TODAY)
    lock_year(world.head, world.dept, 2025)
    with pytest.raises(YearLocked, match="2025年度"):
        actions.do_correct_registration(world.clerk, app, reason="类型错误", applicant_kind="legal_service",
                                        identifier=app.identifier, today=TODAY)
    app = actions.do_correct_registration(world.clerk, app, reason="电话变更", contact_phone="13800009999",
                                          today=TODAY)
    assert app.contact_phone == "13800009999"
    locks.do_unlock_year(world.admin, world.dept, 2025, reason="年报更正")
    actions.do_correct_registration(world.clerk, app, reason="类型错误", applicant_kind="legal_service", today=TODAY)


def test_unlock_is_an_administrators_audited_action(world):
    lock_year(world.head, world.dept, 2025)
    from gongkai.casework.errors import NotAllowed

    with pytest.raises(NotAllowed):
        locks.do_unlock_year(world.head, world.dept, 2025, reason="x")
    with pytest.raises(InvalidInput):
        locks.do_unlock_year(world.admin, world.dept, 2025, reason="")
    locks.do_unlock_year(world.admin, world.dept, 2025, reason="年报更正")
    ev = AuditEvent.objects.get(action="annual.unlock")
    assert ev.actor == world.admin and "年报更正" in ev.summary and ev.agency_id == world.dept.pk
    with pytest.raises(YearLocked, match="没有锁定"):
        locks.do_unlock_year(world.admin, world.dept, 2025, reason="again")


# --- reopening -----------------------------------------------------------------------------------
def _closed(world, on=dt.date(2026, 3, 2), outcome="withheld.process_info"):
    app = receive(world, on=on, today=TODAY)
    app = actions.do_decide(world.head, app, on=on + dt.timedelta(days=10), outcome=outcome, today=TODAY)
    return actions.do_deliver(world.handler, app, on=on + dt.timedelta(days=11), method="post", today=TODAY)


def test_reopen_in_the_same_year_reopens_the_case_with_its_own_clock(world):
    app = _closed(world)
    app = actions.do_reopen(world.handler, app, on=dt.date(2026, 6, 1), reason="责令在法定期限内重新答复",
                            source="某府复决字〔2026〕3号", today=TODAY)
    assert app.status == "received" and app.outcome == "" and app.concluded_on is None
    assert app.due_on == dt.date(2026, 6, 30)  # 20 working days from the order's receipt (端午 19 June off)
    assert "重新办理" in app.clock_explanation
    ev = AuditEvent.objects.filter(application=app, action="reopen").get()
    assert "某府复决字〔2026〕3号" in ev.summary
    # one extension again in the new period, and a new decision counts once
    actions.do_approve_extension(world.head, app, on=dt.date(2026, 6, 5), days=5, reason="复杂", today=TODAY)
    app = actions.do_decide(world.head, app, on=dt.date(2026, 6, 20), outcome="granted", today=TODAY)
    r = table3.build(world.dept, 2026)
    assert r.cells["表三|三、本年度办理结果/（七）总计|申请人情况/总计"] == 1


def test_reopen_of_an_earlier_years_reply_opens_a_rehandling_case(world):
    """The reported year keeps its conclusion; the re-handling is received in the year of the order."""
    app = _closed(world, on=dt.date(2025, 11, 3))
    lock_year(world.head, world.dept, 2025)
    new = actions.do_reopen(world.handler, app, on=dt.date(2026, 3, 2), reason="判决撤销原答复，责令重新答复",
                            source="（2026）浙0481行初1号", today=TODAY)
    app.refresh_from_db()
    assert new.pk != app.pk and new.reopened_from == app and new.source == "reopened"
    assert new.number.startswith("G-D-2026-") and new.received_on == dt.date(2026, 3, 2)
    assert app.status == "closed" and app.outcome == "withheld.process_info"  # kept as reported
    assert new.due_on == dt.date(2026, 3, 30)
    assert AuditEvent.objects.filter(application=app, action="reopen").exists()
    assert AuditEvent.objects.filter(application=new, action="reopen").exists()


def test_reopen_refused_where_it_would_change_a_locked_year(world):
    app = _closed(world)
    lock_year(world.head, world.dept, 2026)
    with pytest.raises(YearLocked, match="2026年度"):
        actions.do_reopen(world.handler, app, on=dt.date(2026, 6, 1), reason="x", today=TODAY)
    app.refresh_from_db()
    assert app.status == "closed"


def test_reopen_with_the_date_the_decision_set(world):
    app = _closed(world)
    app = actions.do_reopen(world.handler, app, on=dt.date(2026, 6, 1), reason="责令于6月15日前重新答复",
                            until=dt.date(2026, 6, 15), today=TODAY)
    assert app.due_on == dt.date(2026, 6, 15) and "确定的答复期限" in app.clock_explanation
    with pytest.raises(InvalidInput):
        actions.do_reopen(world.handler, _closed(world, on=dt.date(2026, 3, 3)), on=dt.date(2026, 6, 1),
                          reason="x", until=dt.date(2026, 5, 1), today=TODAY)


def test_reopen_only_a_decided_case_and_not_before_its_decision(world):
    app = receive(world)
    with pytest.raises(OutOfOrder, match="不能"):
        actions.do_reopen(world.handler, app, on=TODAY, reason="x", today=TODAY)
    app = _closed(world)
    with pytest.raises(OutOfOrder, match="早于原答复日期"):
        actions.do_reopen(world.handler, app, on=dt.date(2026, 3, 3), reason="x", today=TODAY)
    assert Application.objects.filter(reopened_from=app).count() == 0
