"""Read published annual reports into the report model, with provenance.

    >>> from gongkai.readers import read
    >>> report = read("haining-commerce-2019.txt")      # doctest: +SKIP

- ``read(path, hints=None) -> Report`` and ``read_bytes(data, name, hints=None) -> Report``:
  detect the kind of document by its content (not its extension) and hand it to the reader
  for that kind; ``hints`` (``meta.Hints(year, agency, format)``) fill what a document does
  not say.
- ``detect_kind(data, name) -> "text" | "markdown" | "html" | "docx" | "pdf" | "doc"``.
- ``ReaderError(ValueError)``: bad input (empty, binary garbage, not a report, an
  undecodable encoding, over a limit, a parsing library failing on it); its message is one
  Chinese line saying what and where, its ``code`` the kind of refusal (`errors`).
- Hostile input is normal: every limit (`limits.Limits`: file bytes per kind, text size,
  ZIP members and inflated size, spans, table cells, HTML nesting, PDF pages and objects) is
  checked before the work; UTF-16/UTF-32 with or without a BOM is read as what it is
  (`encodings`); a library's failure on a file, memory running out or nesting too deep for
  the interpreter become a `ReaderError`, never a traceback.

Readers: ``text.read_text(text, source, hints)``; the Markdown/HTML/DOCX/PDF/DOC readers
live in ``markdown``/``html``/``docx``/``pdf``/``doc`` with the one entry point
``read_<kind>(data: bytes, source: str, hints=None) -> Report`` and are imported only when
needed.  All readers share ``labels`` (the one label matcher), ``values`` (the one value
parser), ``meta`` (title, agency, year, sections), ``reading`` (the one result type and
the rules every reader ends with), ``tokens`` (streams of cell texts) and ``grid``
(tables with spans; the entry point for OCR is ``structured.report_from_grids``).
"""

from __future__ import annotations

import codecs
import importlib
import re
from pathlib import Path

from ..report import Report
from . import limits
from .encodings import decode_wide, wide_unicode
from .errors import ReaderError, resource_failure

KINDS = ("text", "markdown", "html", "docx", "pdf", "doc", "image")
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ue000-\uf8ff]")  # control or private-use: binary or mis-decoded
# a pipe table's header rule: | --- | --- |
_MD_RULE = re.compile(rb"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|", re.M)


def detect_kind(data: bytes, name: str = "") -> str:
    """The kind of document `data` is, judged by its bytes (the name only breaks ties)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if b"word/" in data:  # the central directory names word/document.xml
            return "docx"
        raise ReaderError(f"{name or '文件'}: 是 ZIP 压缩包但不是 Word 文档 (.docx)，无法读取 (zip, not docx)")
    if data.startswith(_OLE):
        return "doc"
    from ..ocr.detect import image_kind

    if image_kind(data):  # before the UTF-16 test: an image's bytes are full of NULs
        return "image"
    wide = wide_unicode(data)
    if wide:  # UTF-16/UTF-32 text: judged by what it says, not by its NUL bytes
        codec, bom = wide
        data = data[bom: bom + (1 << 21)].decode(codec, errors="replace").encode("utf-8")
        head = data[:4096].lstrip(b" \t\r\n")
    low = head[:2048].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        tag in low for tag in (b"<html", b"<table", b"<body", b"<div", b"<p>", b"<p ", b"<meta")
    ):
        return "html"
    if _MD_RULE.search(data, 0, 1 << 20):
        return "markdown"
    return "text"


def _cjk_count(text: str) -> int:
    """Characters U+4000–U+9FFF (Chinese), counted by their UTF-8 lead bytes (fast, and no
    big regex class to compile at start-up)."""
    raw = text.encode("utf-8", "replace")
    return sum(raw.count(bytes([b])) for b in range(0xE4, 0xEA))


def decode_text(data: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM), else GB18030; refuse what is not plausible Chinese text."""
    where = name or "文本"
    text = decode_wide(data, where)
    if text is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ReaderError(f"{where}: 既不是 UTF-8 也不是 GB18030 编码的文本，无法解码 (unknown encoding)") from None
    if not text.strip():
        raise ReaderError(f"{where}: 文件为空 (empty file)")
    limits.check_text(text, where)
    bad = len(_CONTROL.findall(text))
    cjk = _cjk_count(text[:20000])
    if bad > len(text) // 100 or cjk == 0:
        raise ReaderError(f"{where}: 不是可读的中文文本（可能是二进制文件或编码错误）(not Chinese text)")
    if cjk < 20:
        raise ReaderError(f"{where}: 内容太短（只有 {cjk} 个汉字），不是政府信息公开工作年度报告 (too short for a report)")
    return text


def read_bytes(data: bytes, name: str = "", hints=None) -> Report:
    """`hints` (`meta.Hints`): year, agency, format for a document that does not say them."""
    if not data or not data.strip():
        raise ReaderError(f"{name or '文件'}: 文件为空 (empty file)")
    kind = detect_kind(data, name)
    limits.check_bytes(kind, len(data), name)
    if kind in ("text", "markdown", "html"):
        wide = decode_wide(data, name)
        if wide is not None:  # UTF-16/UTF-32: UTF-8 from here on (its BOM outranks a <meta charset>)
            data = codecs.BOM_UTF8 + wide.encode("utf-8")
    try:
        if kind == "text":
            from .text import read_text

            return read_text(decode_text(data, name), name, hints)
        if kind == "image":  # page photos and scans: OCR (issue 15)
            from ..ocr.scan import read_image

            return read_image(data, name, hints)
        try:
            module = importlib.import_module(f"{__name__}.{kind}")
        except ModuleNotFoundError as e:
            if e.name and e.name.startswith(__name__):
                raise ReaderError(f"{name or '文件'}: 暂不支持读取 {kind} 文档 (no {kind} reader)") from None
            raise
        return getattr(module, f"read_{kind}")(data, name, hints)
    except (MemoryError, RecursionError) as e:  # a hostile structure exhausting the process
        raise resource_failure(name, e) from None
    except ReaderError as e:  # every refusal names the file, whichever part of the stack made it
        if name and not str(e).startswith(name):
            raise ReaderError(f"{name}: {e}", e.code) from e.__cause__
        raise


def read(path: str | Path, hints=None) -> Report:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > limits.current().largest_file:  # before a byte is read
            raise limits.refuse(str(p), f"文件大小 {limits.size(size)}，超过 {limits.size(limits.current().largest_file)} 的上限",
                                "file too large")
        data = p.read_bytes()
    except OSError as e:
        raise ReaderError(f"{p}: 无法打开文件：{e.strerror or e} (cannot open)") from None
    return read_bytes(data, p.name, hints)


__all__ = ["KINDS", "ReaderError", "decode_text", "detect_kind", "read", "read_bytes"]
