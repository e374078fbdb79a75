"""The daily jobs the worker schedules itself (django-tasks has no scheduler).

Apps declare theirs in their AppConfig as ``daily_tasks = {"name": "dotted.path.to.task"}`` (a
django-tasks task taking the day as ISO text): casework's reminders, the annual report's due
dates.  Each job runs once per day: the first worker to insert the day's `ScheduledRun` row runs it
(enqueues its task); any other worker, or a restart, sees the row and does nothing.  A job is
due from its hour on (``GONGKAI_REMINDER_HOUR``, default 7 in the platform's time zone);
a worker started later in the day runs it at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from .models import ScheduledRun

log = logging.getLogger(__name__)


def reminder_hour() -> int:
    try:
        return max(0, min(23, int(os.environ.get("GONGKAI_REMINDER_HOUR", "7"))))
    except ValueError:
        return 7


def daily_tasks() -> dict[str, str]:
    """Every app's declared daily jobs: name → dotted path of its task."""
    from django.apps import apps

    jobs: dict[str, str] = {}
    for config in apps.get_app_configs():
        jobs.update(getattr(config, "daily_tasks", {}))
    return jobs


def run_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Enqueue the jobs due now that have not run today; returns their names."""
    from django.utils.module_loading import import_string

    now = timezone.localtime(now) if now else timezone.localtime()
    if now.hour < reminder_hour():
        return []
    ran = []
    for name, path in daily_tasks().items():
        try:
            with transaction.atomic():
                claim = ScheduledRun.objects.create(name=name, day=now.date())
        except IntegrityError:
            continue  # already run today (by this worker or another)
        result = import_string(path).enqueue(now.date().isoformat())
        ScheduledRun.objects.filter(pk=claim.pk).update(result={"task": str(result.id)})
        log.info("daily job %s enqueued for %s", name, now.date())
        ran.append(name)
    return ran


SWEEP_EVERY = dt.timedelta(minutes=5)


def sweep_undrawn_letters() -> bool:
    """Enqueue the drawing of letters issued but never drawn; True when there were some."""
    from .actions.letters import undrawn
    from .tasks import draw_undrawn_letters

    if not undrawn(limit=1):
        return False
    draw_undrawn_letters.enqueue()
    return True


class Scheduler(threading.Thread):
    """Checks every `interval` seconds (default 60) whether a daily job is due, and every few
    minutes whether a letter was left undrawn (a crash between a step's commit and its drawing)."""

    def __init__(self, interval: float = 60.0):
        super().__init__(name="gongkai-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()
        self.swept: dt.datetime | None = None

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                run_due_jobs()
                now = timezone.now()
                if self.swept is None or now - self.swept >= SWEEP_EVERY:
                    self.swept = now
                    sweep_undrawn_letters()
            except Exception as e:  # the database may be busy or restarting: try again next time
                log.warning("scheduler: %s", type(e).__name__)
            finally:
                close_old_connections()
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
