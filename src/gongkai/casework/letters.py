"""Reply letters and notices: versioned templates rendered as DOCX and PDF.

Pure (no Django, no database): ``render_letter(kind, context) -> (docx_bytes, pdf_bytes)``.
The action that issues a letter allocates the document number, calls this, and stores the
two files together with ``template_for(kind).version`` (or ``letter_version(kind, context)``),
so an issued document can always be traced to the exact template text that produced it.

Templates live in ``templates/letters/<kind>.v<N>.toml`` (``version``, ``title``, ``body``
and, for replies, a ``[decisions]`` table keyed by the table 三 leaf row).  A new wording
is a new file with a higher N; old files stay so issued letters can be re-rendered
identically (pass ``context["template_version"]``).

Kinds (``LETTER_KINDS``: kind → Chinese name):

==========================  ==============================================================
correction_request          补正告知书 (Art. 30)
extension_notice            延期答复告知书 (Art. 33)
consultation_third_party    征求第三方意见函 (Art. 32)
consultation_agency         征求其他机关意见函 (Art. 34)
fee_notice                  信息处理费收费通知 (Art. 42, 国办函〔2020〕109号)
reply_granted               答复书 — 三（一）予以公开
reply_partly_granted        答复书 — 三（二）部分公开
reply_withheld              答复书 — 三（三）不予公开 1–8, article cited per sub-row
reply_unable                答复书 — 三（四）无法提供 1–3
reply_not_processed         答复书 — 三（五）不予处理 1–5
reply_other                 告知书 — 三（六）其他处理 (2019: one row; 2021: 1–3)
==========================  ==============================================================

``reply_kind(outcome)`` maps a table 三 leaf row (as in ``formats.outcome_rows``) to its kind.

Context keys (dates are ``datetime.date``; strings are printed as given):

Every kind
    ``agency_name``      issuing agency, printed in the signature (落款), required
    ``document_number``  full 文号, e.g. ``"某政公开〔2026〕12号"``, required
    ``received_date``    the application's receipt date (Art. 31), required
    ``request_summary``  the information requested, required
    ``issue_date``       date printed under the seal line; default today
    ``office_contact``   optional line under the date, e.g. ``"联系电话：0571-12345678"``
    ``template_version`` optional, re-render with an older template (e.g. ``"fee_notice.v1"``)
All kinds except the consultations
    ``applicant_name``   the applicant, required
correction_request
    ``correction_items`` ``str`` or list of ``str`` (one numbered line each), required
    ``correction_deadline`` ``date`` or a period such as ``"15个工作日"``, required
extension_notice
    ``due_date``, ``extended_due_date`` (``date``), required; ``extension_reason`` optional
consultation_third_party / consultation_agency
    ``recipient_name`` the third party or co-producing agency, required;
    ``reply_by`` optional ``date`` printed as the latest answer day
fee_notice
    ``fee``  a ``gongkai.fees.FeeQuote`` as it is (method, tiers, amount), or a mapping /
    object with ``method`` (``"per_application"`` / 按件 or ``"per_page"`` / 按量),
    ``lines`` (``(description, quantity, unit_price, amount)`` tuples or objects with
    those attributes) and ``total`` (``Decimal`` 元); required
    ``payment_method`` how to pay (account, QR code location …), required
reply_*
    ``outcome``  the table 三 leaf row, required (must belong to the kind's family)
    ``reason``   free-text explanation; required for 部分公开 and for （六）其他 / 2019 （六）
    ``delivery`` how the information is provided, e.g. ``"通过电子邮件发送"``; required for
                 予以公开 (unless ``published_at``) and 部分公开
    ``published_at`` 予以公开 only: where it is already proactively disclosed (Art. 36(1))
    ``responsible_agency`` 无法提供 1 only: the agency responsible for it (Art. 36(5))

Bad context raises ``LetterError`` with a Chinese message naming the key.
"""

from __future__ import annotations

import html
import io
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATE_DIR = Path(__file__).parent / "templates" / "letters"

LETTER_KINDS: dict[str, str] = {
    "correction_request": "补正告知书",
    "extension_notice": "延期答复告知书",
    "consultation_third_party": "征求第三方意见函",
    "consultation_agency": "征求其他机关意见函",
    "fee_notice": "信息处理费收费通知",
    "reply_granted": "答复书（予以公开）",
    "reply_partly_granted": "答复书（部分公开）",
    "reply_withheld": "答复书（不予公开）",
    "reply_unable": "答复书（无法提供）",
    "reply_not_processed": "答复书（不予处理）",
    "reply_other": "告知书（其他处理）",
}

# Outcome family marker (the part of the table 三 row path after 三、本年度办理结果/) → kind.
_FAMILIES = {
    "（一）": "reply_granted",
    "（二）": "reply_partly_granted",
    "（三）": "reply_withheld",
    "（四）": "reply_unable",
    "（五）": "reply_not_processed",
    "（六）": "reply_other",
}
_OUTCOME_PREFIX = "三、本年度办理结果/"
_NEEDS_REASON = {"reply_partly_granted", "3.其他", "（六）其他处理"}
_FEE_TABLE = "[[fee_table]]"
_REQUIRED = {
    "correction_request": ("applicant_name", "correction_items", "correction_deadline"),
    "extension_notice": ("applicant_name", "due_date", "extended_due_date"),
    "consultation_third_party": ("recipient_name",),
    "consultation_agency": ("recipient_name",),
    "fee_notice": ("applicant_name", "fee", "payment_method"),
}
_COMMON = ("agency_name", "document_number", "received_date", "request_summary")


class LetterError(ValueError):
    """The context cannot make this letter (message in Chinese, names the key)."""


@dataclass(frozen=True)
class LetterTemplate:
    kind: str
    version: str  # stored with every issued document, e.g. "reply_withheld.v1"
    title: str
    body: str
    decisions: Mapping[str, str]


@dataclass(frozen=True)
class Letter:
    """A letter laid out but not yet rendered: what both renderers draw."""

    kind: str
    version: str
    title: str
    document_number: str
    blocks: tuple  # ("p", text) | ("table", header_tuple, rows_tuple)
    agency_name: str
    issue_date: str
    office_contact: str

    @property
    def text(self) -> str:
        """Plain text of the whole letter (search, previews, tests)."""
        out = [self.title, self.document_number]
        for b in self.blocks:
            if b[0] == "p":
                out.append(b[1])
            else:
                out.extend("  ".join(r) for r in (b[1], *b[2]))
        out += [self.agency_name, self.issue_date, self.office_contact]
        return "\n".join(x for x in out if x)


# ---------------------------------------------------------------- templates
@cache
def _templates() -> dict[str, dict[int, LetterTemplate]]:
    found: dict[str, dict[int, LetterTemplate]] = {}
    for path in TEMPLATE_DIR.glob("*.v*.toml"):
        m = re.fullmatch(r"(\w+)\.v(\d+)\.toml", path.name)
        if not m or m.group(1) not in LETTER_KINDS:
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        version = f"{m.group(1)}.v{m.group(2)}"
        if data.get("version") != version:
            raise LetterError(f"模板 {path.name} 的 version 应为 {version}")
        found.setdefault(m.group(1), {})[int(m.group(2))] = LetterTemplate(
            kind=m.group(1), version=version, title=data["title"], body=data["body"],
            decisions=data.get("decisions", {}),
        )
    return found


def template_for(kind: str, version: str | None = None) -> LetterTemplate:
    """The newest template of `kind`, or the exact `version` (e.g. "fee_notice.v1")."""
    if kind not in LETTER_KINDS:
        raise LetterError(f"未知的文书种类 {kind!r}（可选：{'、'.join(LETTER_KINDS)}）")
    versions = _templates().get(kind)
    if not versions:
        raise LetterError(f"文书种类 {kind} 没有模板")
    if version is None:
        return versions[max(versions)]
    for t in versions.values():
        if t.version == version:
            return t
    raise LetterError(f"文书模板版本 {version!r} 不存在（{kind} 现有：{', '.join(t.version for t in versions.values())}）")


def letter_version(kind: str, context: Mapping[str, Any]) -> str:
    """The template version `render_letter(kind, context)` uses: store it with the document."""
    return template_for(kind, context.get("template_version")).version


def reply_kind(outcome: str) -> str:
    """The reply-letter kind for a table 三 leaf row (full address row or the part after 三、…/)."""
    row = outcome.removeprefix(_OUTCOME_PREFIX)
    kind = _FAMILIES.get(row[:3])
    if kind is None:
        raise LetterError(f"不是表三的办理结果行：{outcome!r}")
    return kind


# ---------------------------------------------------------------- formatting helpers
def cn_date(value: date | str) -> str:
    """2026-03-05 → 2026年3月5日 (GB/T 9704 uses Arabic numerals without leading zeros)."""
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def yuan(amount: Decimal | int | float | str) -> str:
    d = Decimal(str(amount)).quantize(Decimal("0.01"))
    return f"{d:,}元".replace(".00元", "元")


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


_METHOD = {"per_application": "按件", "per_page": "按量", "按件": "按件", "按量": "按量"}


def fee_table(fee: Any) -> tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...], str]:
    """(method text, header, rows, total text) from a fee result (mapping or object)."""
    method = _get(fee, "method")
    method = _METHOD.get(str(getattr(method, "value", method)))
    if method is None:
        raise LetterError("收费通知缺少计费方式 fee.method（按件 per_application 或 按量 per_page）")
    unit = "件" if method == "按件" else "页"
    tiers = _get(fee, "tiers")
    lines = tiers if tiers is not None else (_get(fee, "lines") or _get(fee, "breakdown"))
    if lines is None:
        raise LetterError("收费通知缺少计费明细 fee.lines")
    rows = []
    for line in lines:
        if isinstance(line, tuple | list):
            desc, qty, price, amount = line
        elif _get(line, "rate") is not None:  # gongkai.fees.Tier
            first, last = _get(line, "first"), _get(line, "last")
            unit = _get(line, "unit", unit)
            desc = f"第{first}{unit}" if first == last else f"第{first}至{last}{unit}"
            qty, price, amount = _get(line, "units"), _get(line, "rate"), _get(line, "subtotal")
        else:
            desc = _get(line, "description") or _get(line, "label") or ""
            qty, price, amount = _get(line, "quantity"), _get(line, "unit_price"), _get(line, "amount")
        price_text = "免费" if Decimal(str(price)) == 0 else f"{yuan(price)}/{unit}"
        rows.append((str(desc), f"{qty}{unit}", price_text, yuan(amount)))
    total = _get(fee, "total")
    if total is None:
        total = _get(fee, "amount")  # gongkai.fees.FeeQuote
    if total is None:
        raise LetterError("收费通知缺少合计金额 fee.total")
    header = ("计费档次", "数量", "单价", "金额")
    return method, header, tuple(rows), yuan(total)


class _Strict(dict):
    def __missing__(self, key):
        raise LetterError(f"文书缺少字段 {key}")


# ---------------------------------------------------------------- layout
def compose(kind: str, context: Mapping[str, Any]) -> Letter:
    """Fill the template: checks the context and returns the laid-out letter."""
    if not isinstance(context, Mapping):
        raise LetterError("文书内容必须是字典 (context must be a mapping)")
    tpl = template_for(kind, context.get("template_version"))
    for key in (*_COMMON, *_REQUIRED.get(kind, ("applicant_name", "outcome"))):
        value = context.get(key)
        if value is None or (isinstance(value, str | list | tuple) and not value):
            raise LetterError(f"{LETTER_KINDS[kind]}缺少必填字段 {key}")
    values = _Strict({k: cn_date(v) if isinstance(v, date) else v for k, v in context.items()})
    values.setdefault("reason", "")
    values["reply_by"] = f"（即{cn_date(context['reply_by'])}前）" if context.get("reply_by") else ""
    table = None

    if kind == "correction_request":
        items = context["correction_items"]
        items = [items] if isinstance(items, str) else list(items)
        values["correction_items"] = "\n".join(f"{i}. {s}" for i, s in enumerate(items, 1))
        deadline = context["correction_deadline"]
        values["correction_deadline"] = (
            f"于{cn_date(deadline)}前" if isinstance(deadline, date) else f"自收到本告知书之日起{deadline}内"
        )
    elif kind == "extension_notice":
        reason = context.get("extension_reason") or ""
        values["extension_reason"] = f"因{reason.rstrip('。，,')}，" if reason else "因情况复杂，"
    elif kind == "fee_notice":
        method, header, rows, total = fee_table(context["fee"])
        values["fee_method_text"] = f"{method}"
        values["fee_total"] = total
        table = ("table", header, rows)
    elif kind.startswith("reply_"):
        values["decision"] = _decision(kind, tpl, context, values)

    blocks: list[tuple] = []
    for para in re.split(r"\n\s*\n", tpl.body.strip()):
        para = para.strip()
        if para == _FEE_TABLE:
            blocks.append(table)
            continue
        try:
            text = para.format_map(values)
        except (KeyError, IndexError, ValueError) as exc:  # a malformed template, not bad input
            raise LetterError(f"模板 {tpl.version} 无法填写：{exc}") from None
        for line in text.split("\n"):  # a multi-line value (numbered items) → one paragraph each
            if line.strip():
                blocks.append(("p", line.strip()))
    return Letter(
        kind=kind, version=tpl.version, title=tpl.title, document_number=str(context["document_number"]),
        blocks=tuple(blocks), agency_name=str(context["agency_name"]),
        issue_date=cn_date(context.get("issue_date") or date.today()),
        office_contact=str(context.get("office_contact") or ""),
    )


def _decision(kind: str, tpl: LetterTemplate, context: Mapping[str, Any], values: dict) -> str:
    outcome = str(context["outcome"]).removeprefix(_OUTCOME_PREFIX)
    if reply_kind(outcome) != kind:
        raise LetterError(f"办理结果“{outcome}”不属于{LETTER_KINDS[kind]}，应使用 {reply_kind(outcome)}")
    leaf = outcome.split("/")[-1]
    key = leaf
    for optional in ("published_at", "responsible_agency"):
        if context.get(optional) and f"{leaf}|{optional}" in tpl.decisions:
            key = f"{leaf}|{optional}"
    if key not in tpl.decisions:
        raise LetterError(f"模板 {tpl.version} 没有办理结果“{outcome}”的答复文字")
    if (kind in _NEEDS_REASON or leaf in _NEEDS_REASON) and not context.get("reason"):
        raise LetterError(f"办理结果“{outcome}”必须写明理由 reason")
    if "{delivery}" in tpl.decisions[key] and not context.get("delivery"):
        raise LetterError(f"办理结果“{outcome}”必须写明提供方式 delivery（如：通过电子邮件发送）")
    if context.get("delivery"):
        values["delivery"] = str(context["delivery"]).rstrip("。")
    return tpl.decisions[key].format_map(values)


# ---------------------------------------------------------------- renderers
BODY_FONT = "仿宋"  # 仿宋_GB2312 on most office PCs; Word falls back by the East Asian name
TITLE_FONT = "宋体"  # stands in for 方正小标宋简体, which few machines have
PDF_BODY_FONT = "'Noto Serif CJK SC', 'Source Han Serif SC', serif"  # fonts-noto-cjk


def render_letter(kind: str, context: Mapping[str, Any]) -> tuple[bytes, bytes]:
    """(docx bytes, pdf bytes) of the letter; raises LetterError on bad context."""
    letter = compose(kind, context)
    return to_docx(letter), to_pdf(letter)


def to_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    sec = doc.sections[0]
    # GB/T 9704-2012: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)

    def font(run, name: str, size: float, bold: bool = False):
        run.font.name = name
        run.font.size = Pt(size)
        run.font.bold = bold
        rpr = run._element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(rfonts)
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            rfonts.set(qn(attr), name)

    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    def para(text: str, *, align=None, size=16.0, name=BODY_FONT, bold=False, indent=True, before=0):
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(28)
        fmt.space_before, fmt.space_after = Pt(before), Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align is not None:
            p.alignment = align
        font(p.add_run(text), name, size, bold)
        return p

    para(letter.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=22, name=TITLE_FONT, bold=True, indent=False)
    para(letter.document_number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=6)
    para("", indent=False)
    first = True
    for block in letter.blocks:
        if block[0] == "table":
            _, header, rows = block
            t = doc.add_table(rows=1 + len(rows), cols=len(header))
            t.style = "Table Grid"
            for r, values in enumerate((header, *rows)):
                for c, v in enumerate(values):
                    cell = t.cell(r, c)
                    cell.text = ""
                    font(cell.paragraphs[0].add_run(v), BODY_FONT, 14, bold=(r == 0))
            continue
        # The salutation (first line, ends with ：) sits flush left.
        para(block[1], indent=not first)
        first = False
    para("", indent=False)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    para(letter.agency_name, align=right, indent=False)
    para("（盖章）", align=right, indent=False)
    para(letter.issue_date, align=right, indent=False)
    if letter.office_contact:
        para(letter.office_contact, indent=False, size=14, before=12)

    props = doc.core_properties
    props.title = f"{letter.title} {letter.document_number}"
    props.author = letter.agency_name
    props.subject = LETTER_KINDS[letter.kind]
    props.identifier = letter.document_number
    props.keywords = f"template:{letter.version}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


_PDF_CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
        @bottom-center { content: "— " counter(page) " —"; font-size: 14pt; } }
body { font-family: %(font)s; font-size: 16pt; line-height: 28pt; color: #000; }
h1 { font-size: 22pt; font-weight: bold; text-align: center; margin: 0; line-height: 36pt; }
.number { text-align: center; margin: 6pt 0 28pt; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.salutation { text-indent: 0; }
table { border-collapse: collapse; margin: 6pt 0 6pt 2em; font-size: 14pt; line-height: 22pt; }
th, td { border: 0.75pt solid #000; padding: 2pt 8pt; }
td:not(:first-child) { text-align: right; }
.signature { margin-top: 28pt; text-align: right; }
.signature p { text-indent: 0; text-align: right; }
.contact { margin-top: 20pt; font-size: 14pt; text-indent: 0; }
"""


def to_html(letter: Letter) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>{e(letter.title)} {e(letter.document_number)}</title>",
        f"<meta name='author' content='{e(letter.agency_name)}'>",
        f"<meta name='keywords' content='template:{e(letter.version)}'>",
        f"<meta name='generator' content='gongkai {e(letter.version)}'>",
        f"<style>{_PDF_CSS % {'font': PDF_BODY_FONT}}</style></head><body>",
        f"<h1>{e(letter.title)}</h1><div class='number'>{e(letter.document_number)}</div>",
    ]
    first = True
    for block in letter.blocks:
        if block[0] == "table":
            _, header, rows = block
            parts.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr></thead><tbody>")
            parts += ["<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in rows]
            parts.append("</tbody></table>")
            continue
        cls = " class='salutation'" if first else ""
        parts.append(f"<p{cls}>{e(block[1])}</p>")
        first = False
    parts.append(
        f"<div class='signature'><p>{e(letter.agency_name)}</p><p>（盖章）</p><p>{e(letter.issue_date)}</p></div>"
    )
    if letter.office_contact:
        parts.append(f"<p class='contact'>{e(letter.office_contact)}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def to_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(letter)).write_pdf()


def kinds_for_outcomes(outcomes: Iterable[str]) -> dict[str, str]:
    """outcome row → reply kind, for building menus from `formats.outcome_rows(fmt)`."""
    return {o: reply_kind(o) for o in outcomes}


# The articles a reply rests on, per table 三 leaf (spec §6.5; the mapping is our analysis).
_BASIS = {
    "（一）予以公开": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "《中华人民共和国政府信息公开条例》第三十七条",
    "1.属于国家秘密": "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    "2.其他法律行政法规禁止公开": "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    "3.危及“三安全一稳定”": "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
    "4.保护第三方合法权益": "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项",
    "5.属于三类内部事务信息": "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项",
    "6.属于四类过程性信息": "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    "7.属于行政执法案卷": "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
    "8.属于行政查询事项": "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    "1.本机关不掌握相关政府信息": "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
    "2.没有现成信息需要另行制作": "《中华人民共和国政府信息公开条例》第三十八条",
    "3.补正后申请内容仍不明确": "《中华人民共和国政府信息公开条例》第三十条",
    "1.信访举报投诉类申请": "《中华人民共和国政府信息公开条例》第三十九条第一款",
    "2.重复申请": "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    "3.要求提供公开出版物": "《中华人民共和国政府信息公开条例》第三十九条第二款",
    "4.无正当理由大量反复申请": "《中华人民共和国政府信息公开条例》第三十五条",
    "5.要求行政机关确认或重新出具已获取信息": "《中华人民共和国政府信息公开条例》",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "《中华人民共和国政府信息公开条例》第三十条",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请":
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "3.其他": "《中华人民共和国政府信息公开条例》",
    "（六）其他处理": "《中华人民共和国政府信息公开条例》",
}


def default_legal_basis(outcome: str) -> str:
    """The legal basis normally cited for a table 三 leaf row (the handler may write another)."""
    reply_kind(outcome)  # validates
    return _BASIS[outcome.split("/")[-1]]
