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
}
FEE = {
    "method": "per_page",
    "lines": [("31–100页", 70, 10, 700), ("101–200页", 100, 20, 2000), ("201页以上", 50, 40, 2000)],
    "total": Decimal(4700),
}
EXTRA = {
    "correction_request": {"correction_items": ["所需信息的文件名称或者文号", "信息形成的大致时间"],
                           "correction_deadline": "15个工作日"},
    "extension_notice": {"due_date": date(2026, 3, 30), "extended_due_date": date(2026, 4, 28),
                         "extension_reason": "所需信息涉及多个内设机构，需要检索核实"},
    "consultation_third_party": {"recipient_name": "某某建设有限公司", "reply_by": date(2026, 4, 1)},
    "consultation_agency": {"recipient_name": "某某区住房和城乡建设局"},
    "fee_notice": {"fee": FEE, "payment_method": "通过统一公共支付平台缴纳"},
    "reply_granted": {"outcome": formats.outcome_rows(formats.for_year(2026))[0], "delivery": "通过电子邮件发送"},
    "reply_partly_granted": {"outcome": formats.outcome_rows(formats.for_year(2026))[1],
                             "delivery": "通过邮寄纸质件提供", "reason": "其中第3页含有个人隐私，已作遮盖处理"},
    "reply_withheld": {"outcome": "三、本年度办理结果/（三）不予公开/1.属于国家秘密"},
    "reply_unable": {"outcome": "三、本年度办理结果/（四）无法提供/2.没有现成信息需要另行制作"},
    "reply_not_processed": {"outcome": "三、本年度办理结果/（五）不予处理/2.重复申请"},
    "reply_other": {"outcome": "三、本年度办理结果/（六）其他处理/3.其他", "reason": "申请人撤回申请"},
}
ARTICLE = {
    "correction_request": "第三十条", "extension_notice": "第三十三条第一款",
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


@pytest.mark.parametrize("outcome", formats.outcome_rows(formats.FORMAT_2021) + formats.outcome_rows(formats.FORMAT_2019))
def test_every_outcome_row_of_both_formats_has_a_reply(outcome):
    kind = reply_kind(outcome)
    ctx = {**BASE, "outcome": outcome, "delivery": "当场提供纸质件", "reason": "具体理由见附件"}
    letter = compose(kind, ctx)
    assert letter.title.endswith(("答复书", "告知书"))
    assert "第五十一条" in letter.text  # remedies are always stated


def test_withheld_cites_the_article_of_its_sub_row():
    cited = {
        "4.保护第三方合法权益": "第十五条",
        "5.属于三类内部事务信息": "第十六条第一款",
        "7.属于行政执法案卷": "第十六条第二款",
        "8.属于行政查询事项": "第三十六条第（七）项",
    }
    for leaf, article in cited.items():
        text = compose("reply_withheld", {**BASE, "outcome": f"三、本年度办理结果/（三）不予公开/{leaf}"}).text
        assert article in text, leaf


def test_unable_names_the_responsible_agency_when_known():
    ctx = {**BASE, "outcome": "三、本年度办理结果/（四）无法提供/1.本机关不掌握相关政府信息"}
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
        ("reply_withheld", {"outcome": "三、本年度办理结果/（一）予以公开"}, "reply_granted"),
        ("reply_withheld", {"outcome": "不存在的行"}, "不是表三的办理结果行"),
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
    assert letters.template_for("reply_withheld").version == "reply_withheld.v1"
    assert letters.template_for("reply_withheld", "reply_withheld.v1").title == "政府信息公开申请答复书"
    assert letters.letter_version("fee_notice", {}) == "fee_notice.v1"


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
