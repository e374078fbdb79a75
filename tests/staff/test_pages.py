"""Staff pages through Django's test client: permissions, forms, bad input, concurrency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.casework.models import Application, AuditEvent, ClockEvent

from .conftest import login

pytestmark = pytest.mark.django_db


def step(case, name: str, key: str | None = None, **fields) -> dict:
    """A step form's POST data: the case version it was built from, a one-time key, the fields."""
    import uuid

    data = {f"{name}-version": case.version, f"{name}-form_key": key or uuid.uuid4().hex}
    data.update({f"{name}-{k}": v for k, v in fields.items()})
    return data


def intake_data(**over):
    data = {
        "intake_key": "k-" + over.pop("key", "1"), "channel": "in_person", "received_on": dt.date.today().isoformat(),
        "applicant_kind": "natural", "applicant_name": "李秀英", "identifier": over.pop("identifier", ""),
        "contact_phone": "13900000000", "contact_email": "", "contact_address": "",
        "information_requested": "某地块征收补偿方案", "form": "paper", "delivery_route": "post", "save": "1",
    }
    data.update(over)
    return data


# ---------------------------------------------------------------- login and permissions
def test_pages_require_login(client, case):
    for url in (reverse("staff:home"), reverse("staff:case_list"), reverse("staff:case_new"),
                reverse("staff:case_detail", args=[case.pk]), reverse("staff:table3")):
        r = client.get(url)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"], url


def test_login_page_is_chinese_and_labelled(client):
    r = client.get(reverse("login"))
    html = r.content.decode()
    assert r.status_code == 200 and "工作人员登录" in html
    assert '<label for="id_username">用户名</label>' in html and 'lang="zh-CN"' in html


def test_login_with_password_then_home(client, users):
    r = client.post(reverse("login"), {"username": "handler", "password": "pw-for-tests-only"})
    assert r.status_code == 302
    r = client.get(reverse("staff:home"))
    assert r.status_code == 200 and "工作台" in r.content.decode()


def test_wrong_password_gives_chinese_message(client, users):
    r = client.post(reverse("login"), {"username": "handler", "password": "nope"})
    assert r.status_code == 200 and "用户名或密码不正确" in r.content.decode()


def test_other_agency_staff_get_404(client, users, case):
    login(client, users["outsider"])
    assert client.get(reverse("staff:case_detail", args=[case.pk])).status_code == 404
    r = client.get(reverse("staff:case_list"))
    assert case.number not in r.content.decode()
    r = client.post(reverse("staff:case_step", args=[case.pk, "request_correction"]), {})
    assert r.status_code == 404


def test_supervisor_reads_subordinate_case_but_cannot_act(client, users, case, today):
    login(client, users["supervisor"])
    r = client.get(reverse("staff:case_detail", args=[case.pk]))
    html = r.content.decode()
    assert r.status_code == 200 and "只能查看" in html
    assert "下一步办理" not in html
    assert "13800000000" not in html and case.identifier not in html  # personal data masked
    r = client.post(reverse("staff:case_step", args=[case.pk, "request_correction"]),
                    step(case, "request_correction", on=today.isoformat(), items="请写明文号", days="15"))
    assert r.status_code == 403
    assert not ClockEvent.objects.filter(application=case, kind="correction_requested").exists()


def test_handler_sees_personal_data_and_next_steps(client, users, case):
    login(client, users["handler"])
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert case.identifier in html and "13800000000" in html
    assert "发出补正告知" in html and "征求意见" in html
    assert "批准延期答复" not in html and "作出答复" not in html  # head only


def test_head_is_offered_extension_and_decision(client, users, case):
    login(client, users["head"])
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert "批准延期答复" in html and "作出答复" in html
    assert "（三）不予公开 1.属于国家秘密" in html  # outcome choices are labelled by table 三's leaf rows


# ---------------------------------------------------------------- intake
def test_intake_creates_case_and_redirects(client, users, valid_id):
    login(client, users["clerk"])
    r = client.post(reverse("staff:case_new"), intake_data(identifier=valid_id))
    assert r.status_code == 302
    app = Application.objects.get(intake_key="k-1")
    assert r["Location"] == reverse("staff:case_detail", args=[app.pk])
    assert app.owner == users["clerk"] and app.due_on is not None
    assert AuditEvent.objects.filter(application=app, action="receive_application").count() == 1


def test_double_submit_records_one_case(client, users, valid_id):
    login(client, users["clerk"])
    data = intake_data(identifier=valid_id)
    first = client.post(reverse("staff:case_new"), data)
    second = client.post(reverse("staff:case_new"), data, follow=True)
    assert Application.objects.filter(intake_key="k-1").count() == 1
    assert first.status_code == 302
    assert "未重复登记" in second.content.decode()


def test_invalid_id_number_shown_next_to_the_field(client, users, valid_id):
    login(client, users["clerk"])
    bad = valid_id[:-1] + ("0" if valid_id[-1] != "0" else "1")
    r = client.post(reverse("staff:case_new"), intake_data(identifier=bad))
    html = r.content.decode()
    assert r.status_code == 400
    assert 'id="id_identifier_error"' in html and "校验" in html
    assert Application.objects.count() == 0
    assert "某地块征收补偿方案" in html  # the typed input is kept


def test_intake_with_a_passport_keeps_its_number(client, users):
    """A person without a mainland ID card applies with a passport: no check digit, the number kept."""
    login(client, users["clerk"])
    form = client.get(reverse("staff:case_new")).content.decode()
    assert 'name="id_document"' in form and "护照" in form
    r = client.post(reverse("staff:case_new"), intake_data(identifier="E12345678", id_document="passport"))
    assert r.status_code == 302
    app = Application.objects.get(intake_key="k-1")
    assert (app.identifier, app.id_document) == ("E12345678", "passport")
    bad = client.post(reverse("staff:case_new"), intake_data(identifier="E123<b>", id_document="passport",
                                                              intake_key="k-2"))
    assert bad.status_code == 400 and "护照号码只能包含" in bad.content.decode()


def test_future_receipt_date_refused(client, users, valid_id, today):
    login(client, users["clerk"])
    r = client.post(reverse("staff:case_new"),
                    intake_data(identifier=valid_id, received_on=(today + dt.timedelta(days=3)).isoformat()))
    assert r.status_code == 400 and "晚于今天" in r.content.decode()
    assert Application.objects.count() == 0


def test_missing_fields_get_chinese_messages(client, users):
    login(client, users["clerk"])
    r = client.post(reverse("staff:case_new"), intake_data(applicant_name="", information_requested=""))
    html = r.content.decode()
    assert r.status_code == 400 and "请填写“申请人姓名/名称”" in html and "This field" not in html


def test_credit_code_check_suggests_organisation_kind(client, users, valid_credit_code):
    login(client, users["clerk"])
    data = intake_data(identifier=valid_credit_code, applicant_kind="other", applicant_name="某某有限公司",
                       check="1")
    data.pop("save")
    r = client.post(reverse("staff:case_new"), data)
    html = r.content.decode()
    assert r.status_code == 200 and "建议申请人类型" in html and "商业企业" in html
    assert Application.objects.count() == 0  # checking saves nothing


def test_supervisor_cannot_register(client, users):
    login(client, users["supervisor"])
    assert client.get(reverse("staff:case_new")).status_code == 403


# ---------------------------------------------------------------- steps, versions
def _correction(case, today, **over):
    data = step(case, "request_correction", on=today.isoformat(), items="请写明所需文件的文号", days="15")
    data.update(over)
    return data


def test_step_updates_timeline(client, users, case, today):
    login(client, users["handler"])
    before = case.version
    r = client.post(reverse("staff:case_step", args=[case.pk, "request_correction"]), _correction(case, today))
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "correction" and case.version == before + 1  # the step and its notice: one change
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert "发出补正告知" in html and "请写明所需文件的文号" in html
    assert "登记收到补正材料" in html  # the next legal step is now offered


def test_concurrent_edit_is_refused_and_input_kept(client, users, case, today):
    login(client, users["handler"])
    stale = case.version
    # someone else changes the case first
    from gongkai.casework import actions

    actions.do_start_consultation(users["clerk"], case, on=today, party="third_party", recipient="某公司",
                                  expected_version=stale)
    data = step(case, "end_consultation", on=today.isoformat(), note="第三方同意公开，意见书已存档")
    data["end_consultation-version"] = stale
    r = client.post(reverse("staff:case_step", args=[case.pk, "end_consultation"]), data)
    html = r.content.decode()
    assert r.status_code == 409
    assert "已被他人修改" in html
    assert "第三方同意公开，意见书已存档" in html  # nothing the user typed is lost
    case.refresh_from_db()
    assert case.status == "consultation"


def test_out_of_order_event_gives_message(client, users, case, today):
    login(client, users["head"])
    before = (case.received_on - dt.timedelta(days=5)).isoformat()
    r = client.post(reverse("staff:case_step", args=[case.pk, "decide"]),
                    step(case, "decide", on=before, outcome="granted", legal_basis="", delivery="邮寄纸质件"))
    assert r.status_code == 400 and "早于" in r.content.decode()
    case.refresh_from_db()
    assert case.status == "received" and not case.outcome


def test_second_extension_refused(client, users, case, today):
    login(client, users["head"])
    url = reverse("staff:case_step", args=[case.pk, "approve_extension"])
    data = step(case, "approve_extension", on=today.isoformat(), days="20", reason="涉及多个部门")
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    data = step(case, "approve_extension", on=today.isoformat(), days="20", reason="涉及多个部门")
    r = client.post(url, data)
    assert r.status_code == 400 and "只能延长一次" in r.content.decode()
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert 'id="h-step-approve_extension"' not in html  # no longer offered: the clock allows one


def test_extension_over_20_days_refused_by_form(client, users, case, today):
    login(client, users["head"])
    r = client.post(reverse("staff:case_step", args=[case.pk, "approve_extension"]),
                    step(case, "approve_extension", on=today.isoformat(), days="30", reason="x"))
    assert r.status_code == 400 and "最长不得超过20个工作日" in r.content.decode()


def test_handler_cannot_decide(client, users, case, today):
    login(client, users["handler"])
    r = client.post(reverse("staff:case_step", args=[case.pk, "decide"]),
                    step(case, "decide", on=today.isoformat(), outcome="granted", delivery="邮寄纸质件"))
    assert r.status_code == 403 and "负责人" in r.content.decode()


def test_decide_fills_default_legal_basis_then_deliver_closes(client, users, case, today):
    login(client, users["head"])
    r = client.post(reverse("staff:case_step", args=[case.pk, "decide"]),
                    step(case, "decide", on=today.isoformat(), outcome="withheld.third_party"))
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "decided" and "第十五条" in case.legal_basis
    r = client.post(reverse("staff:case_step", args=[case.pk, "deliver"]),
                    step(case, "deliver", on=today.isoformat(), method="post", note="EMS 1234"))
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"


def test_unknown_step_404(client, users, case):
    login(client, users["handler"])
    assert client.post(reverse("staff:case_step", args=[case.pk, "explode"]), {}).status_code == 404


def test_get_on_step_not_allowed(client, users, case):
    login(client, users["handler"])
    assert client.get(reverse("staff:case_step", args=[case.pk, "decide"])).status_code == 405


# ---------------------------------------------------------------- list, home, table 三
def test_list_filters_and_search(client, users, case, agencies, today, valid_credit_code):
    from gongkai.casework import actions

    org = actions.do_receive_application(
        users["clerk"], agencies["dep"], applicant_kind="commercial", applicant_name="某某经编有限公司",
        identifier=valid_credit_code, information_requested="外贸补助资金分配明细", channel="online",
        received_on=today)
    login(client, users["handler"])
    url = reverse("staff:case_list")
    html = client.get(url).content.decode()
    assert case.number in html and org.number in html
    html = client.get(url, {"applicant_kind": "commercial"}).content.decode()
    assert org.number in html and case.number not in html
    html = client.get(url, {"q": "补助资金"}).content.decode()
    assert org.number in html and case.number not in html
    html = client.get(url, {"q": case.number}).content.decode()
    assert case.number in html and org.number not in html
    html = client.get(url, {"channel": "in_person", "status": "open"}).content.decode()
    assert case.number in html and org.number not in html
    r = client.get(url, {"status": "nonsense", "page": "x"})
    assert r.status_code == 200  # bad filter values are ignored, not a traceback


def test_list_has_no_n_plus_one(client, users, agencies, today, django_assert_max_num_queries):
    from gongkai.casework import actions
    from gongkai.casework.demo import synthetic_id

    for i in range(30):
        actions.do_receive_application(
            users["clerk"], agencies["dep"], applicant_kind="natural", applicant_name=f"申请人{i}",
            identifier=synthetic_id(100 + i), information_requested="某文件", channel="in_person",
            received_on=today)
    login(client, users["handler"])
    with django_assert_max_num_queries(14):
        r = client.get(reverse("staff:case_list"))
    assert r.content.decode().count("申请人") >= 30


def test_home_shows_counts_and_reminders(client, users, case, today):
    from gongkai.casework.tasks import record_reminders
    from gongkai.staff.models import Reminder

    Application.objects.filter(pk=case.pk).update(due_on=today - dt.timedelta(days=1))
    made = record_reminders(today)
    assert made["overdue"] == 1
    assert record_reminders(today)["overdue"] == 0  # idempotent
    assert Reminder.objects.filter(application=case, kind="overdue").count() == 1
    login(client, users["clerk"])
    html = client.get(reverse("staff:home")).content.decode()
    assert "已逾期" in html and case.number in html


def test_reminder_due_soon(users, case, today):
    from gongkai.casework.tasks import record_reminders

    Application.objects.filter(pk=case.pk).update(due_on=today)
    assert record_reminders(today) == {"due_soon": 1, "overdue": 0}


def test_table3_page_renders_and_checks(client, users, case, today):
    login(client, users["head"])
    r = client.get(reverse("staff:table3"), {"agency": case.agency_id, "year": today.year})
    html = r.content.decode()
    assert r.status_code == 200
    assert "一、本年新收政府信息公开申请数量" in html and "勾稽关系检查" in html and "全部通过" in html


def test_table3_other_agency_not_offered(client, users, agencies, today):
    login(client, users["outsider"])
    r = client.get(reverse("staff:table3"), {"agency": agencies["dep"].pk, "year": today.year})
    html = r.content.decode()
    assert r.status_code == 400
    assert f'<option value="{agencies["dep"].pk}"' not in html  # not offered
    assert "表三" in html and "勾稽关系检查" not in html  # and not built


def test_supervisor_table3_sums_subordinates(client, users, agencies, case, today):
    login(client, users["supervisor"])
    r = client.get(reverse("staff:table3"), {"agency": agencies["gov"].pk, "year": today.year, "subordinates": "on"})
    html = r.content.decode()
    assert r.status_code == 200 and "汇总" in html and "全部通过" in html


# ---------------------------------------------------------------- letters issued by the steps
def test_correction_step_issues_numbered_notice_with_download(client, users, case, today, settings):
    settings.GONGKAI_LETTERS = "inline"
    login(client, users["handler"])
    r = client.post(reverse("staff:case_step", args=[case.pk, "request_correction"]), _correction(
        case, today, **{"request_correction-items": "所需文件的文号\n文件形成的大致时间"}), follow=True)
    html = r.content.decode()
    doc = case.documents.get(kind="correction_request")
    assert "〔" in doc.number and doc.template_version == "correction_request.v2"
    assert f"已出具补正告知书 {doc.number}" in html
    pdf = client.get(reverse("staff:document", args=[case.pk, doc.pk, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = client.get(reverse("staff:document", args=[case.pk, doc.pk, "docx"]))
    import io

    from docx import Document as Docx

    text = "\n".join(p.text for p in Docx(io.BytesIO(b"".join(docx.streaming_content))).paragraphs)
    assert doc.number in text and "1. 所需文件的文号" in text and "王建国" in text


def test_documents_of_other_agency_are_404(client, users, case, today):
    login(client, users["handler"])
    client.post(reverse("staff:case_step", args=[case.pk, "request_correction"]), _correction(case, today))
    doc = case.documents.get(kind="correction_request")
    login(client, users["outsider"])
    assert client.get(reverse("staff:document", args=[case.pk, doc.pk, "pdf"])).status_code == 404


def test_decision_without_required_reason_is_refused_before_recording(client, users, case, today):
    login(client, users["head"])
    r = client.post(reverse("staff:case_step", args=[case.pk, "decide"]),
                    step(case, "decide", on=today.isoformat(), outcome="partly_granted", delivery="邮寄纸质件"))
    html = r.content.decode()
    assert r.status_code == 400 and 'id="id_decide-reason_error"' in html and "理由" in html
    case.refresh_from_db()
    assert case.status == "received" and not case.documents.filter(kind__startswith="reply_").exists()


def test_decision_issues_the_reply_of_its_outcome(client, users, case, today):
    login(client, users["head"])
    client.post(reverse("staff:case_step", args=[case.pk, "decide"]),
                step(case, "decide", on=today.isoformat(), outcome="not_processed.repeat"))
    doc = case.documents.get(kind__startswith="reply_")
    assert doc.kind == "reply_not_processed" and doc.issued_on == today
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert doc.number in html and "正在出具" in html  # drawn by the worker in this test's setting
    assert "未出具" not in html  # nothing missing


def test_missing_letter_offered_and_issued_from_the_case_page(client, users, case, today):
    """A step recorded without its letter (the 受理回执 here) is shown as not issued, with a button."""
    from gongkai.casework.models import Document

    Document.objects.filter(application=case).delete()  # as for cases registered before letters came with steps
    login(client, users["handler"])
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert "未出具" in html and 'name="issue_letter-event"' in html
    event = case.events.get(kind="received")
    r = client.post(reverse("staff:case_step", args=[case.pk, "issue_letter"]),
                    step(case, "issue_letter", event=event.pk), follow=True)
    assert r.status_code == 200
    doc = case.documents.get()
    assert doc.kind == "acknowledgement" and doc.issued_on == case.received_on and doc.number


def test_double_submitted_step_records_once(client, users, case, today):
    login(client, users["handler"])
    url = reverse("staff:case_step", args=[case.pk, "start_consultation"])
    data = step(case, "start_consultation", on=today.isoformat(), party="co_producer", recipient="测试市财政局")
    first = client.post(url, data)
    assert first.status_code == 302, [m for m in first.content.decode().split("\n") if "error" in m]
    r = client.post(url, data, follow=True)  # the same form posted again (a double click, a reload)
    assert r.status_code == 200 and "未重复办理" in r.content.decode()
    assert ClockEvent.objects.filter(application=case, kind="consultation_started").count() == 1
    assert case.documents.filter(kind="consultation_agency").count() == 1


def test_table3_json_download_and_lock(client, users, agencies, case, today):
    from gongkai import interchange

    login(client, users["head"])
    url = reverse("staff:table3")
    r = client.get(url, {"agency": agencies["dep"].pk, "year": today.year, "download": "json"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/json")
    report = interchange.loads(r.content.decode())
    assert report.cells["表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"] == 1
    from gongkai.annual.drafting import do_save_sections  # a year's lock now freezes the whole report:

    do_save_sections(users["head"], agencies["dep"], today.year,  # its required sections written
                     sections={1: "总体情况。", 5: "问题与改进。", 6: "无。"})
    r = client.post(url, {"agency": agencies["dep"].pk, "year": today.year, "lock": "1"}, follow=True)
    html = r.content.decode()
    assert "已锁定" in html and "锁定年度</button>" not in html
    login(client, users["handler"])  # handlers cannot lock; the page says the year is locked
    html = client.get(url, {"agency": agencies["dep"].pk, "year": today.year}).content.decode()
    assert "已锁定" in html


def test_table3_lock_refused_for_handler(client, users, agencies, today):
    login(client, users["handler"])
    r = client.post(reverse("staff:table3"), {"agency": agencies["dep"].pk, "year": today.year, "lock": "1"},
                    follow=True)
    assert "只有本机关公开工作机构负责人或管理员可以锁定年度" in r.content.decode()


def test_home_lists_due_soon_cases(client, users, case, today):
    Application.objects.filter(pk=case.pk).update(due_on=today)
    login(client, users["handler"])
    html = client.get(reverse("staff:home")).content.decode()
    assert 'id="h-soon"' in html and case.number in html.split('id="h-soon"')[1]
