"""The guide (政府信息公开指南, Art. 12) generated from the agency's data.

``build(data) -> Guide`` is pure: it takes the agency's particulars (office, address, hours,
phone …, remedies), the guide's own settings (where information is published, the online
form) and the index-number scheme, and writes the guide's sections from them and from the
rules the platform already holds (the Regulation's periods in `gongkai.deadlines`, the fees
of 109号 in `gongkai.fees`).  ``Guide.digest`` identifies its content: a new digest is a new
edition, dated the day it was first seen (see `actions.guide`).

Renderers: ``to_html`` (a fragment for the pages), ``to_docx`` (python-docx) and ``to_pdf``
(WeasyPrint, as `gongkai.writers` do).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
from dataclasses import asdict, dataclass, field

from gongkai import deadlines, fees
from gongkai.deadlines import Channel

from .choices import ArticleItem
from .clock import PUBLISH_WORKDAYS

RECONSIDERATION_DAYS = 60  # 《行政复议法》第二十条
LITIGATION_MONTHS = 6  # 《行政诉讼法》第四十六条


@dataclass(frozen=True)
class GuideData:
    agency_name: str
    parent_name: str = ""
    office_name: str = ""
    office_address: str = ""
    postcode: str = ""
    office_hours: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    website: str = ""
    reconsideration_body: str = ""
    court: str = ""
    publication_places: tuple[str, ...] = ()
    online_application: str = ""
    catalogue_url: str = ""
    index_template: str = ""
    extra_notes: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()  # (label, value) lines, e.g. 办公地址
    items: tuple[str, ...] = ()  # a list


@dataclass(frozen=True)
class Guide:
    title: str
    preamble: str
    sections: tuple[Section, ...]
    missing: tuple[str, ...] = field(default=())  # particulars the guide lacks, for the staff page

    @property
    def digest(self) -> str:
        body = {"title": self.title, "preamble": self.preamble, "sections": [asdict(s) for s in self.sections]}
        return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


PARTICULARS = (  # GuideData field, label; the ones a guide must print (Art. 12)
    ("office_name", "政府信息公开工作机构"), ("office_address", "办公地址"), ("postcode", "邮政编码"),
    ("office_hours", "办公时间"), ("phone", "联系电话"), ("fax", "传真"), ("email", "电子邮箱"),
    ("website", "网站"), ("reconsideration_body", "行政复议机关"), ("court", "管辖人民法院"),
)
_NUMERALS = "一二三四五六七八九十"


def _n(i: int) -> str:
    return _NUMERALS[i]


def _fee_lines() -> tuple[str, ...]:
    free = fees.FREE_APPLICATIONS_PER_MONTH
    per_app = (f"按件计收：同一申请人一个自然月内累计申请{free}件以下（含{free}件）的，不收费；"
               f"{free + 1}—30件（含30件）的部分每件{fees.per_application_fee(free + 1)}元；"
               f"31件以上的部分以10件为一档，每增加一档，收费标准提高100元"
               f"（31—40件每件{fees.per_application_fee(31)}元，41—50件每件{fees.per_application_fee(41)}元，依此类推）。")
    tiers = []
    for first, last, rate in fees.PAGE_TIERS:
        span = f"{first}页以上" if last is None else (f"{last}页以下（含{last}页）" if first == 1 else f"{first}—{last}页")
        tiers.append(f"{span}的部分{'不收费' if not rate else f'每页{rate}元'}")
    per_page = "按量计收：同一政府信息公开申请中，" + "；".join(tiers) + "。"
    return (per_app, per_page)


def _scheme_sentence(template: str) -> str:
    if not template:
        return ""
    words = {"{agency}": "机关标识", "{category}": "公开事项代码", "{year}": "发布年度", "{serial}": "流水号"}
    shown = template
    for k, v in words.items():
        shown = shown.replace(k, f"〈{v}〉")
    return f"本机关目录中的每条信息都有唯一的索引号，格式为“{shown}”，发布时分配，此后不再改变。"


def build(d: GuideData) -> Guide:
    missing = tuple(label for name, label in PARTICULARS
                    if name not in ("fax", "website") and not getattr(d, name))
    office = d.office_name or f"{d.agency_name}政府信息公开工作机构"
    sections = []

    # 一、主动公开
    places = list(d.publication_places)
    if d.catalogue_url:
        places.append(f"本机关政府信息公开目录（网上查阅：{d.catalogue_url}）")
    if d.website:
        places.append(f"本机关网站：{d.website}")
    sections.append(Section("一、主动公开", paragraphs=(
        "（一）公开的内容。本机关依照《中华人民共和国政府信息公开条例》（以下简称《条例》）第十九条、"
        "第二十条、第二十一条的规定主动公开政府信息，目录按下列事项编排：",
    ), items=tuple(item.label for item in ArticleItem)))
    sections.append(Section("", paragraphs=(
        "（二）公开的方式。主动公开的政府信息通过以下途径公开：" if places else
        "（二）公开的方式。主动公开的政府信息通过本机关政府信息公开目录公开。",
    ), items=tuple(places)))
    timing = (f"（三）公开的时限。属于主动公开范围的政府信息，自该政府信息形成或者变更之日起 {PUBLISH_WORKDAYS} 个工作日内"
              "予以公开。法律、法规对政府信息公开的期限另有规定的，从其规定（《条例》第二十六条）。")
    sections.append(Section("", paragraphs=(timing, _scheme_sentence(d.index_template)) if d.index_template
                            else (timing,)))

    # 二、依申请公开
    facts = tuple((label, getattr(d, name)) for name, label in PARTICULARS[:8] if getattr(d, name))
    sections.append(Section("二、依申请公开", paragraphs=(
        f"（一）受理机构。公民、法人或者其他组织向本机关申请获取政府信息的，应当向{office}提出（《条例》第二十七条）。",
    ), facts=facts))
    channels = []
    if d.office_address:
        hours = f"，办公时间：{d.office_hours}" if d.office_hours else ""
        channels.append(f"当面提交：到{d.office_address}提交申请{hours}。"
                        f"{Channel.IN_PERSON.receipt_rule}。")  # the clock's own wording
        post = f"（邮政编码 {d.postcode}）" if d.postcode else ""
        channels.append(f"邮寄：寄至{d.office_address}{post}{office}，请在信封上注明“政府信息公开申请”字样。"
                        f"{Channel.SIGNED_POST.receipt_rule}；"
                        f"{Channel.PLAIN_POST.receipt_rule}。")
    online = d.online_application or ""
    channels.append(f"网上申请：{online or '通过本机关政府信息公开网站的网上申请栏目'}提交。"
                    f"{Channel.ONLINE.receipt_rule}。")
    if d.fax:
        channels.append(f"传真：发送至 {d.fax}，请注明“政府信息公开申请”。{Channel.FAX.receipt_rule}。")
    sections.append(Section("", paragraphs=(
        "（二）申请方式。申请应当采用包括信件、数据电文在内的书面形式；采用书面形式确有困难的，可以口头提出，"
        "由工作人员代为填写政府信息公开申请（《条例》第二十九条）。可以通过以下渠道提出：",
    ), items=tuple(channels)))
    sections.append(Section("", paragraphs=(
        "（三）申请的内容。政府信息公开申请应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的"
        "名称、文号或者便于行政机关查询的其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径"
        "（《条例》第二十九条）。",
    )))
    sections.append(Section("", paragraphs=(
        f"（四）答复的期限。能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起 {deadlines.REPLY_WORKDAYS} "
        f"个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过 "
        f"{deadlines.MAX_EXTENSION_WORKDAYS} 个工作日（《条例》第三十三条）。申请内容不明确的，自收到申请之日起 "
        f"{deadlines.CORRECTION_NOTICE_WORKDAYS} 个工作日内一次性告知申请人补正，答复期限自收到补正的申请之日起计算"
        f"（《条例》第三十条）。征求第三方和其他机关意见所需时间（第三方为 {deadlines.CONSULTATION_WORKDAYS} 个工作日）"
        "不计算在答复期限内（《条例》第三十二条、第三十三条）。期限均按工作日计算，不含法定节假日。",
    )))
    sections.append(Section("", paragraphs=(
        "（五）收费。行政机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，"
        f"可以收取信息处理费（《条例》第四十二条），标准按{fees.FEE_DOC}执行，同一申请只按一种方式计收：",
    ), items=_fee_lines() + (
        f"申请人应当自收到收费通知之次日起 {fees.PAYMENT_WORKDAYS} 个工作日内缴费；逾期未缴纳的，视为放弃申请。",)))

    # 三、监督和救济
    complaint = d.parent_name or "上一级行政机关"
    remedies = [f"投诉、举报：向{complaint}或者政府信息公开工作主管部门投诉、举报（《条例》第五十一条）。"]
    remedies.append(f"行政复议：自知道该行政行为之日起{RECONSIDERATION_DAYS}日内向"
                    f"{d.reconsideration_body or '依法有管辖权的行政复议机关'}申请行政复议。")
    remedies.append(f"行政诉讼：自知道或者应当知道作出行政行为之日起{LITIGATION_MONTHS}个月内向"
                    f"{d.court or '有管辖权的人民法院'}提起行政诉讼。")
    sections.append(Section("三、监督和救济", paragraphs=(
        "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法：",
    ), items=tuple(remedies)))
    if d.extra_notes.strip():
        sections.append(Section("四、其他说明", paragraphs=tuple(p.strip() for p in d.extra_notes.splitlines() if p.strip())))

    return Guide(
        title=f"{d.agency_name}政府信息公开指南",
        preamble=(f"为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。"
                  f"需要获取{d.agency_name}政府信息的公民、法人或者其他组织，建议阅读本指南。"),
        sections=tuple(sections),
        missing=missing,
    )


# ---------------------------------------------------------------------------- renderers
def to_html(g: Guide, changed_on: dt.date | None, *, heading_level: int = 2) -> str:
    """The guide's body as an HTML fragment (escaped), for the pages and for the PDF."""
    h = f"h{heading_level}"
    out = [f'<p class="preamble">{html.escape(g.preamble)}</p>']
    for s in g.sections:
        if s.heading:
            out.append(f"<{h}>{html.escape(s.heading)}</{h}>")
        out.extend(f"<p>{html.escape(p)}</p>" for p in s.paragraphs if p)
        if s.facts:
            out.append('<dl class="facts">' + "".join(
                f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in s.facts) + "</dl>")
        if s.items:
            out.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in s.items) + "</ul>")
    if changed_on:
        out.append(f'<p class="changed">本指南最近更新于{changed_on.year}年{changed_on.month}月{changed_on.day}日。</p>')
    return "\n".join(out)


_PDF_CSS = """
@page { size: A4; margin: 25mm 22mm; @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.8; }
h1 { font-family: "Noto Sans CJK SC", sans-serif; text-align: center; font-size: 18pt; margin: 0 0 1em; }
h2 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 13pt; margin: 1.2em 0 .4em; }
p { text-indent: 2em; margin: .3em 0; } ul { margin: .2em 0 .4em 2em; padding: 0; }
dl.facts { display: grid; grid-template-columns: 8em auto; margin: .3em 0 .3em 2em; } dd { margin: 0; }
p.changed { text-align: right; margin-top: 2em; }
"""


def to_pdf(g: Guide, changed_on: dt.date | None) -> bytes:
    import logging

    from weasyprint import HTML  # slow to import; only the PDF needs it

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    page = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>{_PDF_CSS}</style></head>'
            f"<body><h1>{html.escape(g.title)}</h1>{to_html(g, changed_on)}</body></html>")
    return HTML(string=page, base_url=".").write_pdf()


def to_docx(g: Guide, changed_on: dt.date | None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    title = doc.add_heading(g.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def para(text: str, indent: bool = True):
        p = doc.add_paragraph(text)
        if indent:
            p.paragraph_format.first_line_indent = Pt(24)
        return p

    para(g.preamble)
    for s in g.sections:
        if s.heading:
            doc.add_heading(s.heading, level=1)
        for p in s.paragraphs:
            if p:
                para(p)
        for k, v in s.facts:
            para(f"{k}：{v}")
        for i in s.items:
            doc.add_paragraph(i, style="List Bullet")
    if changed_on:
        p = para(f"本指南最近更新于{changed_on.year}年{changed_on.month}月{changed_on.day}日。", indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
