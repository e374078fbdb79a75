"""Reads of the annual report for pages, commands and other apps.

`report_state(agency, year)` is the one answer to "where is this agency's report made in
gongkai": the supervision app calls it.
"""

from __future__ import annotations

from gongkai import interchange
from gongkai.report import Report

from .models import AnnualReport, Publication, ReportLock, Table2Entry

NOT_STARTED, DRAFT, LOCKED, PUBLISHED, CORRECTING = "not_started", "draft", "locked", "published", "correcting"
STATE_LABELS = {NOT_STARTED: "未开始", DRAFT: "草稿", LOCKED: "已锁定（待发布）", PUBLISHED: "已发布",
                CORRECTING: "更正中"}


def report_state(agency, year: int) -> tuple[str, Report | None]:
    """(state, report): the locked or published report when there is one, else the live draft
    (built on demand; None for a year nothing was done for)."""
    lock = ReportLock.objects.filter(agency=agency, year=year).first()
    pub = Publication.objects.filter(agency=agency, year=year).order_by("-number").first()
    if lock is not None:
        state = PUBLISHED if pub is not None and pub.lock_id == lock.pk else LOCKED
        return state, interchange.from_dict(lock.table3)
    if pub is not None:
        return CORRECTING, interchange.from_dict(pub.report)
    from .build import report

    started = (AnnualReport.objects.filter(agency=agency, year=year).exists()
               or Table2Entry.objects.filter(agency=agency, year=year).exists())
    return (DRAFT if started else NOT_STARTED), report(agency, year)


def publications(agency) -> list[Publication]:
    """Every published version of the agency's reports, newest year first, versions newest first."""
    return list(Publication.objects.filter(agency=agency).order_by("-year", "-number"))
