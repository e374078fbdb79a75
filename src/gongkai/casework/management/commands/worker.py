"""``manage.py worker``: the platform's background worker (django-tasks-db's db_worker) and the
scheduler of its daily jobs.

`gongkai serve` and a production start run this one command, so whatever the worker must do
besides running queued tasks lives here: the daily reminder run is scheduled by a thread
beside the task loop (`gongkai.casework.schedule`), once a day however many workers run.
"""

from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "后台任务进程：执行排队的任务，并每日生成到期提醒 (the background worker and its daily schedule)"

    def add_arguments(self, parser):
        parser.add_argument("--no-schedule", action="store_true", help="只执行排队的任务，不安排每日提醒")
        parser.add_argument("--interval", type=float, default=60.0, help="检查每日任务的间隔（秒）")
        parser.add_argument("--nice", type=int, default=int(os.environ.get("GONGKAI_WORKER_NICE", "10")),
                            help="后台任务的调度优先级降低多少（默认 10；0 不降低）")

    def handle(self, *args, no_schedule: bool = False, interval: float = 60.0, nice: int = 10, **options):
        from gongkai.casework.schedule import Scheduler

        if nice > 0:  # letters and uploaded reports wait; people waiting on a page do not
            os.nice(nice)
        scheduler = None
        if not no_schedule:
            scheduler = Scheduler(interval=interval)
            scheduler.start()
        try:
            call_command("db_worker")
        finally:
            if scheduler is not None:
                scheduler.stop()
