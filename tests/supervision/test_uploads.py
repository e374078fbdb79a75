"""Uploads read in the background: versions, agencies matched, and every kind of bad input refused per file."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.supervision import actions
from gongkai.supervision.models import Document, DocumentState, Entry
from supervision.conftest import YEAR, document, report_for, upload_file, zip_of

pytestmark = pytest.mark.django_db


def upload(w, files, agency=None, actor=None, year=YEAR):
    return actions.do_upload(actor or w.office, w.gov, year, [upload_file(n, d) for n, d in files.items()],
                             agency=agency)


def states(batch):
    return {d.name.rsplit("/", 1)[-1]: (d.state, d.message) for d in batch.documents.all()}


def test_three_kinds_uploaded_read_and_accepted_as_first_versions(region):
    w = region
    batch = upload(w, {"a.html": document(w.a, "html"), "b.docx": document(w.b, "docx"), "c.pdf": document(w.c, "pdf")})
    docs = {d.agency.code: d for d in batch.documents.all()}
    assert set(docs) == {"G-A", "G-B", "G-C"}  # matched by the agency named in each document
    for code, d in docs.items():
        assert d.state == DocumentState.READ and d.version == 1 and d.current, (code, d.message)
        assert d.kind in ("html", "docx", "pdf") and d.read_ms is not None
    entry = Entry.objects.get(agency=w.a, year=YEAR)
    assert entry.source == "upload" and entry.document == docs["G-A"] and entry.report["agency"] == w.a.name
    from gongkai.casework.models import AuditEvent

    assert AuditEvent.objects.filter(action="supervision.accept").count() == 3
    assert AuditEvent.objects.filter(action="supervision.upload").count() == 1


def test_a_new_version_replaces_the_current_one(region):
    w = region
    upload(w, {"v1.html": document(w.a)}, agency=w.a)
    edited = document(w.a, edit=lambda r: r.cells.update({"表三|一、本年新收政府信息公开申请数量|申请人情况/自然人": 999}))
    upload(w, {"v2.html": edited}, agency=w.a)
    docs = list(Document.objects.filter(agency=w.a, year=YEAR).order_by("version"))
    assert [(d.version, d.current) for d in docs] == [(1, False), (2, True)]
    assert Entry.objects.get(agency=w.a, year=YEAR).document == docs[1]


def test_the_same_report_twice_is_refused_with_a_message_and_the_rest_goes_on(region):
    w = region
    html = document(w.a)
    upload(w, {"a.html": html})
    batch = upload(w, {"again.html": html, "b.html": document(w.b)})
    s = states(batch)
    assert s["again.html"][0] == DocumentState.REFUSED and "重复上传" in s["again.html"][1]
    assert s["b.html"][0] == DocumentState.READ
    # the same content in another file kind: read, then found equal to the current version
    batch = upload(w, {"a.docx": document(w.a, "docx")})
    [(state, message)] = states(batch).values()
    assert state == DocumentState.REFUSED and "当前的第 1 版" in message and "重复上传" in message
    assert Document.objects.filter(agency=w.a, year=YEAR).count() == 1


def test_a_document_of_another_year_or_agency(region):
    w = region
    batch = upload(w, {
        "old.html": document(w.a, year=2023),
        "foreign.html": document(w.x_dept),
        "ok.html": document(w.b),
    })
    s = states(batch)
    assert s["old.html"][0] == DocumentState.REFUSED and "2023 年度" in s["old.html"][1]
    assert s["foreign.html"][0] == DocumentState.REFUSED and "别市商务局" in s["foreign.html"][1]
    assert "不是测试市人民政府所辖机关" in s["foreign.html"][1]
    assert s["ok.html"][0] == DocumentState.READ
    # uploaded for a named agency, but signed by another
    batch = upload(w, {"wrong.html": document(w.c)}, agency=w.a)
    [(state, message)] = states(batch).values()
    assert state == DocumentState.REFUSED and "测试市民政局" in message and "不是所选的“测试市商务局”" in message


def test_a_zip_of_reports_and_non_reports(region):
    w = region
    data = zip_of({
        "reports/a.html": document(w.a), "reports/b.docx": document(w.b, "docx"),
        "notes.xlsx": b"PK\x03\x04 not really", "photo.png": b"\x89PNG\r\n\x1a\n" + b"0" * 100,
        "readme.txt": "这是一份说明文件，不是年度报告。".encode() * 3,
        "__MACOSX/._a.html": b"junk",
    })
    batch = upload(w, {"region.zip": data})
    s = states(batch)
    assert s["a.html"][0] == s["b.docx"][0] == DocumentState.READ
    assert s["notes.xlsx"][0] == DocumentState.REFUSED and "不是年报文件" in s["notes.xlsx"][1]
    assert s["photo.png"][0] == DocumentState.REFUSED
    assert s["readme.txt"][0] == DocumentState.REFUSED and s["readme.txt"][1]
    assert "._a.html" not in s


def test_a_zip_bomb_is_refused_before_extraction_and_nothing_else_is_lost(region):
    w = region
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.txt", b"0" * (60 * 1024 * 1024))  # 60 MB of zeros, ~60 KB packed
    batch = upload(w, {"bomb.zip": buf.getvalue(), "a.html": document(w.a)})
    s = states(batch)
    assert s["bomb.zip"][0] == DocumentState.REFUSED and "压缩炸弹" in s["bomb.zip"][1]
    assert s["a.html"][0] == DocumentState.READ
    bomb = batch.documents.get(name="bomb.zip")
    assert bomb.path and bomb.size == len(buf.getvalue())  # the upload is kept as it came


def test_unreadable_files_become_messages_not_tracebacks(region):
    w = region
    batch = upload(w, {"empty.html": b"   ", "garbage.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
                       "binary.txt": bytes(range(256)) * 10, "a.html": document(w.a)})
    s = states(batch)
    assert s["a.html"][0] == DocumentState.READ
    for name in ("empty.html", "garbage.pdf", "binary.txt"):
        state, message = s[name]
        assert state == DocumentState.REFUSED and message and "Traceback" not in message, name


def test_only_the_office_uploads_without_naming_the_agency_and_own_staff_upload_their_own(region):
    w = region
    with pytest.raises(actions.SupervisionError, match="公开办"):
        upload(w, {"a.html": document(w.a)}, actor=w.a_head)
    batch = upload(w, {"a.html": document(w.a)}, agency=w.a, actor=w.a_head)
    assert batch.documents.get().state == DocumentState.READ
    with pytest.raises(actions.SupervisionError, match="不能为该机关上传"):
        upload(w, {"b.html": document(w.b)}, agency=w.b, actor=w.a_head)
    with pytest.raises(actions.SupervisionError, match="不能为该机关上传"):
        upload(w, {"a.html": document(w.a)}, agency=w.a, actor=w.outsider)


def test_limits_on_the_upload_itself(region, monkeypatch):
    w = region
    with pytest.raises(actions.SupervisionError, match="请选择"):
        upload(w, {})
    monkeypatch.setattr(actions, "MAX_UPLOAD_BYTES", 1000)
    batch = upload(w, {"big.html": document(w.a)})
    [(state, message)] = states(batch).values()
    assert state == DocumentState.REFUSED and "上限" in message
    with pytest.raises(actions.SupervisionError, match="年度"):
        upload(w, {"a.html": b"x"}, year=2015)


def test_a_task_run_twice_reads_once(region):
    w = region
    batch = actions.do_upload(w.office, w.gov, YEAR, [upload_file("a.html", document(w.a))], enqueue=False)
    doc = batch.documents.get()
    assert doc.state == DocumentState.QUEUED
    actions.do_read_document(doc.pk)
    actions.do_read_document(doc.pk)
    assert Document.objects.get(pk=doc.pk).version == 1


def test_report_for_keeps_the_corpus_cells(region):
    r = report_for(region.a)
    assert r.agency == "测试市商务局" and r.year == YEAR and r.sections[5]


def test_an_unexpected_failure_is_written_on_the_file_not_left_reading(region, monkeypatch):
    w = region

    def broken(doc, report):
        raise RuntimeError("a bug")

    monkeypatch.setattr(actions, "_place", broken)
    batch = upload(w, {"a.html": document(w.a)})
    [(state, message)] = states(batch).values()
    assert state == DocumentState.REFUSED and "内部错误（RuntimeError）" in message
    from gongkai.casework.models import AuditEvent

    assert AuditEvent.objects.filter(action="supervision.fail").count() == 1
