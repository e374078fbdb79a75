"""Corrections kept apart from the document, findings tracked across versions, the reader's doubt never counted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.casework.models import AuditEvent
from gongkai.supervision import actions, review
from gongkai.supervision.models import Document, Entry, FindingStatus, TrackedFinding
from supervision.conftest import YEAR, document, upload_file

pytestmark = pytest.mark.django_db

NEW_NATURAL = "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"


def html_with_unknown(agency) -> bytes:
    """Rendered HTML whose 自然人 cell of 一、本年新收 is misprinted with a decimal point ("33.7" for 337):
    a count cannot be 33.7, so the reader says it cannot determine the cell."""
    html = document(agency).decode()
    marker = 'data-cell="' + NEW_NATURAL + '"'
    if marker in html:
        start = html.index(marker)
        gt = html.index(">", start)
        end = html.index("</td>", gt)
        value = html[gt + 1:end]
        return (html[:gt + 1] + value[:-1] + "." + value[-1] + html[end:]).encode()
    raise AssertionError("the writer's HTML no longer marks cell addresses")


def accept(w, agency, data=None, name="r.html"):
    batch = actions.do_upload(w.office, w.gov, YEAR, [upload_file(name, data or document(agency))], agency=agency)
    doc = batch.documents.get()
    assert doc.state == "read", doc.message
    return doc


def test_an_unknown_cell_is_highlighted_not_blamed_then_corrected_with_a_note(region):
    w = region
    doc = accept(w, w.a, html_with_unknown(w.a))
    read = review.document_report(doc)
    assert NEW_NATURAL in read.unknown
    entry = Entry.objects.get(agency=w.a, year=YEAR)
    assert entry.unknown_cells == 1 and entry.errors == 0  # the sums with the unknown term are skipped
    # no finding counted against the agency rests on the unread cell
    assert not [t for t in TrackedFinding.objects.filter(agency=w.a, counted=True) if NEW_NATURAL in t.cells]
    with pytest.raises(actions.SupervisionError, match="更正依据"):
        actions.do_correct_cell(w.office, doc, NEW_NATURAL, "705", "")
    with pytest.raises(actions.SupervisionError, match="整数"):
        actions.do_correct_cell(w.office, doc, NEW_NATURAL, "7.5", "原文第 3 页")
    with pytest.raises(actions.SupervisionError, match="公开办"):
        actions.do_correct_cell(w.a_head, doc, NEW_NATURAL, "705", "原文第 3 页")
    truth = document(w.a)  # what the cell really is
    from gongkai.readers import read_bytes

    real = read_bytes(truth, "t.html").cells[NEW_NATURAL]
    actions.do_correct_cell(w.office, doc, NEW_NATURAL, str(real), "原文表三第 1 行自然人列，核对原件")
    doc.refresh_from_db()
    # the reading is kept: an unknown cell stays out of "cells" and in "unknown" (cells.md)
    assert NEW_NATURAL not in doc.report["cells"] and NEW_NATURAL in doc.report["unknown"]
    report, corrected = review.effective_report(doc)
    assert report.cells[NEW_NATURAL] == real and NEW_NATURAL not in report.unknown and corrected == {NEW_NATURAL}
    entry.refresh_from_db()
    assert entry.unknown_cells == 0 and entry.report["cells"][NEW_NATURAL] == real
    event = AuditEvent.objects.get(action="supervision.correct")
    assert event.before["unknown"] is True and event.after["value"] == str(real) and "核对原件" in event.summary
    # a wrong correction makes the arithmetic fail: now it is a finding, counted
    actions.do_correct_cell(w.office, doc, NEW_NATURAL, str(real + 5), "复核")
    entry.refresh_from_db()
    assert entry.errors >= 1
    actions.do_remove_correction(w.office, doc.corrections.get())
    entry.refresh_from_db()
    assert entry.unknown_cells == 1 and entry.errors == 0


def test_findings_carry_their_status_across_versions(region):
    w = region
    wrong = document(w.a, edit=lambda r: r.cells.update({NEW_NATURAL: r.cells[NEW_NATURAL] + 3}))
    accept(w, w.a, wrong, "v1.html")
    t3 = TrackedFinding.objects.filter(agency=w.a, year=YEAR, rule="T3-2").get()
    assert t3.status == FindingStatus.OPEN and t3.counted and t3.first_version == 1
    assert Entry.objects.get(agency=w.a, year=YEAR).open_findings >= 1
    with pytest.raises(actions.SupervisionError, match="说明"):
        actions.do_set_finding_status(w.a_head, t3, FindingStatus.EXPLAINED, "")
    with pytest.raises(actions.SupervisionError, match="不能修改"):
        actions.do_set_finding_status(w.a_head, t3, FindingStatus.DISMISSED, "不同意")
    actions.do_set_finding_status(w.a_head, t3, FindingStatus.EXPLAINED, "录入时多计 3 件，将在新版本中改正")
    with pytest.raises(actions.SupervisionError, match="无权"):
        actions.do_set_finding_status(w.x_head, t3, FindingStatus.EXPLAINED, "x")
    # version 2, still wrong: the status stays
    wrong2 = document(w.a, edit=lambda r: (r.cells.update({NEW_NATURAL: r.cells[NEW_NATURAL] + 3}),
                                           r.sections.update({6: "本机关全年未收取信息处理费。无其他事项。"})))
    accept(w, w.a, wrong2, "v2.html")
    t3.refresh_from_db()
    assert t3.status == FindingStatus.EXPLAINED and t3.last_version == 2 and t3.present
    # version 3 fixes it: marked fixed by the new version
    accept(w, w.a, document(w.a), "v3.html")
    t3.refresh_from_db()
    assert t3.status == FindingStatus.FIXED and not t3.present and "第 3 版" in t3.reason
    assert Document.objects.get(agency=w.a, year=YEAR, current=True).version == 3
    assert AuditEvent.objects.filter(action="supervision.finding_status").count() == 1


def test_dismissing_needs_a_reason_and_is_audited(region):
    w = region
    accept(w, w.b, document(w.b, edit=lambda r: r.cells.update({NEW_NATURAL: 1})))
    t = TrackedFinding.objects.filter(agency=w.b, rule="T3-2").first()
    with pytest.raises(actions.SupervisionError, match="理由"):
        actions.do_set_finding_status(w.office, t, FindingStatus.DISMISSED, " ")
    actions.do_set_finding_status(w.office, t, FindingStatus.DISMISSED, "经核实原件无误，系扫描件误读")
    e = AuditEvent.objects.get(action="supervision.finding_status")
    assert e.before["status"] == "open" and e.after["status"] == "dismissed"


def test_cross_year_findings_against_the_previous_report(region):
    w = region
    prev = actions.do_upload(w.office, w.gov, YEAR - 1, [upload_file("p.html", document(w.c, year=YEAR - 1))],
                             agency=w.c).documents.get()
    assert prev.state == "read"
    accept(w, w.c)  # the same cells a year later: carried-over ≠ last year's carried forward, text repeated
    entry = Entry.objects.get(agency=w.c, year=YEAR)
    rules = set(TrackedFinding.objects.filter(agency=w.c, year=YEAR).values_list("rule", flat=True))
    assert "S-7" in rules  # sections 1 and 5 nearly word for word
    assert entry.cross_year >= 1


def test_parse_correction_by_the_cells_kind(region):
    from gongkai.report import Report

    r = Report.empty("x", 2024)
    amount = next(a for a in r.format.cells if "万元" in a)
    assert review.parse_correction(r, amount, "1.2345") == Decimal("1.2345")
    assert review.parse_correction(r, NEW_NATURAL, "1,234") == 1234
    assert review.parse_correction(r, NEW_NATURAL, "") is None
    with pytest.raises(review.CorrectionValueError):
        review.parse_correction(r, NEW_NATURAL, "-1")
    with pytest.raises(review.CorrectionValueError):
        review.parse_correction(r, NEW_NATURAL, "十二")


def test_actions_check_the_role_themselves(region):
    w = region
    with pytest.raises(actions.SupervisionError):
        actions.do_sync_region(w.a_head, w.gov, YEAR)
    with pytest.raises(actions.SupervisionError):
        actions.do_check_agency_year(w.x_head, w.a, YEAR)
    assert actions.do_check_agency_year(w.a_head, w.a, YEAR).source == ""
