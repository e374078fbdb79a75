import pytest

from gongkai.readers import ReaderError, decode_text, detect_kind, read, read_bytes

REPORT = "某县人民政府2021年政府信息公开工作年度报告\n一、总体情况\n本年度我县认真贯彻落实条例，主动公开政府信息。\n"


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.7\n...", "pdf"),
    (b"PK\x03\x04" + b"\0" * 30 + b"word/document.xml", "docx"),
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100, "doc"),
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "html"),
    ("<table><tr><td>规章</td></tr></table>".encode(), "html"),
    (REPORT.encode(), "text"),
])
def test_detect_kind_by_content_not_name(data, kind):
    assert detect_kind(data, "misleading.txt" if kind != "text" else "report.pdf") == kind


def test_zip_that_is_not_docx_is_refused():
    with pytest.raises(ReaderError, match="ZIP"):
        detect_kind(b"PK\x03\x04" + b"\0" * 40, "a.zip")


def test_decode_utf8_bom_and_gb18030():
    assert decode_text(b"\xef\xbb\xbf" + REPORT.encode()) == REPORT
    assert decode_text(REPORT.encode("gb18030")) == REPORT
    assert decode_text(REPORT.encode("gbk")) == REPORT


def test_gbk_report_reads_like_utf8(corpus_dir):
    utf8 = (corpus_dir / "haining-commerce-2019.txt").read_bytes()
    a = read_bytes(utf8, "h.txt")
    b = read_bytes(utf8.decode("utf-8").replace("\xa0", " ").encode("gbk"), "h.txt")
    assert a.same_cells(b) and b.agency == "海宁市商务局"


@pytest.mark.parametrize("data, what", [
    (b"", "为空"),
    (b"   \n ", "为空"),
    (bytes(range(256)) * 20, "编码|不是可读的中文文本"),
    (b"\x81\x30" * 50 + b"\xff\xff\xff", "编码"),
    (b"hello world, this is English only. " * 20, "不是可读的中文文本"),
    ("今天天气很好，我们去公园散步，看到了很多花。".encode() * 5, "不是政府信息公开工作年度报告"),
    ("你好".encode("gbk"), "内容太短（只有 2 个汉字）"),
])
def test_bad_input_one_clear_line(data, what):
    with pytest.raises(ReaderError, match=what) as e:
        read_bytes(data, "bad.bin")
    assert "\n" not in str(e.value)


def test_missing_file_is_a_reader_error(tmp_path):
    with pytest.raises(ReaderError, match="无法打开"):
        read(tmp_path / "nope.txt")
