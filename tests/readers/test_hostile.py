"""Hostile and broken files: every library failure is a `ReaderError` naming the file in Chinese;
UTF-16/UTF-32 and unknown charsets are read as what they are.  Each failure class the issue-11
fuzzing found has its own small fixture, made here from a real report."""

from __future__ import annotations

import codecs
import io
import re
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import interchange, writers
from gongkai.readers import ReaderError, detect_kind, read_bytes
from gongkai.readers import pdf as pdf_reader

WIDE = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


@pytest.fixture(scope="module")
def rendered():
    from corpus import CORPUS

    truth = interchange.read(CORPUS / "shanghai-gov-office-2019.truth.json")
    return {kind: writers.render(truth, kind) for kind in ("html", "docx")}


def _damaged(data: bytes, name: str, *words: str) -> ReaderError:
    with pytest.raises(ReaderError) as caught:
        read_bytes(data, name)
    e = caught.value
    assert str(e).startswith(f"{name}: "), str(e)
    assert re.search(r"[\u4e00-\u9fff]", str(e)), str(e)  # said in Chinese
    for word in words:
        assert word in str(e), str(e)
    return e


def _members(docx: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def _zip(members) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return out.getvalue()


# ---------------------------------------------------------------- PDF: pypdfium2, pdfminer


def test_pdfium_failed_to_load_page(corpus_dir):
    """A page tree claiming more pages than it has: PDFium's "Failed to load page." (issue 11)."""
    data = re.sub(rb"/Count\s+\d+", b"/Count 7", (corpus_dir / "hongze-district-2023.pdf").read_bytes())
    e = _damaged(data, "count.pdf", "PDF 第 6 页损坏", "Failed to load page")
    assert e.code == "damaged"


def test_pdfminer_no_root_object_in_the_slow_path():
    """pdfplumber's fallback on a file pdfminer cannot parse: "No /Root object!" (issue 11)."""
    with pytest.raises(ReaderError) as caught:
        pdf_reader._slow_grids(b"%PDF-1.4\n1 0 obj << >> endobj\n", "root.pdf", [0], [])
    assert caught.value.code == "damaged"
    assert str(caught.value).startswith("root.pdf: PDF 文件损坏，无法读出表格") and "No /Root object" in str(caught.value)


def test_pdfminer_type_errors_in_the_slow_path(corpus_dir, monkeypatch):
    """pdfminer raising TypeError ("'int' object is not iterable") on a damaged object."""
    import pdfplumber

    class Page:
        @property
        def edges(self):
            raise TypeError("'int' object is not iterable")

    class Doc:
        pages = [Page()]

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(pdfplumber, "open", lambda *a, **kw: Doc())
    with pytest.raises(ReaderError, match="int' object is not iterable") as caught:
        pdf_reader._slow_grids(b"%PDF-1.4", "type.pdf", [0], [])
    assert caught.value.code == "damaged"


def test_truncated_and_password_pdfs(corpus_dir):
    data = (corpus_dir / "hongze-district-2023.pdf").read_bytes()
    _damaged(data[: len(data) // 3], "cut.pdf", "PDF")
    _damaged(b"%PDF-1.7\n" + b"\x00" * 100, "zero.pdf", "PDF")


def test_a_bug_in_our_own_code_is_not_swallowed(corpus_dir, monkeypatch):
    """The mapping is for libraries' failures: a programming error of ours still fails loudly."""
    def broken(*a, **kw):
        raise KeyError("our bug")

    monkeypatch.setattr(pdf_reader, "_fast_grids", broken)
    with pytest.raises(KeyError, match="our bug"):
        read_bytes((corpus_dir / "hongze-district-2023.pdf").read_bytes(), "bug.pdf")


# ---------------------------------------------------------------- DOCX: zipfile, python-docx, lxml


def test_docx_library_failures(rendered):
    docx = rendered["docx"]
    members = _members(docx)
    cases = {
        "cut.docx": docx[: len(docx) // 2],  # zipfile: BadZipFile
        "no-types.docx": _zip([(n, d) for n, d in members if n != "[Content_Types].xml"]),  # python-docx
        "no-document.docx": _zip([(n, d) for n, d in members if n != "word/document.xml"]),  # KeyError
        "broken-xml.docx": _zip([(n, d[: len(d) // 2] if n == "word/document.xml" else d) for n, d in members]),
        "no-rels.docx": _zip([(n, d) for n, d in members if n != "_rels/.rels"]),
        "broken-rels.docx": _zip([(n, d[:40] if n == "_rels/.rels" else d) for n, d in members]),
    }
    for name, data in cases.items():
        e = _damaged(data, name, "Word")
        assert e.code == "damaged", (name, str(e))
    not_word = _zip([(n, d.replace(b"document.main+xml", b"spreadsheetml.sheet.main+xml")
                      if n == "[Content_Types].xml" else d) for n, d in members])
    assert _damaged(not_word, "not-word.docx", "不是 Word 文档", "spreadsheetml").code == "unreadable"


def test_docx_only_the_document_part_is_opened(rendered):
    """Styles, themes, numbering are not parsed: a broken one does not refuse a readable report."""
    members = [(n, b"<broken" if n == "word/styles.xml" else d) for n, d in _members(rendered["docx"])]
    assert read_bytes(_zip(members), "styles.docx").cells_read == 198


def test_docx_zip_lies(rendered):
    """A member whose declared size is smaller than what it inflates to fails its CRC; an unknown
    compression method and an encrypted member are damage too — nothing is inflated past the limits."""
    docx = rendered["docx"]
    at = docx.index(b"word/document.xml")  # the local header's name; its sizes are 8 bytes before the name length
    method = bytearray(docx)
    for m in re.finditer(rb"PK\x01\x02", docx):  # central directory: method at +10
        if docx[m.start() + 46: m.start() + 46 + 17] == b"word/document.xml":
            method[m.start() + 10: m.start() + 12] = (99).to_bytes(2, "little")
            encrypted = bytearray(docx)
            encrypted[m.start() + 8] |= 1
    assert at > 0
    _damaged(bytes(method), "method.docx", "Word")
    _damaged(bytes(encrypted), "encrypted.docx", "Word")


def test_a_zip_that_is_not_word(rendered):
    from corpus import CORPUS

    xlsx = writers.render(interchange.read(CORPUS / "haining-commerce-2019.truth.json"), "xlsx")
    _damaged(xlsx, "table.xlsx", "不是 Word 文档")


def test_doc_headers_checked_before_libreoffice(monkeypatch):
    from gongkai.readers import doc

    started = []
    monkeypatch.setattr(doc, "soffice", lambda: "/bin/false")
    monkeypatch.setattr(doc.subprocess, "run", lambda *a, **kw: started.append(a))
    ole = bytes.fromhex("D0CF11E0A1B11AE1")
    _damaged(ole + b"\x00" * 600, "garbage.doc", "文件头损坏")
    header = bytearray(ole + bytes(600))
    header[28:34] = b"\xfe\xff\x09\x00\x06\x00"
    _damaged(bytes(header) + "Workbook".encode("utf-16-le"), "sheet.xls", "不是 Word 文档")
    assert started == []  # LibreOffice never started on either


# ---------------------------------------------------------------- HTML: lxml, charsets, encodings


@pytest.mark.parametrize("label", ["x-unknown-charset", "utf-7", "punycode", "zlib", "", "a" * 200])
def test_unknown_or_bogus_charset_falls_back(rendered, label):
    """issue 11: `LookupError` for an unknown <meta charset>."""
    page = rendered["html"].decode()
    report = read_bytes((f'<meta charset="{label}">' + page).encode("utf-8"), "charset.html")
    assert report.cells_read == 198


def test_gb_page_labelled_wrongly_is_still_read(rendered):
    """A GB18030 page claiming windows-1252 decodes without error but without Chinese: GB18030 wins."""
    page = '<meta charset="windows-1252">' + rendered["html"].decode()
    assert read_bytes(page.encode("gb18030"), "latin.html").cells_read == 198


@pytest.mark.parametrize("encoding", list(WIDE))
@pytest.mark.parametrize("bom", [True, False])
def test_html_saved_as_utf16_or_utf32(rendered, encoding, bom):
    """issue 11: a UTF-16 HTML report was read as plain text, 0/198 cells, exit 0."""
    page = rendered["html"].decode().replace('charset="utf-8"', 'charset="utf-16"')
    data = (WIDE[encoding] if bom else b"") + page.encode(encoding)
    assert detect_kind(data, "r.html") == "html"
    assert read_bytes(data, "wide.html").cells_read == 198


@pytest.mark.parametrize("encoding", list(WIDE))
@pytest.mark.parametrize("bom", [True, False])
def test_text_and_markdown_saved_as_utf16_or_utf32(corpus_dir, encoding, bom):
    for name, cells in (("haining-commerce-2019.txt", 198), ("shuyang-county-2025.txt", 200)):
        text = (corpus_dir / name).read_text("utf-8-sig")
        data = (WIDE[encoding] if bom else b"") + text.encode(encoding)
        assert read_bytes(data, name).cells_read == cells, (name, encoding, bom)


def test_utf16_cut_in_the_middle_of_a_character(corpus_dir):
    text = (corpus_dir / "haining-commerce-2019.txt").read_text("utf-8-sig")
    assert read_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")[:-1], "odd.txt").cells_read == 198


def test_utf16_full_of_broken_pairs_is_refused():
    data = codecs.BOM_UTF16_LE + b"\x00\xd8" * 5000  # lone high surrogates
    e = _damaged(data, "pairs.txt", "UTF-16")
    assert e.code == "unreadable"


def test_xhtml_with_an_encoding_declaration(rendered):
    """lxml refuses a decoded str that still declares its encoding: the declaration is dropped."""
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + rendered["html"].decode()
    assert read_bytes(page.encode(), "x.xhtml").cells_read == 198


def test_lxml_failure_is_a_reader_error():
    e = _damaged(b"<html><!-- " + "政府信息公开".encode() + b" --></html>", "empty.html")
    assert e.code in ("damaged", "unreadable")


def test_nesting_too_deep_for_the_interpreter(rendered):
    """RecursionError (a walk deeper than the stack allows) is the document's problem, said plainly."""
    page = rendered["html"].decode().replace("<body>", "<body>" + "<div>" * 200, 1).encode()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(150)
    try:
        e = _damaged(page, "deep.html", "嵌套过深")
    finally:
        sys.setrecursionlimit(limit)
    assert e.code == "resources"


def test_memory_running_out_is_a_reader_error(corpus_dir, monkeypatch):
    from gongkai.readers import text

    def out_of_memory(*a, **kw):
        raise MemoryError

    monkeypatch.setattr(text, "read_text", out_of_memory)
    e = _damaged((corpus_dir / "haining-commerce-2019.txt").read_bytes(), "big.txt", "内存不足")
    assert e.code == "resources"


# ---------------------------------------------------------------- any bytes


@settings(max_examples=300, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", codecs.BOM_UTF16_LE,
                               codecs.BOM_UTF8, b"| a | b |\n|---|---|\n", "政府信息公开".encode()]),
       body=st.binary(max_size=4096))
def test_any_bytes_read_or_refused_naming_the_file(prefix, body):
    try:
        read_bytes(prefix + body, "any.bin")
    except ReaderError as e:
        assert str(e).startswith("any.bin: "), str(e)
