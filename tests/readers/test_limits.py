"""Every limit of `readers.limits` refuses (or clamps) before the work, with a clear message naming
the file; the fixtures are real reports rendered or edited here, small enough to build in a test."""

from __future__ import annotations

import io
import re
import resource
import time
import zipfile
import zlib

import pytest

from gongkai import interchange, writers
from gongkai.readers import ReaderError, limits, read, read_bytes
from gongkai.readers.limits import Limits, override

MiB = 1 << 20


def wrong_cells(got, want) -> list[str]:
    """Cells read (not unknown) whose value or blank-ness differs from the truth: presented as certain
    but wrong.  An unknown cell is allowed; this is not."""
    return [a for a in want.format.cells if a not in got.unknown
            and ((got.cells[a] is None) != (want.cells[a] is None) or got.cells[a] != want.cells[a])]


@pytest.fixture(scope="module")
def truth(request):
    from corpus import CORPUS

    return interchange.read(CORPUS / "hongze-district-2023.truth.json")


@pytest.fixture(scope="module")
def rendered(truth):
    return {kind: writers.render(truth, kind) for kind in ("html", "docx", "pdf")}


def _refused(data: bytes, name: str, match: str) -> ReaderError:
    with pytest.raises(ReaderError) as caught:
        read_bytes(data, name)
    e = caught.value
    assert e.code == "limit", str(e)
    assert str(e).startswith(f"{name}: "), str(e)  # names the file
    assert re.search(match, str(e)), str(e)
    assert "上限" in str(e) and "未读取" in str(e)
    return e


def _members(docx: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def _zip(members, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in members:
            z.writestr(name, data)
    return out.getvalue()


def _with_document(docx: bytes, change) -> bytes:
    return _zip([(n, change(d) if n == "word/document.xml" else d) for n, d in _members(docx)])


# ---------------------------------------------------------------- the settings object


def test_limits_come_from_the_environment_and_refuse_nonsense():
    assert Limits.from_env({"GONGKAI_READER_PDF_PAGES": "300", "GONGKAI_READER_FILE_SECONDS": "2.5",
                            "GONGKAI_READER_WORKER_MEMORY": "4G", "GONGKAI_READER_PDF_BYTES": "512MiB"}) == Limits(
        pdf_pages=300, file_seconds=2.5, worker_memory=4 << 30, pdf_bytes=512 * MiB)
    with pytest.raises(ValueError, match="GONGKAI_READER_SPAN"):
        Limits.from_env({"GONGKAI_READER_SPAN": "many"})
    with pytest.raises(ValueError, match="大于 0"):
        Limits.from_env({"GONGKAI_READER_SPAN": "0"})


def test_override_is_scoped():
    before = limits.current()
    with override(pdf_pages=2) as inside:
        assert limits.current().pdf_pages == 2 == inside.pdf_pages
    assert limits.current() == before


# ---------------------------------------------------------------- file bytes, text


def test_file_bytes_per_kind(rendered, corpus_dir):
    text = (corpus_dir / "haining-commerce-2019.txt").read_bytes()
    with override(text_bytes=1000):
        _refused(text, "big.txt", r"文本文件大小 5\.7 KB，超过 1000 B")
    with override(html_bytes=1000):
        _refused(rendered["html"], "big.html", "网页文件大小")
        assert read_bytes(text, "ok.txt").cells_read == 198  # another kind's limit does not apply
    with override(docx_bytes=1000):
        _refused(rendered["docx"], "big.docx", r"Word \(\.docx\)文件大小")
    with override(pdf_bytes=1000):
        _refused(rendered["pdf"], "big.pdf", "PDF文件大小")


def test_a_file_larger_than_any_limit_is_not_even_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 5000)

    def no_reading(self):
        raise AssertionError("read before the size was checked")

    monkeypatch.setattr(type(path), "read_bytes", no_reading)
    with override(text_bytes=100, html_bytes=100, docx_bytes=100, pdf_bytes=100, doc_bytes=100), \
            pytest.raises(ReaderError, match="huge.pdf.*上限") as caught:
        read(path)
    assert caught.value.code == "limit"


def test_text_characters_and_lines(corpus_dir):
    text = (corpus_dir / "sanming-2022.txt").read_bytes()
    with override(text_chars=1000):
        _refused(text, "long.txt", "个字符")
    with override(text_lines=100):
        _refused(text, "lines.txt", r"文字共 [\d,]+ 行，超过 100 行")
    assert read_bytes(text, "ok.txt").cells_read == 200


def test_a_digit_run_longer_than_any_report_prints_is_unknown_not_enumerated(corpus_dir):
    """Cutting a run into cells costs cubic time in its length: 1 000 digits took 8 s and 1.7 GB."""
    text = (corpus_dir / "pingtan-2020.txt").read_text("utf-8")
    run = re.search(r"\d{7,}", text).group(0)
    data = text.replace(run, "1234567890" * 100, 1).encode()
    t = time.process_time()
    report = read_bytes(data, "digits.txt")
    assert time.process_time() - t < 2
    assert report.unknown  # the run's row is unknown, not guessed
    assert report.cells_read > 150


# ---------------------------------------------------------------- DOCX: the ZIP package


def test_docx_members_counted_from_the_directory(rendered):
    members = _members(rendered["docx"]) + [(f"word/extra{k}.xml", b"<a/>") for k in range(30)]
    with override(zip_members=20):
        _refused(_zip(members), "many.docx", r"中的文件 \d+ 个，超过 20 个")


def test_docx_inflated_size_judged_before_inflating(rendered):
    """A document.xml of 200 MB of spaces: 200 KB compressed, refused from the directory."""
    members = _members(rendered["docx"])
    bomb = [(n, d + b" " * (200 * MiB) if n == "word/document.xml" else d) for n, d in members]
    data = _zip(bomb)
    assert len(data) < 2 * MiB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _refused(data, "bomb.docx", r"部件 word/document\.xml 解压后 200\.\d MB，超过 30\.0 MB")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024  # KB: nothing inflated


def test_docx_one_part_and_the_compression_ratio(rendered):
    members = _members(rendered["docx"])
    padded = _zip([(n, d + b" " * (3 * MiB) if n == "word/document.xml" else d) for n, d in members])
    with override(zip_part_bytes=MiB):
        _refused(padded, "part.docx", r"部件 word/document\.xml 解压后 3\.\d MB，超过 1\.0 MB")
    _refused(padded, "ratio.docx", r"压缩比为 \d+ 倍，超过 100 倍.*压缩炸弹")


def _zeros(mib: int) -> tuple[bytes, int]:
    """A raw deflate stream of `mib` MiB of zeros (~1 KB per MiB), and its CRC-32."""
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(MiB)
    first = z.compress(chunk) + z.flush(zlib.Z_SYNC_FLUSH)
    again = z.compress(chunk) + z.flush(zlib.Z_SYNC_FLUSH)  # the same bytes for every further MiB
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    return first + again * (mib - 1) + z.flush(), crc


def test_docx_media_are_never_inflated(rendered):
    """An image member that inflates to 2 GB does not matter: only the document part is inflated."""
    stream, crc = _zeros(2048)
    data = _append_raw_member(_zip(_members(rendered["docx"])), "word/media/image1.png", stream, crc, 2048 * MiB)
    t = time.process_time()
    report = read_bytes(data, "media.docx")
    assert time.process_time() - t < 2
    assert report.cells_read == 200


def test_docx_part_lying_about_its_size(rendered):
    """issue 11: a 1.1 MB DOCX inflated to 2.1 GB before refusal.  A document part declaring 100 KB
    that inflates to 512 MB is read no further than 100 KB, then fails its CRC."""
    stream, crc = _zeros(512)
    members = [(n, d) for n, d in _members(rendered["docx"]) if n != "word/document.xml"]
    data = _append_raw_member(_zip(members), "word/document.xml", stream, crc, 100_000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ReaderError, match="lying.docx: Word 文档损坏或不完整（BadZipFile: Bad CRC-32") as caught:
        read_bytes(data, "lying.docx")
    assert caught.value.code == "damaged"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024  # KB


def _append_raw_member(archive: bytes, name: str, payload: bytes, crc: int, size: int) -> bytes:
    """`archive` with one more member whose deflate stream and sizes are given as they are."""
    import struct

    end = archive.rindex(b"PK\x05\x06")
    n, cd_size, cd_start = struct.unpack("<HII", archive[end + 10: end + 20])
    raw_name = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(payload), size & 0xFFFFFFFF,
                        len(raw_name), 0) + raw_name + payload
    entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(payload),
                        size & 0xFFFFFFFF, len(raw_name), 0, 0, 0, 0, 0, cd_start) + raw_name
    central = archive[cd_start: cd_start + cd_size] + entry
    new_start = cd_start + len(local)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n + 1, n + 1, len(central), new_start, 0)
    return archive[:cd_start] + local + central + eocd


# ---------------------------------------------------------------- spans, cells, nesting


def test_docx_grid_span_of_a_billion_is_clamped(rendered):
    """issue 11: a 38 KB DOCX with gridSpan / gridBefore 10⁹ needed 7.8 GB."""
    spans = _with_document(rendered["docx"], lambda x: x.replace(
        b"<w:tc>", b'<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>', 3))
    before = _with_document(rendered["docx"], lambda x: re.sub(
        rb"(<w:tr(?: [^>]*)?>)", rb'\1<w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>', x, count=2))
    for name, data in (("span.docx", spans), ("before.docx", before)):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.process_time()
        try:  # the spans change what the table says: a reading or a refusal, but no runaway
            read_bytes(data, name)
        except ReaderError as e:
            assert e.code in ("limit", "unreadable"), str(e)
        assert time.process_time() - t < 2
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 100 * 1024


def test_table_columns_and_slots(rendered):
    with override(span=1000):
        wide = _with_document(rendered["docx"], lambda x: x.replace(
            b"<w:tc>", b'<w:tc><w:tcPr><w:gridSpan w:val="900"/></w:tcPr>', 1))
        _refused(wide, "wide.docx", r"表格1第 \d+ 行超过 500 列")
    with override(table_slots=50):
        _refused(rendered["docx"], "slots.docx", "展开后超过 50 格")
        _refused(rendered["html"], "slots.html", "展开后超过 50 格")


def test_html_spans_are_clamped_and_cells_counted(rendered):
    page = rendered["html"].decode()
    bombed = re.sub(r"<td", '<td rowspan="1000000000"', page, count=3).encode()
    t = time.process_time()
    try:  # rowspans to the table's end shift every row below: a reading or a refusal, no runaway
        read_bytes(bombed, "rowspan.html")
    except ReaderError as e:
        assert e.code in ("limit", "unreadable"), str(e)
    assert time.process_time() - t < 2
    with override(table_cells=100):
        _refused(rendered["html"], "cells.html", r"网页中的表格单元格 [\d,]+ 个，超过 100 个")
        _refused(rendered["docx"], "cells.docx", r"Word 文档中的表格单元格 [\d,]+ 个，超过 100 个")


def test_html_nesting_depth(rendered):
    page = rendered["html"].decode()
    deep = page.replace("<body>", "<body>" + "<div>" * 40, 1).encode()
    with override(html_depth=30):
        _refused(deep, "deep.html", r"嵌套超过 30 层的上限")
    assert read_bytes(deep, "deep.html").cells_read == 200


def test_markdown_cells(corpus_dir):
    data = (corpus_dir / "shuyang-county-2025.txt").read_bytes()
    with override(table_cells=50):
        _refused(data, "cells.md", "Markdown 表格单元格")


# ---------------------------------------------------------------- PDF


def test_pdf_pages_counted_before_any_page_is_loaded(corpus_dir):
    """issue 11: a 500-page PDF took 85 s and 3 GB."""
    data = (corpus_dir / "hongze-district-2023.pdf").read_bytes()
    with override(pdf_pages=4):
        _refused(data, "pages.pdf", r"PDF 页数 5 个，超过 4 个")
    with override(pdf_page_objects=100):
        _refused(data, "objects.pdf", r"PDF 第 1 页有 [\d,]+ 个图文对象，超过 100 个")
    with override(pdf_chars=1000):
        _refused(data, "chars.pdf", r"前 \d 页的文字超过 1,000 个字符")


@pytest.mark.parametrize("limit", ["pdf_page_rules", "pdf_page_crossings", "pdf_page_segments"])
def test_a_pdf_page_drawing_too_much_is_skipped_with_an_issue(corpus_dir, limit):
    """Its tables become unknown (never wrong), the rest of the document is read."""
    truth = interchange.read(corpus_dir / "hongze-district-2023.truth.json")
    with override(**{limit: 5}):
        report = read_bytes((corpus_dir / "hongze-district-2023.pdf").read_bytes(), "rules.pdf")
    issues = [i for i in report.document_issues if i.code == "page-too-complex"]
    assert issues and "上限" in issues[0].message and issues[0].where.page
    assert report.unknown
    assert wrong_cells(report, truth) == []


def test_pdf_slow_path_pages(monkeypatch, corpus_dir):
    """pdfplumber (pdfminer: slow) is given at most `pdf_slow_pages` pages."""
    import pdfplumber

    from gongkai.readers import pdf

    given = []
    original = pdfplumber.open

    def spy(stream, pages=None, **kw):
        given.append(list(pages))
        return original(stream, pages=pages, **kw)

    monkeypatch.setattr(pdfplumber, "open", spy)
    data = (corpus_dir / "hongze-district-2023.pdf").read_bytes()
    assert pdf._slow_grids(data, "slow.pdf", [0, 1, 2, 3], [])
    with override(pdf_slow_pages=1):
        pdf._slow_grids(data, "slow.pdf", [0, 1, 2, 3], [])
    assert [len(p) for p in given] == [4, 1]


# ---------------------------------------------------------------- interchange files (gongkai check x.json)


def test_interchange_files_have_a_size_limit_and_deep_json_is_refused(tmp_path, corpus_dir):
    from gongkai.inputs import InputError, load

    truth = corpus_dir / "pingtan-2020.truth.json"
    with override(interchange_bytes=1000), pytest.raises(InputError, match=r"pingtan-2020.truth.json: 交换文件大小 .*上限"):
        load(truth)
    assert load(truth).cells_read == 198
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputError, match="deep.json: 文件结构嵌套过深"):
        load(deep)
