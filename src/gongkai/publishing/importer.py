"""Reading an existing catalogue from CSV or XLSX: the column set, the values, each row's problems.

The columns (first row; order free; unknown columns are named in a warning and ignored):

==============  =====  ==========================================================================
列名             必填   说明
==============  =====  ==========================================================================
索引号           否     the number in the old catalogue; kept.  Blank on a published row: one is
                       given by the agency's scheme.  A draft row (no 发布日期) may not carry one.
标题             是     ≤ 300 characters
文号             否     unique in the agency (brackets and width folded: 〔2024〕 = [2024])
发布机构         否     default: the agency's name
成文日期         是     2024-03-05, 2024/3/5, 2024.3.5, 20240305, 2024年3月5日, or an Excel date
发布日期         否     present: imported as published (the import records the review); absent: a draft
公开事项         是     第二十条第（一）项 … 第（十五）项, 第二十一条; also 20-01, 20-1, （一）, 一, 21
第二十一条事项    *      required for 第二十一条 items (市政建设, 社会救助 …)
文件类别         否     规章, 行政规范性文件 (or 规范性文件), 其他 (default)
主题分类         否     ≤ 50 characters
内容概述         否     ≤ 1000 characters
正文             否     ≤ 200,000 characters
有效性           否     有效 (default) or 废止
废止日期         *      required when 有效性 is 废止; not before 成文日期; only on a published row
替代文件         否     the index number or 文号 of the item that replaces it (in the file or the catalogue)
==============  =====  ==========================================================================

Limits: 20 MB, 50,000 rows; an XLSX may not unpack to more than 200 MB.  CSV in UTF-8 (with or
without BOM) or GB18030 (what Excel saves in China).  Only the first sheet of an XLSX is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from gongkai import tabular
from gongkai.web.textfields import refuse_control_characters
from gongkai.web.uploads import MB, sniff

from . import rules
from .choices import ARTICLE_ITEMS, CN_NUMERALS, ArticleItem, DocKind
from .errors import ImportRefused, InvalidItem

MAX_BYTES = 20 * MB
MAX_ROWS = 50_000
MAX_UNPACKED = 200 * MB
MAX_CELL = 200_000

COLUMNS = {  # header → field
    "索引号": "index_number", "标题": "title", "文号": "document_number", "发布机构": "issuer",
    "成文日期": "written_on", "发布日期": "published_on", "公开事项": "article_item",
    "第二十一条事项": "local_topic", "文件类别": "doc_kind", "主题分类": "subject", "内容概述": "summary",
    "正文": "body", "有效性": "validity", "废止日期": "abolished_on", "替代文件": "replaced_by",
}
ALIASES = {  # headers other catalogues use
    "名称": "title", "信息名称": "title", "文件名称": "title", "发文字号": "document_number",
    "发文机关": "issuer", "发布单位": "issuer", "生成日期": "written_on", "形成日期": "written_on",
    "印发日期": "written_on", "公开日期": "published_on", "公开时间": "published_on", "发布时间": "published_on",
    "信息类别": "article_item", "摘要": "summary", "内容": "body", "效力状态": "validity", "有效性状态": "validity",
}
REQUIRED_COLUMNS = ("title", "written_on", "article_item")
FIELD_LABEL = {f: h for h, f in COLUMNS.items()}


@dataclass
class Row:
    line: int  # the spreadsheet row number (the header is row 1)
    values: dict[str, object]
    problems: list[str] = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # cleaned item fields
    published_on: dt.date | None = None
    abolished_on: dt.date | None = None
    index_number: str = ""
    replaced_by_ref: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Parsed:
    rows: list[Row]
    warnings: list[str]


# ---------------------------------------------------------------------------- reading
def read(data: bytes, name: str) -> Parsed:
    """Rows of a CSV or XLSX file; ``ImportRefused`` when the file as a whole cannot be read."""
    if not data:
        raise ImportRefused(f"文件“{name}”是空文件")
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"文件“{name}”大小为 {len(data) / MB:.1f} MB，超过 {MAX_BYTES // MB} MB 的上限，请分批导入")
    kind = sniff(data)
    if kind == "xlsx":
        table = _read_xlsx(data, name)
    elif kind is None and not data.startswith(b"PK"):
        table = _read_csv(data, name)
    else:
        raise ImportRefused(f"文件“{name}”不是 CSV 或 Excel（.xlsx）表格，请另存为这两种格式之一")
    if not table:
        raise ImportRefused(f"文件“{name}”没有内容")
    header, body = table[0], table[1:]
    columns, warnings = _columns(header, name)
    rows = []
    for i, cells in enumerate(body, start=2):
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            continue  # blank lines are not rows
        values = {f: (cells[j] if j < len(cells) else None) for j, f in columns.items()}
        rows.append(Row(line=i, values=values))
    if not rows:
        raise ImportRefused(f"文件“{name}”只有表头，没有数据行")
    return Parsed(rows, warnings)


def _read_csv(data: bytes, name: str) -> list[list]:
    text = tabular.decode_csv(data)
    if text is None:  # pragma: no cover - gb18030 decodes almost anything
        raise ImportRefused(f"文件“{name}”的编码无法识别，请另存为 UTF-8 编码的 CSV")
    if "\x00" in text:
        raise ImportRefused(f"文件“{name}”含有二进制内容，不是文本格式的 CSV")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_CELL + 1)
    out = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), dialect):
            out.append(cells)
            if len(out) > MAX_ROWS + 1:
                raise ImportRefused(f"文件“{name}”超过 {MAX_ROWS} 行，请分批导入")
    except csv.Error as e:
        raise ImportRefused(f"文件“{name}”第 {len(out) + 1} 行不是有效的 CSV：{e}") from None
    return out


def _read_xlsx(data: bytes, name: str) -> list[list]:
    unpacked = tabular.unpacked_size(data)
    if unpacked is None:
        raise ImportRefused(f"文件“{name}”已损坏，无法作为 Excel 表格打开")
    if unpacked > MAX_UNPACKED:
        raise ImportRefused(f"文件“{name}”解压后超过 {MAX_UNPACKED // MB} MB，请分批导入")
    try:
        out = tabular.xlsx_rows(data, max_rows=MAX_ROWS)
    except tabular.DamagedWorkbook as e:
        raise ImportRefused(f"文件“{name}”无法作为 Excel 表格读取（{e}）") from None
    if len(out) > MAX_ROWS + 1:
        raise ImportRefused(f"文件“{name}”超过 {MAX_ROWS} 行，请分批导入")
    return out


def _header_key(text) -> str:
    s = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s*＊:：（）()]|必填", "", s)


def _columns(header: list, name: str) -> tuple[dict[int, str], list[str]]:
    columns: dict[int, str] = {}
    unknown, warnings = [], []
    known = {**{_header_key(k): v for k, v in ALIASES.items()}, **{_header_key(k): v for k, v in COLUMNS.items()}}
    for j, text in enumerate(header):
        k = _header_key(text)
        if not k:
            continue
        f = known.get(k)
        if f is None:
            unknown.append(str(text).strip())
        elif f in columns.values():
            raise ImportRefused(f"文件“{name}”中“{FIELD_LABEL[f]}”列出现了两次（第 {j + 1} 列）")
        else:
            columns[j] = f
    missing = [FIELD_LABEL[f] for f in REQUIRED_COLUMNS if f not in columns.values()]
    if missing:
        raise ImportRefused(f"文件“{name}”缺少必需的列：{'、'.join(missing)}（第一行应为列名，见导入说明）")
    if unknown:
        warnings.append(f"以下列无法识别，已忽略：{'、'.join(unknown[:20])}")
    return columns, warnings


# ---------------------------------------------------------------------------- values
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value) -> dt.date | None:
    """A date cell: a date, a datetime, or text in the usual spellings; ValueError otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    for pat in _DATE_PATTERNS:
        m = pat.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return dt.date(y, mo, d)
            except ValueError:  # 2024-02-30
                raise ValueError(text) from None
    raise ValueError(text)


def _nfkc(value) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value or "")))


_CITATIONS = tuple((_nfkc(item.citation), item.value) for item in ArticleItem)


def parse_article_item(value) -> str:
    """第二十条第（一）项 / 20-01 / 20-1 / （一） / 一 / 第二十一条 / 21 → an ArticleItem value; '' if unknown."""
    text = _nfkc(value)
    if not text:
        return ""
    if text in ARTICLE_ITEMS:
        return text
    for citation, item in _CITATIONS:  # the citation, alone or followed by the item's words
        if text.startswith(citation):
            return item
    m = re.fullmatch(r"20-(\d{1,2})", text)  # not "2003": that reads as a year
    if m and 1 <= int(m.group(1)) <= 15:
        return f"20-{int(m.group(1)):02d}"
    if text == "21":
        return ArticleItem.A21.value
    m = re.fullmatch(r"(?:第二十条)?第?\(?([一二三四五六七八九十]+)\)?项?", text)
    if m and m.group(1) in CN_NUMERALS:
        return f"20-{CN_NUMERALS.index(m.group(1)) + 1:02d}"
    return ""


_KINDS = {"规章": DocKind.REGULATION, "行政规范性文件": DocKind.NORMATIVE, "规范性文件": DocKind.NORMATIVE,
          "其他": DocKind.OTHER, "其它": DocKind.OTHER, "": DocKind.OTHER}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def check_row(row: Row, agency_name: str, today: dt.date) -> None:
    """Fill ``row.fields`` etc., and ``row.problems`` with every reason to refuse it."""
    v = row.values
    problems = row.problems
    dates = {}
    for f in ("written_on", "published_on", "abolished_on"):
        try:
            dates[f] = parse_date(v.get(f))
        except ValueError as e:
            problems.append(f"{FIELD_LABEL[f]}“{str(e)[:30]}”不是有效日期（应如 2024-03-05）")
            dates[f] = None
    raw_item = _text(v.get("article_item"))
    item = parse_article_item(raw_item)
    if raw_item.strip() and not item:
        problems.append(f"公开事项“{raw_item[:30]}”无法识别（应为第二十条第（一）至（十五）项或第二十一条）")
    raw_kind = unicodedata.normalize("NFKC", _text(v.get("doc_kind"))).strip()
    kind = _KINDS.get(raw_kind)
    if kind is None:
        problems.append(f"文件类别“{raw_kind[:30]}”无法识别（规章、行政规范性文件或其他）")
    data = {f: _text(v.get(f)) for f in ("title", "document_number", "issuer", "local_topic", "subject", "summary",
                                          "body")}
    data["issuer"] = data["issuer"].strip() or agency_name
    data.update(written_on=dates["written_on"], changed_on=None, article_item=item, doc_kind=kind or DocKind.OTHER)
    if "local_topic" not in v and item == ArticleItem.A21:
        data["local_topic"] = ""
    try:
        row.fields = rules.clean_fields(data, today)
    except InvalidItem as e:
        problems.extend(m for f, m in e.problems if not (f == "article_item" and not item and raw_item.strip()))
    written, published, abolished = dates["written_on"], dates["published_on"], dates["abolished_on"]
    if v.get("written_on") not in (None, "") and written is None and not any("成文日期" in p for p in problems):
        problems.append("成文日期无法识别")
    if published and written:
        try:
            rules.check_published(written, published, today)
        except InvalidItem as e:
            problems.append(e.message)
    validity = unicodedata.normalize("NFKC", _text(v.get("validity"))).strip()
    if validity not in ("", "有效", "现行有效", "废止", "已废止", "失效", "已失效"):
        problems.append(f"有效性“{validity[:20]}”无法识别（有效或废止）")
    abolished_flag = validity in ("废止", "已废止", "失效", "已失效") or abolished is not None
    if abolished_flag:
        if abolished is None:
            problems.append("有效性为废止，但没有废止日期")
        elif written:
            try:
                rules.check_abolished(written, abolished, today)
            except InvalidItem as e:
                problems.append(e.message)
        if not published:
            problems.append("已废止的条目须有发布日期（草稿不能废止）")
    index_number = " ".join(_text(v.get("index_number")).split())
    if index_number:
        if not published:
            problems.append("草稿（无发布日期）不能带索引号：索引号在发布时分配")
        if len(index_number) > rules.MAX_LENGTH["index_number"]:
            problems.append(f"索引号超过 {rules.MAX_LENGTH['index_number']} 个字符")
        try:
            refuse_control_characters(index_number, "索引号")
        except ValidationError as e:
            problems.append(e.messages[0])
    replaced = " ".join(_text(v.get("replaced_by")).split())
    if replaced and not abolished_flag:
        problems.append("只有已废止的条目才能填写替代文件")
    row.published_on, row.abolished_on = published, abolished if abolished_flag else None
    row.index_number, row.replaced_by_ref = index_number, replaced
