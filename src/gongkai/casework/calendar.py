"""The platform's working-day calendar: chinese-calendar's years, overridden or extended by
the year tables maintained in the database (`CalendarYear`, newest version of each year).

Built once per process and rebuilt when the stored tables change: the process looks at most
every few seconds (`RECHECK_SECONDS`; a list page asks for the calendar on every request), and
at once after an import in this process (:func:`forget`).  Another process sees an import
within those seconds.
"""

from __future__ import annotations

import threading
import time

from django.db.models import Max

from gongkai import workdays

from .models import CalendarYear

_lock = threading.Lock()
_cached: tuple[tuple, workdays.Calendar, float] | None = None
RECHECK_SECONDS = 5.0


def _stored_state() -> tuple:
    agg = CalendarYear.objects.aggregate(last=Max("id"), n=Max("version"))
    return (agg["last"], agg["n"], CalendarYear.objects.count())


def stored_tables() -> list[workdays.YearTable]:
    """The newest stored version of each year, as YearTables."""
    latest: dict[int, CalendarYear] = {}
    for row in CalendarYear.objects.order_by("year", "-version"):
        latest.setdefault(row.year, row)
    return [table_of(row) for row in latest.values()]


def table_of(row: CalendarYear) -> workdays.YearTable:
    return workdays.YearTable.from_dict({
        "year": row.year, "holidays": row.holidays, "makeup_workdays": row.makeup_workdays,
        "source": row.source, "version": row.version, "names": row.names,
    })


def build() -> workdays.Calendar:
    cal = workdays.from_chinese_calendar()
    for table in stored_tables():
        cal = cal.with_table(table)
    return cal


def platform_calendar() -> workdays.Calendar:
    """The calendar every deadline in the platform is computed with."""
    global _cached
    now = time.monotonic()
    with _lock:
        if _cached is not None and now - _cached[2] < RECHECK_SECONDS:
            return _cached[1]
    state = _stored_state()
    with _lock:
        if _cached is not None and _cached[0] == state:
            _cached = (state, _cached[1], now)
            return _cached[1]
    cal = build()
    with _lock:
        _cached = (state, cal, now)
    return cal


def forget() -> None:
    """Drop the cached calendar (after an import, or a test that changes the stored years)."""
    global _cached
    with _lock:
        _cached = None
