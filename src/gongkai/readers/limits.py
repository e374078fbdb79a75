"""What one document may cost a reader, checked before the work (docs/readers.md, "Limits").

A published annual report is 4–20 pages, 10–100 thousand characters, a few tables of at most
~30 rows and ~12 columns.  Every limit below leaves a wide margin over that and stops what
would otherwise take minutes or gigabytes: a 38 KB DOCX whose ``w:gridSpan`` says 10⁹, a ZIP
that inflates a thousandfold, a 500-page PDF, a page of a million rules.  A document over a
limit is refused with a `ReaderError` (code ``limit``) saying which limit and by how much;
spans are clamped instead (a span is a layout hint, and a report's spans are small).

`current()` is the one in use: the defaults, changed by the environment
(``GONGKAI_READER_PDF_PAGES=300``, ``GONGKAI_READER_WORKER_MEMORY=4G``: one variable per
field, upper case, sizes in bytes or with K/M/G); tests use
``with override(pdf_pages=3): …``.  Forked worker processes inherit it.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace

from .errors import ReaderError

MiB = 1 << 20

KIND_NAMES = {"text": "文本", "markdown": "Markdown 文本", "html": "网页", "docx": "Word (.docx)",
              "pdf": "PDF", "doc": "Word (.doc)", "interchange": "交换"}


@dataclass(frozen=True)
class Limits:
    # The file's bytes, per kind (before it is read from disk: the largest of them).
    text_bytes: int = 10 * MiB  # plain text and Markdown
    html_bytes: int = 20 * MiB
    docx_bytes: int = 50 * MiB
    pdf_bytes: int = 100 * MiB
    doc_bytes: int = 50 * MiB
    interchange_bytes: int = 20 * MiB  # a cells.md JSON/CSV file (a report's is ~50 KB)
    # The text a reader hands to the shared stack (any kind), before it is parsed.
    text_chars: int = 2_000_000
    text_lines: int = 100_000
    # DOCX: the ZIP package, judged from its central directory before anything is inflated; only
    # the three parts a reader needs are inflated (in bounded chunks), media never are.
    zip_members: int = 2000
    zip_part_bytes: int = 30 * MiB  # one part, inflated (a report's document.xml: ~100–500 KB)
    zip_ratio: int = 100  # inflated / compressed, for a part over 1 MiB (XML compresses ~5–15×)
    # Tables (HTML, DOCX, Markdown): printed cells per document; columns and slots (rows ×
    # columns once spans are laid out) per table; rowspan/colspan/gridSpan/gridBefore are clamped.
    table_cells: int = 100_000
    table_columns: int = 500
    table_slots: int = 250_000
    span: int = 100
    # Text: a run of digits printed together that a reader cuts into cells (a report's longest,
    # a whole row run together, is ~40 characters; cutting costs cubic time in the length).
    digit_run: int = 100
    html_depth: int = 256  # element nesting (libxml2 itself stops nesting at 256)
    # PDF: pages; objects, straight pieces of drawings, rules (after joining) and their crossings
    # on one page (pdfplumber's cell finder takes ~2 s for 10 000 crossings, minutes for 90 000;
    # a report's table page has ~500); characters of the text layer; pages handed to
    # pdfplumber's slow table finder (beyond: those tables stay unknown).
    pdf_pages: int = 100
    pdf_page_objects: int = 20_000
    pdf_page_segments: int = 50_000
    pdf_page_rules: int = 1_000
    pdf_page_crossings: int = 5_000
    pdf_chars: int = 2_000_000
    pdf_slow_pages: int = 10
    # A batch (`gongkai check/extract`): each file's wall time (a text report reads in
    # milliseconds, a PDF in tenths of a second; LibreOffice's .doc conversion may take up to
    # its own 120 s, OCR of a 60-page scan ~3 min on one core) and the address space a file may
    # add to its worker (what it started with not counted).
    file_seconds: float = 300.0
    worker_memory: int = 2048 * MiB

    def max_bytes(self, kind: str) -> int:
        """The file-size limit of a kind (Markdown is text; a kind without its own: the largest)."""
        kind = "text" if kind == "markdown" else kind
        return getattr(self, f"{kind}_bytes", self.largest_file)

    @property
    def largest_file(self) -> int:
        return max(self.text_bytes, self.html_bytes, self.docx_bytes, self.pdf_bytes, self.doc_bytes)  # documents

    @classmethod
    def from_env(cls, environ=os.environ) -> Limits:
        changes = {}
        for f in fields(cls):
            raw = environ.get(f"GONGKAI_READER_{f.name.upper()}")
            if raw is None:
                continue
            m = _QUANTITY.fullmatch(raw.strip())
            if not m:
                raise ValueError(f"环境变量 GONGKAI_READER_{f.name.upper()} 的值“{raw}”不是数字（可带 K、M、G）")
            value = float(m.group(1)) * _UNITS[m.group(2).upper()[:1]]
            value = value if f.type == "float" else int(value)
            if value <= 0:
                raise ValueError(f"环境变量 GONGKAI_READER_{f.name.upper()} 必须大于 0")
            changes[f.name] = value
        return cls(**changes)


_QUANTITY = re.compile(r"(\d+(?:\.\d+)?)\s*((?:[KMG]i?B?)?)", re.I)  # 300, 2.5, 512M, 2GiB
_UNITS = {"": 1, "K": 1 << 10, "M": MiB, "G": 1 << 30}
_active: Limits | None = None


def current() -> Limits:
    global _active
    if _active is None:
        _active = Limits.from_env()
    return _active


@contextmanager
def override(**changes):
    """Other limits inside the block (tests): ``with override(pdf_pages=2): read(...)``."""
    global _active
    before = current()
    _active = replace(before, **changes)
    try:
        yield _active
    finally:
        _active = before


def size(n: float) -> str:
    """Bytes for a person: 512 B, 38 KB, 2.1 MB, 3.0 GB."""
    for unit, scale in (("GB", 1 << 30), ("MB", MiB), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n:.0f} B"


def refuse(source: str, message: str, tag: str) -> ReaderError:
    """The error for a document over a limit: "`source`: `message` (`tag`)" (`read_bytes` names
    the file where a part of the stack that does not know it raised this)."""
    return ReaderError(f"{source + ': ' if source else ''}{message}，未读取 ({tag})", code="limit")


def check_bytes(kind: str, n: int, source: str) -> None:
    limit = current().max_bytes(kind)
    if n > limit:
        name = KIND_NAMES.get(kind, "")
        raise refuse(source, f"{name}文件大小 {size(n)}，超过 {size(limit)} 的上限", "file too large")


def check_text(text: str, source: str) -> None:
    """The text a reader works on: characters and lines."""
    lim = current()
    if len(text) > lim.text_chars:
        raise refuse(source, f"文字共 {len(text):,} 个字符，超过 {lim.text_chars:,} 个的上限", "text too long")
    lines = text.count("\n") + 1
    if lines > lim.text_lines:
        raise refuse(source, f"文字共 {lines:,} 行，超过 {lim.text_lines:,} 行的上限", "too many lines")


def check_count(n: int, limit: int, source: str, what: str, tag: str) -> None:
    """A count against its limit: "`what` `n` 个，超过 `limit` 个的上限"."""
    if n > limit:
        raise refuse(source, f"{what} {n:,} 个，超过 {limit:,} 个的上限", tag)


def clamp_span(n: int) -> int:
    """A rowspan/colspan/gridSpan as laid out: at least 1, at most `Limits.span`."""
    return max(1, min(n, current().span))
