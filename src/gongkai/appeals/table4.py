"""表四 from the appeal records, by one aggregate query (see `counting` for which matters a
year counts).  Every cell is a number: the platform knows its matters, so 0 is 0."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from gongkai.formats import Format, address

from . import counting
from .choices import PENDING, AppealResult
from .models import Appeal

TABLE = "表四"


def counts(agency_ids: list[int], year: int, rule: str | None = None) -> dict[tuple[str, str], int]:
    """(kind id, result id) → number of matters, for `year` under the counting rule."""
    rule = rule or counting.year_rule()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    qs = Appeal.objects.filter(agency_id__in=agency_ids)
    pending = Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)
    if rule == counting.FILED:
        qs = qs.filter(filed_on__gte=start, filed_on__lte=end)
        concluded = Q(concluded_on__lte=end)
    else:
        qs = qs.filter(filed_on__lte=end).filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=start))
        concluded = Q(concluded_on__gte=start, concluded_on__lte=end)
    annotations = {r: Count("id", filter=concluded & Q(result=r)) for r in AppealResult.values}
    annotations[PENDING] = Count("id", filter=pending)
    out: dict[tuple[str, str], int] = {}
    for row in qs.values("kind").annotate(**annotations).order_by():  # at most three groups
        for result in (*AppealResult.values, PENDING):
            out[(row["kind"], result)] = row[result]
    return out


def cells(fmt: Format, found: dict[tuple[str, str], int]) -> dict[str, int]:
    """表四's cells of `fmt` (every one a number), totals filled from the declared identities."""
    roles = fmt.roles
    out: dict[str, int] = {}
    for kind in roles.appeal_kinds:
        for result in roles.appeal_results:
            out[address(TABLE, roles.appeal_row, fmt.appeal_column(kind, result))] = found.get((kind, result), 0)
    fmt.fill_totals(out)
    return {a: out[a] for a in fmt.addresses(TABLE)}
