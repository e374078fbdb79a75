"""Table 三 from the cases, by one aggregate query.

For an agency (optionally with every agency below it) and a year Y:

- 一 new:              received in Y
- 二 carried over:     received before Y and not concluded before Y
- 三 concluded:        concluded in Y, in the row of its outcome
- 四 carried forward:  received by the end of Y and not concluded by then

The cases that matter are those received by the end of Y and not concluded before Y; a
``GROUP BY applicant_kind`` over them with conditional counts gives 一, 二 and 四, and a
``GROUP BY applicant_kind, outcome`` over the year's conclusions gives 三.  T3-1 holds by
construction (each case in the set is new or carried over, and concluded or carried
forward; a case is concluded on or after its receipt); the checker proves it anyway.

Blank is not zero: the platform knows every table 三 cell, so they are all numbers
(0 where no case counts); tables 二 and 四 stay blank.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q

from gongkai.agencies.models import Agency
from gongkai.casework.choices import APPLICANT_COLUMN
from gongkai.casework.models import Application
from gongkai.formats import address, for_year
from gongkai.report import Report, Scope

TABLE = "表三"


class Table3Error(ValueError):
    """A request for a table the platform cannot build (unknown outcome stored, bad year)."""


def counts(agency_ids: list[int], year: int) -> dict[str, dict[str, int]]:
    """row → applicant kind → count, straight from the database (two aggregate queries).

    Rows are the format's (of `year`); conclusions are grouped by their stored outcome id and
    counted in the row the format maps it to.  An id the format does not know is kept under
    its own key so that `build` can refuse it.

    The first counts the flows by applicant kind from an index that covers it; the second
    counts the year's conclusions by kind and outcome from the (agency, concluded_on) index.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    flows = (
        Application.objects.filter(agency_id__in=agency_ids, received_on__lte=end)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=start))
        .values("applicant_kind")
        .annotate(
            new=Count("applicant_kind", filter=Q(received_on__gte=start)),
            carried_over=Count("applicant_kind", filter=Q(received_on__lt=start)),
            carried_forward=Count("applicant_kind", filter=Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)),
        )
        .order_by()
    )
    concluded = (
        Application.objects.filter(agency_id__in=agency_ids, concluded_on__gte=start, concluded_on__lte=end)
        .values("applicant_kind", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    roles = for_year(year).roles
    row_of = {o.id: o.row for o in for_year(year).outcomes}
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in flows:  # at most six groups
        kind = r["applicant_kind"]
        out[roles.new][kind] += r["new"]
        out[roles.carried_over][kind] += r["carried_over"]
        out[roles.carried_forward][kind] += r["carried_forward"]
    for r in concluded:  # at most kinds × outcomes groups
        out[row_of.get(r["outcome"], r["outcome"])][r["applicant_kind"]] += r["n"]
    return out


def build(agency: Agency, year: int, with_subordinates: bool = False) -> Report:
    """Table 三 of `agency` for `year` as a Report (tables 二 and 四 blank)."""
    fmt = for_year(year)
    agencies = (list(Agency.objects.filter(pk__in=agency.descendants_ids()).order_by("code"))
                if with_subordinates else [agency])
    found = counts([a.pk for a in agencies], year)
    roles, leaves = fmt.roles, fmt.outcome_rows
    stray = set(found) - {roles.new, roles.carried_over, roles.carried_forward, *leaves}
    if stray:
        raise Table3Error(f"{year}年度有已办结申请的办理结果不属于{fmt.id}格式表三：{'、'.join(sorted(stray))}")
    report = Report.empty(agency.name, year, fmt, title=f"{agency.name}{year}年政府信息公开工作年度报告（表三）")
    if with_subordinates:
        report.scope = Scope.AGGREGATE
        report.units = [a.name for a in agencies]
    kind_of_column = {col: kind for kind, col in APPLICANT_COLUMN.items()}
    for row in (roles.new, roles.carried_over, *leaves, roles.carried_forward):
        by_kind = found.get(row, {})
        for column in roles.applicant_columns:
            report.cells[address(TABLE, row, column)] = by_kind.get(kind_of_column[column], 0)
    for column in roles.applicant_columns:
        report.cells[address(TABLE, roles.concluded, column)] = sum(
            report.cells[address(TABLE, row, column)] for row in leaves)
    for row in (roles.new, roles.carried_over, *leaves, roles.concluded, roles.carried_forward):
        report.cells[address(TABLE, row, roles.total_column)] = sum(
            report.cells[address(TABLE, row, column)] for column in roles.applicant_columns)
    return report
