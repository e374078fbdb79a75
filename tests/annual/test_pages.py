"""The staff pages and the public pages of the annual report, through Django's test client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from annual.helpers import full_year, table2_figures
from gongkai.annual import locks, publication
from gongkai.annual.models import Publication, Table2Entry
from gongkai.casework.models import AuditEvent
from gongkai.formats import for_year

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 1, 20))


def url(name, w, year=2025, *extra):
    return reverse(f"annual:{name}", args=[w.dept.code, year, *extra])


def test_index_shows_due_dates_to_the_people_responsible(world, client):
    client.force_login(world.head)
    page = client.get(reverse("annual:index") + "?year=2025").content.decode()
    assert "测试市商务局" in page and "2026年1月31日" in page and "还有 11 天" in page
    assert "测试市人民政府" not in page  # the head sees their own agency only
    client.force_login(world.supervisor)
    page = client.get(reverse("annual:index") + "?year=2025").content.decode()
    assert "测试市人民政府" in page and "2026年3月31日" in page and "别市" not in page


def test_report_page_findings_and_fix(world, client):
    full_year(world, sections=False)
    client.force_login(world.handler)
    page = client.get(url("report", world)).content.decode()
    assert 'data-rule="A-1"' in page and "一、总体情况”尚未填写" in page
    assert 'data-cell="表三|' in page  # the draft preview
    assert "锁定2025年度年报" not in page  # the handler does not lock
    r = client.post(url("sections", world), {"version": 1, "section_1": "总体情况。", "section_5": "问题。",
                                             "section_6": "本年度未收取信息处理费。"})
    assert r.status_code == 302
    page = client.get(url("report", world)).content.decode()
    assert 'data-rule="A-1"' not in page


def test_other_agencies_are_404_and_supervisors_read_only(world, client):
    client.force_login(world.outsider)
    assert client.get(url("report", world)).status_code == 404
    assert client.get(url("table2", world)).status_code == 404
    client.force_login(world.supervisor)
    assert client.get(url("report", world)).status_code == 200
    r = client.post(url("sections", world), {"version": 1, "section_1": "x"})
    assert r.status_code == 400 and "不能编写" in r.content.decode()
    assert client.post(url("lock", world), {}).status_code == 400
    assert client.get(url("report", world, 2031)).status_code == 404
    client.logout()
    assert client.get(url("report", world)).status_code == 302  # to the login page


def test_table2_form_keeps_input_and_names_each_error(world, client):
    client.force_login(world.handler)
    fmt = for_year(2025)
    addresses = fmt.addresses("表二")
    data = {f"c_{i}": v for i, v in enumerate(table2_figures(2025).values())}
    data.update({f"s_{b}_{r}": "业务系统" for b, blk in enumerate(fmt.table("表二").blocks) for r in range(len(blk.rows))})
    fee = addresses.index("表二|第二十条第（八）项/行政事业性收费|本年收费金额（单位：万元）")
    data[f"c_{fee}"] = "35000元"
    r = client.post(url("table2", world), data)
    page = r.content.decode()
    assert r.status_code == 400 and "换算为万元" in page and 'value="35000元"' in page
    assert not Table2Entry.objects.exists()
    data[f"c_{fee}"] = "3.5"
    assert client.post(url("table2", world), data).status_code == 302
    assert Table2Entry.objects.count() == len(addresses)


def test_table2_import_dry_run_then_confirm(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.handler)
    csv = ("table,row,column,value,source\n表二,第二十条第（五）项/行政许可,本年处理决定数量,128,审批系统\n"
           "表二,第二十条第（六）项/行政处罚,本年处理决定数量,-2,执法系统\n").encode()
    r = client.post(url("table2_import", world), {"file": SimpleUploadedFile("t2.csv", csv), "source": ""})
    page = r.content.decode()
    assert r.status_code == 200 and "可导入 1 行，不能导入 1 行" in page and "不能为负数" in page
    assert not Table2Entry.objects.exists()  # the dry run saves nothing
    import html
    import re

    payload = html.unescape(re.search(r'name="rows" value="([^"]*)"', page).group(1))
    assert client.post(url("table2_import", world), {"rows": payload}).status_code == 302
    assert Table2Entry.objects.get().value == 128
    assert AuditEvent.objects.filter(action="annual.table2_import").count() == 1


def test_lock_with_errors_needs_reason_then_publish_and_public_pages(world, client):
    full_year(world, sections=False)
    client.force_login(world.head)
    r = client.post(url("lock", world), {"reason": ""})
    assert r.status_code == 400 and "须写明理由" in r.content.decode()
    r = client.post(url("lock", world), {"reason": "正文另行补充"})
    assert r.status_code == 302
    page = client.get(url("report", world)).content.decode()
    assert "带 3 个错误锁定" in page and "正文另行补充" in page
    assert client.post(url("publish", world), {}).status_code == 302
    r = client.post(url("publish", world), {})
    assert r.status_code == 409 and "无需重复发布" in r.content.decode()
    client.logout()
    public = reverse("portal:annual_public:agency", args=["G-D"])
    page = client.get(public).content.decode()
    assert "2025年度" in page and "现行版本" in page
    pdf = client.get(reverse("portal:annual_public:file", args=["G-D", 2025, 1, "pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    feed = client.get(reverse("portal:annual_public:feed", args=["G-D"]))
    assert feed.status_code == 200 and "application/atom+xml" in feed["Content-Type"]
    assert "测试市商务局2025年度政府信息公开工作年度报告" in feed.content.decode()
    assert client.get(reverse("portal:annual_public:agency", args=["G"])).status_code == 404  # nothing published
    assert client.get(reverse("portal:annual_public:file", args=["G-D", 2025, 1, "exe"])).status_code == 404


def test_correction_through_the_pages(world, client):
    full_year(world)
    locks.do_lock_year(world.head, world.dept, 2025)
    publication.do_publish(world.head, world.dept, 2025)
    client.force_login(world.head)
    assert client.post(url("correct", world), {"reason": ""}).status_code == 400
    assert client.post(url("correct", world), {"reason": "第六部分遗漏收费情况"}).status_code == 302
    r = client.post(url("sections", world), {"version": 3, "section_1": "总体。", "section_5": "问题。",
                                             "section_6": "本年度未收取信息处理费，补充说明。"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert client.post(url("lock", world), {}).status_code == 302
    assert client.post(url("publish", world), {"reason": ""}).status_code == 302  # the reason from the correction
    assert list(Publication.objects.order_by("number").values_list("number", "reason")) == [
        (1, ""), (2, "第六部分遗漏收费情况")]
    client.logout()
    page = client.get(reverse("portal:annual_public:agency", args=["G-D"])).content.decode()
    assert "已被更正" in page and "第六部分遗漏收费情况" in page
    v1 = client.get(reverse("portal:annual_public:version", args=["G-D", 2025, 1])).content.decode()
    assert "本版本已被更正" in v1 and "第 2 版" in v1


def test_draft_download(world, client):
    full_year(world)
    client.force_login(world.handler)
    r = client.get(url("draft", world, 2025, "xlsx"))
    assert r.status_code == 200 and r.content.startswith(b"PK")
    assert "%E8%8D%89%E7%A8%BF" in r["Content-Disposition"]  # 草稿
    assert client.get(url("draft", world, 2025, "exe")).status_code == 404
