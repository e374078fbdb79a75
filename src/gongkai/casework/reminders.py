"""Reminders for open cases near (≤ 3 working days left) or past their due date.

Written once per case, kind and due date (re-running never duplicates), shown on the staff
home page, and — when ``GONGKAI_REMINDER_EMAIL`` is on — e-mailed to each case's handler
(its assignee, else its first-contact owner) through Django's e-mail backends
(``GONGKAI_EMAIL_BACKEND``, console by default).  The mail carries case numbers and dates
only, never the applicant's particulars.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.workdays import CalendarMissing

from .models import Application
from .selectors import due_soon_limit, open_cases

log = logging.getLogger(__name__)


def _flag(name: str) -> bool:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "")
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def find_reminders(today: dt.date) -> tuple[list[tuple[int, int, dt.date]], list[tuple[int, int, dt.date]]]:
    """(due soon, overdue) open cases as (application id, agency id, due date), by two indexed queries."""
    limit = due_soon_limit(today)
    open_ = open_cases(Application.objects.filter(due_on__isnull=False))
    fields = ("id", "agency_id", "due_on")
    soon = list(open_.filter(due_on__gte=today, due_on__lte=limit).values_list(*fields))
    late = list(open_.filter(due_on__lt=today).values_list(*fields))
    return soon, late


def record_reminders(today: dt.date | None = None, *, email: bool | None = None) -> dict[str, int]:
    """Create the missing reminders for `today`; returns how many of each kind were new
    (and, with e-mail on, how many messages were sent)."""
    from gongkai.casework.calendar import platform_calendar
    from gongkai.staff.models import Reminder, ReminderKind

    today = today or timezone.localdate()
    soon, late = find_reminders(today)
    cal = platform_calendar()
    created = {"due_soon": 0, "overdue": 0}
    new_all: list = []
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
        new_all.extend(new)
    if email if email is not None else _flag("GONGKAI_REMINDER_EMAIL"):
        created["emails"] = email_handlers(new_all)
    return created


def email_handlers(reminders: list) -> int:
    """One message per handler listing their new reminders; returns the number sent."""
    from django.core.mail import EmailMessage, get_connection

    ids = [r.application_id for r in reminders]
    apps = {a.pk: a for a in Application.objects.filter(pk__in=ids).select_related("assignee", "owner")}
    by_user: dict[int, list[str]] = defaultdict(list)
    users = {}
    for r in sorted(reminders, key=lambda r: r.due_on):
        app = apps.get(r.application_id)
        who = app and (app.assignee or app.owner)
        if who is None or not who.email:
            continue
        users[who.pk] = who
        left = "" if r.workdays_left is None or r.workdays_left < 0 else f"，剩 {r.workdays_left} 个工作日"
        by_user[who.pk].append(f"{r.get_kind_display()}：{app.number}，答复期限 {r.due_on:%Y年%m月%d日}{left}")
    if not by_user:
        return 0
    backend = getattr(settings, "GONGKAI_EMAIL_BACKEND", None) or os.environ.get(
        "GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    sender = getattr(settings, "DEFAULT_FROM_EMAIL", "gongkai@localhost")
    messages = [
        EmailMessage(subject=f"政府信息公开申请到期提醒（{len(lines)} 件）",
                     body="以下申请即将到期或已逾期，请及时办理：\n\n" + "\n".join(lines)
                     + "\n\n（本邮件由政府信息公开工作平台自动发送，不含申请人信息。）",
                     from_email=sender, to=[users[pk].email])
        for pk, lines in by_user.items()
    ]
    try:
        return get_connection(backend=backend, fail_silently=False).send_messages(messages) or 0
    except Exception as e:  # a mail server down never stops the reminders themselves
        log.warning("reminder e-mail failed: %s", type(e).__name__)
        return 0
