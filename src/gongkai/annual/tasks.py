"""Background work of the annual report: the due-date reminders.

The worker (casework's `worker` command, started by `gongkai serve` and in production) should
enqueue `remind_report_due` once a day, as it does casework's reminders; `--now` style callers
can run `gongkai.annual.due.record_report_reminders()` in-process.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .due import record_report_reminders


@task()
def remind_report_due(today_iso: str | None = None) -> dict[str, int]:
    """Arguments are JSON: the date as ISO text."""
    return record_report_reminders(dt.date.fromisoformat(today_iso) if today_iso else None)
