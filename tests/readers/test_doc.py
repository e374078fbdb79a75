"""Legacy .doc through LibreOffice, and the message when LibreOffice is absent."""

from __future__ import annotations

import subprocess

import pytest

from gongkai import interchange
from gongkai.readers import ReaderError, read_bytes
from gongkai.readers import doc as doc_reader
from gongkai.writers import render
from readers.r2_helpers import wrong_cells


def test_without_libreoffice_the_message_says_so(monkeypatch):
    monkeypatch.setattr(doc_reader, "soffice", lambda: None)
    with pytest.raises(ReaderError, match="LibreOffice"):
        doc_reader.read_doc(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old.doc")


@pytest.mark.slow
@pytest.mark.skipif(doc_reader.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_doc_round_trip(corpus_dir, tmp_path):
    truth = interchange.read(corpus_dir / "hongze-district-2023.truth.json")
    (tmp_path / "r.docx").write_bytes(render(truth, "docx"))
    subprocess.run([doc_reader.soffice(), f"-env:UserInstallation=file://{tmp_path}/p", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(tmp_path / "r.docx")],
                   check=True, capture_output=True, timeout=120)
    data = (tmp_path / "r.doc").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    report = read_bytes(data, "r.doc")
    assert wrong_cells(report, truth) == []


@pytest.mark.skipif(doc_reader.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_doc_that_libreoffice_cannot_convert():
    with pytest.raises(ReaderError):
        doc_reader.read_doc(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\xff" * 300, "broken.doc")
