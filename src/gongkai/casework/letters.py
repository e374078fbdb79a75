"""Reply letters and notices: versioned templates laid out once, drawn as DOCX and PDF.

Pure (no Django, no database): ``compose(kind, context) -> Letter`` checks the context and
lays the letter out (cheap: an action does it before its transaction, to refuse a step whose
letter could not be written); ``render_letter(kind, context) -> (docx, pdf)`` draws it (slow:
done after the step has committed, outside any lock).  The action stores the context with the
document, so a letter can always be drawn again exactly as issued.

Templates live in ``templates/letters/<kind>.v<N>.toml`` (``version``, ``title``, ``body``
and, for replies, a ``[decisions]`` table keyed by outcome id — `gongkai.formats`' stable
ids — or, in version 1 templates, by the printed 表三 leaf row).  A new wording is a new file
with a higher N; old files stay.  The sources of every article cited: docs/letters.md.

Kinds (``LETTER_KINDS``: kind → Chinese name):

==========================  ==============================================================
acknowledgement             受理回执 (Art. 31, 33)
correction_request          补正告知书 (Art. 30)
extension_notice            延期答复告知书 (Art. 33 ¶2)
consultation_third_party    征求第三方意见函 (Art. 32)
consultation_agency         征求其他机关意见函 (Art. 34)
fee_notice                  信息处理费收费通知 (Art. 42, 国办函〔2020〕109号)
reply_granted               答复书 — granted (Art. 36(1)/(2))
reply_partly_granted        答复书 — partly granted (Art. 37)
reply_withheld              答复书 — withheld.* (Art. 36(3) with the article of each reason)
reply_unable                答复书 — unable.* (Art. 36(4)/(5), 38, 30)
reply_not_processed         答复书 — not_processed.* (Art. 39, 36(6), 35)
reply_other                 告知书 — other.* (Art. 30, 109号, other)
==========================  ==============================================================

``reply_kind(outcome)`` maps an outcome id to its letter kind.

Context keys (dates are ``datetime.date``; strings are printed as given):

Every kind
    ``agency_name``      issuing agency, printed in the signature (落款), required
    ``document_number``  full 文号, e.g. ``"某政公开〔2026〕12号"``, required
    ``received_date``    the application's receipt date (Art. 31), required
    ``request_summary``  the information requested, required
    ``issue_date``       the step's date, printed under the seal line, required
    ``applicant_is_person``  True for a natural person (addressed 您), False for an organisation
                         (贵单位); default True
    ``office_contact``   optional line under the date (the office's address and telephone)
    ``template_version`` optional, draw with an older template (e.g. ``"fee_notice.v1"``)
All kinds except the consultations
    ``applicant_name``   the applicant, required
acknowledgement
    ``application_number``, ``channel`` (its label) required; ``due_date`` optional
correction_request
    ``correction_items`` ``str`` (one item a line) or list of ``str``, required; a number the
    clerk typed in front of an item is not printed twice;
    ``correction_deadline`` a ``date``, or ``correction_days`` working days from receipt
extension_notice
    ``extension_days`` (int) required; ``due_date`` and ``extended_due_date`` (``date``) when the
    clock is running (during a consultation they are not known yet); ``extension_reason`` optional
consultation_third_party / consultation_agency
    ``recipient_name`` required; ``reply_by`` optional ``date``
fee_notice
    ``fee`` a ``gongkai.fees.FeeQuote`` (or a mapping with ``method``, ``lines``, ``total``),
    ``payment_method``, required
reply_*
    ``outcome``  the outcome id (``"withheld.third_party"``), required; ``outcome_year`` the
    year of the decision (for version 1 templates, keyed by the printed row)
    ``reason``   free text; required for partly granted and other.misc
    ``delivery`` how the information is provided; required for granted (unless
                 ``published_at``) and partly granted
    ``published_at`` granted only: where it is already proactively disclosed (Art. 36(1))
    ``responsible_agency`` unable.not_held only: the agency responsible for it (Art. 36(5))
    ``reconsideration_body``, ``court``  the agency's remedies (its settings); when empty the
                 appeal clause names them generically

Bad context raises ``LetterError`` with a Chinese message naming the key.
"""

from __future__ import annotations

import html
import io
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATE_DIR = Path(__file__).parent / "templates" / "letters"

LETTER_KINDS: dict[str, str] = {
    "acknowledgement": "受理回执",
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

# the family of an outcome id (the part before the dot) → the reply letter kind
_FAMILIES = {
    "granted": "reply_granted",
    "partly_granted": "reply_partly_granted",
    "withheld": "reply_withheld",
    "unable": "reply_unable",
    "not_processed": "reply_not_processed",
    "other": "reply_other",
}
# 行政复议法（2023修订）第二十三条第一款第（四）项: a refusal to disclose goes to reconsideration
# first; a partial grant refuses the rest (docs/letters.md explains the reading)
_RECONSIDERATION_FIRST = {"withheld", "partly_granted"}
_NEEDS_REASON = {"partly_granted", "other.misc"}
_FEE_TABLE = "[[fee_table]]"
_REQUIRED = {
    "acknowledgement": ("applicant_name", "application_number", "channel"),
    "correction_request": ("applicant_name", "correction_items"),
    "extension_notice": ("applicant_name", "extension_days"),
    "consultation_third_party": ("recipient_name",),
    "consultation_agency": ("recipient_name",),
    "fee_notice": ("applicant_name", "fee", "payment_method"),
}
_COMMON = ("agency_name", "document_number", "received_date", "request_summary", "issue_date")


class LetterError(ValueError):
    """The context cannot make this letter (message in Chinese, names the key)."""


@dataclass(frozen=True)
class LetterTemplate:
    kind: str
    version: str  # stored with every issued document, e.g. "reply_withheld.v2"
    title: str
    body: str
    decisions: Mapping[str, str]

    @property
    def number(self) -> int:
        return int(self.version.rsplit(".v", 1)[1])


@dataclass(frozen=True)
class Letter:
    """A letter laid out but not yet drawn: what both renderers draw."""

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
    """The reply-letter kind for an outcome id (``"withheld.third_party"`` → ``"reply_withheld"``)."""
    kind = _FAMILIES.get(str(outcome).split(".")[0])
    if kind is None:
        raise LetterError(f"不是表三的办理结果：{outcome!r}")
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
        elif _get(line, "rate") is not None:  # gongkai.fees.Tier (or its stored mapping)
            first, last = _get(line, "first"), _get(line, "last")
            unit = _get(line, "unit", unit)
            desc = f"第{first}{unit}" if first == last else f"第{first}至{last}{unit}"
            qty = _get(line, "units") or (int(last) - int(first) + 1)
            price = _get(line, "rate")
            amount = _get(line, "subtotal") or Decimal(str(price)) * qty
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


_ITEM_NUMBER = re.compile(r"^\s*(?:[（(]?\d{1,3}[)）.．、]|[（(]?[一二三四五六七八九十]{1,3}[)）.．、])\s*")


def numbered_items(items: str | list[str] | tuple[str, ...]) -> list[str]:
    """One item a line, numbered once: a number the clerk typed in front is replaced, not doubled."""
    lines = items.splitlines() if isinstance(items, str) else list(items)
    cleaned = [_ITEM_NUMBER.sub("", str(s)).strip() for s in lines]
    return [f"{i}. {s}" for i, s in enumerate((s for s in cleaned if s), 1)]


def remedies(outcome: str, *, reconsideration_body: str, court: str, you: str, document: str) -> str:
    """The appeal clause of a reply (sources in docs/letters.md).

    A refusal to disclose (and the refused part of a partial grant) must go to reconsideration
    first (行政复议法 2023 Art. 23 ¶1(4)), and the letter must say so (Art. 23 ¶2); any other
    reply may be taken to reconsideration within 60 days (Art. 20) or to court within six
    months (行政诉讼法 Art. 46).  The bodies are the agency's own settings."""
    body = reconsideration_body or "行政复议机关"
    if outcome.split(".")[0] in _RECONSIDERATION_FIRST:
        return (f"如对本{document}不服，根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，"
                f"{you}应当先自收到本{document}之日起六十日内向{body}申请行政复议；对行政复议决定不服的，"
                f"可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼"
                f"（《中华人民共和国行政诉讼法》第四十五条）。")
    where = court or "有管辖权的人民法院"
    return (f"如对本{document}不服，{you}可以依照《中华人民共和国政府信息公开条例》第五十一条、"
            f"《中华人民共和国行政复议法》第二十条的规定，自收到本{document}之日起六十日内向{body}申请行政复议；"
            f"也可以依照《中华人民共和国行政诉讼法》第四十六条的规定，自收到本{document}之日起六个月内"
            f"向{where}提起行政诉讼。")


class _Strict(dict):
    def __missing__(self, key):
        raise LetterError(f"文书缺少字段 {key}")


def _missing(value) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and not value)


# ---------------------------------------------------------------- layout
def compose(kind: str, context: Mapping[str, Any]) -> Letter:
    """Fill the template: checks the context and returns the laid-out letter."""
    if not isinstance(context, Mapping):
        raise LetterError("文书内容必须是字典 (context must be a mapping)")
    tpl = template_for(kind, context.get("template_version"))
    for key in (*_COMMON, *_REQUIRED.get(kind, ("applicant_name", "outcome"))):
        if _missing(context.get(key)):
            raise LetterError(f"{LETTER_KINDS[kind]}缺少必填字段 {key}")
    values = _Strict({k: cn_date(v) if isinstance(v, date) else v for k, v in context.items()})
    person = context.get("applicant_is_person", True)
    values["you"] = "您" if person else "贵单位"
    values.setdefault("reason", "")
    values["reply_by"] = f"（即{cn_date(context['reply_by'])}前）" if context.get("reply_by") else ""
    table = None

    if kind == "acknowledgement":
        due = context.get("due_date")
        values["due_text"] = f"，即于{cn_date(due)}前答复" if isinstance(due, date) else ""
    elif kind == "correction_request":
        values["correction_items"] = "\n".join(numbered_items(context["correction_items"]))
        deadline, days = context.get("correction_deadline"), context.get("correction_days")
        if isinstance(deadline, date):
            values["correction_deadline"] = f"于{cn_date(deadline)}前"
        elif days:
            values["correction_deadline"] = f"自收到本告知书之日起{int(days)}个工作日内"
        elif isinstance(deadline, str) and deadline.strip():  # version 1 wording: a period as text
            values["correction_deadline"] = f"自收到本告知书之日起{deadline.strip()}内"
        else:
            raise LetterError("补正告知书缺少补正期限 correction_deadline（日期）或 correction_days（工作日数）")
    elif kind == "extension_notice":
        reason = context.get("extension_reason") or ""
        values["extension_reason"] = f"因{reason.rstrip('。，,')}，" if reason else "因情况复杂，"
        days = context["extension_days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 20:
            raise LetterError(f"延期答复告知书的延长天数应为1至20个工作日，收到 {days!r}")
        due, extended = context.get("due_date"), context.get("extended_due_date")
        if isinstance(due, date) and isinstance(extended, date):
            values["due_sentence"] = f"原答复期限为{cn_date(due)}，"
            values["new_due_sentence"] = f"本机关将于{cn_date(extended)}前作出答复"
        else:  # a consultation is running: the dates follow when it ends (Art. 33 ¶3)
            values["due_sentence"] = ""
            values["new_due_sentence"] = "征求第三方和其他机关意见所需时间不计算在答复期限内，答复期限在征求意见结束后接续计算"
    elif kind == "fee_notice":
        method, header, rows, total = fee_table(context["fee"])
        values["fee_method_text"] = f"{method}"
        values["fee_total"] = total
        table = ("table", header, rows)
    elif kind.startswith("reply_"):
        values["decision"] = _decision(kind, tpl, context, values)
        values["remedies"] = remedies(
            str(context["outcome"]), reconsideration_body=str(context.get("reconsideration_body") or ""),
            court=str(context.get("court") or ""), you=values["you"],
            document="告知" if kind == "reply_other" else "答复")

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
        issue_date=cn_date(context["issue_date"]), office_contact=str(context.get("office_contact") or ""),
    )


def _decision_key(tpl: LetterTemplate, context: Mapping[str, Any]) -> str:
    """The [decisions] key of this outcome in this template: the id (version 2 on), or the printed
    leaf row of the decision's year (version 1 templates), derived from the format declaration."""
    outcome = str(context["outcome"])
    if tpl.number >= 2:
        return outcome
    from gongkai.formats import PATH_SEP, for_year

    year = context.get("outcome_year") or (context["issue_date"].year if isinstance(context["issue_date"], date)
                                           else date.today().year)
    try:
        return for_year(int(year)).outcome_row(outcome).split(PATH_SEP)[-1]
    except (KeyError, ValueError):
        raise LetterError(f"模板 {tpl.version} 没有办理结果“{outcome}”的答复文字") from None


def _outcome_label(context: Mapping[str, Any]) -> str:
    """The outcome's row as the format of its year prints it (a clerk's words, not an id)."""
    from gongkai.formats import for_year

    year = context.get("outcome_year") or (context["issue_date"].year if isinstance(context["issue_date"], date)
                                           else date.today().year)
    fmt = for_year(int(year))
    try:
        return fmt.short_label("表三", fmt.outcome_row(str(context["outcome"])))
    except KeyError:
        raise LetterError(f"{year}年适用的年报格式没有办理结果“{context['outcome']}”") from None


def _decision(kind: str, tpl: LetterTemplate, context: Mapping[str, Any], values: dict) -> str:
    outcome = str(context["outcome"])
    if reply_kind(outcome) != kind:
        raise LetterError(f"办理结果“{outcome}”不属于{LETTER_KINDS[kind]}，应使用 {reply_kind(outcome)}")
    base = _decision_key(tpl, context)
    key = base
    for optional in ("published_at", "responsible_agency"):
        if context.get(optional) and f"{base}|{optional}" in tpl.decisions:
            key = f"{base}|{optional}"
    fallback = key not in tpl.decisions and tpl.number >= 2 and "*" in tpl.decisions
    if fallback:  # an outcome of a newer format revision: its printed label, and a reason
        key = "*"
        values["outcome_label"] = _outcome_label(context)
    if key not in tpl.decisions:
        raise LetterError(f"模板 {tpl.version} 没有办理结果“{outcome}”的答复文字")
    needs_reason = fallback or outcome in _NEEDS_REASON or outcome.split(".")[0] in _NEEDS_REASON
    if needs_reason and not context.get("reason"):
        raise LetterError(f"办理结果“{outcome}”必须写明理由 reason")
    if "{delivery}" in tpl.decisions[key] and not context.get("delivery"):
        raise LetterError(f"办理结果“{outcome}”必须写明提供方式 delivery（如：通过电子邮件发送）")
    if context.get("delivery"):
        values["delivery"] = str(context["delivery"]).rstrip("。")
    return tpl.decisions[key].format_map(values)


# The articles a reply rests on, per outcome id (spec §6.5; the mapping is our analysis).
_REG = "《中华人民共和国政府信息公开条例》"
_BASIS = {
    "granted": f"{_REG}第三十六条第（二）项",
    "partly_granted": f"{_REG}第三十七条",
    "withheld.state_secret": f"{_REG}第十四条、第三十六条第（三）项",
    "withheld.prohibited_by_law": f"{_REG}第十四条、第三十六条第（三）项",
    "withheld.security_stability": f"{_REG}第十四条、第三十六条第（三）项",
    "withheld.third_party": f"{_REG}第十五条、第三十二条、第三十六条第（三）项",
    "withheld.internal_affairs": f"{_REG}第十六条第一款、第三十六条第（三）项",
    "withheld.process_info": f"{_REG}第十六条第二款、第三十六条第（三）项",
    "withheld.enforcement_file": f"{_REG}第十六条第二款、第三十六条第（三）项",
    "withheld.query_matter": f"{_REG}第三十六条第（七）项",
    "unable.not_held": f"{_REG}第三十六条第（四）项",
    "unable.needs_creation": f"{_REG}第三十八条",
    "unable.unclear_after_correction": f"{_REG}第三十条",
    "not_processed.petition": f"{_REG}第三十九条第一款",
    "not_processed.repeat": f"{_REG}第三十六条第（六）项",
    "not_processed.publication": f"{_REG}第三十九条第二款",
    "not_processed.excessive": f"{_REG}第三十五条",
    "not_processed.confirmation": _REG,
    "other.uncorrected": f"{_REG}第三十条",
    "other.unpaid_fee": "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "other.misc": _REG,
}


def default_legal_basis(outcome: str) -> str:
    """The legal basis normally cited for an outcome id (the handler may write another)."""
    reply_kind(outcome)  # validates
    return _BASIS.get(outcome, _REG)


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

    def para(text: str, *, align=None, size=16.0, name=BODY_FONT, bold=False, indent=True, before=0,
             keep=False):
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(28)
        fmt.space_before, fmt.space_after = Pt(before), Pt(0)
        fmt.keep_with_next = keep  # the closing line, the agency, the seal and the date stay on one page
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
    last = max(i for i, b in enumerate(letter.blocks) if b[0] == "p")
    for i, block in enumerate(letter.blocks):
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
        para(block[1], indent=not first, keep=i == last)
        first = False
    para("", indent=False, keep=True)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    para(letter.agency_name, align=right, indent=False, keep=True)
    para("（盖章）", align=right, indent=False, keep=True)
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
.signature { margin-top: 28pt; text-align: right; break-inside: avoid; page-break-inside: avoid; }
.closing { break-after: avoid; page-break-after: avoid; }
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
    last = max(i for i, b in enumerate(letter.blocks) if b[0] == "p")
    for i, block in enumerate(letter.blocks):
        if block[0] == "table":
            _, header, rows = block
            parts.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr></thead><tbody>")
            parts += ["<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in rows]
            parts.append("</tbody></table>")
            continue
        cls = " class='salutation'" if first else (" class='closing'" if i == last else "")
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
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per step otherwise

    return HTML(string=to_html(letter)).write_pdf()
