"""The year's report built from everything the platform holds, and checked.

    built = build(agency, 2025)
    built.report      # Report: 表二 from its sources, 表三 from the cases, 表四 from the appeals, sections
    built.findings    # every checker rule (cross-year against last year's report) + the platform's own
    built.table2      # where each 表二 figure came from

Everything is read by aggregate queries (表三: two, 表四: one, 表二: one per source), so a year
of a million cases builds in milliseconds; `bench/annual_bench.py` measures it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai import checks, interchange
from gongkai.appeals import table4
from gongkai.checks import Finding, Severity
from gongkai.formats import for_year
from gongkai.report import Provenance, Report

from . import findings as platform_findings
from . import table3
from .models import AnnualReport, PreviousYearDocument, Publication, ReportLock
from .table2 import Table2, compose

SECTION_NUMBERS = range(1, 7)


def title(agency, year: int) -> str:
    return f"{agency.name}{year}年度政府信息公开工作年度报告"


def sections_of(agency, year: int) -> dict[int, str]:
    draft = AnnualReport.objects.filter(agency=agency, year=year).only("sections").first()
    stored = draft.sections if draft else {}
    return {n: stored.get(str(n), "") for n in SECTION_NUMBERS}


def report_and_table2(agency, year: int) -> tuple[Report, Table2]:
    """The live report of `agency`'s own year (tables 二, 三, 四 and the six sections)."""
    fmt = for_year(year)
    report = table3.build(agency, year)
    report.title = title(agency, year)
    t2 = compose(agency, year, fmt)
    for addr, c in t2.cells.items():
        report.cells[addr] = c.value
        if c.value is not None:
            report.provenance[addr] = Provenance(f"来源：{c.source}")
    report.cells.update(table4.cells(fmt, table4.counts([agency.pk], year)))
    report.sections = sections_of(agency, year)
    return report, t2


def report(agency, year: int) -> Report:
    return report_and_table2(agency, year)[0]


def previous_report(agency, year: int) -> tuple[Report | None, str]:
    """Last year's report to compare with, and where it came from: the platform's lock, else its
    latest publication, else a document the agency uploaded (read by the readers)."""
    prev = year - 1
    lock = ReportLock.objects.filter(agency=agency, year=prev).first()
    if lock is not None:
        return interchange.from_dict(lock.table3), f"{prev}年度已锁定的年报"
    pub = Publication.objects.filter(agency=agency, year=prev).order_by("-number").first()
    if pub is not None:
        return interchange.from_dict(pub.report), f"{prev}年度已发布的年报（第{pub.number}版）"
    doc = PreviousYearDocument.objects.filter(agency=agency, year=prev).first()
    if doc is not None:
        r = interchange.from_dict(doc.report)
        r.agency = agency.name  # the same unit, whatever spelling the document's title used
        return r, f"上传的{prev}年度年报（{doc.name}）"
    return None, ""


@dataclass
class Built:
    report: Report
    table2: Table2
    findings: list[Finding]
    previous: Report | None = None
    previous_source: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]


def check(report: Report, t2: Table2, previous: Report | None) -> list[Finding]:
    found = checks.check(report, previous=previous) + platform_findings.check(report, t2)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(found, key=lambda f: order[f.severity])


def build(agency, year: int) -> Built:
    rep, t2 = report_and_table2(agency, year)
    previous, source = previous_report(agency, year)
    found = check(rep, t2, previous)
    counts = {s: sum(1 for f in found if f.severity == s) for s in Severity}
    return Built(rep, t2, found, previous, source, counts)
