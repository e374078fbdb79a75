"""``manage.py worker``: the platform's background worker (django-tasks-db's db_worker).

`gongkai serve` and a production start run this one command, so whatever the worker must do
besides running queued tasks (scheduling the daily reminder run) lives here, in one place.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "后台任务进程：执行排队的任务 (the background worker)"

    def handle(self, *args, **options):
        call_command("db_worker")
