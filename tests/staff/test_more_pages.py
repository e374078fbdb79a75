"""The pages issue 10 added: attachments, ledger export, print, settings and roles, corrections,
receipts, reopening, Chinese error pages, clamped pages, the audit trail in Chinese."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.casework import actions
from gongkai.casework.models import Attachment, AuditEvent, Document

from .conftest import login
from .test_pages import step

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def upload(client, case, name="信封.pdf", data=PDF, kind="envelope"):
    data = step(case, "attach_file", kind=kind, note="邮寄信封") | {
        "attach_file-file": SimpleUploadedFile(name, data, content_type="application/pdf")}
    return client.post(reverse("staff:case_step", args=[case.pk, "attach_file"]), data)


# ---------------------------------------------------------------- attachments
def test_attachment_visible_to_the_agency_404_to_another_and_downloads_audited(client, users, case):
    login(client, users["clerk"])
    assert upload(client, case).status_code == 302
    att = Attachment.objects.get(application=case)
    assert (att.kind, att.content_kind, att.size) == ("envelope", "pdf", len(PDF))
    assert "attachments/" in att.file.name and "信封" not in att.file.name  # stored under a random name
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert "信封、邮件封面" in html and "信封.pdf" in html
    url = reverse("staff:attachment", args=[case.pk, att.pk])
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["Cache-Control"] == "private, no-store" and case.number in r["Content-Disposition"]
    ev = AuditEvent.objects.filter(action="download_attachment").get()
    assert ev.actor == users["clerk"] and "信封.pdf" not in ev.summary  # the file's name never in the trail
    login(client, users["outsider"])
    assert client.get(url).status_code == 404
    login(client, users["supervisor"])  # the supervisor sees identity data masked: no ID copies either
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()


def test_disguised_oversized_or_empty_files_refused_with_chinese_messages(client, users, case):
    login(client, users["clerk"])
    r = upload(client, case, name="scan.pdf", data=b"MZ\x90\x00 this is a program")
    assert r.status_code == 400 and "实际内容是无法识别的格式" in r.content.decode()
    from django.core.files.base import ContentFile

    from gongkai.casework.actions import attachments
    from gongkai.casework.errors import InvalidInput

    big = ContentFile(b"%PDF-" + b"0" * 16, name="big.pdf")
    big.size = attachments.MAX_ATTACHMENT_BYTES + 1  # the size is checked before the content is read
    with pytest.raises(InvalidInput, match="超过 20 MB 的上限"):
        actions.do_attach_file(users["clerk"], case, kind="other", upload=big)
    r = upload(client, case, data=b"")
    assert r.status_code == 400 and "空" in r.content.decode()
    assert not Attachment.objects.exists()


def test_supervisor_cannot_upload(client, users, case):
    login(client, users["supervisor"])
    assert upload(client, case).status_code == 403
    assert not Attachment.objects.exists()


# ---------------------------------------------------------------- ledger, print
def test_ledger_export_of_the_filtered_list_audited(client, users, case):
    login(client, users["handler"])
    r = client.get(reverse("staff:case_export", args=["csv"]), {"status": "all", "q": "王建国"})
    text = r.content.decode("utf-8")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert case.number in text and case.identifier not in text
    r = client.get(reverse("staff:case_export", args=["xlsx"]), {"status": "all", "q": "nobody-at-all"})
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(r.content)).active.max_row == 1  # the header only
    events = AuditEvent.objects.filter(action="export_ledger").order_by("id")
    assert [e.after["rows"] for e in events] == [1, 0]
    assert "王建国" not in events[0].summary and "按关键词检索" in events[0].summary
    assert client.get(reverse("staff:case_export", args=["pdf"])).status_code == 404


def test_ledger_too_large_is_refused_not_cut(client, users, case, monkeypatch):
    from gongkai.casework import ledger

    monkeypatch.setattr(ledger, "MAX_ROWS", 0)
    login(client, users["handler"])
    r = client.get(reverse("staff:case_export", args=["csv"]), {"status": "all"}, follow=True)
    assert "请按年度、状态等缩小范围" in r.content.decode() and not AuditEvent.objects.filter(
        action="export_ledger").exists()


def test_print_view(client, users, case):
    login(client, users["handler"])
    html = client.get(reverse("staff:case_print", args=[case.pk])).content.decode()
    assert "政府信息公开申请办理情况" in html and case.number in html and case.identifier in html
    login(client, users["supervisor"])
    html = client.get(reverse("staff:case_print", args=[case.pk])).content.decode()
    assert case.identifier not in html and case.identifier_masked in html
    login(client, users["outsider"])
    assert client.get(reverse("staff:case_print", args=[case.pk])).status_code == 404


# ---------------------------------------------------------------- corrections, receipts, reopening
def test_registration_corrected_from_the_case_page(client, users, case):
    login(client, users["clerk"])
    data = step(case, "correct_registration", applicant_name="王建军", applicant_kind="natural",
                identifier=case.identifier, contact_phone=case.contact_phone, contact_email="", contact_address="",
                channel="in_person", received_on=case.received_on.isoformat(), submitted_on="",
                information_requested=case.information_requested, form="paper", delivery_route="post",
                reason="姓名登记错误")
    r = client.post(reverse("staff:case_step", args=[case.pk, "correct_registration"]), data)
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.applicant_name == "王建军"
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert "更正登记信息" in html and "申请人姓名/名称：王建国 → 王建军" in html  # the trail in Chinese
    assert "applicant_name：" not in html  # field names never shown raw


def test_consultation_receipt_recorded_from_the_case_page(client, users, case, today):
    actions.do_start_consultation(users["handler"], case, on=today, party="third_party", recipient="某公司")
    case.refresh_from_db()
    login(client, users["handler"])
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert 'id="h-step-record_receipt"' in html and "被征求意见方收到征求意见函" in html
    ev = case.events.get(kind="consultation_started")
    r = client.post(reverse("staff:case_step", args=[case.pk, "record_receipt"]),
                    step(case, "record_receipt", event=ev.pk, received_on=today.isoformat()))
    assert r.status_code == 302
    ev.refresh_from_db()
    assert ev.party_received_on == today


def test_reopen_from_the_case_page(client, users, case, today):
    case = actions.do_decide(users["head"], case, on=today, outcome="not_processed.repeat")
    login(client, users["handler"])
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert "行政复议决定或人民法院判决纠正了答复" in html
    r = client.post(reverse("staff:case_step", args=[case.pk, "reopen"]),
                    step(case, "reopen", on=today.isoformat(), reason="责令重新答复", source="复议决定书"))
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.status == "received"


def test_pending_letter_shown_with_its_reason_and_issue_button(client, users, case):
    doc = Document.objects.get(application=case)
    Document.objects.filter(pk=doc.pk).update(state="pending", number="", problem="缺少2027年的工作日历（测试）")
    login(client, users["handler"])
    html = client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    assert "待出具" in html and "缺少2027年的工作日历（测试）" in html and 'name="issue_letter-document"' in html
    html = client.get(reverse("staff:home")).content.decode()
    assert "待出具的文书" in html


def test_drawing_the_files_again_from_the_case_page(client, users, case, settings):
    doc = Document.objects.get(application=case)
    assert not doc.rendered  # the tests hand letters to the queue
    login(client, users["handler"])
    assert "正在出具" in client.get(reverse("staff:case_detail", args=[case.pk])).content.decode()
    r = client.post(reverse("staff:document_render", args=[case.pk, doc.pk]), follow=True)
    doc.refresh_from_db()
    assert doc.rendered and "已生成" in r.content.decode()


# ---------------------------------------------------------------- settings and roles
def test_head_edits_settings_admin_grants_roles(client, users, agencies):
    login(client, users["head"])
    url = reverse("staff:agency_settings")
    r = client.get(url)
    assert r.status_code == 200 and "行政复议机关" in r.content.decode() and "授予角色" not in r.content.decode()
    r = client.post(url, {"reconsideration_body": "测试市人民政府", "court": "测试市某区人民法院", "postcode": "314400"})
    assert r.status_code == 302
    agencies["dep"].refresh_from_db()
    assert agencies["dep"].court == "测试市某区人民法院"
    r = client.post(url, {"postcode": "abc"})
    assert r.status_code == 400 and "6位数字" in r.content.decode()
    login(client, users["handler"])
    assert client.get(url).status_code == 403


def test_settings_refuse_control_characters(client, users, agencies):
    login(client, users["head"])
    r = client.post(reverse("staff:agency_settings"), {"office_address": "某路\x011号"})
    assert r.status_code == 400 and "控制字符" in r.content.decode()


# ---------------------------------------------------------------- errors, bounds
def test_chinese_error_pages(client, users, case):
    login(client, users["supervisor"])
    r = client.get(reverse("staff:case_new"))
    html = r.content.decode()
    assert r.status_code == 403 and "无权访问" in html and "Forbidden" not in html
    r = client.get("/no-such-page/")
    assert r.status_code == 404 and "页面不存在" in r.content.decode() and "Not Found" not in r.content.decode()
    login(client, users["outsider"])
    r = client.get(reverse("staff:case_detail", args=[case.pk]))
    assert r.status_code == 404 and "页面不存在" in r.content.decode()


def test_500_page_is_chinese_and_standalone():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "系统出错" in html and "已保存的办理记录不会丢失" in html


def test_csrf_failure_page_is_chinese(users):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(users["handler"])
    r = c.post(reverse("staff:case_new"), {})
    assert r.status_code == 403 and "页面已过期" in r.content.decode()


@pytest.mark.parametrize("page", ["922337203685477580", "99999999999999999999999", "-3", "abc", "0"])
def test_page_numbers_clamped(client, users, case, page):
    login(client, users["handler"])
    r = client.get(reverse("staff:case_list"), {"page": page})
    assert r.status_code == 200 and case.number in r.content.decode()


def test_step_text_with_control_character_refused_before_anything_is_saved(client, users, case, today):
    login(client, users["handler"])
    before = case.version
    r = client.post(reverse("staff:case_step", args=[case.pk, "request_correction"]),
                    step(case, "request_correction", on=today.isoformat(), items="请写明\x01文号", days="15"))
    assert r.status_code == 400 and "控制字符" in r.content.decode()
    case.refresh_from_db()
    assert case.version == before and not case.documents.filter(kind="correction_request").exists()


def test_huge_request_text_refused_by_the_form(client, users):
    from .test_pages import intake_data

    login(client, users["clerk"])
    r = client.post(reverse("staff:case_new"), intake_data(information_requested="x" * 270_000,
                                                           identifier="330481190001029013"))
    assert r.status_code == 400 and "不能超过 5000 个字" in r.content.decode()


def test_intake_from_an_online_submission_date_only(client, users, valid_id):
    from .test_pages import intake_data

    login(client, users["clerk"])
    saturday = dt.date(2026, 6, 6)
    r = client.post(reverse("staff:case_new"), intake_data(identifier=valid_id, channel="online", received_on="",
                                                           submitted_on=saturday.isoformat(), key="sat"))
    assert r.status_code == 302
    from gongkai.casework.models import Application

    app = Application.objects.get(intake_key="k-sat")
    assert (app.submitted_on, app.received_on) == (saturday, dt.date(2026, 6, 8))
