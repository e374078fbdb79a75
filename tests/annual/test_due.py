"""Due dates by agency kind (Art. 49), the reminders as they approach, and the report's state."""

from __future__ import annotations

import datetime as dt

from annual.helpers import full_year
from gongkai.annual import due, locks, publication, selectors, tasks
from gongkai.annual.models import ReportReminder

D = dt.date


def test_due_dates(world, settings):
    assert due.due_date(world.dept, 2025) == D(2026, 1, 31)
    assert due.due_date(world.gov, 2025) == D(2026, 3, 31)
    settings.GONGKAI_ANNUAL_DUE = {"department": (1, 26)}  # a local rule (e.g. Huaihua 2022)
    assert due.due_date(world.dept, 2025) == D(2026, 1, 26) and due.due_date(world.gov, 2025) == D(2026, 3, 31)


def test_reminders_approach_pass_and_stop_when_published(world):
    assert due.record_report_reminders(D(2026, 1, 10)) == {"due_soon": 0, "overdue": 0}
    assert due.record_report_reminders(D(2026, 1, 20)) == {"due_soon": 1, "overdue": 0}  # the department
    assert due.record_report_reminders(D(2026, 1, 21)) == {"due_soon": 0, "overdue": 0}  # once
    assert due.record_report_reminders(D(2026, 2, 2)) == {"due_soon": 0, "overdue": 1}
    assert due.record_report_reminders(D(2026, 3, 20)) == {"due_soon": 2, "overdue": 0}  # both governments
    assert set(ReportReminder.objects.values_list("agency__code", "kind")) == {
        ("G-D", "due_soon"), ("G-D", "overdue"), ("G", "due_soon"), ("X", "due_soon")}
    full_year(world)
    locks.do_lock_year(world.head, world.dept, 2025)
    publication.do_publish(world.head, world.dept, 2025)
    states = {d.agency.code: d.state for d in due.dues([world.dept, world.gov], D(2026, 4, 2))}
    assert states == {"G-D": "published", "G": "overdue"}


def test_the_worker_task(world):
    assert tasks.remind_report_due.call("2026-02-02") == {"due_soon": 0, "overdue": 1}


def test_report_state(world):
    assert selectors.report_state(world.dept, 2025)[0] == selectors.NOT_STARTED
    full_year(world)
    state, report = selectors.report_state(world.dept, 2025)
    assert state == selectors.DRAFT and report.sections[1]
    locks.do_lock_year(world.head, world.dept, 2025)
    assert selectors.report_state(world.dept, 2025)[0] == selectors.LOCKED
    publication.do_publish(world.head, world.dept, 2025)
    assert selectors.report_state(world.dept, 2025)[0] == selectors.PUBLISHED
