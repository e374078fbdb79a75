"""Background work: reminders for cases near (≤3 working days left) and past their due date.

Run by the django-tasks-db worker (``manage.py db_worker``).  django-tasks has no periodic
scheduler, so ``manage.py remind --every 3600`` enqueues ``send_reminders`` on a loop (or
``--once`` from cron); ``--now`` runs it in-process without a worker.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from gongkai.casework.choices import OPEN_STATUSES
from gongkai.casework.models import Application
from gongkai.casework.selectors import due_soon_limit
from gongkai.workdays import CalendarMissing


def find_reminders(today: dt.date) -> tuple[list[tuple[int, int, dt.date]], list[tuple[int, int, dt.date]]]:
    """(due soon, overdue) open cases as (application id, agency id, due date), by two indexed queries."""
    limit = due_soon_limit(today)
    open_ = Application.objects.filter(status__in=OPEN_STATUSES, due_on__isnull=False)
    fields = ("id", "agency_id", "due_on")
    soon = list(open_.filter(due_on__gte=today, due_on__lte=limit).values_list(*fields))
    late = list(open_.filter(due_on__lt=today).values_list(*fields))
    return soon, late


def record_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Create the missing reminders for `today`; returns how many of each kind were new."""
    from gongkai.casework.calendar import platform_calendar
    from gongkai.staff.models import Reminder, ReminderKind

    today = today or timezone.localdate()
    soon, late = find_reminders(today)
    cal = platform_calendar()
    created = {"due_soon": 0, "overdue": 0}
    for kind, rows in ((ReminderKind.DUE_SOON, soon), (ReminderKind.OVERDUE, late)):
        existing = set(
            Reminder.objects.filter(kind=kind, application_id__in=[r[0] for r in rows]).values_list(
                "application_id", "due_on")
        )
        new = []
        for app_id, agency_id, due in rows:
            if (app_id, due) in existing:
                continue
            try:
                left = cal.workdays_between(today, due)
            except CalendarMissing:
                left = None
            new.append(Reminder(application_id=app_id, agency_id=agency_id, kind=kind, due_on=due,
                                workdays_left=left))
        try:
            with transaction.atomic():
                Reminder.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        except IntegrityError:  # a concurrent run created some of them: that is fine
            pass
        created[str(kind)] = len(new)
    return created


@task()
def send_reminders(today_iso: str | None = None) -> dict[str, int]:
    """The worker's entry point (arguments must be JSON: the date as ISO text)."""
    today = dt.date.fromisoformat(today_iso) if today_iso else None
    return record_reminders(today)
