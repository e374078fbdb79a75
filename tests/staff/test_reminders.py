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


def test_the_worker_schedules_the_daily_run_once_a_day(case, today):
    """`manage.py worker` (what `gongkai serve` and production start) enqueues the day's reminders
    itself: once per day however often it checks or however many workers run, not before the hour."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from gongkai.casework.models import ScheduledRun
    from gongkai.casework.schedule import run_due_jobs

    Application.objects.filter(pk=case.pk).update(due_on=today - dt.timedelta(days=2))
    early = timezone.make_aware(dt.datetime.combine(today, dt.time(6, 0)))
    assert run_due_jobs(early) == []
    later = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 30)))
    assert run_due_jobs(later) == ["reminders", "report_due"]  # casework's and the annual report's
    assert run_due_jobs(later + dt.timedelta(hours=3)) == []  # already today
    assert ScheduledRun.objects.filter(day=today).count() == 2  # one row per job
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(),
                 stderr=io.StringIO())
    assert DBTaskResult.objects.filter(status="SUCCESSFUL", task_path__endswith="send_reminders").count() == 1
    assert DBTaskResult.objects.filter(status="SUCCESSFUL", task_path__endswith="remind_report_due").count() == 1
    assert Reminder.objects.filter(application=case, kind="overdue").count() == 1
    assert run_due_jobs(later + dt.timedelta(days=1)) == ["reminders", "report_due"]  # and again the next day


def test_worker_scheduler_thread_starts_and_stops():
    from gongkai.casework.schedule import Scheduler

    s = Scheduler(interval=0.05)
    s.start()
    s.stop()
    s.join(timeout=5)
    assert not s.is_alive()


def test_reminders_mailed_to_the_handler_without_personal_data(case, today, users, settings):
    from django.core import mail

    from gongkai.casework import actions
    from gongkai.casework.reminders import record_reminders

    settings.GONGKAI_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users["handler"].email = "handler@example.org"
    users["handler"].save()
    actions.do_assign(users["head"], case, assignee=users["handler"])
    Application.objects.filter(pk=case.pk).update(due_on=today - dt.timedelta(days=1))
    made = record_reminders(today, email=True)
    assert made["emails"] == 1 and len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["handler@example.org"] and case.number in msg.body and "已逾期" in msg.body
    assert case.applicant_name not in msg.body and case.identifier not in msg.body
    assert record_reminders(today, email=True)["emails"] == 0  # nothing new, nothing sent
