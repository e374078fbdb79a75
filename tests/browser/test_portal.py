"""Issue 14 clicked in Chromium: a citizen applies online with an ID upload (phone size) → staff
see the case and its ID copy, ask for 补正 → the citizen replies online with the query code →
staff decide → the citizen sees the result and downloads the reply letter.  Also: a published
catalogue item found by search, on its page and in the feed, reached from the landing page; the
large-text switch."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.agencies.models import Agency, AgencyKind, Role, Staff
from gongkai.casework.calendar import platform_calendar
from gongkai.casework.demo import synthetic_id
from gongkai.casework.models import Application, Attachment, Document

from .test_casework_year import PASSWORD, open_step
from .test_casework_year import login as staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def office(transactional_db, monkeypatch):
    # steps are dated today; on a rest day the online receipt date would be ahead of it
    day = timezone.localdate()
    cal = platform_calendar()
    while not cal.is_workday(day):
        day -= dt.timedelta(days=1)
    if day != timezone.localdate():
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
    gov = Agency.objects.create(code="PT", name="门户市人民政府", short_name="门政公开", kind=AgencyKind.GOVERNMENT)
    dept = Agency.objects.create(code="PT-D", name="门户市商务局", short_name="门商公开", parent=gov,
                                 office_name="门户市商务局办公室", phone="0573-7654321",
                                 reconsideration_body="门户市人民政府", court="门户市人民法院")
    u = get_user_model().objects.create_user(username="pt-head", password=PASSWORD, first_name="张主任",
                                              email="head@example.gov.cn")
    for r in (Role.HEAD, Role.REGISTRAR, Role.HANDLER):
        Staff.objects.create(user=u, agency=dept, role=r)
    o = type("Office", (), {})()
    o.gov, o.dept, o.head, o.day = gov, dept, u, day
    return o


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_apply_correct_reply_decide_download(browser, live_server, office, tmp_path):
    idcard = tmp_path / "身份证.png"
    idcard.write_bytes(PNG)
    reply = tmp_path / "补正说明.png"
    reply.write_bytes(PNG)
    citizen = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE)
    c = citizen.new_page()
    c.set_default_timeout(20000)

    # 1. the citizen finds the agency and applies, with an ID copy
    c.goto(f"{live_server.url}/public/")
    c.click("text=门户市商务局")
    c.click(".tiles >> text=网上申请")
    no_sideways_scroll(c)
    c.fill("#id_applicant_name", "赵<b>市民</b>")
    c.fill("#id_identifier", synthetic_id(41))
    c.set_input_files("#id_id_copy", str(idcard))
    c.fill("#id_contact_phone", "13900001111")
    c.fill("#id_contact_email", "zhao@example.com")
    c.fill("#id_information_requested", "2025年度外贸发展专项资金分配结果<script>alert(1)</script>")
    c.click("button.primary")
    number = c.locator("#tracking-number").inner_text().strip()
    code = c.locator("#query-code").inner_text().strip()
    no_sideways_scroll(c)
    app = Application.objects.get(number=number)
    assert (app.channel, app.source) == ("online", "portal")
    assert Attachment.objects.filter(application=app, kind="id_copy").count() == 1

    # 2. staff see it with its ID copy and ask for 补正
    s_ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1366, "height": 900})
    s = s_ctx.new_page()
    s.set_default_timeout(20000)
    staff_login(s, live_server, office.head)
    s.goto(f"{live_server.url}/cases/{app.pk}/")
    assert s.locator("#h-att").is_visible() and s.locator("a:has-text('身份证明')").count() == 1
    open_step(s, "request_correction")
    s.fill("#id_request_correction-on", office.day.isoformat())
    s.fill("#id_request_correction-items", "请写明所需专项资金的具体项目名称")
    s.click("form[action$='/request_correction/'] button[type=submit]")
    s.wait_for_load_state()
    app.refresh_from_db()
    assert app.status == "correction"

    # 3. the citizen tracks with the query code, reads the notice, replies online
    fresh = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE)
    t = fresh.new_page()
    t.set_default_timeout(20000)
    t.goto(f"{live_server.url}/public/track/")
    t.fill("#id_number", number)
    t.fill("#id_code", "WRONG-CODE-0000")
    t.click("button.primary")
    assert "申请编号或查询码不正确" in t.content()
    t.fill("#id_number", number)
    t.fill("#id_code", code)
    t.click("button.primary")
    t.wait_for_url(re.compile(f"/public/track/{number}/$"))
    body = t.content()
    assert "请您补正申请" in body and "补正告知书" in body and "<script>alert(1)" not in body
    no_sideways_scroll(t)
    t.fill("#id_text", "所需项目为“跨境电商公共海外仓建设”")
    t.set_input_files("#id_files", str(reply))
    t.click("form[action$='/correction/'] button.primary")
    t.wait_for_url(re.compile(r"\?sent=1$"))
    assert "收到您补正后的申请" in t.content()
    app.refresh_from_db()
    assert app.status == "received"

    # 4. staff see the reply and decide
    s.goto(f"{live_server.url}/cases/{app.pk}/")
    assert "跨境电商公共海外仓建设" in s.content()
    open_step(s, "decide")
    s.fill("#id_decide-on", office.day.isoformat())
    s.select_option("#id_decide-outcome", "granted")
    s.fill("#id_decide-delivery", "通过电子邮件发送")
    s.click("form[action$='/decide/'] button[type=submit]")
    s.wait_for_load_state()
    app.refresh_from_db()
    assert app.status == "decided"
    reply_doc = Document.objects.get(application=app, kind="reply_granted")
    assert reply_doc.pdf

    # 5. the citizen sees the result and downloads the reply
    t.goto(f"{live_server.url}/public/track/{number}/")
    assert "已作出答复" in t.content()
    with t.expect_download() as dl:
        t.click(f"a[href$='/letters/{reply_doc.pk}.pdf']")
    data = Path(dl.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "").replace(" ", "")
    assert reply_doc.number.replace(" ", "") in text
    # another browser without the code sees nothing of it
    stranger = browser.new_context(locale="zh-CN").new_page()
    resp = stranger.goto(f"{live_server.url}/public/track/{number}/letters/{reply_doc.pk}.pdf")
    assert resp.status == 404 and "找不到该文书" in stranger.content()
    stranger.goto(f"{live_server.url}/public/track/{number}/")
    assert "查询申请办理进度" in stranger.content() and "跨境电商" not in stranger.content()
    for ctx in (citizen, s_ctx, fresh, stranger.context):
        ctx.close()


def test_catalogue_item_in_search_page_and_feed_and_large_text(browser, live_server):
    from gongkai.casework import demo as casework_demo
    from gongkai.publishing import demo
    from gongkai.publishing.models import Item

    casework_demo.load(cases=0)
    demo.load()
    item = Item.objects.filter(agency__code="HN", status="published").order_by("-published_on").first()
    word = item.title[:6]
    ctx = browser.new_context(locale="zh-CN", viewport=PHONE)
    p = ctx.new_page()
    p.goto(f"{live_server.url}/public/HN/")
    p.fill("#q", word)
    p.click("form[role=search] button")
    p.click(f"a[href='/public/HN/catalogue/{item.pk}/']")
    assert item.title in p.locator("h1").inner_text()
    no_sideways_scroll(p)
    feed = p.goto(f"{live_server.url}/public/HN/catalogue/feed.atom")
    assert item.title in feed.text() and f"/public/HN/catalogue/{item.pk}/" in feed.text()
    # the large-text switch: a button, pressed state announced, kept across pages, no sideways scroll
    p.goto(f"{live_server.url}/public/HN/")
    small = p.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    p.click("button[aria-pressed=false]")
    p.wait_for_selector("button[aria-pressed=true]")
    p.goto(f"{live_server.url}/public/HN/catalogue/")
    big = p.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert big >= small * 1.25 and p.locator("html.large").count() == 1
    no_sideways_scroll(p)
    ctx.close()
