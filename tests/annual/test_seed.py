"""The seed rebuilt: the demo holds 海宁市商务局's 2019 year, and the report built from it equals the
published document cell by cell (its blanks are 0 here) and section by section."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gongkai import interchange
from gongkai.agencies.models import Agency
from gongkai.annual import build, demo, locks
from gongkai.annual.models import Publication, Table2Entry
from gongkai.appeals.models import Appeal

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def demo_loaded(db):
    from gongkai.appeals import demo as appeals_demo
    from gongkai.casework import demo as casework_demo

    casework_demo.load(today=TODAY)
    demo.load(today=TODAY)
    appeals_demo.load(today=TODAY)
    return Agency.objects.get(code="HN-SW")


def _document_sections(corpus_dir) -> dict[int, list[str]]:
    text = (corpus_dir / "haining-commerce-2019.txt").read_text(encoding="utf-8")

    def between(a, b):
        i = text.index(a) + len(a)
        return [line.strip() for line in text[i:text.index(b, i)].splitlines() if line.strip()]

    return {1: between("一、总体情况", "二、主动公开政府信息情况"),
            5: between("五、存在的主要问题及改进情况", "其他需要报告的事项"),
            6: between("其他需要报告的事项", "海宁市商务局      \n2019年12月27日")}


def test_the_seed_report_equals_the_document(demo_loaded, corpus_dir):
    sw = demo_loaded
    truth = json.loads((corpus_dir / "haining-commerce-2019.truth.json").read_text(encoding="utf-8"))
    for report in (build.report(sw, 2019), locks.locked_report(sw, 2019)):
        assert report.format.id == truth["format"] and report.agency == truth["agency"]
        wrong = {a: (report.cells[a], v) for a, v in truth["cells"].items() if report.cells[a] != (0 if v is None else v)}
        assert wrong == {}
        assert len(truth["cells"]) == len(report.cells)
        doc = _document_sections(corpus_dir)
        for n in (1, 5, 6):
            assert [p.strip() for p in report.sections[n].splitlines() if p.strip()] == doc[n]
        assert all(not report.sections[n] for n in (2, 3, 4))  # the document has tables only there


def test_the_seed_is_published_and_the_demo_is_idempotent(demo_loaded, corpus_dir):
    sw = demo_loaded
    pub = Publication.objects.get(agency=sw, year=2019)
    assert pub.number == 1 and interchange.from_dict(pub.report).same_cells(locks.locked_report(sw, 2019))
    n_entries, n_appeals = Table2Entry.objects.count(), Appeal.objects.count()
    assert n_appeals == 3
    demo.load(today=TODAY)
    from gongkai.appeals import demo as appeals_demo

    appeals_demo.load(today=TODAY)
    assert Publication.objects.count() == 1 and Table2Entry.objects.count() == n_entries
    assert Appeal.objects.count() == n_appeals
    assert build.build(Agency.objects.get(code="HN"), 2025).errors  # the 2025 draft is not finished
