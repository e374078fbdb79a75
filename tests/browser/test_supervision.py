"""The supervising office end to end, in Debian Chromium: upload three reports (PDF, Word, HTML) beside one
made in gongkai, see states and findings, correct an unknown cell with a note, explain a finding, build
the summary, download the review sheet and the XLSX, and check that each chart draws the table's numbers."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest

from supervision.conftest import YEAR, document, immediate_tasks, region  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_NATURAL = "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"


def _misprinted_html(agency) -> bytes:
    html = document(agency, "html").decode()
    marker = f'data-cell="{NEW_NATURAL}">'
    i = html.index(marker) + len(marker)
    j = html.index("<", i)
    return (html[:i] + html[i:j - 1] + "." + html[j - 1:j] + html[j:]).encode()  # "33.7" for 337


def _lock_township(w) -> None:
    """The township made its report in gongkai: one case in the year, the year locked."""
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Role, Staff
    from gongkai.annual import locks
    from gongkai.casework import actions as case_actions
    from gongkai.casework.demo import synthetic_id

    User = get_user_model()
    clerk = User.objects.create_user("t-clerk", password="pw")
    Staff.objects.create(user=clerk, agency=w.t, role=Role.REGISTRAR)
    head = User.objects.create_user("t-head", password="pw")
    Staff.objects.create(user=head, agency=w.t, role=Role.HEAD)
    case_actions.do_receive_application(
        clerk, w.t, applicant_kind="natural", applicant_name="王某", identifier=synthetic_id(5),
        information_requested="某村财务公开材料", channel="in_person", received_on=dt.date(YEAR, 5, 6),
        today=dt.date(YEAR, 5, 6))
    locks.do_lock_year(head, w.t, YEAR, reason="正文另行报送")


def _login(page, url):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "pw")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/")


def _no_sideways_scroll(page):
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                && e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (page.url, wide)


def test_office_year_end_to_end(page, live_server, tmp_path, region):  # noqa: F811 (the imported fixture)
    w = region
    _lock_township(w)
    wrong = document(w.b, "docx", edit=lambda r: r.cells.update({NEW_NATURAL: r.cells[NEW_NATURAL] + 2}))
    files = {"商务局.html": _misprinted_html(w.a), "教育局.docx": wrong, "民政局.pdf": document(w.c, "pdf")}
    paths = []
    for name, data in files.items():
        p = tmp_path / name
        p.write_bytes(data)
        paths.append(str(p))
    url = live_server.url
    _login(page, url)
    page.goto(f"{url}/supervision/")
    page.wait_for_url(f"**/supervision/region/{w.gov.pk}/{dt.date.today().year - 1}/")
    page.goto(f"{url}/supervision/region/{w.gov.pk}/{YEAR}/")

    # upload three documents at once; the office does not say whose they are
    page.set_input_files("#id_files", paths)
    page.get_by_role("button", name="上传并读取").click()
    page.wait_for_url("**/supervision/batch/*/")
    page.wait_for_selector("text=全部完成", timeout=60000)
    assert page.locator("#batch-docs tr[data-state=read]").count() == 3

    # each one's state and findings on the year page; the township's report made in gongkai is there too
    page.goto(f"{url}/supervision/region/{w.gov.pk}/{YEAR}/")
    row = lambda code: page.locator(f"#region-year tr[data-agency='{code}']")  # noqa: E731
    for code in ("G-A", "G-B", "G-C"):
        assert "已上传" in row(code).locator("td.state").inner_text()
    assert "平台已锁定" in row("G-T").locator("td.state").inner_text()
    assert "错误" in row("G-B").inner_text()
    assert "存疑 1 格" in row("G-A").inner_text() and "错误" not in row("G-A").inner_text()
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        page.screenshot(path=str(SHOTS / "supervision-year.png"), full_page=True)

    # correct the unknown cell, with a note
    row("G-A").get_by_role("link", name="测试市商务局").click()
    page.locator("#source a").click()
    unknown = page.locator("td.cell-unknown")
    assert unknown.count() == 1 and unknown.get_attribute("data-address") == NEW_NATURAL
    unknown.locator("a").click()
    page.wait_for_selector("#cell")
    assert "无法确定" in page.locator("#cell").inner_text()
    page.fill("#id_value", "337")
    page.fill("#id_note", "核对原件：表三第 1 行自然人列为 337")
    page.get_by_role("button", name="保存更正").click()
    page.wait_for_selector("text=已更正，并已重新检查该报告")
    cell = page.locator(f"td[data-address='{NEW_NATURAL}']")
    assert "cell-corrected" in cell.get_attribute("class") and cell.inner_text().startswith("337")
    assert page.locator("td.cell-unknown").count() == 0
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        page.screenshot(path=str(SHOTS / "supervision-document.png"), full_page=True)

    # mark a finding of 教育局 explained
    page.goto(f"{url}/supervision/agency/{w.b.pk}/{YEAR}/")
    finding = page.locator(".finding[data-rule='T3-2']").first
    finding.locator("select").select_option("explained")
    finding.locator("textarea").fill("录入时多计 2 件，已在原件中更正")
    finding.get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已标记为“已说明”")
    assert page.locator(".finding[data-rule='T3-2']").first.get_attribute("data-status") == "explained"

    # the review sheet
    with page.expect_download() as dl:
        page.locator("#sheet-docx").click()
    from docx import Document as Docx

    sheet = Docx(io.BytesIO(Path(dl.value.path()).read_bytes()))
    table_text = "\n".join(c.text for t in sheet.tables for r in t.rows for c in r.cells)
    assert "已说明：录入时多计 2 件" in table_text
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        page.screenshot(path=str(SHOTS / "supervision-agency.png"))

    # the summary, departments only, and its XLSX
    page.goto(f"{url}/supervision/region/{w.gov.pk}/{YEAR}/summary/")
    page.select_option("#scope", "departments")
    page.locator("#build-summary").click()
    page.wait_for_selector("#summary-scope")
    assert "仅所辖机关" in page.locator("#summary-scope").inner_text()
    assert "计入 4 个机关" in page.locator("#summary-scope").inner_text()  # three uploads + the township's
    with page.expect_download() as dl:
        page.locator("#download-xlsx").click()
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(Path(dl.value.path()).read_bytes()))
    agencies = {r[0].value for r in wb["单元格"].iter_rows(min_row=2)}
    assert agencies == {"汇总", w.a.name, w.b.name, w.c.name, w.t.name}
    corrected = [r for r in wb["单元格"].iter_rows(min_row=2, values_only=True)
                 if r[0] == w.a.name and r[-1] == "已更正"]
    assert len(corrected) == 1 and corrected[0][5] == 337

    # charts: drawn (SVG) with the same numbers as the table beside each
    page.goto(f"{url}/supervision/region/{w.gov.pk}/{YEAR}/charts/")
    charts = page.locator("[data-chart]")
    assert charts.count() == 4
    for i in range(charts.count()):
        el = charts.nth(i)
        el.locator("svg").first.wait_for()
        series = el.evaluate("el => echarts.getInstanceByDom(el).getOption().series.map(s => s.data)")
        chart_id = el.get_attribute("id").removeprefix("chart-")
        rows = page.locator(f"#table-{chart_id} tbody tr")
        table = [[None if t == "—" else int(t) for t in rows.nth(r).locator("td").all_inner_texts()]
                 for r in range(rows.count())]
        assert [list(col) for col in zip(*table, strict=True)] == series, chart_id
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        page.screenshot(path=str(SHOTS / "supervision-charts.png"))

    # phone size: no sideways scrolling on the pages people read on the move
    page.set_viewport_size({"width": 390, "height": 844})
    from gongkai.supervision.models import Document

    doc = Document.objects.get(agency=w.a)
    for path in (f"/supervision/region/{w.gov.pk}/{YEAR}/", f"/supervision/agency/{w.b.pk}/{YEAR}/",
                 f"/supervision/document/{doc.pk}/?cell={NEW_NATURAL}", f"/supervision/batch/{doc.batch_id}/",
                 f"/supervision/region/{w.gov.pk}/{YEAR}/charts/", f"/supervision/region/{w.gov.pk}/{YEAR}/summary/"):
        page.goto(url + path)
        page.wait_for_load_state("load")
        _no_sideways_scroll(page)
