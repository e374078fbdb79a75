"""HTML pages → Report: real `<table>` markup with rowspan/colspan, any Chinese charset.

The page may be a bare fragment or a whole site page (navigation, footer); only tables
whose rows name the format's rows contribute cells.  When the report's tables were
flattened into paragraphs the page's text goes to the text reader instead.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree
from lxml import html as lhtml

from ..report import Provenance, Report
from . import ReaderError, limits
from .encodings import charset, decode_wide
from .errors import library_failures
from .grid import Grid, grid_from_rows
from .meta import Hints
from .structured import report_from_grids

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK = frozenset(
    ["p", "div", "br", "tr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "header", "footer", "nav", "title", "blockquote", "pre", "dl", "dt", "dd", "center", "form", "hr", "tbody", "thead", "tfoot", "caption"]
)
_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")
_SPAN = re.compile(r"\s*0*(\d{1,9})")
_SKIP = frozenset(("script", "style", "noscript", "template", "head"))


def decode(data: bytes, source: str) -> str:
    """Bytes → text: a BOM (UTF-8, UTF-16, UTF-32) or UTF-16/32's NUL pattern, then the page's own
    <meta charset> (WHATWG labels; an unknown one is ignored), then UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    wide = decode_wide(data, source)
    if wide is not None:
        return wide
    if b"\x00" in data[:4096]:
        raise ReaderError(f"{source}: 不是 HTML 文本（含二进制数据）(binary data, not an HTML page)")
    m = _META_CHARSET.search(data[:4096])
    label = m.group(1).decode("ascii") if m else None
    declared = charset(label) if label else None
    tried = [declared] if declared else []
    tried += [e for e in ("utf-8", "gb18030") if e not in tried]
    first = None
    for enc in tried:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc != declared or _has_cjk(text):
            return text
        first = first or text  # declared, but no Chinese in it: a mislabelled page? try the others
    if first is not None:
        return first
    text = data.decode(declared or "utf-8", errors="replace")
    if text.count("\ufffd") > max(20, len(text) // 100):
        raise ReaderError(f"{source}: 无法识别网页的字符编码（声明为 {label or '无'}）(unknown or wrong encoding)")
    return text


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text[:20000])


def _text_lines(root, source: str = "") -> list[tuple[str, bool]]:
    """The page's text, one line per block element: (line, inside a table).  A table row
    is one line of tab-separated cells, as a text reader expects.  The first walk of the
    page, before any table is read: a page nested deeper than `Limits.html_depth` is refused."""
    deepest = limits.current().html_depth
    out: list[tuple[str, bool]] = []
    buf: list[str] = []
    depth = 0  # tables we are inside

    def flush():
        raw = "".join(buf)
        line = raw.replace("\xa0", " ").strip()
        if line:
            out.append((line, depth > 0))
        elif "\xa0" in raw or "\u3000" in raw:
            # A paragraph holding only &nbsp;: a blank cell once the table was flattened.
            out.append(("\t", depth > 0))
        buf.clear()

    def walk(el, level: int):
        nonlocal depth
        if level > deepest:
            raise limits.refuse(source, f"网页元素嵌套超过 {deepest} 层的上限", "nesting too deep")
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            if el.tail and isinstance(tag, str):
                buf.append(el.tail)
            return
        if tag == "table":
            flush()
            depth += 1
        if tag in ("td", "th"):
            buf.append("\t")
        elif tag in _BLOCK and (depth == 0 or tag in ("tr", "table", "br")):
            flush()  # inside a table only rows break lines: a cell's <p> stays in its row
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child, level + 1)
        if tag == "table":
            flush()
            depth -= 1
        elif tag in _BLOCK and (depth == 0 or tag == "tr"):
            flush()
        if el.tail:
            buf.append(el.tail)

    walk(root, 1)
    flush()
    return out


def _cell_text(td) -> str:
    return "".join(td.itertext()).replace("\xa0", " ")


def _span(td, name: str) -> int:
    raw = td.get(name)
    if not raw:
        return 1
    m = _SPAN.match(raw)  # at most 9 digits: a span of 10⁹⁹⁹ is not even parsed
    return limits.clamp_span(int(m.group(1))) if m else 1


def _rows_of(table):
    """The table's own rows, in order (those of thead/tbody/tfoot too; not a nested table's).
    Children walked directly: an XPath per table and per row costs more than the rest of it."""
    for child in table.iterchildren("tr", "thead", "tbody", "tfoot"):
        if child.tag == "tr":
            yield child
        else:
            yield from child.iterchildren("tr")


def _grids(root) -> list[Grid]:
    grids = []
    n = 0
    for table in root.iter("table"):
        n += 1
        if table.find(".//table") is not None:  # a layout table around others: read the inner ones
            continue
        rows = []
        for tr in _rows_of(table):
            rows.append([(_cell_text(td), _span(td, "rowspan"), _span(td, "colspan"))
                         for td in tr.iterchildren("td", "th")])
        if rows:
            grid = grid_from_rows(rows, Provenance(table=n))
            caption = table.findtext("caption")
            grid.context = (caption.strip(),) if caption and caption.strip() else ()
            grids.append(grid)
    return grids


def read_html(data: bytes, source: str, hints: Hints | None = None) -> Report:
    text = decode(data, source)
    if not text.strip():
        raise ReaderError(f"{source}: 空文件 (empty file)")
    limits.check_text(text, source)
    # An XHTML page's <?xml … encoding="…"?>: the text is decoded already (lxml refuses a str with one).
    text = _XML_DECLARATION.sub("", text, count=1)
    with library_failures(source, "无法解析网页 (HTML)", (etree.LxmlError, ValueError), "not parseable HTML"):
        root = lhtml.document_fromstring(text)
    limits.check_count(sum(1 for _ in root.iter("td", "th")), limits.current().table_cells, source,
                       "网页中的表格单元格", "too many table cells")
    title = root.findtext(".//title")
    lines = _text_lines(root.body if root.body is not None else root, source)  # refuses nesting too deep
    text = "\n".join(line for line, _ in lines)
    limits.check_text(text, source)
    prose = "\n".join(line for line, in_table in lines if not in_table and line != "\t")
    return report_from_grids(_grids(root), text, source, prose=prose, page_title=title, hints=hints)
