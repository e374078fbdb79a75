"""The guide: generated from the agency's data, a new edition when that data changes, as a page,
DOCX and PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from gongkai import fees
from gongkai.agencies.models import Agency
from gongkai.publishing import actions, guide, selectors
from gongkai.publishing.errors import InvalidItem, NotAllowed
from gongkai.publishing.models import GuideEdition


def test_built_from_the_agencys_particulars(w):
    g = selectors.guide_for(w.dept)
    text = guide.to_html(g, dt.date(2026, 6, 30))
    assert g.title == "测试市商务局政府信息公开指南"
    for expected in ("测试市商务局办公室", "测试市某路1号", "314400", "工作日 8:30—17:00", "0573-1234567",
                     "gk@example.gov.cn", "测试市人民政府申请行政复议", "测试市人民法院提起行政诉讼",
                     "向测试市人民政府或者政府信息公开工作主管部门投诉", "20 个工作日内予以公开",
                     "/public/G-D/catalogue/", "本指南最近更新于2026年6月30日", "第二十条第（十五）项"):
        assert expected in text, expected
    # the periods and fees come from the platform's own rules, not retyped numbers
    assert f"{fees.FREE_APPLICATIONS_PER_MONTH}件以下" in text and "31—100页的部分每页10元" in text
    assert "7 个工作日内一次性告知" in text and "最长不超过 20 个工作日" in text
    assert "传真：" not in text  # no fax number, no fax channel
    assert g.missing == ()


def test_missing_particulars_are_named(w):
    g = selectors.guide_for(w.gov)
    assert set(g.missing) >= {"办公地址", "联系电话", "行政复议机关"}
    assert "依法有管辖权的行政复议机关" in guide.to_html(g, None)


def test_escaped(w):
    Agency.objects.filter(pk=w.dept.pk).update(office_address="<script>x</script>路")
    assert "<script>" not in guide.to_html(selectors.guide_for(Agency.objects.get(pk=w.dept.pk)), None)


def test_edition_changes_only_when_content_does(w):
    first = actions.do_record_guide_edition(None, w.dept, today=dt.date(2026, 1, 5))
    assert actions.do_record_guide_edition(None, w.dept, today=dt.date(2026, 2, 1)) == first
    Agency.objects.filter(pk=w.dept.pk).update(phone="0573-7654321")
    w.dept.refresh_from_db()
    second = actions.do_record_guide_edition(None, w.dept, today=dt.date(2026, 3, 1))
    assert second != first and second.changed_on == dt.date(2026, 3, 1)
    profile_change = actions.do_update_guide_profile(w.head, w.dept, publication_places="市政务服务中心查阅点",
                                                     today=dt.date(2026, 4, 2))
    assert profile_change.publication_places == "市政务服务中心查阅点"
    latest = selectors.latest_edition(w.dept)
    assert latest.changed_on == dt.date(2026, 4, 2) and GuideEdition.objects.filter(agency=w.dept).count() == 3
    assert "市政务服务中心查阅点" in guide.to_html(selectors.guide_for(w.dept), None)


def test_profile_rules(w):
    with pytest.raises(NotAllowed):
        actions.do_update_guide_profile(w.clerk, w.dept, extra_notes="x")
    with pytest.raises(InvalidItem, match="控制字符"):
        actions.do_update_guide_profile(w.head, w.dept, extra_notes="说明\x00")
    with pytest.raises(InvalidItem, match="不能超过 200 个字"):
        actions.do_update_guide_profile(w.head, w.dept, online_application="x" * 201)


def test_docx_and_pdf(w):
    from docx import Document

    g = selectors.guide_for(w.dept)
    data = guide.to_docx(g, dt.date(2026, 6, 30))
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert g.title in text and "测试市某路1号" in text and "本指南最近更新于2026年6月30日" in text
    pdf = guide.to_pdf(g, dt.date(2026, 6, 30))
    assert pdf.startswith(b"%PDF-")
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = "".join(page.extract_text() or "" for page in doc.pages)
    assert "政府信息公开指南" in words and "测试市某路1号" in words


def test_pages_and_downloads(client, w):
    page = client.get("/public/G-D/guide/").content.decode()
    assert "测试市商务局政府信息公开指南" in page and "本指南最近更新于" in page
    r = client.get("/public/G-D/guide.docx")
    assert r.status_code == 200 and r.content.startswith(b"PK") and "attachment" in r["Content-Disposition"]
    r = client.get("/public/G-D/guide.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    again = client.get("/public/G-D/guide.pdf")  # rendered once per edition, then served as stored
    assert again.content == r.content
    assert client.get("/public/G-D/guide.exe").status_code == 404
    client.force_login(w.head)
    staff = client.get("/catalogue/guide/", {"agency": w.dept.pk}).content.decode()
    assert "指南设置" in staff and "最近更新" in staff
    r = client.post("/catalogue/guide/", {"agency": w.dept.pk, "publication_places": "市档案馆查阅点",
                                          "online_application": "", "extra_notes": ""})
    assert r.status_code == 302
    assert "市档案馆查阅点" in client.get("/public/G-D/guide/").content.decode()


def test_renderer_failure_is_a_chinese_message(client, w, monkeypatch):
    from gongkai.publishing import public_views

    def broken(*a):
        raise OSError("no fonts")

    monkeypatch.setitem(public_views.GUIDE_KINDS, "pdf", broken)
    r = client.get("/public/G-D/guide.pdf")
    assert r.status_code == 503 and "暂时无法生成" in r.content.decode()
