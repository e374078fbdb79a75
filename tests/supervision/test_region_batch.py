"""A region's documents are read on the readers' batch: order kept, one bad file one line."""

from pathlib import Path

from gongkai.supervision import region

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _boom_for(name: str):
    real = region.read_one

    def read(n, data):
        if n == name:
            raise RuntimeError("a reader's bug")
        return real(n, data)

    return read


def test_many_documents_in_order_with_a_failure_as_a_line(monkeypatch):
    monkeypatch.setattr(region, "read_one", _boom_for("boom.txt"))  # forked workers inherit it
    good = (CORPUS / "haining-commerce-2019.txt").read_bytes()
    items = [("a.txt", good), ("boom.txt", good), ("zip.docx", b"PK\x03\x04 not a package"), ("b.txt", good)]
    done = []
    reads = list(region.read_many(items, jobs=2, on_done=lambda: done.append(1)))
    assert [r.name for r in reads] == ["a.txt", "boom.txt", "zip.docx", "b.txt"]
    assert reads[0].report is not None and reads[3].report is not None
    assert reads[0].report.year == 2019
    assert reads[1].report is None and reads[1].error.startswith("boom.txt: 读取时出错")
    assert reads[1].sha256 == reads[0].sha256  # a failed read still identifies its file
    assert reads[2].report is None and "zip.docx" in reads[2].error
    assert len(done) == 4


def test_one_upload_read_under_the_limits(monkeypatch):
    monkeypatch.setattr(region, "read_one", _boom_for("boom.txt"))
    good = (CORPUS / "haining-commerce-2019.txt").read_bytes()
    assert region.read_guarded("ok.txt", good).report is not None
    failed = region.read_guarded("boom.txt", good)
    assert failed.report is None and failed.error.startswith("boom.txt: ")
