"""Which matters a year's 表四 counts — a documented setting, because practice differs.

No national rule was found (docs/annual.md, "表四: which matters a year counts"); two readings
are in use:

- ``concluded_or_pending`` (default): a matter counts in the year it is concluded, in the
  column of its result, and as 尚未审结 in every year at whose end it is still pending — like
  表三's carried-forward row.  Every result is reported exactly once; the checker's T4-3 note
  ("last year's pending matters: is their result counted this year?") assumes this reading.
- ``filed``: a matter counts only in the year it was filed, with its state on 31 December of
  that year; a result reached later is never reported.

Set ``GONGKAI_APPEALS_YEAR_RULE`` in the Django settings or the environment.  A locked year
keeps the figures it was locked with, whatever the setting says later.
"""

from __future__ import annotations

import datetime as dt
import os

CONCLUDED_OR_PENDING = "concluded_or_pending"
FILED = "filed"
RULES = {
    CONCLUDED_OR_PENDING: "审结年度计结果，年底未审结的计入当年“尚未审结”",
    FILED: "只计本年度立案的案件，按 12 月 31 日的状态计",
}
FAR_FUTURE = 9999


class RuleError(ValueError):
    pass


def year_rule() -> str:
    from django.conf import settings

    rule = getattr(settings, "GONGKAI_APPEALS_YEAR_RULE", None) or os.environ.get(
        "GONGKAI_APPEALS_YEAR_RULE", CONCLUDED_OR_PENDING)
    if rule not in RULES:
        raise RuleError(f"GONGKAI_APPEALS_YEAR_RULE 设置无效：{rule!r}（可选：{', '.join(RULES)}）")
    return rule


def years_counted(filed_on: dt.date, concluded_on: dt.date | None, rule: str) -> tuple[int, int]:
    """(first, last) report year whose 表四 counts this matter (last = FAR_FUTURE while pending)."""
    if rule == FILED:
        return filed_on.year, filed_on.year
    return filed_on.year, concluded_on.year if concluded_on else FAR_FUTURE


def state_in_year(filed_on: dt.date, concluded_on: dt.date | None, result: str, year: int, rule: str
                  ) -> str | None:
    """The 表四 result id this matter counts under in `year`, or None when that year leaves it out."""
    first, last = years_counted(filed_on, concluded_on, rule)
    if not first <= year <= last:
        return None
    return result if concluded_on and concluded_on <= dt.date(year, 12, 31) else "pending"
