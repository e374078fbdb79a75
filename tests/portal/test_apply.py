"""Applying online: the case made through casework's action (channel 网上申请, source portal),
the ID copy kept privately, the receipt's number and query code, and every kind of bad input."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from gongkai.casework.models import Application, Attachment, AuditEvent
from gongkai.portal import codes
from gongkai.portal.models import Tracking

from .conftest import PDF, form_data, upload

URL = "/public/G-D/apply/"


def post(client, data, files=None, **extra):
    return client.post(URL, {**data, **(files or {})}, **extra)


def test_apply_makes_a_case_with_receipt_and_hashed_code(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resp = post(client, form_data(), {"id_copy": upload()})
    assert resp.status_code == 200, resp.content.decode()[:2000]
    app = Application.objects.get()
    assert (app.channel, app.source, app.owner, app.agency) == ("online", "portal", None, world.dept)
    html = resp.content.decode()
    assert app.number in html
    code = html.split('id="query-code">')[1].split("<")[0]
    assert len(codes.normalise(code)) == 12
    t = Tracking.objects.get(application=app)
    assert t.code_hash == codes.digest(app.number, code) and codes.normalise(code) not in t.code_hash
    # the code is nowhere in the database's audit trail either
    assert not AuditEvent.objects.filter(summary__contains=codes.normalise(code)).exists()
    att = Attachment.objects.get(application=app)
    assert (att.kind, att.content_kind, att.uploaded_by) == ("id_copy", "pdf", None)
    assert "media" not in att.file.name and att.file.storage.exists(att.file.name)
    # staff (registrar and head of the agency) told, the applicant told; no ID number in any mail
    to = sorted(a for m in mail.outbox for a in m.to)
    assert to == ["clerk@example.gov.cn", "head@example.gov.cn", "wang@example.com"]
    assert all(app.identifier not in m.body and codes.normalise(code) not in m.body for m in mail.outbox)
    from gongkai.portal.sms import MemorySmsBackend

    assert MemorySmsBackend.outbox and MemorySmsBackend.outbox[0][0] == "13800001234"


def test_receipt_date_online_rule(client, world, monkeypatch):
    """Submitted on a Saturday: received (Art. 31) on the next working day."""
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 6, 27))
    resp = post(client, form_data())
    assert resp.status_code == 200, resp.content.decode()[:1500]
    app = Application.objects.get()
    assert (app.submitted_on, app.received_on) == (dt.date(2026, 6, 27), dt.date(2026, 6, 29))
    assert "休息日提交" in resp.content.decode()


def test_organisation_and_passport_paths(client, world):
    from gongkai.casework.demo import synthetic_credit_code

    assert post(client, form_data(applicant_kind="commercial", applicant_name="某某贸易有限公司",
                                  identifier=synthetic_credit_code(3))).status_code == 200
    resp = post(client, form_data(id_document="passport", identifier="E12345678"))
    assert resp.status_code == 200
    app = Application.objects.get(id_document="passport")
    assert app.identifier == "E12345678"


@pytest.mark.parametrize("identifier, fragment", [("330481199001011234", "校验"), ("abc", "")])
def test_bad_identity_number_refused_with_message(client, world, identifier, fragment):
    resp = post(client, form_data(identifier=identifier), {"id_copy": upload()})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "申请尚未提交" in html and fragment in html
    assert Application.objects.count() == 0 and Attachment.objects.count() == 0


def test_missing_fields_and_contact(client, world):
    resp = post(client, form_data(applicant_name="", information_requested="", contact_phone="", contact_email=""))
    html = resp.content.decode()
    assert resp.status_code == 400 and "请至少填写一种联系方式" in html and "这个字段是必填项" in html
    assert Application.objects.count() == 0


@pytest.mark.parametrize("data, name, fragment", [
    (b"MZ\x90\x00 not a pdf", "id.pdf", "附件"),
    (b"", "empty.pdf", "空文件"),
])
def test_malformed_upload_refused_nothing_stored(client, world, settings, data, name, fragment):
    resp = post(client, form_data(), {"id_copy": upload(data, name)})
    assert resp.status_code == 400
    assert fragment in resp.content.decode(), re.findall(r'class="error"[^<]*<', resp.content.decode())
    assert Application.objects.count() == 0
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_oversized_upload_refused(client, world, monkeypatch):
    from gongkai.casework.actions import attachments

    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 1000)
    resp = post(client, form_data(), {"id_copy": upload(PDF + b"0" * 2000)})
    assert resp.status_code == 400 and "MB" in resp.content.decode() or "超过" in resp.content.decode()
    assert Application.objects.count() == 0


def test_honeypot_refused(client, world):
    resp = post(client, form_data(website="http://spam.example"))
    assert resp.status_code == 400 and "隐藏项" in resp.content.decode()
    assert Application.objects.count() == 0


def test_double_submission_refused(client, world):
    data = form_data()
    assert post(client, data).status_code == 200
    again = post(client, data)
    assert again.status_code == 409 and "没有重复登记" in again.content.decode()
    assert Application.objects.count() == 1


def test_flood_from_one_address_limited(client, world, settings):
    settings.PORTAL_RATE_LIMITS = {"apply_ip": (3, 3600)}
    codes_ = [post(client, form_data(identifier=__import__("gongkai.casework.demo", fromlist=["x"]).synthetic_id(i)))
              .status_code for i in range(5)]
    assert codes_ == [200, 200, 200, 429, 429]
    assert Application.objects.count() == 3
    # another address is not held up
    assert post(client, form_data(), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_one_identity_limited(client, world, settings):
    settings.PORTAL_RATE_LIMITS = {"apply_identity": (2, 86400)}
    got = [post(client, form_data(), REMOTE_ADDR=f"10.0.0.{i}").status_code for i in range(3)]
    assert got == [200, 200, 429]


def test_script_escaped_in_pages_and_mail(client, world, django_capture_on_commit_callbacks):
    evil = "<script>alert(1)</script>"
    with django_capture_on_commit_callbacks(execute=True):
        resp = post(client, form_data(applicant_name="王" + evil, information_requested="决算" + evil,
                                      contact_address="路" + evil))
    assert resp.status_code == 200
    assert evil not in resp.content.decode()
    app = Application.objects.get()
    assert app.applicant_name == "王" + evil  # kept as typed, escaped where shown
    page = client.get(f"/public/track/{app.number}/")
    assert page.status_code == 200 and evil not in page.content.decode() and "&lt;script&gt;" in page.content.decode()
    # e-mails are plain text: no HTML part that could run it
    assert all(not getattr(m, "alternatives", None) for m in mail.outbox)


def test_control_characters_refused(client, world):
    resp = post(client, form_data(information_requested="决算\x07"))
    assert resp.status_code == 400 and "控制字符" in resp.content.decode()
    assert Application.objects.count() == 0


def test_unknown_agency_is_a_chinese_404(client, db):
    resp = client.get("/public/NOPE/apply/")
    assert resp.status_code == 404 and "没有代码为" in resp.content.decode()

