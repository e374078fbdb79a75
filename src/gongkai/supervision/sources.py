"""The state of an agency's report made in gongkai itself — the one place that asks `gongkai.annual`.

- `platform_report(agency, year) -> (state, Report | None)`: one agency-year, as
  `gongkai.annual.selectors.report_state` answers it (the locked or published report, or the
  live draft);
- `platform_states(agency_ids, year) -> {agency_id: (state, mark, reported_on)}`: the region's year
  page, in a few queries; `mark` changes whenever the platform's report changes (a new lock, a new
  published version), so a cached check can tell it is stale.

States are annual's: ``not_started``, ``draft``, ``locked``, ``published``, ``correcting`` (a
published report reopened for a correction: the last published version stands until the next).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from gongkai.annual.selectors import (  # noqa: F401 - re-exported: supervision names the states here
    CORRECTING,
    DRAFT,
    LOCKED,
    NOT_STARTED,
    PUBLISHED,
)
from gongkai.annual.selectors import STATE_LABELS as STATE_NAMES  # noqa: F401
from gongkai.report import Report

FINAL = (LOCKED, PUBLISHED, CORRECTING)  # a report the agency has submitted: checked and counted


def platform_report(agency, year: int) -> tuple[str, Report | None]:
    """(state, report): the locked or published report, a draft built from the platform's data, or
    nothing when neither the cases nor the annual-report pages hold anything for the year."""
    from gongkai.annual.selectors import report_state

    state, report = report_state(agency, year)
    if state == NOT_STARTED and not _has_cases([agency.pk], year):
        return NOT_STARTED, None
    if state == NOT_STARTED:
        state = DRAFT  # cases in the year: the platform already holds a draft of 表三
    if report is not None:
        report.agency = agency.name  # a snapshot names the agency as it was; the office uses today's name
    return state, report


def platform_states(agency_ids: list[int], year: int) -> dict[int, tuple[str, str, dt.date | None]]:
    from gongkai.annual.models import AnnualReport, Publication, ReportLock, Table2Entry

    out: dict[int, tuple[str, str, dt.date | None]] = {i: (NOT_STARTED, "", None) for i in agency_ids}
    started = (_agencies_with_cases(agency_ids, year)
               | set(AnnualReport.objects.filter(agency_id__in=agency_ids, year=year).values_list("agency_id", flat=True))
               | set(Table2Entry.objects.filter(agency_id__in=agency_ids, year=year).values_list("agency_id", flat=True)))
    for agency_id in started:
        out[agency_id] = (DRAFT, "", None)
    published: dict[int, tuple[int, int, dt.datetime]] = {}
    for agency_id, number, lock_id, at in (Publication.objects.filter(agency_id__in=agency_ids, year=year)
                                           .order_by("number").values_list("agency_id", "number", "lock_id",
                                                                           "published_at")):
        published[agency_id] = (number, lock_id, at)  # the newest version wins
    for agency_id, number, at in ((a, n, at) for a, (n, _, at) in published.items()):
        out[agency_id] = (CORRECTING, f"pub:{number}", timezone.localtime(at).date())
    for agency_id, pk, at in ReportLock.objects.filter(agency_id__in=agency_ids, year=year).values_list(
            "agency_id", "pk", "locked_at"):
        pub = published.get(agency_id)
        if pub is not None and pub[1] == pk:
            out[agency_id] = (PUBLISHED, f"lock:{pk}:pub:{pub[0]}", timezone.localtime(pub[2]).date())
        else:
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
