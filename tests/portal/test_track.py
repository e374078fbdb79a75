"""Tracking: number + query code → the case in plain words; a wrong code says nothing of what
exists; 补正 reply and payment confirmation through casework's applicant steps; letters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client

from gongkai.casework import actions
from gongkai.casework.models import ApplicantSubmission, Application, AuditEvent, ClockEvent, Document
from gongkai.portal import codes

from .conftest import PDF, form_data, upload

DAY = dt.date(2026, 6, 1)  # a Monday


def apply(client, **over) -> tuple[Application, str]:
    resp = client.post("/public/G-D/apply/", form_data(**over))
    assert resp.status_code == 200, resp.content.decode()[:1500]
    code = resp.content.decode().split('id="query-code">')[1].split("<")[0]
    return Application.objects.latest("id"), code


def login(client, number, code):
    return client.post("/public/track/", {"number": number, "code": code})


def test_right_code_shows_the_case_wrong_code_says_nothing(client, world):
    app, code = apply(client)
    other = Client()
    assert other.get(f"/public/track/{app.number}/").status_code == 302  # no proof yet: back to the form
    wrong = login(other, app.number, "AAAA-BBBB-CCCC")
    missing = login(other, "G-D-2026-99999", code)
    for resp in (wrong, missing):
        assert resp.status_code == 400
        assert "申请编号或查询码不正确" in resp.content.decode()
    # the two refusals are the same page: nothing tells whether the number exists
    def strip(r):
        html = r.content.decode().replace(app.number, "").replace("G-D-2026-99999", "")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html).split("<main")[1]

    assert strip(wrong) == strip(missing)
    ok = login(other, app.number.lower(), codes.normalise(code).lower())  # typed loosely
    assert ok.status_code == 302 and ok["Location"].endswith(f"/public/track/{app.number}/")
    page = other.get(ok["Location"]).content.decode()
    assert "收到您的申请" in page and app.get_status_display() in page and "答复期限" in page


def test_another_applicants_case_is_not_shown(client, world):
    mine, my_code = apply(client)
    theirs, _ = apply(Client(), applicant_name="李四", identifier=__import__(
        "gongkai.casework.demo", fromlist=["x"]).synthetic_id(9))
    me = Client()
    login(me, mine.number, my_code)
    assert me.get(f"/public/track/{theirs.number}/").status_code == 302
    assert "李四" not in me.get(f"/public/track/{mine.number}/").content.decode()
    doc = Document.objects.filter(application=theirs).first()
    assert me.get(f"/public/track/{mine.number}/letters/{doc.pk}.pdf").status_code == 404
    assert me.post(f"/public/track/{theirs.number}/correction/", {"text": "x", "key": "k"}).status_code == 302


def test_wrong_codes_rate_limited_per_number(world, settings):
    settings.PORTAL_RATE_LIMITS = {"track_number": (3, 3600)}
    app, code = apply(Client())
    c = Client()
    got = [login(c, app.number, "WRONGWRONGXX").status_code for _ in range(4)]
    assert got == [400, 400, 400, 429]
    assert login(c, app.number, code).status_code == 429  # even the right code waits: no oracle


def test_correction_reply_online_restarts_the_clock(client, world, django_capture_on_commit_callbacks):
    app, code = apply(client)
    app = actions.do_request_correction(world.handler, app, on=app.received_on, items="请写明文件的文号")
    mail.outbox.clear()
    page = client.get(f"/public/track/{app.number}/").content.decode()
    assert "请您补正申请" in page and "提交补正" in page
    key = page.split('name="key" value="')[1].split('"')[0]
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(f"/public/track/{app.number}/correction/",
                           {"text": "文号为测商〔2025〕1号", "key": key, "files": [upload(PDF, "补正.pdf")]})
    assert resp.status_code == 302 and resp["Location"].endswith("?sent=1")
    app.refresh_from_db()
    assert app.status == "received"
    assert ClockEvent.objects.filter(application=app, kind="correction_received").count() == 1
    sub = ApplicantSubmission.objects.get(application=app)
    assert sub.kind == "correction" and sub.attachments.count() == 1
    assert AuditEvent.objects.filter(application=app, action="reply_correction_online", via="portal").exists()
    assert {a for m in mail.outbox for a in m.to} >= {"clerk@example.gov.cn", "wang@example.com"}
    # the same form again: nothing twice
    again = client.post(f"/public/track/{app.number}/correction/", {"text": "again", "key": key})
    assert again.status_code in (302, 400)
    assert ApplicantSubmission.objects.filter(application=app).count() == 1


def test_correction_reply_refused_when_not_asked(client, world):
    app, _ = apply(client)
    resp = client.post(f"/public/track/{app.number}/correction/", {"text": "x", "key": "k1"})
    assert resp.status_code == 400 and "不能" in resp.content.decode()
    assert ApplicantSubmission.objects.count() == 0


def test_bad_correction_file_refused(client, world):
    app, _ = apply(client)
    actions.do_request_correction(world.handler, app, on=app.received_on, items="请写明文号")
    resp = client.post(f"/public/track/{app.number}/correction/",
                       {"text": "", "key": "k2", "files": [upload(b"MZ\x90 exe", "a.pdf")]})
    assert resp.status_code == 400 and "附件" in resp.content.decode()
    assert ApplicantSubmission.objects.count() == 0
    assert Application.objects.get(pk=app.pk).status == "correction"


def test_payment_confirmation_kept_for_staff(client, world, django_capture_on_commit_callbacks):
    app, _ = apply(client)
    app = actions.do_send_fee_notice(world.handler, app, on=app.received_on, method="per_page", pages=300)
    page = client.get(f"/public/track/{app.number}/").content.decode()
    assert "确认缴费" in page and "元" in page
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(f"/public/track/{app.number}/payment/",
                           {"paid_on": app.received_on.isoformat(), "text": "凭证号 88", "key": "pay1"})
    assert resp.status_code == 302
    app.refresh_from_db()
    assert app.status == "fee_pending"  # only staff record the payment
    assert ApplicantSubmission.objects.get(application=app).paid_on == app.received_on
    bad = client.post(f"/public/track/{app.number}/payment/", {"paid_on": "2099-01-01", "key": "pay2"})
    assert bad.status_code == 400 and "晚于今天" in bad.content.decode()


def test_letters_to_the_applicant_downloadable_audited(client, world):
    app, _ = apply(client)
    ack = Document.objects.get(application=app, kind="acknowledgement")
    assert actions.render_document(ack.pk)
    page = client.get(f"/public/track/{app.number}/").content.decode()
    assert f"/letters/{ack.pk}.pdf" in page
    resp = client.get(f"/public/track/{app.number}/letters/{ack.pk}.pdf")
    assert resp.status_code == 200 and b"".join(resp.streaming_content).startswith(b"%PDF")
    assert "no-store" in resp["Cache-Control"]
    assert AuditEvent.objects.filter(action="download_letter", actor=None, summary__contains="申请人网上下载").exists()
    assert client.get(f"/public/track/{app.number}/letters/{ack.pk}.exe").status_code == 404


def test_consultation_letter_not_offered_to_applicant(client, world):
    app, _ = apply(client)
    actions.do_start_consultation(world.handler, app, on=app.received_on, party="third_party", recipient="某公司")
    letter = Document.objects.get(application=app, kind="consultation_third_party")
    actions.render_document(letter.pk)
    assert client.get(f"/public/track/{app.number}/letters/{letter.pk}.pdf").status_code == 404


@pytest.mark.parametrize("step", ["request_correction", "decide"])
def test_each_legal_step_mails_the_applicant(client, world, django_capture_on_commit_callbacks, step):
    app, _ = apply(client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if step == "request_correction":
            actions.do_request_correction(world.handler, app, on=app.received_on, items="请写明文号")
        else:
            actions.do_decide(world.head, app, on=app.received_on, outcome="not_processed.repeat")
    to_applicant = [m for m in mail.outbox if m.to == ["wang@example.com"]]
    assert len(to_applicant) == 1 and app.number in to_applicant[0].body
    assert app.identifier not in to_applicant[0].body


def test_refused_step_sends_nothing(client, world, django_capture_on_commit_callbacks):
    app, _ = apply(client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(actions.CaseworkError):
        actions.do_record_payment(world.handler, app, on=app.received_on)  # no fee notice: out of order
    assert mail.outbox == []


def test_staff_cannot_take_the_applicant_step(world, client):
    app, _ = apply(client)
    actions.do_request_correction(world.handler, app, on=app.received_on, items="请写明文号")
    with pytest.raises(actions.CaseworkError, match="只能由申请人"):
        from gongkai.casework.actions import base

        with base.begin(world.clerk, app, "reply_correction_online"):
            pass


def test_script_in_the_name_is_text_in_the_letter(client, world):
    """The letter's HTML escapes what the applicant typed: WeasyPrint prints it as text (an
    unescaped <b> would have been a tag, dropped from the text)."""
    import io

    import pdfplumber

    app, _ = apply(client, applicant_name="赵<b>某</b>", information_requested="决算<script>x</script>")
    ack = Document.objects.get(application=app, kind="acknowledgement")
    assert actions.render_document(ack.pk)
    ack.refresh_from_db()
    with ack.pdf.open("rb") as fh, pdfplumber.open(io.BytesIO(fh.read())) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "")
    assert "赵<b>某</b>" in text


def test_cases_registered_by_staff_are_not_messaged(world, django_capture_on_commit_callbacks):
    """No query code, no tracking page: a case registered from a letter is answered by letter."""
    from gongkai.casework.demo import synthetic_id

    with django_capture_on_commit_callbacks(execute=True):
        app = actions.do_receive_application(
            world.clerk, world.dept, applicant_kind="natural", applicant_name="孙某", identifier=synthetic_id(5),
            information_requested="某文件", channel="in_person", received_on=DAY, contact_email="sun@example.com",
            contact_phone="13900000000", today=DAY)
        actions.do_request_correction(world.handler, app, on=DAY, items="请写明文号", today=DAY)
    assert mail.outbox == []


def test_correction_reply_on_a_rest_day_is_received_that_day_day_one_next_working_day(client, world, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DAY)
    app, _ = apply(client)
    actions.do_request_correction(world.handler, app, on=app.received_on, items="请写明文号")
    saturday = app.received_on + dt.timedelta(days=(5 - app.received_on.weekday()) % 7 or 7)
    assert saturday.weekday() == 5
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: saturday)
    actions.do_reply_correction_online(app, text="文号为测商〔2025〕1号", today=saturday)
    event = ClockEvent.objects.get(application=app, kind="correction_received")
    assert event.on == saturday
    app.refresh_from_db()
    from gongkai.casework.calendar import platform_calendar

    # 20 working days counted from Monday as day 1 (docs/deadlines.md §1)
    assert app.status == "received" and app.due_on == platform_calendar().add_workdays(saturday, 20)
