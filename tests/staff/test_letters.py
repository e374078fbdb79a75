"""Reply letters and notices: every kind renders, DOCX opens, PDF embeds CJK fonts and extracts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn

from gongkai import formats
from gongkai.casework import letters
from gongkai.casework.letters import LETTER_KINDS, LetterError, compose, render_letter, reply_kind

BASE = {
    "agency_name": "某某市某某区人民政府办公室",
    "document_number": "某区府办公开〔2026〕7号",
    "received_date": date(2026, 3, 2),
    "request_summary": "2025年度某某路道路改造工程的立项批复文件",
    "applicant_name": "张三",
    "issue_date": date(2026, 3, 20),
    "applicant_is_person": True,
}
FEE = {
    "method": "per_page",
    "lines": [("31–100页", 70, 10, 700), ("101–200页", 100, 20, 2000), ("201页以上", 50, 40, 2000)],
    "total": Decimal(4700),
}
EXTRA = {
    "acknowledgement": {"application_number": "FQ-2026-00007", "channel": "当面提交", "due_date": date(2026, 3, 30)},
    "correction_request": {"correction_items": ["所需信息的文件名称或者文号", "信息形成的大致时间"],
                           "correction_deadline": "15个工作日"},
    "extension_notice": {"due_date": date(2026, 3, 30), "extended_due_date": date(2026, 4, 28), "extension_days": 20,
                         "extension_reason": "所需信息涉及多个内设机构，需要检索核实"},
    "consultation_third_party": {"recipient_name": "某某建设有限公司", "reply_by": date(2026, 4, 1)},
    "consultation_agency": {"recipient_name": "某某区住房和城乡建设局"},
    "fee_notice": {"fee": FEE, "payment_method": "通过统一公共支付平台缴纳"},
    "reply_granted": {"outcome": "granted", "delivery": "通过电子邮件发送"},
    "reply_partly_granted": {"outcome": "partly_granted", "delivery": "通过邮寄纸质件提供",
                             "reason": "其中第3页含有个人隐私，已作遮盖处理"},
    "reply_withheld": {"outcome": "withheld.state_secret"},
    "reply_unable": {"outcome": "unable.needs_creation"},
    "reply_not_processed": {"outcome": "not_processed.repeat"},
    "reply_other": {"outcome": "other.misc", "reason": "申请人撤回申请"},
}
ARTICLE = {
    "acknowledgement": "第三十三条第二款",
    "correction_request": "第三十条", "extension_notice": "第三十三条第二款",
    "consultation_third_party": "第三十二条", "consultation_agency": "第三十四条",
    "fee_notice": "109号", "reply_granted": "第三十六条第（二）项", "reply_partly_granted": "第三十七条",
    "reply_withheld": "第十四条", "reply_unable": "第三十八条", "reply_not_processed": "第三十六条第（六）项",
    "reply_other": "申请人撤回申请",
}


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("kind", sorted(LETTER_KINDS))
def test_every_kind_renders_docx_and_pdf_with_number_applicant_and_article(kind):
    assert set(EXTRA) == set(LETTER_KINDS)
    ctx = {**BASE, **EXTRA[kind]}
    docx_bytes, pdf_bytes = render_letter(kind, ctx)

    text = docx_text(docx_bytes)
    assert "某区府办公开〔2026〕7号" in text
    who = "某某建设有限公司" if kind == "consultation_third_party" else (
        "某某区住房和城乡建设局" if kind == "consultation_agency" else "张三")
    assert who in text
    assert ARTICLE[kind] in text
    assert "2026年3月20日" in text and BASE["agency_name"] in text
    doc = Document(io.BytesIO(docx_bytes))
    assert doc.core_properties.keywords == f"template:{letters.letter_version(kind, ctx)}"
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)

    assert pdf_bytes.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        pdf_text = "".join(page.extract_text() or "" for page in pdf.pages)
        fonts = {ch["fontname"] for page in pdf.pages for ch in page.chars}
    squeezed = pdf_text.replace("\n", "").replace(" ", "")
    assert "某区府办公开〔2026〕7号" in squeezed
    assert who in squeezed and ARTICLE[kind] in squeezed
    assert any("CJK" in f for f in fonts), fonts


def test_docx_sets_east_asian_font_names():
    docx_bytes, _ = render_letter("reply_withheld", {**BASE, **EXTRA["reply_withheld"]})
    doc = Document(io.BytesIO(docx_bytes))
    east_asian = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for p in doc.paragraphs for r in p.runs}
    assert {"仿宋", "宋体"} <= east_asian


@pytest.mark.parametrize("fmt", [formats.FORMAT_2021, formats.FORMAT_2019], ids=["2021", "2019"])
def test_every_outcome_of_both_formats_has_a_reply_with_remedies(fmt):
    for o in fmt.outcomes:
        kind = reply_kind(o.id)
        ctx = {**BASE, "outcome": o.id, "delivery": "当场提供纸质件", "reason": "具体理由见附件",
               "reconsideration_body": "某某市人民政府", "court": "某某区人民法院"}
        letter = compose(kind, ctx)
        assert letter.title.endswith(("答复书", "告知书"))
        assert "行政复议" in letter.text and "某某市人民政府" in letter.text  # remedies always stated
        if o.id.startswith(("withheld.", "partly_granted")):  # 行政复议法 Art. 23 ¶1(4): reconsideration first
            assert "第二十三条第一款第（四）项" in letter.text and "应当先" in letter.text
            assert "某某区人民法院" not in letter.text
        else:
            assert "第二十条" in letter.text and "第四十六条" in letter.text and "某某区人民法院" in letter.text


def test_withheld_cites_the_article_of_its_sub_row():
    cited = {
        "withheld.third_party": "第十五条",
        "withheld.internal_affairs": "第十六条第一款",
        "withheld.enforcement_file": "第十六条第二款",
        "withheld.query_matter": "第三十六条第（七）项",
    }
    for outcome, article in cited.items():
        text = compose("reply_withheld", {**BASE, "outcome": outcome}).text
        assert article in text, outcome


def test_unable_names_the_responsible_agency_when_known():
    ctx = {**BASE, "outcome": "unable.not_held"}
    assert "第三十六条第（四）项" in compose("reply_unable", ctx).text
    text = compose("reply_unable", {**ctx, "responsible_agency": "某某区自然资源局"}).text
    assert "第三十六条第（五）项" in text and "某某区自然资源局" in text


def test_fee_table_rows_and_total():
    letter = compose("fee_notice", {**BASE, **EXTRA["fee_notice"]})
    table = next(b for b in letter.blocks if b[0] == "table")
    assert table[2][1] == ("101–200页", "100页", "20元/页", "2,000元")
    assert "应缴信息处理费合计：4,700元。" in letter.text and "按量" in letter.text


def test_fee_accepts_objects_with_attributes():
    class Line:
        def __init__(self, description, quantity, unit_price, amount):
            self.description, self.quantity, self.unit_price, self.amount = description, quantity, unit_price, amount

    class Fee:
        method = "per_application"
        lines = (Line("第11–30件", 20, Decimal(100), Decimal(2000)), Line("第31–40件", 5, Decimal(200), Decimal(1000)))
        total = Decimal(3000)

    text = compose("fee_notice", {**BASE, "fee": Fee(), "payment_method": "银行转账"}).text
    assert "按件" in text and "20件" in text and "3,000元" in text


@pytest.mark.parametrize(
    ("kind", "change", "needle"),
    [
        ("reply_withheld", {"applicant_name": ""}, "applicant_name"),
        ("reply_withheld", {"outcome": "granted"}, "reply_granted"),
        ("reply_withheld", {"outcome": "不存在的结果"}, "不是表三的办理结果"),
        ("reply_partly_granted", {"reason": ""}, "reason"),
        ("reply_granted", {"delivery": None}, "delivery"),
        ("reply_other", {"reason": None}, "reason"),
        ("fee_notice", {"fee": {"method": "按人头", "lines": [], "total": 0}}, "fee.method"),
        ("correction_request", {"correction_items": []}, "correction_items"),
        ("extension_notice", {"template_version": "extension_notice.v99"}, "v99"),
        ("no_such_kind", {}, "未知的文书种类"),
    ],
)
def test_bad_context_gives_a_chinese_message_naming_the_key(kind, change, needle):
    ctx = {**BASE, **EXTRA.get(kind, {}), **change}
    with pytest.raises(LetterError, match=needle):
        render_letter(kind, ctx)


def test_template_version_is_stable_and_selectable():
    assert letters.template_for("reply_withheld").version == "reply_withheld.v2"
    assert letters.template_for("reply_withheld", "reply_withheld.v1").title == "政府信息公开申请答复书"
    assert letters.letter_version("fee_notice", {}) == "fee_notice.v2"
    # an old template still draws the letter it drew, keyed by the printed row of the decision's year
    old = compose("reply_withheld", {**BASE, **EXTRA["reply_withheld"], "template_version": "reply_withheld.v1",
                                     "outcome_year": 2026})
    assert old.version == "reply_withheld.v1" and "国家秘密" in old.text


def test_extension_notice_says_the_days_approved_and_article_33_2():
    text = compose("extension_notice", {**BASE, **EXTRA["extension_notice"], "extension_days": 5}).text
    assert "延长5个工作日" in text and "第三十三条第二款" in text and "第一款" not in text
    assert "延长20个工作日" not in text


def test_address_follows_the_applicant_kind():
    person = compose("reply_withheld", {**BASE, **EXTRA["reply_withheld"]}).text
    firm = compose("reply_withheld", {**BASE, **EXTRA["reply_withheld"], "applicant_is_person": False}).text
    assert "您申请获取" in person and "贵单位" not in person and "您（单位）" not in person
    assert "贵单位申请获取" in firm and "您" not in firm


def test_items_are_numbered_once():
    ctx = {**BASE, "correction_items": "1. 文件名称\n（二）形成时间\n3、文号\n\n办理机构", "correction_days": 15}
    text = compose("correction_request", ctx).text
    assert "1. 文件名称" in text and "2. 形成时间" in text and "3. 文号" in text and "4. 办理机构" in text
    assert "1. 1." not in text and "2. （二）" not in text
    assert "自收到本告知书之日起15个工作日内" in text
    dated = compose("correction_request", {**ctx, "correction_deadline": date(2026, 4, 10)}).text
    assert "于2026年4月10日前" in dated


def test_signature_block_stays_together():
    """The agency, the seal line and the date never part across a page: DOCX keep-with-next,
    PDF break-inside: avoid, and the closing line kept with them."""
    letter = compose("reply_withheld", {**BASE, **EXTRA["reply_withheld"]})
    doc = Document(io.BytesIO(letters.to_docx(letter)))
    paras = [p for p in doc.paragraphs]
    sig = next(i for i, p in enumerate(paras) if p.text == BASE["agency_name"])
    assert paras[sig].paragraph_format.keep_with_next and paras[sig + 1].paragraph_format.keep_with_next
    assert paras[sig + 2].text == "2026年3月20日"
    closing = next(p for p in reversed(paras[:sig]) if p.text)
    assert closing.paragraph_format.keep_with_next
    html = letters.to_html(letter)
    assert "break-inside: avoid" in html and "class='closing'" in html


def test_user_text_is_escaped_in_pdf_html():
    ctx = {**BASE, **EXTRA["reply_withheld"], "applicant_name": "<script>x</script>"}
    html = letters.to_html(compose("reply_withheld", ctx))
    assert "<script>x" not in html and "&lt;script&gt;" in html


def test_braces_in_user_text_are_printed_literally():
    ctx = {**BASE, **EXTRA["reply_withheld"], "request_summary": "关于{applicant_name}的{0}文件"}
    assert "关于{applicant_name}的{0}文件" in compose("reply_withheld", ctx).text


def test_fee_notice_takes_a_gongkai_fees_quote_as_it_is():
    from gongkai import fees

    quote = fees.per_page_fee(250)
    letter = compose("fee_notice", {**BASE, "fee": quote, "payment_method": "银行转账"})
    table = next(b for b in letter.blocks if b[0] == "table")
    assert ("第31至100页", "70页", "10元/页", "700元") in table[2]
    assert "应缴信息处理费合计：4,700元。" in letter.text
