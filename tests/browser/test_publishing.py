"""The catalogue in a real browser (Debian Chromium): a clerk drafts, a reviewer rejects with a
reason, the clerk fixes, the reviewer approves, the clerk publishes — counted in 表二; an abolished
规范性文件 moves from 现行有效 to 本年废止; the public search finds the item and its page downloads
the attachment; the public pages fit a phone without sideways scrolling."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.agencies.models import Agency, Role, Staff
from gongkai.formats import for_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "br-pass-123"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROW = "表二|第二十条第（一）项/行政规范性文件|{}"


@pytest.fixture(autouse=True)
def private_in_tmp(settings, tmp_path):
    from gongkai.web.uploads import private_storage

    settings.GONGKAI_HOME = tmp_path
    private_storage.cache_clear()
    yield
    private_storage.cache_clear()


@pytest.fixture
def world(transactional_db):
    from gongkai.publishing import actions

    agency = Agency.objects.create(code="BR", name="浏览器市商务局", office_address="浏览器市某路1号", phone="0573-1111111")
    User = get_user_model()
    users = {}
    for name, role in (("br-clerk", Role.REGISTRAR), ("br-reviewer", Role.REVIEWER), ("br-head", Role.HEAD)):
        users[name] = User.objects.create_user(name, password=PASSWORD, first_name=name)
        Staff.objects.create(user=users[name], agency=agency, role=role)
    actions.do_configure_catalogue(users["br-head"], agency, counts_from_year=2020)
    today = timezone.localdate()
    old = actions.do_create_item(users["br-clerk"], agency, title="浏览器市商务局关于印发旧管理办法的通知",
                                 document_number="浏商发〔2024〕1号", written_on=dt.date(2024, 3, 1),
                                 article_item="20-01", doc_kind="normative", today=dt.date(2024, 3, 1))
    actions.do_submit_item(users["br-clerk"], old, today=dt.date(2024, 3, 2))
    actions.do_approve_item(users["br-reviewer"], old, note="同意公开", today=dt.date(2024, 3, 2))
    actions.do_publish_item(users["br-clerk"], old, on=dt.date(2024, 3, 4), today=today)
    return agency, users, today


@pytest.fixture
def contexts():
    """Browser contexts opened by a test, closed before the live server goes away."""
    opened = []
    yield opened
    for ctx in opened:
        ctx.close()


def signed_in(browser, live_server, username, opened, **context):
    ctx = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True,
                              viewport={"width": 1366, "height": 900}, **context)
    opened.append(ctx)
    page = ctx.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    return page


def open_step(page, label: str):
    """Open the step's panel the way a person does: click its summary unless it is already open."""
    details = page.locator("details.step", has=page.locator("summary h3", has_text=re.compile(f"^{label}$")))
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def test_draft_reject_fix_approve_publish_count_abolish_find_download(browser, live_server, world, tmp_path,
                                                                    contexts):
    from gongkai.publishing import table2
    from gongkai.publishing.models import Item

    agency, users, today = world
    fmt = for_year(today.year)
    before = table2.provide(agency, today.year, fmt)

    # the clerk drafts and attaches the document
    clerk = signed_in(browser, live_server, "br-clerk", contexts)
    clerk.click("nav a:text-is('公开目录')")
    clerk.click("text=新建条目")
    clerk.fill("#id_title", "浏览器市商务局关于印发数字消费券管理办法的通知")
    clerk.fill("#id_document_number", "浏商发〔2026〕9号")
    clerk.fill("#id_written_on", today.isoformat())
    clerk.select_option("#id_article_item", "20-01")
    clerk.select_option("#id_doc_kind", "normative")
    clerk.fill("#id_body", "为规范数字消费券的发放和使用，制定本办法。")
    clerk.click("button[name=save]")
    clerk.wait_for_url(re.compile(r"/catalogue/\d+/$"))
    item = Item.objects.get(document_number="浏商发〔2026〕9号")
    attachment = tmp_path / "数字消费券管理办法.pdf"
    attachment.write_bytes(PDF)
    clerk.set_input_files("#id_file", str(attachment))
    clerk.click("form.upload button[type=submit]")
    clerk.wait_for_selector("text=已上传附件")
    open_step(clerk, "提交保密审查")
    clerk.click("form[action$='/step/submit/'] button[type=submit]")
    clerk.wait_for_selector(".messages >> text=提交保密审查")

    # the reviewer finds it in the queue and returns it with a reason
    reviewer = signed_in(browser, live_server, "br-reviewer", contexts)
    reviewer.goto(f"{live_server.url}/catalogue/")
    reviewer.click("p.queue a:has-text('待保密审查')")
    reviewer.click(f"table.list a:text-is('{item.title}')")
    open_step(reviewer, "退回")
    reviewer.fill("#id_reject-note", "正文第三条含有企业名单，属于商业信息，请删除后重新提交")
    reviewer.click("form[action$='/step/reject/'] button[type=submit]")
    reviewer.wait_for_selector(".messages >> text=保密审查退回")
    assert Item.objects.get(pk=item.pk).status == "rejected"

    # the clerk reads the reason, fixes the text and submits again
    clerk.goto(f"{live_server.url}/catalogue/{item.pk}/")
    assert "正文第三条含有企业名单" in clerk.locator("ol.timeline").inner_text()
    clerk.click("a.btn:text-is('修改')")
    clerk.fill("#id_body", "为规范数字消费券的发放和使用，制定本办法。（已删除企业名单）")
    clerk.click("button[name=save]")
    clerk.wait_for_selector("text=已保存修改")
    open_step(clerk, "提交保密审查")
    clerk.click("form[action$='/step/submit/'] button[type=submit]")
    clerk.wait_for_selector(".messages >> text=提交保密审查")

    # the reviewer approves with the opinion already written out
    reviewer.goto(f"{live_server.url}/catalogue/{item.pk}/")
    open_step(reviewer, "审查通过")
    assert "不涉及国家秘密" in reviewer.input_value("#id_approve-note")
    reviewer.click("form[action$='/step/approve/'] button[type=submit]")
    reviewer.wait_for_selector(".messages >> text=保密审查通过")

    # the clerk publishes: an index number is given, and 表二 counts it
    clerk.goto(f"{live_server.url}/catalogue/{item.pk}/")
    open_step(clerk, "发布")
    clerk.fill("#id_publish-on", today.isoformat())
    clerk.click("form[action$='/step/publish/'] button[type=submit]")
    clerk.wait_for_selector(".messages >> text=索引号")
    item.refresh_from_db()
    assert item.status == "published" and item.index_number in clerk.locator("dl.facts").first.inner_text()
    after = table2.provide(agency, today.year, fmt)
    issued = fmt.table("表二") and table2.cells(fmt)
    first_key = next(iter(issued))  # 本年制发件数 (2021) / 本年新制作数量 (2019)
    cell = issued[first_key]["normative"]
    assert after[cell] == before[cell] + 1

    # the old 规范性文件 is abolished, replaced by the new one: in force → abolished this year
    old = Item.objects.get(document_number="浏商发〔2024〕1号")
    clerk.goto(f"{live_server.url}/catalogue/{old.pk}/")
    open_step(clerk, "废止")
    clerk.fill("#id_abolish-on", today.isoformat())
    clerk.select_option("#id_abolish-replaced_by", str(item.pk))
    clerk.click("form[action$='/step/abolish/'] button[type=submit]")
    clerk.wait_for_selector(".messages >> text=废止")
    final = table2.provide(agency, today.year, fmt)
    if fmt.id == "2021":
        assert final[ROW.format("本年废止件数")] == after[ROW.format("本年废止件数")] + 1
        assert final[ROW.format("现行有效件数")] == after[ROW.format("现行有效件数")] - 1
    # the staff 表二 page shows the same figures
    clerk.goto(f"{live_server.url}/catalogue/table2/?year={today.year}")
    table_text = clerk.locator("#table2").inner_text()
    assert "行政规范性文件" in table_text or "规范性文件" in table_text

    # the public finds it, opens it and downloads the file
    contexts.append(browser.new_context(locale="zh-CN", accept_downloads=True))
    public = contexts[-1].new_page()
    public.goto(f"{live_server.url}/public/BR/catalogue/")
    public.fill("#id_q", "消费券")
    public.click("form.search button[type=submit]")
    public.wait_for_selector("p.count >> text=共 1 条")
    public.click(f"ol.items a:text-is('{item.title}')")
    public.wait_for_url(f"**/public/BR/catalogue/{item.pk}/")
    assert item.index_number in public.locator("dl.facts").inner_text()
    with public.expect_download() as info:
        public.click("ul.files a")
    download = info.value
    assert download.suggested_filename == "数字消费券管理办法.pdf"
    from pathlib import Path

    assert Path(download.path()).read_bytes() == PDF
    # the abolished one says so and points to its replacement
    public.goto(f"{live_server.url}/public/BR/catalogue/{old.pk}/")
    assert "已于" in public.locator(".notice").inner_text() and item.title in public.locator(".notice").inner_text()
    # a draft is not public
    draft_page = public.goto(f"{live_server.url}/public/BR/catalogue/{item.pk + 1000}/")
    assert draft_page.status == 404


@pytest.mark.parametrize("path", ["/public/BR/catalogue/", "/public/BR/catalogue/{pk}/", "/public/BR/guide/",
                                  "/public/BR/catalogue/?q=管理办法&item=20-01"])
def test_phone_size_without_sideways_scrolling(browser, live_server, world, path):
    from gongkai.publishing.models import Item

    pk = Item.objects.get(document_number="浏商发〔2024〕1号").pk
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2,
                              is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(live_server.url + path.format(pk=pk))
    assert page.locator("h1").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), \
        page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    # every form control has a label; the skip link is the first stop
    unlabeled = page.evaluate("""[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)""")
    assert unlabeled == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    ctx.close()
