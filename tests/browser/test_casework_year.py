"""What issue 10 asked to see working, clicked in Chromium: a 5-day extension's letter, a
consultation's receipt date moving the due date, a registration correction moving 表三's column,
an attachment for the agency's staff only, and every staff page at phone size."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, AgencyKind, Role, Staff
from gongkai.casework import actions
from gongkai.casework.calendar import platform_calendar
from gongkai.casework.demo import synthetic_id
from gongkai.casework.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "yr-pass-123"


@pytest.fixture
def office(transactional_db):
    gov = Agency.objects.create(code="YR", name="年度市人民政府", short_name="年政公开", kind=AgencyKind.GOVERNMENT)
    dept = Agency.objects.create(code="YR-D", name="年度市商务局", short_name="年商公开", parent=gov,
                                 reconsideration_body="年度市人民政府", court="年度市人民法院")
    other = Agency.objects.create(code="ZZ", name="别市交通局", short_name="别交公开")
    User = get_user_model()

    def user(name, agency, *roles):
        u = User.objects.create_user(username=name, password=PASSWORD, first_name=name)
        for r in roles:
            Staff.objects.create(user=u, agency=agency, role=r)
        return u

    o = type("Office", (), {})()
    o.dept, o.gov = dept, gov
    o.head = user("yr-head", dept, Role.HEAD)
    o.clerk = user("yr-clerk", dept, Role.REGISTRAR, Role.HANDLER)
    o.supervisor = user("yr-super", gov, Role.SUPERVISOR)
    o.admin = user("yr-admin", gov, Role.ADMIN)
    o.outsider = user("zz-head", other, Role.HEAD)
    return o


def login(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def open_step(page, name: str) -> None:
    """Unfold a step of the case page (whichever is open already)."""
    page.locator(f"details.step:has(#h-step-{name})").evaluate("el => el.open = true")


def workday_before(d: dt.date, n: int) -> dt.date:
    cal = platform_calendar()
    for _ in range(n):
        d -= dt.timedelta(days=1)
        while not cal.is_workday(d):
            d -= dt.timedelta(days=1)
    return d


def new_case(office, received, **kw):
    return actions.do_receive_application(
        office.clerk, office.dept, applicant_kind=kw.pop("kind", "natural"), applicant_name=kw.pop("name", "王建国"),
        identifier=kw.pop("identifier", synthetic_id(31)), information_requested="2025年度某路改造工程立项批复",
        channel="in_person", received_on=received, acknowledge=False, **kw)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join((p.extract_text() or "") for p in pdf.pages).replace("\n", "").replace(" ", "")


def test_an_extension_of_five_days_issues_a_letter_saying_five_dated_on_its_step(page, live_server, office):
    today = dt.date.today()
    received = workday_before(today, 6)
    approved = workday_before(today, 2)  # recorded today, approved two working days ago
    app = new_case(office, received)
    login(page, live_server, office.head)
    page.goto(f"{live_server.url}/cases/{app.pk}/")
    open_step(page, "approve_extension")
    page.fill("#id_approve_extension-on", approved.isoformat())
    page.fill("#id_approve_extension-days", "5")
    page.fill("#id_approve_extension-reason", "需要调取多个年度的档案")
    page.click("form[action$='/approve_extension/'] button[type=submit]")
    page.wait_for_url(re.compile(r"#timeline$"))
    doc = Document.objects.get(application=app, kind="extension_notice")
    assert page.locator(".messages").inner_text().count(doc.number) == 1
    assert doc.issued_on == approved and doc.number.endswith(f"〔{approved.year}〕1号")
    with page.expect_download() as dl:
        page.click(f"a[href$='/documents/{doc.pk}.pdf']")
    text = pdf_text(Path(dl.value.path()).read_bytes())
    assert "延长5个工作日" in text and "第三十三条第二款" in text
    assert f"{approved.year}年{approved.month}月{approved.day}日" in text  # the letter's date is the step's
    app.refresh_from_db()
    assert f"将于{app.due_on.year}年{app.due_on.month}月{app.due_on.day}日前作出答复" in text


def test_entering_the_third_partys_receipt_moves_the_due_date(page, live_server, office):
    """Art. 32: the party has 15 working days from receiving the letter; without an answer the time
    not counted ends there — so a later receipt moves the due date by as many working days."""
    cal = platform_calendar()
    today = dt.date.today()
    sent = workday_before(today, 30)
    received = workday_before(sent, 2)
    app = new_case(office, received)
    app = actions.do_start_consultation(office.clerk, app, on=sent, party="third_party", recipient="某科技有限公司")
    before = app.due_on
    assert before is not None  # 15 working days from the sending have passed: the clock runs again
    party_got = cal.add_workdays(sent, 4)
    login(page, live_server, office.clerk)
    page.goto(f"{live_server.url}/cases/{app.pk}/")
    open_step(page, "record_receipt")
    page.fill("#id_record_receipt-received_on", party_got.isoformat())
    page.click("form[action$='/record_receipt/'] button[type=submit]")
    page.wait_for_url(re.compile(r"#timeline$"))
    app.refresh_from_db()
    assert app.due_on == cal.add_workdays(before, 4)
    due = app.due_on
    assert f"{due.year}年{due.month}月{due.day}日" in page.locator("#h-clock").locator("..").inner_text()
    assert "对方收到" in page.locator("ol.timeline").first.inner_text()


def test_a_registration_correction_moves_the_case_to_the_right_column(page, live_server, office):
    from gongkai.casework.demo import synthetic_credit_code

    today = dt.date.today()
    app = new_case(office, workday_before(today, 3), kind="commercial", name="浙江某某律师事务所",
                   identifier=synthetic_credit_code(5))
    login(page, live_server, office.clerk)
    page.goto(f"{live_server.url}/table3/?agency={office.dept.pk}&year={app.received_on.year}")
    first = page.locator("table.t3 tbody tr").first
    assert first.locator("td").nth(1).inner_text() == "1"  # 商业企业
    page.goto(f"{live_server.url}/cases/{app.pk}/")
    page.click("text=更正申请人信息、渠道或收到日期")
    page.select_option("#id_correct_registration-applicant_kind", "legal_service")
    page.fill("#id_correct_registration-reason", "登记时误将律师事务所登记为商业企业")
    page.click("form[action$='/correct_registration/'] button[type=submit]")
    page.wait_for_url(re.compile(r"#timeline$"))
    page.click("summary:has-text('操作记录')")
    assert "申请人类型（表三列）：商业企业 → 法律服务机构" in page.locator(".audit-trail").inner_text()
    page.goto(f"{live_server.url}/table3/?agency={office.dept.pk}&year={app.received_on.year}")
    cells = page.locator("table.t3 tbody tr").first.locator("td")
    assert cells.nth(1).inner_text() == "0" and cells.nth(4).inner_text() == "1"  # now 法律服务机构


def test_an_attachment_is_for_the_agencys_staff_and_404_to_another_agency(page, live_server, office, tmp_path):
    app = new_case(office, workday_before(dt.date.today(), 2))
    scan = tmp_path / "身份证明.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    login(page, live_server, office.clerk)
    page.goto(f"{live_server.url}/cases/{app.pk}/")
    page.click("summary:has-text('上传附件')")
    page.select_option("#id_attach_file-kind", "id_copy")
    page.set_input_files("#id_attach_file-file", str(scan))
    page.click("form[action$='/attach_file/'] button[type=submit]")
    page.wait_for_url(re.compile(r"#timeline$"))
    link = page.locator("a:has-text('身份证明')").first
    href = link.get_attribute("href")
    with page.expect_download() as dl:
        link.click()
    assert Path(dl.value.path()).read_bytes().startswith(b"%PDF")
    page.click(".who form button")  # 退出
    login(page, live_server, office.outsider)
    resp = page.goto(f"{live_server.url}{href}")
    assert resp.status == 404 and "页面不存在" in page.content()


STAFF_PAGES = ["/", "/cases/", "/cases/?status=all", "/cases/new/", "/table3/", "/settings/", "{case}",
               "{case}print/", "/cases/?q=建国", "/no-such-page/"]


@pytest.mark.parametrize("who", ["admin", "head", "supervisor"])
def test_every_staff_page_fits_a_phone(browser, live_server, office, who):
    """390×844: a menu, and no page scrolls sideways (scrollWidth ≤ innerWidth)."""
    today = dt.date.today()
    app = new_case(office, workday_before(today, 3))
    app = actions.do_request_correction(office.clerk, app, on=workday_before(today, 1),
                                        items="请写明所需文件的名称、文号或者形成时间\n" + "很长的一行" * 30)
    actions.do_correct_registration(office.clerk, app, reason="地址补充", contact_address="某某路" * 40)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    try:
        login(page, live_server, {"admin": office.admin, "head": office.head, "supervisor": office.supervisor}[who])
        assert page.locator("summary[aria-label='打开菜单']").is_visible()
        page.click("summary[aria-label='打开菜单']")
        assert page.locator(".nav-phone-list a:has-text('申请办理')").is_visible()
        for path in STAFF_PAGES:
            page.goto(live_server.url + path.format(case=f"/cases/{app.pk}/"))
            width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width <= inner, f"{path}: {width} > {inner}"
            assert page.locator("body").inner_text().strip(), path
    finally:
        context.close()
