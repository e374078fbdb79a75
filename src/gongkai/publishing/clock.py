"""The Art. 26 clock: information is published within 20 working days of being made or changed.

Counted on the platform's working-day calendar (`gongkai.casework.calendar.platform_calendar`)
with the same rule as every other period (`workdays.Calendar.add_workdays`: the day of making
is not counted).  A year the calendar lacks is an error shown with the item, never a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai import workdays

PUBLISH_WORKDAYS = 20  # 《条例》第二十六条


@dataclass(frozen=True)
class Due:
    on: dt.date | None
    error: str = ""  # why it could not be computed (a missing calendar year), Chinese

    def late(self, published_on: dt.date | None, today: dt.date) -> bool | None:
        """Published after the due day, or unpublished past it; None when the due day is unknown."""
        if self.on is None:
            return None
        return (published_on or today) > self.on

    def explain(self, start: dt.date) -> str:
        if self.on is None:
            return f"公开期限无法计算：{self.error}"
        return (f"自{workdays.format_date(start)}形成或变更之日起 {PUBLISH_WORKDAYS} 个工作日内公开"
                f"（《条例》第二十六条），期限为{workdays.format_date(self.on)}")


def due(start: dt.date, calendar: workdays.Calendar | None = None) -> Due:
    if calendar is None:
        from gongkai.casework.calendar import platform_calendar

        calendar = platform_calendar()
    try:
        return Due(calendar.add_workdays(start, PUBLISH_WORKDAYS))
    except workdays.CalendarMissing as e:
        return Due(None, str(e))
