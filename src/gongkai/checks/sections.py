"""Rules from the reports' own text: what the sections say against what the tables say.

- S-1 … S-4: numbers stated in the prose ("共收到申请X件", "共办结X件", "结转下年度X件",
  "行政复议X件") compared with the 表三/表四 cells they restate;
- S-5: section 五 empty or a bare "无";
- S-6: the 信息处理费 reported in section 六 against 表二's 本年收费金额 and against 表三 （六）2
  (国办函〔2020〕109号: an application is dropped for an unpaid fee only after a fee notice);
- S-7: a section repeating last year's text nearly word for word (rapidfuzz's similarity ratio).

All are warnings: reading a number out of prose is a heuristic, and a sentence may speak of
the whole region ("全市各级行政机关共受理…") while the tables are the agency's own; such
sentences are skipped unless the report itself is a 汇总.  A cell the reader could not read
or only inferred is never compared: the reader's doubt is not the document's error.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from ..formats import Kind, address
from ..report import Report, Scope
from .arithmetic import cell_label, fmt_number
from .finding import Finding, Severity

W = Severity.WARNING

# sentences that speak of more than the agency itself
_REGION_WIDE = re.compile(r"全(市|区|县|省|旗|州|盟)|各级|各部门|各单位|各乡镇|各街道|所属单位|系统内")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUM = r"(\d[\d,，]*|[零〇一二两三四五六七八九十百]+)"


def cn_number(text: str) -> int | None:
    """'749' / '1,234' / '十二' / '两' / '一百零五' → int; None when it is not a plain count."""
    t = text.replace(",", "").replace("，", "")
    if t.isdigit():
        return int(t)
    total, current = 0, 0
    for ch in t:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def normalise(text: str) -> str:
    """NFKC, no whitespace: PDF and web text break lines inside numbers and words ("2022\\r\\n年")."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。；;！!？?\n]", normalise(text)) if s]


def _prose(report: Report, *numbers: int) -> list[str]:
    """The sentences of the given sections (the prose ones by default)."""
    out = []
    for n in numbers or (1, 3, 4, 5, 6):
        out += _sentences(report.sections.get(n, ""))
    return out


def _speaks_for_agency(report: Report, sentence: str) -> bool:
    return report.scope == Scope.AGGREGATE or not _REGION_WIDE.search(sentence)


def _readable(report: Report, *addrs: str) -> bool:
    """Every cell was read as printed: not unknown, not inferred, not blank."""
    inferred = report.inferred
    return all(a in report.cells and a not in report.unknown and a not in inferred
               and report.cells[a] is not None for a in addrs)


def _stated(report: Report, patterns: list[re.Pattern], sections: tuple[int, ...] = ()) -> tuple[int, str] | None:
    """The first count a pattern finds in a sentence that speaks for the agency: (number, sentence)."""
    for s in _prose(report, *sections):
        if not _speaks_for_agency(report, s):
            continue
        for p in patterns:
            m = p.search(s)
            if m:
                n = cn_number(m.group("n"))
                if n is not None:
                    return n, s
    return None


def _quote(sentence: str, limit: int = 60) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"


_RECEIVED = [re.compile(r"(收到|受理|新收|接收)[^。；，,]{0,16}?申请(?:共|合计|总计)?" + NUM.replace("(", "(?P<n>", 1) + r"件")]
_CONCLUDED = [re.compile(r"(办结|答复|办理完成|办理完毕|共办理|已办理)[^。；，,]{0,12}?(?:申请)?(?:共|合计)?"
                         + NUM.replace("(", "(?P<n>", 1) + r"件")]
_FORWARD = [re.compile(r"结转(?:至|到)?(?:下年度|下一年度|下一年|下年|明年|2\d{3}年(?:度)?)[^。；，,0-9]{0,8}?"
                       + NUM.replace("(", "(?P<n>", 1) + r"件")]
_NUM_N = NUM.replace("(", "(?P<n>", 1)
_RECONSIDERATION = [re.compile(r"行政复议(?:案件|申请)?(?:共|合计)?" + _NUM_N + r"(?:件|起)"),
                    re.compile(r"(?:提起|申请|发生)" + _NUM_N + r"(?:件|起)行政复议")]
_LITIGATION = [re.compile(r"行政诉讼(?:案件)?(?:共|合计)?" + _NUM_N + r"(?:件|起)"),
               re.compile(r"(?:提起|发生)" + _NUM_N + r"(?:件|起)行政诉讼")]
_NONE_APPEALS = re.compile(r"(未|没有|无)(发生|收到|产生|出现|涉及)[^。；]{0,24}?(行政复议|行政诉讼)")


def _compare(report: Report, rule: str, stated: tuple[int, str] | None, cells: tuple[str, ...],
             what: str, accept_also: tuple[str, ...] = ()) -> list[Finding]:
    """One finding when the stated number equals neither the cells' sum nor (optionally) the sum
    with `accept_also` added (e.g. received = new, or new + carried over)."""
    if stated is None or not _readable(report, *cells, *accept_also):
        return []
    n, sentence = stated
    value = sum(report.number(a) for a in cells)
    alternative = value + sum(report.number(a) for a in accept_also) if accept_also else None
    if n in (value, alternative):
        return []
    table_part = "、".join(cell_label(a, report.format) for a in cells)
    extra = (f"（加上{cell_label(accept_also[0], report.format)}为 {fmt_number(alternative)}）"
             if accept_also else "")
    return [Finding(
        rule=rule, severity=W, table=cells[0].split("|")[0], member=what, cells=cells, left=n, right=value,
        message=(f"正文称{what} {n} 件（“{_quote(sentence)}”），但{table_part}为 {fmt_number(value)}{extra}，"
                 f"相差 {fmt_number(abs(n - value))}。正文与表格应一致。"),
    )]


def check_stated_numbers(report: Report) -> list[Finding]:
    """S-1 … S-4: counts stated in the prose against the table cells they restate."""
    if not report.sections:
        return []
    roles = report.format.roles
    total = roles.total_column
    t3 = lambda row: address("表三", row, total)  # noqa: E731
    out = []
    out += _compare(report, "S-1", _stated(report, _RECEIVED), (t3(roles.new),), "收到申请",
                    accept_also=(t3(roles.carried_over),))
    out += _compare(report, "S-2", _stated(report, _CONCLUDED), (t3(roles.concluded),), "办结申请")
    out += _compare(report, "S-3", _stated(report, _FORWARD), (t3(roles.carried_forward),), "结转下年度")
    t4 = lambda group: address("表四", roles.appeal_row, f"{group}/{roles.appeal_total}")  # noqa: E731
    reconsideration, *litigation = (t4(g) for g in roles.appeal_groups)
    none = [s for s in _prose(report) if _NONE_APPEALS.search(s) and _speaks_for_agency(report, s)]
    stated_r = _stated(report, _RECONSIDERATION)
    stated_l = _stated(report, _LITIGATION)
    for s in none:  # "未发生行政复议、行政诉讼案件": zero for those it names
        if "行政复议" in s and stated_r is None:
            stated_r = (0, s)
        if "行政诉讼" in s and stated_l is None:
            stated_l = (0, s)
    out += _compare(report, "S-4", stated_r, (reconsideration,), "行政复议")
    out += _compare(report, "S-4", stated_l, tuple(litigation), "行政诉讼")
    return out


_BARE = re.compile(r"^[（(]?[一二三四五六七八九十\d]*[)）、.．]?(无|暂无|没有|无。|无相关情况|无其他需要报告的事项)?$")


def check_problems_section(report: Report) -> list[Finding]:
    """S-5: section 五 must analyse the main problems and say how they are being improved."""
    if not report.sections or 5 not in report.sections:
        return []
    text = normalise(report.sections[5]).strip("。.；;")
    heading = normalise(report.format.sections[4])
    text = text.removeprefix(heading).strip("：:。.")
    if len(text) > 12 or not _BARE.match(text):
        return []
    shown = "空白" if not text else f"仅写“{text}”"
    return [Finding(
        rule="S-5", severity=W, member="五",
        message=(f"“{report.format.sections[4]}”{shown}。年报应如实分析本年度工作存在的主要问题，"
                 "提出改进措施，并报告以往年报所提问题的改进情况。"),
    )]


_FEE_AMOUNT = re.compile(
    r"(?:信息处理费|处理费)(?:共计|合计|共|总计|总额|金额|为)*(?P<amount>\d[\d,，]*(?:\.\d+)?)(?P<unit>万元|元)")
_FEE_NONE = re.compile(r"(未|没有|无)[^。；]{0,8}(收取|收缴|产生)[^。；]{0,8}(信息处理费|处理费)")
_NOTICES = re.compile(r"(?:发出|送达|出具|下发)(?:信息处理费)?收费通知(?:书)?(?:共|合计)?" + _NUM_N + r"(?:件|份|次)")


def _fee_stated(report: Report) -> tuple[Decimal, str] | None:
    """The 信息处理费 that section 六 says was collected, in 万元."""
    for s in _sentences(report.sections.get(6, "")):
        if not _speaks_for_agency(report, s):
            continue
        m = _FEE_AMOUNT.search(s)
        if m:
            try:
                amount = Decimal(m.group("amount").replace(",", "").replace("，", ""))
            except InvalidOperation:
                continue
            return (amount if m.group("unit") == "万元" else amount / 10000), s
        if _FEE_NONE.search(s):
            return Decimal(0), s
    return None


def check_fees(report: Report) -> list[Finding]:
    """S-6: the 信息处理费 in section 六 against 表二 and against 表三 （六）2."""
    if not report.sections or 6 not in report.sections:
        return []
    fmt = report.format
    out = []
    fee = _fee_stated(report)
    charges = [a for a, c in fmt.cells.items() if c.table == "表二" and c.kind == Kind.AMOUNT and "万元" in c.column]
    if fee is not None and fee[0] > 0 and charges and _readable(report, charges[0]):
        amount, sentence = fee
        charged = report.number(charges[0])
        if amount > charged:
            out.append(Finding(
                rule="S-6", severity=W, table="表二", member="信息处理费", cells=(charges[0],), left=amount, right=charged,
                message=(f"六、其他需要报告的事项称收取信息处理费 {fmt_number(amount * 10000)} 元（“{_quote(sentence)}”），"
                         f"但{cell_label(charges[0], fmt)}仅为 {fmt_number(charged)} 万元。信息处理费属行政事业性收费"
                         "（国办函〔2020〕109号），应计入本年收费金额；也请核对金额单位（表二为万元）。"),
            ))
    if fmt.fee_report_required:
        unpaid = address("表三", fmt.outcome_row("other.unpaid_fee"), fmt.roles.total_column)
        for s in _sentences(report.sections.get(6, "")):
            m = _NOTICES.search(s)
            if not m or not _speaks_for_agency(report, s) or not _readable(report, unpaid):
                continue
            notices = cn_number(m.group("n"))
            if notices is not None and report.number(unpaid) > notices:
                out.append(Finding(
                    rule="S-6", severity=W, table="表三", member="收费通知", cells=(unpaid,),
                    left=notices, right=report.number(unpaid),
                    message=(f"六、其他需要报告的事项称发出收费通知 {notices} 件（“{_quote(s)}”），"
                             f"但表三（六）2“逾期未按收费通知要求缴纳费用”为 {fmt_number(report.number(unpaid))} 件。"
                             "因逾期未缴费而不再处理的申请，不应多于发出的收费通知。"),
                ))
            break
    return out


REPEAT_SECTIONS = (1, 5, 6)  # the prose sections; 二–四 are mostly the tables
REPEAT_MIN_CHARS = 80  # shorter texts ("无。") repeat legitimately
REPEAT_THRESHOLD = 90.0  # rapidfuzz ratio, 0–100
REPEAT_MAX_CHARS = 20000


def similarity(a: str, b: str) -> float:
    """0–100: rapidfuzz's normalised Indel similarity of two texts, whitespace ignored."""
    from rapidfuzz import fuzz  # imported on use: the checker starts without it

    return fuzz.ratio(normalise(a)[:REPEAT_MAX_CHARS], normalise(b)[:REPEAT_MAX_CHARS])


def check_repeated_text(report: Report, previous: Report) -> list[Finding]:
    """S-7: a prose section nearly identical to last year's (the 2021 notice names 照抄照搬)."""
    out = []
    for n in REPEAT_SECTIONS:
        now, before = report.sections.get(n, ""), previous.sections.get(n, "")
        if len(normalise(now)) < REPEAT_MIN_CHARS or len(normalise(before)) < REPEAT_MIN_CHARS:
            continue
        ratio = similarity(now, before)
        if ratio >= REPEAT_THRESHOLD:
            heading = report.format.sections[n - 1]
            out.append(Finding(
                rule="S-7", severity=W, member=heading, left=Decimal(round(ratio, 1)).normalize(),
                message=(f"“{heading}”与 {previous.year} 年度报告的同一部分相似度为 {ratio:.0f}%，"
                         "几乎逐字相同。年报应反映本年度的实际情况，不宜照抄往年内容。"),
            ))
    return out


def check_text(report: Report) -> list[Finding]:
    return check_stated_numbers(report) + check_problems_section(report) + check_fees(report)
