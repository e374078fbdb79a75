"""Staff and public pages: thin callers of the actions and selectors, in Chinese, scoped."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.publishing import actions
from gongkai.publishing.models import Item

from .conftest import draft, publish

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def today():
    return timezone.localdate()


def login(client, user):
    client.force_login(user)
    return client


# ---------------------------------------------------------------- staff
def test_staff_pages_need_login(client, w):
    for url in ("/catalogue/", "/catalogue/new/", "/catalogue/late/", "/catalogue/import/", "/catalogue/guide/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_menu_and_list(client, w, today):
    item = draft(w, written_on=today, today=today)
    page = login(client, w.clerk).get("/catalogue/")
    html = page.content.decode()
    assert page.status_code == 200 and "公开目录" in html and "公开指南" in html
    assert item.title in html and "草稿" in html
    assert item.title in client.get("/catalogue/", {"q": "管理办法"}).content.decode()
    assert item.title not in client.get("/catalogue/", {"q": "预算"}).content.decode()
    assert item.title not in client.get("/catalogue/", {"status": "public"}).content.decode()


def test_create_edit_and_walk_the_workflow(client, w, today):
    c = login(client, w.clerk)
    response = c.post("/catalogue/new/", {
        "agency": w.dept.pk, "title": "测试市商务局关于某事项的通知", "document_number": "测商发〔2026〕8号",
        "written_on": today.isoformat(), "article_item": "20-01", "doc_kind": "normative", "body": "正文"})
    assert response.status_code == 302
    item = Item.objects.get()
    assert response["Location"] == f"/catalogue/{item.pk}/"
    detail = c.get(f"/catalogue/{item.pk}/").content.decode()
    assert "/step/submit/" in detail and "/step/approve/" not in detail  # a clerk sees no reviewer buttons
    r = c.post(f"/catalogue/{item.pk}/files/", {"version": item.version, "file": SimpleUploadedFile("附件.pdf", PDF)})
    assert r.status_code == 302
    item.refresh_from_db()
    r = c.post(f"/catalogue/{item.pk}/step/submit/", {"submit-version": item.version, "submit-note": ""})
    assert r.status_code == 302
    reviewer = login(client, w.reviewer)
    page = reviewer.get(f"/catalogue/{item.pk}/").content.decode()
    assert "/step/approve/" in page and "/step/reject/" in page and "/step/withdraw/" not in page
    item.refresh_from_db()
    r = reviewer.post(f"/catalogue/{item.pk}/step/reject/", {"reject-version": item.version, "reject-note": ""})
    assert r.status_code == 400 and "请填写“退回理由”" in r.content.decode()
    r = reviewer.post(f"/catalogue/{item.pk}/step/approve/", {"approve-version": item.version,
                                                                "approve-note": "同意公开"})
    assert r.status_code == 302
    item.refresh_from_db()
    c = login(client, w.clerk)
    r = c.post(f"/catalogue/{item.pk}/step/publish/", {"publish-version": item.version, "publish-on": today.isoformat()})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.status == "published" and item.index_number
    # the public page shows it, with its file
    public = client.get(f"/public/G-D/catalogue/{item.pk}/").content.decode()
    assert item.title in public and item.index_number in public and "附件.pdf" in public


def test_form_errors_keep_the_input(client, w, today):
    c = login(client, w.clerk)
    response = c.post("/catalogue/new/", {"agency": w.dept.pk, "title": "保留我输入的标题",
                                          "written_on": (today + dt.timedelta(days=3)).isoformat(),
                                          "article_item": "20-02", "doc_kind": "regulation"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "晚于今天" in html and "规章属于第二十条第（一）项" in html and 'value="保留我输入的标题"' in html
    assert not Item.objects.exists()


def test_stale_form_is_409(client, w, today):
    item = draft(w, written_on=today, today=today)
    c = login(client, w.clerk)
    old = item.version
    actions.do_update_item(w.clerk2, item, title="别人改过", today=today)
    r = c.post(f"/catalogue/{item.pk}/step/submit/", {"submit-version": old})
    assert r.status_code == 409 and "已被他人修改" in r.content.decode()
    assert Item.objects.get(pk=item.pk).status == "drafted"


def test_other_agency_is_404_in_chinese(client, w, today):
    item = draft(w, written_on=today, today=today)
    c = login(client, w.outsider)
    for url in (f"/catalogue/{item.pk}/", f"/catalogue/{item.pk}/edit/"):
        r = c.get(url)
        assert r.status_code == 404 and "找不到该目录条目" in r.content.decode()
    r = c.post(f"/catalogue/{item.pk}/step/submit/", {"submit-version": item.version})
    assert r.status_code == 404 and Item.objects.get(pk=item.pk).status == "drafted"


def test_supervisor_reads_but_has_no_buttons(client, w, today):
    item = draft(w, written_on=today, today=today)
    page = login(client, w.supervisor).get(f"/catalogue/{item.pk}/").content.decode()
    assert item.title in page and "提交保密审查" not in page and "修改" not in page.split("办理记录")[0].split("<h1>")[1][:200]
    assert client.get(f"/catalogue/{item.pk}/edit/").status_code == 403


def test_staff_attachment_download_checks_access(client, w, today):
    item = draft(w, written_on=today, today=today)
    att = actions.do_add_attachment(w.clerk, item, SimpleUploadedFile("内部.pdf", PDF), today=today)
    r = login(client, w.clerk).get(f"/catalogue/{item.pk}/files/{att.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert "attachment" in r["Content-Disposition"] and r["X-Content-Type-Options"] == "nosniff"
    assert login(client, w.outsider).get(f"/catalogue/{item.pk}/files/{att.pk}/").status_code == 404
    # not public yet: the public URL is a 404
    client.logout()
    assert client.get(f"/public/G-D/catalogue/{item.pk}/files/{att.pk}/").status_code == 404


def test_late_page_settings_table2_import(client, w, today):
    draft(w, title="超期未公开", written_on=today - dt.timedelta(days=60), today=today)
    c = login(client, w.head)
    assert "超期未公开" in c.get("/catalogue/late/").content.decode()
    r = c.post("/catalogue/settings/", {"agency": w.dept.pk, "index_template": "{agency}-{serial}",
                                        "serial_width": 4, "counts_from_year": 2020})
    assert r.status_code == 302
    r = c.post("/catalogue/settings/", {"agency": w.dept.pk, "index_template": "{year}-{serial}", "serial_width": 4})
    assert r.status_code == 400 and "必须含有 {agency}" in r.content.decode()
    t2 = c.get("/catalogue/table2/", {"agency": w.dept.pk, "year": 2021}).content.decode()
    assert "本年制发件数" in t2 and "行政规范性文件" in t2
    t19 = c.get("/catalogue/table2/", {"agency": w.dept.pk, "year": 2020}).content.decode()
    assert "本年新制作数量" in t19 and "规范性文件" in t19
    assert login(client, w.clerk).get("/catalogue/settings/").status_code == 403


def test_import_dry_run_then_confirm(client, w, today):
    data = ("标题,成文日期,公开事项\n甲,2026-01-05,（二）\n乙,2026-13-01,（二）\n").encode()
    c = login(client, w.clerk)
    r = c.post("/catalogue/import/", {"agency": w.dept.pk, "file": SimpleUploadedFile("t.csv", data)})
    html = r.content.decode()
    assert r.status_code == 200 and "第 3 行" in html and "不是有效日期" in html and "确认导入 1 条" in html
    assert not Item.objects.exists()
    token = c.session["publishing_import"]["token"]
    r = c.post("/catalogue/import/", {"confirm": "1", "token": token})
    assert r.status_code == 200 and "已导入 1 条" in r.content.decode()
    assert list(Item.objects.values_list("title", flat=True)) == ["甲"]
    r = c.post("/catalogue/import/", {"confirm": "1", "token": token}, follow=True)
    assert "已过期或已完成" in r.content.decode() and Item.objects.count() == 1


# ---------------------------------------------------------------- public
def test_public_catalogue_search_filters_and_item(client, w):
    a = publish(w, draft(w, title="测试市2026年财政预算报告", document_number="", doc_kind="other", article_item="20-07"))
    b = publish(w, draft(w, title="单用途预付卡管理办法", document_number="测商发〔2026〕7号"))
    hidden = draft(w, title="预算草稿不公开", document_number="9号")
    page = client.get("/public/G-D/catalogue/").content.decode()
    assert a.title in page and b.title in page and hidden.title not in page and "共 2 条" in page
    found = client.get("/public/G-D/catalogue/", {"q": "预算"}).content.decode()
    assert a.title in found and b.title not in found and hidden.title not in found and "共 1 条" in found
    assert b.title in client.get("/public/G-D/catalogue/", {"item": "20-01"}).content.decode()
    assert a.title not in client.get("/public/G-D/catalogue/", {"item": "20-01"}).content.decode()
    item_page = client.get(f"/public/G-D/catalogue/{b.pk}/").content.decode()
    assert b.index_number in item_page and "测商发〔2026〕7号" in item_page and "有效" in item_page
    r = client.get(f"/public/G-D/catalogue/{hidden.pk}/")
    assert r.status_code == 404 and "尚未公开" in r.content.decode()
    assert client.get(f"/public/X/catalogue/{a.pk}/").status_code == 404  # another agency's path
    assert client.get("/public/NOPE/catalogue/").status_code == 404


def test_public_page_escapes_script(client, w):
    item = publish(w, draft(w, title="<script>alert(1)</script>标题", document_number="",
                            body="<img src=x onerror=alert(2)>"))
    html = client.get(f"/public/G-D/catalogue/{item.pk}/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html and "<img src=x" not in html


def test_atom_feeds(client, w):
    a = publish(w, draft(w, title="预算报告", document_number="", doc_kind="other", article_item="20-07"))
    b = publish(w, draft(w, title="管理办法"))
    draft(w, title="草稿", document_number="9号")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    r = client.get("/public/G-D/catalogue/feed.atom")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert set(titles) == {a.title, b.title}
    links = [e.find("a:link", ns).get("href") for e in root.findall("a:entry", ns)]
    assert all("/public/G-D/catalogue/" in link for link in links)
    r = client.get("/public/G-D/catalogue/items/20-07/feed.atom")
    root = ET.fromstring(r.content)
    assert [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)] == [a.title]
    assert "第二十条第（七）项" in root.findtext("a:title", namespaces=ns)
    assert client.get("/public/G-D/catalogue/items/99/feed.atom").status_code == 404
    assert client.get("/public/NOPE/catalogue/feed.atom").status_code == 404


def test_public_download_only_when_published(client, w):
    item = draft(w)
    att = actions.do_add_attachment(w.clerk, item, SimpleUploadedFile("办法.pdf", PDF))
    url = f"/public/G-D/catalogue/{item.pk}/files/{att.pk}/"
    assert client.get(url).status_code == 404
    publish(w, item)
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF and r["Content-Type"] == "application/pdf"
    assert client.get(f"/public/X/catalogue/{item.pk}/files/{att.pk}/").status_code == 404


def test_edit_page_round_trip(client, w, today):
    item = draft(w, written_on=today, today=today)
    c = login(client, w.clerk)
    page = c.get(f"/catalogue/{item.pk}/edit/").content.decode()
    assert f'value="{item.title}"' in page
    r = c.post(f"/catalogue/{item.pk}/edit/", {"version": item.version, "agency": w.dept.pk, "title": "新标题",
                                               "document_number": item.document_number, "written_on": today.isoformat(),
                                               "article_item": "20-01", "doc_kind": "normative"})
    assert r.status_code == 302, re.findall(r'class="(?:error|alert error)"[^>]*>([^<]*)', r.content.decode())
    assert Item.objects.get(pk=item.pk).title == "新标题"


def test_admin_is_read_only(client, w):
    item = publish(w)
    c = login(client, w.root)
    page = c.get("/admin/publishing/item/")
    assert page.status_code == 200 and item.title in page.content.decode()
    assert c.get("/admin/publishing/item/add/").status_code == 403
    r = c.post(f"/admin/publishing/item/{item.pk}/change/", {"title": "改"})
    assert r.status_code == 403 and Item.objects.get(pk=item.pk).title == item.title


def test_public_bad_filter_values(client, w):
    item = publish(w)
    page = client.get("/public/G-D/catalogue/", {"year": "abc", "item": "20-01", "page": "x"}).content.decode()
    assert item.title in page  # the bad year is dropped, the good filter kept
    assert item.title not in client.get("/public/G-D/catalogue/", {"year": "abc", "item": "20-07"}).content.decode()
    r = client.get("/public/G-D/catalogue/", {"q": "长" * 150})
    assert r.status_code == 200 and "不能超过 100 个字" in r.content.decode()
    assert client.get("/public/G-D/catalogue/", {"page": "999"}).status_code == 200


def test_item_page_explains_the_clock(client, w, today):
    item = draft(w, written_on=today - dt.timedelta(days=60), today=today)
    page = login(client, w.clerk).get(f"/catalogue/{item.pk}/").content.decode()
    assert "个工作日内公开（《条例》第二十六条）" in page and "已超过公开期限" in page


def test_public_search_count_is_capped(client, w, monkeypatch):
    from gongkai.publishing import public_views

    monkeypatch.setattr(public_views, "SEARCH_CAP", 2)
    for i in range(4):
        publish(w, draft(w, title=f"预算报告{i}", document_number=f"{i}号"))
    page = client.get("/public/G-D/catalogue/", {"q": "预算"}).content.decode()
    assert "超过 2 条，请增加关键词或筛选条件" in page
    assert "共 4 条" in client.get("/public/G-D/catalogue/").content.decode()  # no search: the exact count
