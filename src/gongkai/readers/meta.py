"""What a report is, from its plain text: title, agency, year, format, and its six sections.

Works on any reader's text (plain text, text pulled out of HTML/DOCX/PDF):

- ``find_title(text) -> str | None``: the report's title line, e.g.
  ``海宁市商务局2019年度政府信息公开工作年度报告`` (a ``标题:`` prefix is dropped; a title
  that runs on into the body is cut after 年度报告/年报).
- ``parse_title(title) -> (agency, year)``: agency ``""`` / year ``None`` when absent.
- ``detect(text) -> Meta(title, agency, year, format)``: the above plus fallbacks (the
  statistics period 自2020年1月1日…, the signature line) and ``formats.for_year``;
  raises ``ReaderError`` (Chinese message) when no year can be found or the year
  predates the national format.
- ``find_headings(text) -> dict[int, (start, end)]``: where each section heading
  (一、总体情况 … 六、其他需要报告的事项) sits; headings are matched fuzzily
  (``五、政府信息公开工作存在的主要问题及改进情况``; a heading alone on its line may
  omit its numeral, as in ``其他需要报告的事项``), in order, each after the previous.
- ``split_sections(text, spans=None) -> dict[int, str]``: ``{1..6: text}`` (``""`` for a
  section whose heading was not found), heading itself excluded.
- ``section_spans(text) -> dict[int, (start, end)]``: the body span of each found section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import formats
from ..formats import Format
from ..report import Issue

# A letter that is not ASCII (Chinese, in these reports).  Spelt with categories, not as the
# range 一-鿿: `re` builds a range class character by character, some 5 ms a pattern at
# every start of the command.
_CJK = r"[^\W\d_a-zA-Z]"
_NUMERALS = "一二三四五六"
# What follows the numeral of each heading; fillers are Chinese characters only, so a
# table row such as 三、本年度办理结果 or 四、结转下年度继续办理 is never taken for a heading.
_BODIES = {
    1: r"(?:总体情况|基本情况|概述|工作概述|总体工作情况)",
    2: rf"{_CJK}{{0,8}}?主动公开{_CJK}{{0,8}}?情况",
    3: rf"{_CJK}{{0,8}}?(?:收到和处理|收到及处理|依申请公开){_CJK}{{0,12}}?情况",
    4: rf"{_CJK}{{0,12}}?行政复议(?:{_CJK}|[、，]){{0,14}}?情况",
    5: rf"{_CJK}{{0,14}}?(?:问题|不足)(?:{_CJK}|[、，]){{0,10}}?(?:情况|措施|方向)",
    6: rf"{_CJK}{{0,6}}?其他{_CJK}{{0,6}}?事项",
}


def _numeral(k: int) -> str:
    n = _NUMERALS[k - 1]
    return rf"(?:{n}\s*[、.．]|（{n}）|\({n}\)|第{n}部分[\s:：、]*)"


_INLINE = {k: re.compile(rf"{_numeral(k)}\s*{body}") for k, body in _BODIES.items()}
# A heading alone on its line may omit the numeral (海宁: "其他需要报告的事项").
_ALONE = {k: re.compile(rf"^[ \t\u3000\xa0]*(?:{_numeral(k)})?[ \t\u3000\xa0]*{body}[ \t\u3000\xa0]*$", re.M)
          for k, body in _BODIES.items()}


def find_headings(text: str) -> dict[int, tuple[int, int]]:
    """Section number → (start, end) of its heading, found in order."""
    out: dict[int, tuple[int, int]] = {}
    pos = 0
    for k in range(1, 7):
        hits = [m for m in (_INLINE[k].search(text, pos), _ALONE[k].search(text, pos)) if m]
        if not hits:
            continue
        m = min(hits, key=lambda m: m.start())
        out[k] = (m.start(), m.end())
        pos = m.end()
    return out


def section_spans(text: str) -> dict[int, tuple[int, int]]:
    heads = find_headings(text)
    keys = sorted(heads)
    spans = {}
    for i, k in enumerate(keys):
        end = heads[keys[i + 1]][0] if i + 1 < len(keys) else len(text)
        spans[k] = (heads[k][1], end)
    return spans


def split_sections(text: str, spans: dict[int, tuple[int, int]] | None = None) -> dict[int, str]:
    """{1..6: section text}; pass `spans` when `section_spans(text)` is already at hand."""
    spans = section_spans(text) if spans is None else spans
    return {k: text[spans[k][0]: spans[k][1]].strip() if k in spans else "" for k in range(1, 7)}


# ---------------------------------------------------------------- title, agency, year

_REPORT = r"(?:政府信息公开|政务公开)[^\n。；]{0,16}?(?:年度报告|年报|工作报告)"
_TITLE = re.compile(rf"[^\n。；]{{0,60}}?(?:19|20)\d\d\s*年[^\n。；]{{0,40}}?{_REPORT}"
                    rf"|[^\n。；]{{1,40}}?{_REPORT}")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年\s*度?")
# "标题：", and the "# " of a Markdown heading
_PREFIX = re.compile(r"^\s*(?:#{1,6}\s*)?(?:(?:标题|题目|名称|title)\s*[:：]\s*)?", re.I)
# a line that may be the first half of a wrapped title (the year or the report's name begins)
_REPORT_START = re.compile(r"(?:19|20)\d\d\s*年|政府信息公开|政务公开")
# 自2020年1月1日起至2020年12月31日止, 统计周期为 2024 年 1 月 1 日至 12 月 31 日
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起\s*)?(?:至|到|[-—–~～])\s*(?:\1\s*年\s*)?12\s*月\s*31\s*日")


def find_title(text: str) -> str | None:
    """The first line (of the first 40) that reads like an annual report's title; a title
    wrapped over two lines (``2024 年上海市科委政府信息公开工作`` / ``年度报告``) is joined."""
    lines = [_PREFIX.sub("", x).strip() for x in text.splitlines()[:40]]
    lines = [x for x in lines if x]
    prev = ""
    for i, line in enumerate(lines):
        m = _TITLE.match(line)
        if not m and i + 1 < len(lines) and len(line) <= 40 and _REPORT_START.search(line):
            m = _TITLE.match(line + lines[i + 1])  # wrapped: the name runs on to the next line
        if m:
            title = m.group(0).strip()
            if _YEAR.match(title) and prev and len(prev) <= 30 and not re.search(r"[。，；：:]", prev):
                title = prev + title  # a title printed on two lines: agency, then year and name
            return title
        prev = line
    return None


def _clean_agency(s: str) -> str:
    s = _PREFIX.sub("", s)
    s = re.sub(r"^[\s\u3000\xa0]*(?:关于)?", "", s)
    return re.sub(r"[\s\u3000\xa0]+", "", s).strip("：:，,、（）()《》")


def parse_title(title: str) -> tuple[str, int | None]:
    title = _PREFIX.sub("", title).strip()
    m = _YEAR.search(title)
    if not m:
        head = re.split(r"政府信息公开|政务公开", title)[0]
        return _clean_agency(head), None
    year = int(m.group(1))
    before = _clean_agency(title[: m.start()])
    if before:  # 海宁市商务局2019年度… / 海宁市商务局政府信息公开工作2019年度报告
        agency = re.split(r"政府信息公开|政务公开", before)[0]
    else:  # 2019年海宁市商务局政府信息公开工作年度报告
        agency = _clean_agency(re.split(r"政府信息公开|政务公开", title[m.end():])[0])
    return agency, year


@dataclass(frozen=True)
class Hints:
    """What the person reading says about documents that do not say it themselves
    (``gongkai extract/check --year/--agency/--format``)."""

    year: int | None = None
    agency: str | None = None
    format: str | None = None  # a format id (2019, 2021): the layout the tables follow


@dataclass(frozen=True)
class Meta:
    title: str | None
    agency: str
    year: int
    format: Format
    issues: tuple[Issue, ...] = ()


def detect(text: str, hints: Hints | None = None) -> Meta:
    """Title, agency, year and format from the text; `hints` fill what the text does not say
    (where both say something different, the document's word is kept and an issue says so)."""
    from . import ReaderError

    hints = hints or Hints()
    issues: list[Issue] = []
    title = find_title(text)
    agency, year = parse_title(title) if title else ("", None)
    if year is None:
        m = _PERIOD.search(text)
        if m:
            year = int(m.group(1))
    if year is None and hints.year:
        year = hints.year
    elif year is not None and hints.year and hints.year != year:
        issues.append(Issue("hint-differs", f"命令行给出的年度 {hints.year} 与文中的 {year} 不同，按文中的年度读取"))
    if year is None:
        raise ReaderError("无法确定年报的年度：未找到“XXXX年（度）政府信息公开工作年度报告”标题或统计期限；"
                          "可用 --year 指定 (report year not found)")
    if not agency:
        agency = _signature(text)
    agency = qualify_agency(agency, text)
    if not agency and hints.agency:
        agency = hints.agency
    elif agency and hints.agency and hints.agency != agency:
        issues.append(Issue("hint-differs", f"命令行给出的机关名称“{hints.agency}”与文中的“{agency}”不同，按文中的读取"))
    if not agency:
        issues.append(Issue("agency-missing", "未能从标题、正文或落款识别出机关名称（可用 --agency 指定）"))
    try:
        fmt = formats.for_year(year)
        if hints.format and hints.format != fmt.id:
            issues.append(Issue("format-given", f"按命令行指定的 {hints.format} 年格式读取（{year} 年度通常用 {fmt.id} 年格式）"))
            fmt = formats.get(hints.format)
    except formats.FormatError as e:
        raise ReaderError(str(e)) from None
    return Meta(title, agency, year, fmt, tuple(issues))


_SIGNATURE = re.compile(r"^[ \t\u3000\xa0]*(\S{2,30}?(?:局|委|办|厅|府|会|院|处|室|区|县|市|镇|乡|街道|中心))"
                        r"[ \t\u3000\xa0]*\n+[ \t\u3000\xa0]*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日",
                        re.M)


def _signature(text: str) -> str:
    """The signing agency above the closing date, when the title names none."""
    found = _SIGNATURE.findall(text[-2000:])
    return found[-1] if found else ""


_PLACE_SUFFIX = ("自治州", "自治区", "地区", "省", "市", "州", "盟")
_BOUNDARY = "由与和及的在向对为从经请据即"


def _place_before(head: str, start: int) -> str | None:
    """A place name (淮安市) ending right before `start`, starting after a word boundary."""
    before = head[max(0, start - 9): start]
    for suffix in _PLACE_SUFFIX:
        if not before.endswith(suffix):
            continue
        stem = before[: -len(suffix)]
        for n in (2, 3, 4):  # shortest first: 请与淮安市 → 淮安市
            name, prev = stem[-n:], stem[-n - 1: -n] if len(stem) > n else ""
            if len(name) == n and all("\u4e00" <= c <= "\u9fff" for c in name) and (
                not prev or prev in _BOUNDARY or not "\u4e00" <= prev <= "\u9fff"
            ):
                return name + suffix
    return None


_PLACE_ONLY = re.compile(rf"^{_CJK}{{2,12}}?(?:特别行政区|自治区|自治州|自治县|省|市|县|区|旗|州|盟)$")


def qualify_agency(agency: str, text: str) -> str:
    """The fuller name the body uses: 淮安市洪泽区人民政府 for a title's 洪泽区人民政府, and
    三明市人民政府 for a title that names only the place (三明市2022年…年度报告) when the
    body names that government."""
    if not agency or len(agency) < 3:
        return agency
    head = text[:5000]
    start = head.find(agency)
    while start != -1:
        place = _place_before(head, start)
        if place and not agency.startswith(place):
            return place + agency
        start = head.find(agency, start + 1)
    if _PLACE_ONLY.match(agency) and agency + "人民政府" in re.sub(r"\s+", "", head):
        return agency + "人民政府"
    return agency
