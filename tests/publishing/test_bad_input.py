"""Bad input gets a clear Chinese message naming the field, and nothing saved is lost."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.publishing import actions, rules
from gongkai.publishing.errors import Duplicate, InvalidItem
from gongkai.publishing.models import Attachment, Item

from .conftest import TODAY, draft, publish


def fields_of(e: InvalidItem) -> dict[str, str]:
    return dict(e.problems)


def test_every_problem_is_named_at_once(w):
    with pytest.raises(InvalidItem) as e:
        actions.do_create_item(w.clerk, w.dept, title="", written_on=dt.date(2026, 7, 5), changed_on=dt.date(2026, 1, 1),
                               article_item="20-99", doc_kind="regulation", body="正文\x07", today=TODAY)
    found = fields_of(e.value)
    assert "请填写“标题”" in found["title"]
    assert "晚于今天" in found["written_on"]
    assert "早于成文日期" in found["changed_on"]
    assert "第二十条第（一）至（十五）项" in found["article_item"]
    assert "控制字符" in found["body"] and "U+0007" in found["body"]
    assert not Item.objects.exists()


def test_counted_kinds_belong_to_item_one(w):
    with pytest.raises(InvalidItem, match="规章属于第二十条第（一）项"):
        draft(w, doc_kind="regulation", article_item="20-07")


def test_art21_names_its_topic(w):
    with pytest.raises(InvalidItem, match="第二十一条事项"):
        draft(w, article_item="21", doc_kind="other", local_topic="")
    assert draft(w, article_item="21", doc_kind="other", local_topic="社会救助").local_topic == "社会救助"


def test_too_long(w):
    with pytest.raises(InvalidItem, match="不能超过 300 个字"):
        draft(w, title="长" * 301)


@pytest.mark.parametrize("other", ["测商发[2026]1号", "测商发〔2026〕1号 ", "测商发（2026）1号", "测商发［２０２６］１号"])
def test_duplicate_document_number_in_any_spelling(w, other):
    first = draft(w)
    with pytest.raises(Duplicate, match="文号已被本机关的另一条目使用") as e:
        draft(w, document_number=other, title="另一个")
    assert e.value.field == "document_number"
    assert Item.objects.get() == first


def test_document_number_may_repeat_across_agencies(w):
    draft(w)
    from gongkai.agencies.models import Role, Staff

    Staff.objects.create(user=w.clerk, agency=w.gov, role=Role.REGISTRAR)
    assert draft(w, agency=w.gov).agency == w.gov


def test_edit_to_duplicate_keeps_the_old_values(w):
    draft(w)
    second = draft(w, document_number="测商发〔2026〕2号", title="第二个")
    with pytest.raises(Duplicate):
        actions.do_update_item(w.clerk, second, document_number="测商发〔2026〕1号", expected_version=second.version,
                               today=TODAY)
    assert Item.objects.get(pk=second.pk).document_number == "测商发〔2026〕2号"


def test_published_before_written_and_before_review(w):
    item = draft(w)
    actions.do_submit_item(w.clerk, item, today=TODAY)
    actions.do_approve_item(w.reviewer, item, note="同意", today=dt.date(2026, 6, 20))
    with pytest.raises(InvalidItem, match="早于成文日期"):
        actions.do_publish_item(w.clerk, item, on=dt.date(2026, 5, 1), today=TODAY)
    with pytest.raises(InvalidItem, match="早于保密审查日期"):
        actions.do_publish_item(w.clerk, item, on=dt.date(2026, 6, 15), today=TODAY)
    with pytest.raises(InvalidItem, match="晚于今天"):
        actions.do_publish_item(w.clerk, item, on=dt.date(2026, 7, 15), today=TODAY)
    assert Item.objects.get(pk=item.pk).status == "reviewed"


def test_abolished_before_issue(w):
    item = publish(w)
    with pytest.raises(InvalidItem, match="废止日期（2026年05月01日）早于成文日期"):
        actions.do_abolish_item(w.clerk, item, on=dt.date(2026, 5, 1), today=TODAY)
    assert Item.objects.get(pk=item.pk).status == "published"


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_checked_by_content(w):
    item = draft(w)
    ok = actions.do_add_attachment(w.clerk, item, SimpleUploadedFile("办法.pdf", _pdf()), today=TODAY)
    assert ok.kind == "pdf" and ok.size == len(_pdf()) and len(ok.sha256) == 64
    with pytest.raises(InvalidItem, match="实际内容是PNG 图片，只接受PDF、Word 文档（.docx）、OFD 版式文档"):
        actions.do_add_attachment(w.clerk, item, SimpleUploadedFile("伪装.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
                                  today=TODAY)
    with pytest.raises(InvalidItem, match="无法识别的格式"):
        actions.do_add_attachment(w.clerk, item, SimpleUploadedFile("x.docx", b"MZ\x90\x00 not a document"), today=TODAY)
    with pytest.raises(InvalidItem, match="空文件"):
        actions.do_add_attachment(w.clerk, item, SimpleUploadedFile("空.pdf", b""), today=TODAY)
    assert list(Attachment.objects.values_list("name", flat=True)) == ["办法.pdf"]


def test_ofd_and_docx_accepted(w):
    import zipfile

    item = draft(w)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
    assert actions.do_add_attachment(w.clerk, item, SimpleUploadedFile("a.ofd", buf.getvalue()), today=TODAY).kind == "ofd"


def test_attachment_refused_after_submission(w):
    from gongkai.publishing.errors import WrongStatus

    item = actions.do_submit_item(w.clerk, draft(w), today=TODAY)
    with pytest.raises(WrongStatus):
        actions.do_add_attachment(w.clerk, item, SimpleUploadedFile("办法.pdf", _pdf()), today=TODAY)
    assert not Attachment.objects.exists()


def test_doc_number_key():
    assert rules.doc_number_key(" 海政发［2024］ 3号") == rules.doc_number_key("海政发〔2024〕3号") == "海政发〔2024〕3号"
    assert rules.doc_number_key("") == ""
