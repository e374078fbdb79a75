"""The working-day calendar: a State Council notice imported, open cases recomputed on the record."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from gongkai import workdays
from gongkai.agencies.permissions import is_administrator

from .. import audit, clock
from ..calendar import forget, platform_calendar
from ..choices import OPEN_STATUSES, DocumentState
from ..errors import InvalidInput, NotAllowed
from ..models import Application, CalendarYear, Document


def do_import_calendar_year(actor, *, year: int, notice_text: str, source: str = "", today: dt.date | None = None
                            ) -> tuple[CalendarYear, int]:
    """Import a State Council holiday notice as a new version of `year`'s table.

    Open cases whose clock the change may affect are recomputed; each changed due date and
    the import itself are audited.  Returns (the stored year table, cases whose due date changed).
    Letters that waited for this year's data can then be issued from their case pages.
    """
    if not is_administrator(actor):
        raise NotAllowed("只有系统管理员可以导入节假日安排")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInput(f"年份无效：{year!r}", field="year")
    if len(notice_text or "") > 50_000:
        raise InvalidInput("通知原文过长（超过 50000 字），请只粘贴通知正文", field="notice_text")
    with transaction.atomic():
        # serialise imports: the version number is allocated under the lock
        last = CalendarYear.objects.select_for_update().filter(year=year).order_by("-version").first()
        version = (last.version + 1) if last else 1
        try:
            table = workdays.parse_state_council_notice(notice_text or "", year, source=source, version=version)
        except (workdays.NoticeParseError, workdays.CalendarDataError) as e:
            raise InvalidInput(f"无法读取{year}年节假日安排通知：{e}", field="notice_text") from None
        before_cal = platform_calendar()
        data = table.to_dict()
        row = CalendarYear.objects.create(
            year=year, version=version, holidays=data["holidays"], makeup_workdays=data["makeup_workdays"],
            names=data["names"], source=table.source[:300], notice_text=notice_text, imported_by=actor)
        transaction.on_commit(forget)  # a rollback must not leave the new table cached
        forget()
        after_cal = platform_calendar()
        diff = before_cal.diff(after_cal)
        audit.record(actor, audit.AuditAction.IMPORT_CALENDAR_YEAR, row, None,
                     {"year": year, "version": version, "holidays": len(table.holidays),
                      "makeup_workdays": len(table.makeup_workdays)}, diff.summary())
        changed = 0
        candidates = Application.objects.select_for_update().filter(
            Q(status__in=OPEN_STATUSES) | ~Q(clock_error=""))
        for app in candidates.order_by("id"):  # an action over the open cases, not statistics
            if not (app.clock_error or diff.affects(app.received_on)):
                continue
            before = audit.snapshot(app, ["due_on", "waiting_until", "clock_error"])
            clock.recompute(app, today)
            after = audit.snapshot(app, ["due_on", "waiting_until", "clock_error"])
            if after != before:
                app.version += 1
                app.save()
                audit.record(actor, audit.AuditAction.RECOMPUTE_DUE_DATE, app, before, after,
                             f"节假日安排更新（{year}年第{version}版），答复期限重新计算")
                changed += 1
    return row, changed


def pending_letter_count() -> int:
    return Document.objects.filter(state=DocumentState.PENDING).count()
