"""When each agency's report is due, and the reminders as the date approaches.

条例第四十九条: departments of governments at county level and above publish by 31 January, a
government's competent department publishes the government's report by 31 March.  Townships
and other bodies are not named there; local rules decide (formats-and-rules.md §7.3), so the
dates per agency kind are a setting: ``GONGKAI_ANNUAL_DUE = {"township": (1, 20), …}`` in the
Django settings overrides the defaults below.

``record_report_reminders(today)`` is what the worker runs daily (django-tasks task
`annual.tasks.remind_report_due`): for every agency whose report on last year is not yet
published, a reminder when the due date is within `REMIND_DAYS`, another once it has passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency, AgencyKind

from .models import Publication, ReminderKind, ReportReminder

DEFAULT_DUE = {
    AgencyKind.GOVERNMENT: (3, 31),  # Art. 49 ¶2
    AgencyKind.DEPARTMENT: (1, 31),  # Art. 49 ¶1
    AgencyKind.TOWNSHIP: (1, 31),  # not named in Art. 49: as departments, unless local rules say otherwise
    AgencyKind.OTHER: (1, 31),
}
REMIND_DAYS = 15  # calendar days before the due date


def due_date(agency: Agency, year: int) -> dt.date:
    """The day by which the report on `year` must be published."""
    from django.conf import settings

    table = {**DEFAULT_DUE, **(getattr(settings, "GONGKAI_ANNUAL_DUE", None) or {})}
    month, day = table.get(agency.kind, DEFAULT_DUE[AgencyKind.OTHER])
    return dt.date(year + 1, month, day)


@dataclass(frozen=True)
class Due:
    agency: Agency
    year: int
    due_on: dt.date
    published: bool
    days_left: int

    @property
    def state(self) -> str:
        if self.published:
            return "published"
        if self.days_left < 0:
            return "overdue"
        return "due_soon" if self.days_left <= REMIND_DAYS else "open"


def dues(agencies, today: dt.date) -> list[Due]:
    """Each agency's report on last year: due date and whether it is published."""
    year = today.year - 1
    agencies = list(agencies)
    published = set(Publication.objects.filter(agency__in=agencies, year=year).values_list("agency_id", flat=True))
    out = [Due(a, year, due_date(a, year), a.pk in published, (due_date(a, year) - today).days) for a in agencies]
    return sorted(out, key=lambda d: (d.published, d.due_on, d.agency.code))


def record_report_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Create the reminders due `today`; returns how many of each kind are new."""
    from django.utils import timezone

    today = today or timezone.localdate()
    created = {str(ReminderKind.DUE_SOON): 0, str(ReminderKind.OVERDUE): 0}
    for d in dues(Agency.objects.all(), today):
        if d.state not in created:
            continue
        try:
            with transaction.atomic():
                _, new = ReportReminder.objects.get_or_create(agency=d.agency, year=d.year, kind=d.state,
                                                              defaults={"due_on": d.due_on})
        except IntegrityError:  # a concurrent run made it
            new = False
        created[d.state] += int(new)
    return created
