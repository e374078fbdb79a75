"""The year's report end to end in Chromium: staff record a reconsideration and a suit on existing
cases, enter 表二, write the sections, see and fix findings, lock, publish; an anonymous visitor
downloads the PDF, and `gongkai extract` of it equals the locked report cell by cell.  Then the
pages at phone size: nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from annual.world import decided_case, make_world, use_tmp_private_storage
from gongkai import interchange
from gongkai.annual import locks
from gongkai.appeals.models import Appeal
from gongkai.formats import for_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date
YEAR = 2025


@pytest.fixture
def office(transactional_db, monkeypatch, tmp_path):
    use_tmp_private_storage(monkeypatch, tmp_path / "private")
    w = make_world()
    for u in (w.head,):
        u.set_password("head-pass-123")
        u.save()
    w.case_a = decided_case(w, D(YEAR, 3, 2), D(YEAR, 3, 20), 1)
    w.case_b = decided_case(w, D(YEAR, 5, 6), D(YEAR, 5, 28), 2, outcome="unable.not_held")
    return w


def login(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def record(page, base, *, kind, number, body, filed, case_number):
    page.goto(f"{base}/appeals/new/")
    page.check(f"input[name=kind][value={kind}]")
    page.fill("#id_application_number", number)
    page.fill("#id_body", body)
    page.fill("#id_case_number", case_number)
    page.fill("#id_filed_on", filed)
    page.click("#appeal-form button[type=submit]")
    page.wait_for_url("**/appeals/*/")


def findings(page) -> set[str]:
    return set(page.locator("#findings li").evaluate_all("els => els.map(e => e.dataset.rule)"))


def test_year_report_end_to_end(page, live_server, office, browser, tmp_path):
    base = live_server.url
    login(page, base, "head", "head-pass-123")

    # 行政复议 on case A, concluded (维持); 行政诉讼 (直接起诉) on case B, pending
    record(page, base, kind="reconsideration", number=office.case_a.number, body="测试市人民政府",
           filed=f"{YEAR}-04-01", case_number=f"测政复〔{YEAR}〕3号")
    page.fill("#id_concluded_on", f"{YEAR}-05-20")
    page.check("input[name=result][value=upheld]")
    page.fill("#id_note", "维持原答复")
    page.click("#conclude-form button[type=submit]")
    page.wait_for_selector("text=已登记审结结果")
    record(page, base, kind="litigation_direct", number=office.case_b.number, body="测试市人民法院",
           filed=f"{YEAR}-06-15", case_number=f"（{YEAR}）测0101行初8号")
    assert Appeal.objects.count() == 2

    # the report: sections missing (A-1, errors) and 表二 blank (B-1)
    page.goto(f"{base}/annual/G-D/{YEAR}/")
    assert {"A-1", "B-1"} <= findings(page)
    assert page.locator("#n-error").inner_text() == "3"

    # 表二: part of it, in 元 by mistake first
    fmt = for_year(YEAR)
    t2 = [a for a, c in fmt.cells.items() if c.table == "表二"]
    fee = next(a for a in t2 if fmt.cells[a].unit == "万元")
    page.goto(f"{base}/annual/G-D/{YEAR}/table2/")
    for a in t2[:4]:
        page.fill(f"input[data-cell='{a}']", "3")
    page.fill(f"input[data-cell='{fee}']", "35000元")
    for name in page.locator("input[name^=s_]").evaluate_all("els => els.map(e => e.name)"):
        page.fill(f"input[name={name}]", "业务系统导出")
    page.click("#table2-form button[type=submit]")
    assert "换算为万元" in page.locator(f"input[data-cell='{fee}'] ~ .error").inner_text()
    page.fill(f"input[data-cell='{fee}']", "3.5")
    page.click("#table2-form button[type=submit]")
    page.wait_for_selector("text=表二已保存")

    # sections
    page.goto(f"{base}/annual/G-D/{YEAR}/sections/")
    assert "本年办结" in page.locator(".facts-box").inner_text()
    page.fill("#id_section_1", "2025年，本局落实《条例》，主动公开、依申请公开、政府信息管理、平台建设和监督保障工作有序开展。")
    page.fill("#id_section_5", "主要问题是政策解读不够深入。改进措施：加强解读，提高公开质量。")
    page.fill("#id_section_6", "本年度未发出信息处理费收费通知，未收取信息处理费。")
    page.click("#sections-form button[type=submit]")
    page.wait_for_url(f"**/annual/G-D/{YEAR}/")
    rules = findings(page)
    assert "A-1" not in rules and "B-1" in rules  # the 表二 blanks remain: fix them
    assert page.locator("#n-error").inner_text() == "0"

    page.goto(f"{base}/annual/G-D/{YEAR}/table2/")
    for a in t2:
        if not page.input_value(f"input[data-cell='{a}']"):
            page.fill(f"input[data-cell='{a}']", "0")
    for name in page.locator("input[name^=s_]").evaluate_all("els => els.filter(e => !e.value).map(e => e.name)"):
        page.fill(f"input[name={name}]", "经核实本年度为 0")
    page.click("#table2-form button[type=submit]")
    page.wait_for_selector("text=表二已保存")
    page.goto(f"{base}/annual/G-D/{YEAR}/")
    assert "B-1" not in findings(page)

    # lock, publish
    page.click("#lock-form button[type=submit]")
    page.wait_for_selector("text=已锁定2025年度年报")
    page.click("#publish-form button[type=submit]")
    page.wait_for_selector("text=已发布2025年度年报第 1 版")
    assert page.locator("#state").inner_text() == "已发布"

    # an anonymous visitor downloads the PDF from the public page
    visitor = browser.new_context(locale="zh-CN", accept_downloads=True)
    anon = visitor.new_page()
    anon.goto(f"{base}/public/annual/G-D/")
    assert "现行版本" in anon.locator("main").inner_text()
    with anon.expect_download() as dl:
        anon.click(f"#v{YEAR}-1 a:text-is('PDF')")
    pdf = tmp_path / "published.pdf"
    dl.value.save_as(pdf)
    visitor.close()

    out = tmp_path / "extracted"
    done = subprocess.run([sys.executable, "-c", "from gongkai.cli import main; main()", "extract", str(pdf),
                           "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    extracted = interchange.read(next(out.glob("*.json")))
    locked = locks.locked_report(office.dept, YEAR)
    wrong = {a: (locked.cells[a], extracted.cells[a]) for a in locked.cells if extracted.cells[a] != locked.cells[a]}
    assert wrong == {}
    assert locked.cells["表四|合计|行政复议/结果维持"] == 1
    assert locked.cells["表四|合计|行政诉讼/未经复议直接起诉/尚未审结"] == 1
    assert json.loads(json.dumps(interchange.to_dict(extracted)))["year"] == YEAR


@pytest.mark.parametrize("path", ["/annual/", "/annual/G-D/2025/", "/annual/G-D/2025/table2/",
                                  "/annual/G-D/2025/sections/", "/appeals/", "/appeals/new/"])
def test_phone_width_staff_pages(browser, live_server, office, path):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    login(page, live_server.url, "head", "head-pass-123")
    page.goto(f"{live_server.url}{path}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    ctx.close()


def test_phone_width_public_pages(browser, live_server, office):
    from gongkai.annual import publication
    from gongkai.annual.drafting import do_save_sections

    do_save_sections(office.head, office.dept, YEAR, sections={1: "总体情况。", 5: "问题。", 6: "无。"})
    locks.do_lock_year(office.head, office.dept, YEAR, reason="手机版测试")
    publication.do_publish(office.head, office.dept, YEAR)
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    for path in ("/public/annual/G-D/", f"/public/annual/G-D/{YEAR}/v1/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    ctx.close()
