"""Reminders: the task through the django-tasks-db queue and worker, and the management command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.casework.models import Application
from gongkai.staff.models import Reminder

pytestmark = pytest.mark.django_db(transaction=True)


def test_enqueued_task_runs_in_the_db_worker(case, today):
    from django_tasks_db.models import DBTaskResult

    from gongkai.casework.tasks import send_reminders

    Application.objects.filter(pk=case.pk).update(due_on=today - dt.timedelta(days=2))
    result = send_reminders.enqueue(today.isoformat())
    assert DBTaskResult.objects.filter(id=result.id, status="READY").exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(),
                 stderr=io.StringIO())
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "SUCCESSFUL", row.status
    assert Reminder.objects.filter(application=case, kind="overdue").count() == 1


def test_remind_command_now_and_enqueue(case, today):
    Application.objects.filter(pk=case.pk).update(due_on=today)
    out = io.StringIO()
    call_command("remind", "--now", "--date", today.isoformat(), stdout=out)
    assert "即将到期 1 件" in out.getvalue()
    out = io.StringIO()
    call_command("remind", stdout=out)
    assert "已放入后台队列" in out.getvalue()


def test_remind_command_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind", "--now", "--date", "2026-13-45")


def test_closed_cases_get_no_reminders(case, today, users):
    from gongkai.casework import actions
    from gongkai.casework.tasks import record_reminders

    actions.do_decide(users["head"], case, on=today, outcome="not_processed.repeat",
                      legal_basis="x", expected_version=case.version)
    Application.objects.filter(pk=case.pk).update(due_on=today - dt.timedelta(days=5))
    assert record_reminders(today) == {"due_soon": 0, "overdue": 0}
