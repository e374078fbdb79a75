"""The office's pages: who sees what (others get a 404), the year page, exports, summary, review sheet, charts."""

from __future__ import annotations

import io
import json

import pytest

from gongkai.supervision import actions, sources
from gongkai.supervision.models import Document, Entry, TrackedFinding
from supervision.conftest import YEAR, document, upload_file

pytestmark = pytest.mark.django_db

NEW_NATURAL = "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"


@pytest.fixture
def filled(region):
    """Three departments uploaded (one with an arithmetic error), the township's report missing."""
    w = region
    wrong = document(w.b, edit=lambda r: r.cells.update({NEW_NATURAL: r.cells[NEW_NATURAL] + 2}))
    actions.do_upload(w.office, w.gov, YEAR, [upload_file("a.html", document(w.a)), upload_file("b.html", wrong),
                                              upload_file("c.docx", document(w.c, "docx"))])
    return w


def get(client, user, url, **kw):
    client.force_login(user)
    return client.get(url, **kw)


def test_the_year_page_lists_every_agency_with_its_state_and_findings(client, filled):
    w = filled
    r = get(client, w.office, f"/supervision/region/{w.gov.pk}/{YEAR}/")
    assert r.status_code == 200
    html = r.content.decode()
    for a in (w.gov, w.a, w.b, w.c, w.t):
        assert a.name in html
    rows = {row.agency.code: row for row in r.context["rows"]}
    assert rows["G-A"].status == "uploaded" and rows["G-T"].status == sources.NOT_STARTED
    assert rows["G-B"].counts["errors"] >= 1 and rows["G-A"].counts["errors"] == 0
    assert w.other.name not in html and w.x_dept.name not in html


def test_filters_sorting_and_export(client, filled):
    w = filled
    base = f"/supervision/region/{w.gov.pk}/{YEAR}/"
    r = get(client, w.office, base + "?show=errors")
    shown = [row.agency.code for row in r.context["rows"]]
    assert "G-B" in shown and "G-A" not in shown and "G-T" not in shown  # G-C (洪泽's cells) has the document's own errors
    r = get(client, w.office, base + "?show=missing")
    assert {row.agency.code for row in r.context["rows"]} == {"G", "G-T"}
    r = get(client, w.office, base + "?order=errors")
    errors = [row.counts["errors"] for row in r.context["rows"]]
    assert errors == sorted(errors, reverse=True) and errors[0] > 0
    csv = get(client, w.office, base + "?show=received&export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("机关代码,机关,状态") and len(text.splitlines()) == 4
    xlsx = get(client, w.office, base + "?export=xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.max_row == 6 and ws.cell(1, 2).value == "机关"


def test_lateness_against_the_deadline(client, region):
    w = region
    import datetime as dt

    actions.do_upload(w.office, w.gov, 2023, [upload_file("a.html", document(w.a, year=2023))], agency=w.a,
                      received_on=dt.date(2024, 2, 5))
    r = get(client, w.office, f"/supervision/region/{w.gov.pk}/2023/")
    rows = {row.agency.code: row for row in r.context["rows"]}
    assert rows["G-A"].lateness == "逾期 5 天报送"
    assert rows["G-B"].lateness == "逾期未报送"  # 2024-01-31 has passed, nothing received
    assert rows["G"].deadline == dt.date(2024, 3, 31)


def test_other_regions_and_agencies_are_a_404(client, filled):
    w = filled
    doc = Document.objects.get(agency=w.a)
    for url in (f"/supervision/region/{w.gov.pk}/{YEAR}/", f"/supervision/agency/{w.a.pk}/{YEAR}/",
                f"/supervision/document/{doc.pk}/", f"/supervision/document/{doc.pk}/original/",
                f"/supervision/region/{w.gov.pk}/{YEAR}/summary/", f"/supervision/agency/{w.a.pk}/{YEAR}/sheet.docx"):
        assert get(client, w.outsider, url).status_code == 404, url
        assert get(client, w.x_head, url).status_code == 404, url
    # a department's own staff: its own pages, not the region's nor a sibling's
    assert get(client, w.a_head, f"/supervision/agency/{w.a.pk}/{YEAR}/").status_code == 200
    assert get(client, w.a_head, f"/supervision/document/{doc.pk}/").status_code == 200
    assert get(client, w.a_head, f"/supervision/region/{w.gov.pk}/{YEAR}/").status_code == 404
    assert get(client, w.a_head, f"/supervision/agency/{w.b.pk}/{YEAR}/").status_code == 404
    client.logout()
    assert client.get(f"/supervision/agency/{w.a.pk}/{YEAR}/").status_code == 302  # to the login page


def test_agency_staff_upload_their_own_and_explain_a_finding(client, region):
    w = region
    client.force_login(w.b_clerk)
    wrong = document(w.b, edit=lambda r: r.cells.update({NEW_NATURAL: 1}))
    r = client.post(f"/supervision/upload/{YEAR}/", {"agency": w.b.pk, "files": [upload_file("b.html", wrong)]})
    assert r.status_code == 302 and "/supervision/batch/" in r["Location"]
    assert client.get(r["Location"]).status_code == 200
    progress = client.get(r["Location"] + "?format=json").json()
    assert progress["pending"] == 0 and progress["documents"][0]["state"] == "read"
    assert progress["documents"][0]["agency"] == w.b.name
    t = TrackedFinding.objects.filter(agency=w.b, rule="T3-2").first()
    r = client.post(f"/supervision/finding/{t.pk}/status/", {"status": "explained", "reason": "已在新版本改正"})
    t.refresh_from_db()
    assert t.status == "explained"
    client.post(f"/supervision/finding/{t.pk}/status/", {"status": "dismissed", "reason": "x"})
    t.refresh_from_db()
    assert t.status == "explained"  # only the office dismisses
    page = client.get(f"/supervision/agency/{w.b.pk}/{YEAR}/").content.decode()
    assert "已在新版本改正" in page and 'value="dismissed"' not in page


def test_document_page_shows_provenance_and_the_correction_form(client, filled):
    w = filled
    doc = Document.objects.get(agency=w.a)
    r = get(client, w.office, f"/supervision/document/{doc.pk}/", data={"cell": NEW_NATURAL})
    html = r.content.decode()
    assert r.status_code == 200 and "表格" in r.context["focus"]["where"].text and "保存更正" in html
    r = client.post(f"/supervision/document/{doc.pk}/correct/", {"address": NEW_NATURAL, "value": "12", "note": "核对原件"})
    assert r.status_code == 302
    assert doc.corrections.get().value == "12"
    page = get(client, w.a_head, f"/supervision/document/{doc.pk}/", data={"cell": NEW_NATURAL}).content.decode()
    assert "保存更正" not in page and "核对原件" in page  # the agency sees the correction, cannot make one


def test_pdf_page_image_beside_a_cell(client, region):
    w = region
    actions.do_upload(w.office, w.gov, YEAR, [upload_file("c.pdf", document(w.c, "pdf"))], agency=w.c)
    doc = Document.objects.get(agency=w.c)
    r = get(client, w.office, f"/supervision/document/{doc.pk}/", data={"cell": NEW_NATURAL})
    focus = r.context["focus"]
    assert focus["where"].page and focus["page_image"]
    img = client.get(focus["page_image"])
    assert img.status_code == 200 and img.content.startswith(b"\x89PNG")
    assert client.get(f"/supervision/document/{doc.pk}/page/999.png").status_code == 404


def test_summary_scope_checks_and_downloads(client, filled):
    w = filled
    base = f"/supervision/region/{w.gov.pk}/{YEAR}/summary/"
    r = get(client, w.office, base + "?scope=departments")
    s = r.context["s"]
    assert s.scope == "departments" and {row.agency for row in s.included} == {w.a.name, w.b.name, w.c.name}
    assert [a.code for a in s.missing] == ["G-T"]
    assert "仅所辖机关" in r.content.decode()
    new_total = "表三|一、本年新收政府信息公开申请数量|申请人情况/总计"
    expected = sum(Entry.objects.get(agency=a, year=YEAR).report["cells"][new_total] for a in (w.a, w.b, w.c))
    assert s.report.cells[new_total] == expected
    assert any(f.rule == "T3-2" for f in s.findings)  # 教育局's error shows in the sum
    xlsx = client.get(base + "?scope=departments&download=xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    cells = wb["单元格"]
    n_cells = len(s.report.format.cells)
    assert cells.max_row == 1 + n_cells * 4  # the sum, then one row per agency and cell
    agencies = {row[0].value for row in cells.iter_rows(min_row=2)}
    assert agencies == {"汇总", w.a.name, w.b.name, w.c.name}
    csv = client.get(base + "?scope=all&download=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "机关,来源,表,行,列,值,状态"
    pdf = client.get(base + "?download=pdf")
    assert pdf.content.startswith(b"%PDF")


def test_review_sheet_docx_and_pdf(client, filled):
    w = filled
    r = get(client, w.office, f"/supervision/agency/{w.b.pk}/{YEAR}/sheet.docx")
    assert r.status_code == 200
    from docx import Document as Docx

    text = "\n".join(p.text for p in Docx(io.BytesIO(r.content)).paragraphs)
    table = "\n".join(c.text for t in Docx(io.BytesIO(r.content)).tables for row in t.rows for c in row.cells)
    assert "测试市教育局2024年政府信息公开工作年度报告审查意见单" in text and "T3-2" not in table
    assert "总计等于六类申请人之和" in table and "待处理" in table
    pdf = client.get(f"/supervision/agency/{w.b.pk}/{YEAR}/sheet.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_charts_page_data_and_tables_agree(client, filled):
    w = filled
    actions.do_upload(w.office, w.gov, YEAR - 1, [upload_file("a.html", document(w.a, year=YEAR - 1))], agency=w.a)
    r = get(client, w.office, f"/supervision/region/{w.gov.pk}/{YEAR}/charts/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "supervision/vendor/echarts.min.js" in html and "cdn" not in html.lower()
    charts = {c["spec"]["id"]: c for c in r.context["charts"]}
    assert set(charts) == {"applications", "outcomes", "agencies", "findings"}
    apps = charts["applications"]["spec"]
    assert apps["categories"] == [f"{YEAR - 1}年", f"{YEAR}年"]
    for c in charts.values():
        data = json.loads(html.split(f'id="{c["data_id"]}" type="application/json">')[1].split("</script>")[0])
        assert data == c["spec"]
        assert c["table"]["rows"] == [[cat, *(s["data"][i] for s in data["series"])]
                                      for i, cat in enumerate(data["categories"])]


def test_platform_report_state_behind_one_function(region):
    """not started → draft (cases in the year) → locked (ReportLock), and the year page picks it up."""
    import datetime as dt

    from gongkai.annual import locks
    from gongkai.casework import actions as case_actions
    from gongkai.casework.demo import synthetic_id

    w = region
    assert sources.platform_report(w.t, YEAR) == (sources.NOT_STARTED, None)
    case_actions.do_receive_application(
        _registrar(w.t), w.t, applicant_kind="natural", applicant_name="王某",
        identifier=synthetic_id(3), information_requested="某村财务公开材料", channel="in_person",
        received_on=dt.date(YEAR, 6, 3), today=dt.date(YEAR, 6, 3))
    state, report = sources.platform_report(w.t, YEAR)
    assert state == sources.DRAFT and report.cells["表三|一、本年新收政府信息公开申请数量|申请人情况/总计"] == 1
    head = _registrar(w.t, role="head")
    locks.do_lock_year(head, w.t, YEAR, reason="正文由公开办另行报送")  # no sections written: errors
    state, report = sources.platform_report(w.t, YEAR)
    assert state == sources.LOCKED and report.agency == w.t.name
    assert sources.platform_states([w.t.pk, w.a.pk], YEAR)[w.t.pk][0] == sources.LOCKED
    assert actions.do_sync_region(w.office, w.gov, YEAR) == 1
    entry = Entry.objects.get(agency=w.t, year=YEAR)
    assert entry.source == "platform" and entry.received_on is not None
    assert actions.do_sync_region(w.office, w.gov, YEAR) == 0
    from gongkai.annual import publication

    publication.do_publish(head, w.t, YEAR)  # published: the same report, a new mark, synced again
    assert sources.platform_report(w.t, YEAR)[0] == sources.PUBLISHED
    assert sources.platform_states([w.t.pk], YEAR)[w.t.pk][0] == sources.PUBLISHED
    assert actions.do_sync_region(w.office, w.gov, YEAR) == 1
    publication.do_open_correction(head, w.t, YEAR, reason="表二数据有误")  # the published version stands
    assert sources.platform_states([w.t.pk], YEAR)[w.t.pk][0] == sources.CORRECTING
    assert sources.platform_report(w.t, YEAR)[0] == sources.CORRECTING


def _registrar(agency, role="registrar"):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Staff

    u = get_user_model().objects.create_user(f"{agency.code}-{role}", password="pw")
    Staff.objects.create(user=u, agency=agency, role=role)
    return u


def test_index_sends_each_user_where_they_work(client, region):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Role, Staff

    w = region
    r = get(client, w.office, "/supervision/")
    assert r.status_code == 302 and f"/supervision/region/{w.gov.pk}/" in r["Location"]
    r = get(client, w.a_head, "/supervision/")
    assert r.status_code == 302 and f"/supervision/agency/{w.a.pk}/" in r["Location"]
    reviewer = get_user_model().objects.create_user("reviewer", password="pw")
    Staff.objects.create(user=reviewer, agency=w.a, role=Role.REVIEWER)
    r = get(client, reviewer, "/supervision/")
    assert r.status_code == 200 and "没有可查看的年报" in r.content.decode()
