"""Enqueue (or run) the reminders task, once or on a loop."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "到期提醒：把 send_reminders 放入后台队列（由 db_worker 执行），可循环执行 (enqueue reminders)"

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="每隔多少秒放入一次；0 表示只放一次")
        parser.add_argument("--now", action="store_true", help="不经后台队列，直接在本进程执行")
        parser.add_argument("--date", help="按指定日期计算（YYYY-MM-DD），用于测试和补跑")

    def handle(self, *args, every: int, now: bool, date: str | None, **kw):
        from gongkai.casework.reminders import record_reminders
        from gongkai.casework.tasks import send_reminders

        if every < 0:
            raise CommandError("--every 不能为负数")
        if date:
            import datetime as dt

            try:
                dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{date!r}") from None
        while True:
            if now:
                import datetime as dt

                made = record_reminders(dt.date.fromisoformat(date) if date else None)
                self.stdout.write(f"新增提醒：即将到期 {made['due_soon']} 件，已逾期 {made['overdue']} 件")
            else:
                result = send_reminders.enqueue(date)
                self.stdout.write(f"已放入后台队列 (task {result.id})")
            if not every:
                return
            time.sleep(every)
