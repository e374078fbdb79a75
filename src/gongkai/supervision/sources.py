"""The state of an agency's report made in gongkai itself — the one place that asks `gongkai.annual`.

Issue 9 (branch `annual`) is building draft / locked / published states and versions; today
only `annual.models.ReportLock` (a locked year's 表三) exists.  Everything in supervision asks
these two functions, so re-pointing them at the annual report's own model after that merge
changes nothing else:

- `platform_report(agency, year) -> (state, Report | None)`: one agency-year;
- `platform_states(agency_ids, year) -> {agency_id: (state, mark, reported_on)}`: the region's year
  page, in two queries; `mark` changes whenever the platform's report changes (so a cached check
  can tell it is stale).

States: ``not_started`` (nothing in gongkai), ``draft`` (cases in the year, nothing locked),
``locked`` (reported: the snapshot is the report), ``published`` (reserved for issue 9).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from gongkai.report import Report

NOT_STARTED, DRAFT, LOCKED, PUBLISHED = "not_started", "draft", "locked", "published"
STATE_NAMES = {NOT_STARTED: "未开始", DRAFT: "草稿", LOCKED: "已锁定", PUBLISHED: "已发布"}
FINAL = (LOCKED, PUBLISHED)  # a report the agency has submitted: checked and counted


def platform_report(agency, year: int) -> tuple[str, Report | None]:
    """(state, report): the locked snapshot, a draft built from the cases, or nothing."""
    from gongkai.annual import locks, table3

    locked = locks.locked_report(agency, year)
    if locked is not None:
        locked.agency = agency.name  # the snapshot names the agency as it was; the office uses today's name
        return LOCKED, locked
    if not _has_cases([agency.pk], year):
        return NOT_STARTED, None
    return DRAFT, table3.build(agency, year)


def platform_states(agency_ids: list[int], year: int) -> dict[int, tuple[str, str, dt.date | None]]:
    from gongkai.annual.models import ReportLock

    out: dict[int, tuple[str, str, dt.date | None]] = {i: (NOT_STARTED, "", None) for i in agency_ids}
    for agency_id in _agencies_with_cases(agency_ids, year):
        out[agency_id] = (DRAFT, "", None)
    for agency_id, pk, at in ReportLock.objects.filter(agency_id__in=agency_ids, year=year).values_list(
            "agency_id", "pk", "locked_at"):
        out[agency_id] = (LOCKED, f"lock:{pk}", timezone.localtime(at).date())
    return out


def _year_filter(year: int) -> Q:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return Q(received_on__range=(start, end)) | Q(concluded_on__range=(start, end))


def _has_cases(agency_ids: list[int], year: int) -> bool:
    from gongkai.casework.models import Application

    return Application.objects.filter(Q(agency_id__in=agency_ids) & _year_filter(year)).exists()


def _agencies_with_cases(agency_ids: list[int], year: int) -> set[int]:
    from gongkai.casework.models import Application

    return set(Application.objects.filter(Q(agency_id__in=agency_ids) & _year_filter(year))
               .values_list("agency_id", flat=True).distinct())
